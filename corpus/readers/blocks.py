"""Documents as ordered blocks (headings, paragraphs or lines, table rows with their cells) for tender analysis.

Word files give headings by style and tables cell by cell. PDFs give text lines and table rows
merged in reading order by their position on the page; running headers and page numbers are dropped.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import UnreadableFile
from corpus.readers.common import read_bytes


@dataclass(frozen=True)
class Block:
    kind: str  # heading | para | line | row
    text: str
    level: int = 0  # heading level
    cells: tuple[str, ...] = ()
    table: int = -1  # which table a row belongs to, in document order
    page: int = 0
    gap: float = 0.0  # PDF lines: blank space above the line, in line heights (a paragraph break is wider)


_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff，、：；（）]) (?=[\u4e00-\u9fff，、：；（）])")  # a wrapped line inside a cell
_PAGE_NOISE = re.compile(r"^\s*(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|page \d+( of \d+)?|-?\s*\d+\s*-?|\d+\s*/\s*\d+)\s*$", re.I)


def docx_structured(data: bytes, name: str) -> list[Block]:
    from corpus.readers.docx import check_zip, heading_level

    check_zip(data, name)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        doc = docx.Document(io.BytesIO(data))
    except Exception as err:  # noqa: BLE001 - python-docx raises many kinds on damaged files
        raise UnreadableFile(f"{name} could not be opened as a Word document.") from err
    blocks: list[Block] = []
    tables = 0
    for item in doc.element.body.iterchildren():
        tag = item.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(item, doc)
            text = p.text.strip()
            if text:
                level = heading_level((p.style.name if p.style is not None else "") or "")
                blocks.append(Block("heading" if level else "para", text, level))
        elif tag == "tbl":
            for row in Table(item, doc).rows:
                cells: list[str] = []
                for c in row.cells:
                    t = " ".join(c.text.split())
                    if not cells or cells[-1] != t or not t:
                        cells.append(t)
                if any(cells):
                    blocks.append(Block("row", " | ".join(c for c in cells if c), cells=tuple(cells), table=tables))
            tables += 1
    return blocks


def pdf_structured(data: bytes, name: str) -> list[Block]:
    from corpus.readers.pdf import open_pdf

    blocks: list[Block] = []
    tables = 0
    with open_pdf(data, name) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            found = page.find_tables()
            boxes = [t.bbox for t in found]
            items: list[tuple[float, Block]] = []
            for line in page.extract_text_lines() or []:
                x, y = (line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2
                if any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes):
                    continue
                text = line["text"].strip()
                if text and not _PAGE_NOISE.match(text):
                    items.append((line["top"], Block("line", text, page=number, gap=line["bottom"])))
            for table in found:
                for row_index, row in enumerate(table.extract()):
                    cells = tuple(_HAN_GAP.sub("", " ".join(str(c or "").split())) for c in row)
                    if any(cells):
                        top = table.rows[row_index].bbox[1] if row_index < len(table.rows) else table.bbox[1]
                        items.append((top, Block("row", " | ".join(c for c in cells if c), cells=cells, table=tables, page=number)))
                tables += 1
            items.sort(key=lambda it: it[0])
            blocks += _with_gaps(items)
    if not blocks:
        raise UnreadableFile(f"{name} has no text layer (a scanned PDF); run OCR on it first.")
    return _drop_running_lines(blocks)


def _with_gaps(items: list[tuple[float, Block]]) -> list[Block]:
    """Replace each line's bottom (kept in `gap` while sorting) by the space above it in line heights."""
    out, prev_bottom = [], None
    for top, b in items:
        if b.kind == "line":
            bottom = b.gap
            height = max(bottom - top, 1.0)
            gap = (top - prev_bottom) / height if prev_bottom is not None else 9.0
            out.append(Block("line", b.text, page=b.page, gap=round(max(gap, 0.0), 2)))
            prev_bottom = bottom
        else:
            out.append(b)
            prev_bottom = None
    return out


def _drop_running_lines(blocks: list[Block]) -> list[Block]:
    """Running headers and footers: the same line on at least three pages and a third of them."""
    pages = max(b.page for b in blocks)
    seen: dict[str, set[int]] = {}
    for b in blocks:
        if b.kind == "line":
            seen.setdefault(b.text, set()).add(b.page)
    running = {t for t, ps in seen.items() if len(ps) >= 3 and len(ps) >= pages / 3}
    return [b for b in blocks if not (b.kind == "line" and b.text in running)]


def read_blocks(path: Path) -> list[Block]:
    data = read_bytes(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return docx_structured(data, path.name)
    if suffix == ".pdf":
        return pdf_structured(data, path.name)
    if suffix in (".txt", ".md"):
        from corpus.textfile import decode_bytes

        return [Block("line", ln.strip()) for ln in decode_bytes(data, path.name).splitlines() if ln.strip()]
    raise UnreadableFile(f"{path.name}: a tender must be .docx, .pdf, .txt or .md.")
