"""Word .docx: paragraphs (headings become Markdown headings) and tables row by row, in document order."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from corpus.errors import UnreadableFile
from corpus.readers.common import make_case, read_bytes
from corpus.records import Case

MAX_UNZIPPED = 200 * 1024 * 1024  # a zip bomb posing as .docx stops here


def check_zip(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(i.file_size for i in zf.infolist())
    except zipfile.BadZipFile as err:
        raise UnreadableFile(f"{name} is not a valid Word file (corrupt or not a .docx).") from err
    if total > MAX_UNZIPPED:
        raise UnreadableFile(f"{name} unpacks to {total // 1024 // 1024} MB, over the {MAX_UNZIPPED // 1024 // 1024} MB limit.")


def docx_blocks(data: bytes, name: str) -> list[tuple[str, str]]:
    """(kind, text) in order: kind is 'heading1'..'heading6', 'para' or 'row' (cells joined by ' | ')."""
    check_zip(data, name)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        doc = docx.Document(io.BytesIO(data))
    except Exception as err:  # noqa: BLE001 - python-docx raises many kinds on damaged files
        raise UnreadableFile(f"{name} could not be opened as a Word document.") from err
    blocks: list[tuple[str, str]] = []
    for item in doc.element.body.iterchildren():
        tag = item.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(item, doc)
            text = p.text.strip()
            if not text:
                continue
            style = (p.style.name if p.style is not None else "") or ""
            level = heading_level(style)
            blocks.append((f"heading{level}" if level else "para", text))
        elif tag == "tbl":
            for row in Table(item, doc).rows:
                cells = []
                for c in row.cells:
                    t = " ".join(c.text.split())
                    if t and (not cells or cells[-1] != t):  # merged cells repeat their text
                        cells.append(t)
                if cells:
                    blocks.append(("row", " | ".join(cells)))
    return blocks


def heading_level(style: str) -> int:
    s = style.lower()
    if s.startswith("heading") or s.startswith("标题"):
        digits = "".join(ch for ch in s if ch.isdigit())
        return min(int(digits or 1), 6)
    return 1 if s == "title" else 0


def blocks_to_markdown(blocks: list[tuple[str, str]]) -> str:
    lines = []
    for kind, text in blocks:
        if kind.startswith("heading"):
            lines += ["", "#" * int(kind[7:]) + " " + text, ""]
        else:
            lines.append(text)
    return "\n".join(lines).strip() + "\n"


def read_docx(path: Path) -> list[Case]:
    data = read_bytes(path)
    text = blocks_to_markdown(docx_blocks(data, path.name))
    if not text.strip():
        raise UnreadableFile(f"{path.name} has no text.")
    return [make_case({}, text, path.stem, path.name, data, kind="document")]
