"""Word .docx as blocks in document order: paragraphs with style, heading level and rendered list number, and table
rows with their header; `read_docx` makes the library case from the same blocks."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from corpus.errors import UnreadableFile
from corpus.readers.blocks import Block, blocks_to_text
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


def heading_level(style: str) -> int:
    s = style.lower()
    if s.startswith("heading") or s.startswith("标题"):
        digits = "".join(ch for ch in s if ch.isdigit())
        return min(int(digits or 1), 6)
    return 1 if s == "title" else 0


def _row_cells(row) -> tuple[str, ...]:
    cells: list[str] = []
    for c in row.cells:
        t = "\n".join(" ".join(line.split()) for line in c.text.splitlines() if line.strip())  # paragraphs kept apart
        if not cells or cells[-1] != t or not t:  # merged cells repeat their text
            cells.append(t)
    return tuple(cells)


def docx_blocks(data: bytes, name: str) -> list[Block]:
    check_zip(data, name)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        from corpus.readers.numbering import Numbering

        doc = docx.Document(io.BytesIO(data))
        numbering = Numbering(doc)
    except Exception as err:  # noqa: BLE001 - python-docx raises many kinds on damaged files
        raise UnreadableFile(f"{name} could not be opened as a Word document.") from err
    blocks: list[Block] = []
    tables = 0
    for item in doc.element.body.iterchildren():
        tag = item.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(item, doc)
            style = p.style if p.style is not None else None
            label, list_level = numbering.label(item, style.style_id if style is not None else None)
            text = p.text.strip()
            if not text:
                continue
            style_name = (style.name if style is not None else "") or ""
            level = heading_level(style_name)
            shown = f"{label} {text}" if label else text
            blocks.append(Block("heading" if level else "para", shown, level, number=label, list_level=list_level,
                                style=style_name))
        elif tag == "tbl":
            header: tuple[str, ...] = ()
            for row in Table(item, doc).rows:
                cells = _row_cells(row)
                if any(cells):
                    header = header or cells
                    blocks.append(Block("row", " | ".join(c for c in cells if c), cells=cells, table=tables, header=header))
            tables += 1
    return blocks


def read_docx(path: Path) -> list[Case]:
    data = read_bytes(path)
    text = blocks_to_text(docx_blocks(data, path.name))
    if not text.strip():
        raise UnreadableFile(f"{path.name} has no text.")
    return [make_case({}, text, path.stem, path.name, data, kind="document")]
