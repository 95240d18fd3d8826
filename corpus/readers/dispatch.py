"""Picks the reader for a file by extension (cases, or a tender's blocks) and walks folders; a reader failure names the file.

Inside a folder, hidden files and folders (a name starting with '.') are skipped, judged only below the
folder given, so `../cases` and `.archive/` work when named. A link whose target lies outside the folder
given is refused by name (a link to /etc/passwd is not a case); files named directly are read as given.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from corpus.errors import UnreadableFile
from corpus.readers.blocks import Block
from corpus.readers.common import read_bytes
from corpus.readers.docx import docx_blocks, read_docx
from corpus.readers.markdown import read_markdown, read_txt
from corpus.readers.pdf import pdf_blocks, read_pdf
from corpus.readers.tabular import read_csv, read_jsonl, read_xlsx
from corpus.records import Case, SkippedRow
from corpus.textfile import decode_bytes

READERS = {
    ".md": read_markdown, ".markdown": read_markdown, ".txt": read_txt, ".docx": read_docx, ".pdf": read_pdf,
    ".csv": read_csv, ".jsonl": read_jsonl, ".xlsx": read_xlsx,
}
SUPPORTED = tuple(READERS)
ROW_READERS = (read_csv, read_jsonl, read_xlsx)


class RefusedPath(type(Path())):
    """A path found in a folder walk that must not be read; reading it raises its reason."""

    reason = ""


def _refused(path: Path, reason: str) -> RefusedPath:
    p = RefusedPath(path)
    p.reason = reason
    return p


def read_path(path: Path, skipped: list[SkippedRow] | None = None) -> list[Case]:
    """The cases in one file; rows of a CSV, JSON lines or Excel file that could not be read go to `skipped`."""
    if isinstance(path, RefusedPath):
        raise UnreadableFile(path.reason)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableFile(f"{path.name}: unsupported file type; use one of {', '.join(SUPPORTED)}.")
    if reader in ROW_READERS:
        return reader(path, skipped)
    return reader(path)


def read_blocks(path: Path) -> list[Block]:
    """A tender's blocks, by the file's extension."""
    data = read_bytes(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return docx_blocks(data, path.name)
    if suffix == ".pdf":
        return pdf_blocks(data, path.name)
    if suffix in (".txt", ".md"):
        return [Block("line", ln.strip()) for ln in decode_bytes(data, path.name).splitlines() if ln.strip()]
    raise UnreadableFile(f"{path.name}: a tender must be .docx, .pdf, .txt or .md.")


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a link loop
        return False


def walk(folder: Path) -> Iterator[Path]:
    """Supported files below `folder`, sorted; hidden entries skipped; links leading outside it refused."""
    root = folder.resolve()
    for f in sorted(folder.rglob("*")):
        rel = f.relative_to(folder).parts
        if any(part.startswith(".") for part in rel) or f.suffix.lower() not in READERS:
            continue
        if not _inside(f, root):
            yield _refused(f, f"{f.name} is a link to a file outside {folder}; it was not read.")
        elif f.is_file():
            yield f


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Files named directly, and supported files inside folders (see `walk`)."""
    for p in paths:
        if p.is_dir():
            yield from walk(p)
        else:
            yield p
