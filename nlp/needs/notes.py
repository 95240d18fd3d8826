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
            "blind13a", "blind14", "blind15", "blind15a", "blind16", "blind17")  # the blind sets of rounds 6 to 16 (blind16 written at the end of round 15, blind17 at the start of round 16)


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


def key_statement(text: str, key: str, spans: list[tuple[int, int]]) -> int | None:
    """Index of the statement (given as spans in reading order) that a label row's key names: the one holding the
    key's start, else the first overlapping the key. A key that starts a table row (`| R1 | ...`) names the row's
    longest cell: the reader cuts a row into cells, and the first cells are ids and topics, not the content."""
    at = text.find(key)
    if at < 0:
        return None
    if key.lstrip().startswith("|"):
        line_start, line_end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
        line_end = len(text) if line_end < 0 else line_end
        cells = [i for i, (s, e) in enumerate(spans) if line_start <= s and e <= line_end]
        if cells:
            return max(cells, key=lambda i: spans[i][1] - spans[i][0])
    held = next((i for i, (s, e) in enumerate(spans) if s <= at < e), None)
    return held if held is not None else next((i for i, (s, e) in enumerate(spans) if s < at + len(key) and at < e), None)


def locate(text: str, rows: list[NoteRow]) -> list[tuple[NoteRow, int | None, object]]:
    """For each row of one note: the row, the index of its statement in the note's reading (None if not cut), the reading."""
    reading = read_note(text)
    spans = [(st.start, st.end) for st in reading.statements]
    return [(r, key_statement(text, r.key, spans), reading) for r in rows]


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
