"""Labelled real-style notes (corpus/needs/real_style) and our labels of the public notes, read as statements.

A label row names its statement by a short verbatim key; the statement is the one the note reader
(nlp/reading.py) cuts around the key, so training and evaluation see the statements the product
shows. Train notes are split again: every fourth one is dev (hyper-parameters and calibration).
The test notes and the public labels are for `cli.py eval needs` only.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from nlp.needs.labelled import NEEDS_DIR, Labelled
from nlp.reading import read_note
from nlp.text.language import detect_language

REAL_STYLE = NEEDS_DIR / "real_style"
DEV_EVERY = 4


@dataclass(frozen=True)
class NoteRow:
    note: str
    key: str
    label: str
    kind: str = "statement"
    side: str = "unknown"


def _rows(path: Path, note_field: str) -> list[NoteRow]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                out.append(NoteRow(d[note_field], d["key"], d["label"], d.get("kind", "statement"), d.get("side", "unknown")))
    return out


def real_style_rows(folder: Path = REAL_STYLE) -> list[NoteRow]:
    return _rows(folder / "labels.jsonl", "note") if (folder / "labels.jsonl").exists() else []


def public_rows(folder: Path = REAL_STYLE, second: bool = False) -> list[NoteRow]:
    """Our labels of the public notes; `second`: a second labeller's, same rows, labelled without seeing the first."""
    path = folder / ("public_labels_second.jsonl" if second else "public_labels.jsonl")
    return _rows(path, "doc") if path.exists() else []


HELD_OUT = ("test", "blind", "blind7", "blind8", "blind9", "blind10", "blind11", "blind12", "blind13",
            "blind13a", "blind14")  # the blind sets of rounds 6 to 14


def note_names(part: str, folder: Path = REAL_STYLE) -> list[str]:
    """'train', 'dev' (every fourth train note), 'test' or a blind set ('blind', 'blind7') note file names; none when the
    folder is absent."""
    path = folder / "split.json"
    if not path.exists():
        return []
    split = json.loads(path.read_text(encoding="utf-8"))
    if part in HELD_OUT:  # blind sets: written after the design was fixed, never trained or tuned on
        return sorted(split.get(part, []))
    train = sorted(split["train"])
    dev = train[DEV_EVERY - 1::DEV_EVERY]
    return dev if part == "dev" else [n for n in train if n not in dev]


def locate(text: str, rows: list[NoteRow]) -> list[tuple[NoteRow, int | None, object]]:
    """For each row of one note: the row, the index of its statement in the note's reading (None if not cut), the reading."""
    reading = read_note(text)
    out = []
    for r in rows:
        at = text.find(r.key)
        idx = reading.statement_at(at, at + len(r.key)) if at >= 0 else None
        out.append((r, idx, reading))
    return out


def labelled_statements(part: str, folder: Path = REAL_STYLE) -> list[Labelled]:
    """Training rows from the real-style notes of a part ('train' or 'dev'): one per labelled statement."""
    if part in HELD_OUT:
        raise ValueError("the real-style test and blind notes are never trained on")
    names = set(note_names(part, folder))
    by_note: dict[str, list[NoteRow]] = {}
    for r in real_style_rows(folder):
        if r.note in names:
            by_note.setdefault(r.note, []).append(r)
    out, seen = [], set()
    for name, rows in sorted(by_note.items()):
        text = (folder / "notes" / name).read_text(encoding="utf-8")
        for r, idx, reading in locate(text, rows):
            if idx is None or (name, idx) in seen:
                continue
            seen.add((name, idx))
            st = reading.statements[idx]
            out.append(Labelled(st.text, r.label, detect_language(st.text), "real-style", r.kind != "statement"))
    return out
