"""Picks the reader for a file by extension and walks folders; a reader failure names the file."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from corpus.errors import UnreadableFile
from corpus.readers.docx import read_docx
from corpus.readers.markdown import read_markdown, read_txt
from corpus.readers.pdf import read_pdf
from corpus.readers.tabular import read_csv, read_jsonl, read_xlsx
from corpus.records import Case

READERS = {
    ".md": read_markdown, ".markdown": read_markdown, ".txt": read_txt, ".docx": read_docx, ".pdf": read_pdf,
    ".csv": read_csv, ".jsonl": read_jsonl, ".xlsx": read_xlsx,
}
SUPPORTED = tuple(READERS)


def read_path(path: Path) -> list[Case]:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableFile(f"{path.name}: unsupported file type; use one of {', '.join(SUPPORTED)}.")
    return reader(path)


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Files named directly, and supported files inside folders (sorted, hidden ones skipped)."""
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in READERS and not any(part.startswith(".") for part in f.parts):
                    yield f
        else:
            yield p
