"""The fixed train, dev and test splits of labelled statements: corpus/needs/*.jsonl plus the real-style notes."""
from __future__ import annotations

from pathlib import Path

from nlp.needs.labelled import NEEDS_DIR, Labelled, load_jsonl
from nlp.needs.notes import labelled_statements

__all__ = ["NEEDS_DIR", "Labelled", "load_jsonl", "load_split"]


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
        rows += labelled_statements(split, folder / "real_style")
    return rows
