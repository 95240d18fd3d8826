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


def load_split(split: str, folder: Path = NEEDS_DIR) -> list[Labelled]:
    """The fixed train, dev or test file; the test file is for `make eval` only."""
    return load_jsonl(folder / f"{split}.jsonl")


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
