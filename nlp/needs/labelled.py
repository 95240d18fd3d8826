"""The labelled-statement record and its JSON-lines files (corpus/needs/*.jsonl): what training and evaluation read.

Below both loaders: nlp/needs/notes.py (the real-style notes) and nlp/needs/data.py (the fixed splits,
which add the notes' statements) import it, so neither has to import the other from inside a function.
"""
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
