"""Labelled statements from corpus/needs/*.jsonl: loading and checking."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import InputError
from nlp.records import LABELS

NEEDS_DIR = Path(__file__).resolve().parents[2] / "corpus" / "needs"


@dataclass(frozen=True)
class Labelled:
    text: str
    label: str
    lang: str
    industry: str = ""
    hard: bool = False


def load_split(split: str, folder: Path = NEEDS_DIR, real_style: bool = True) -> list[Labelled]:
    """The fixed train, dev or test file; the test file is for `make eval` only.

    Train and dev also hold the statements of the real-style notes of that part (nlp/needs/notes.py);
    the real-style test notes are never loaded here.
    """
    rows = load_jsonl(folder / f"{split}.jsonl")
    for extra in ("requests.jsonl", "contrast.jsonl"):  # request forms, note furniture and contrast pairs for issue 11
        if split == "train" and (folder / extra).exists():
            rows += load_jsonl(folder / extra)
    if real_style and split in ("train", "dev"):
        from nlp.needs.notes import labelled_statements  # reads notes with the spaCy models; loaded only when asked

        rows += labelled_statements(split, folder / "real_style")
    return rows


def load_jsonl(path: Path) -> list[Labelled]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            d = json.loads(line)
            if d.get("label") not in LABELS or not str(d.get("text", "")).strip():
                raise InputError(f"{path.name} line {n} has no text or an unknown label.")
            rows.append(
                Labelled(d["text"], d["label"], d.get("lang", ""), d.get("industry", ""), bool(d.get("hard", False)))
            )
    return rows
