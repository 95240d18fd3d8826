"""PDF as blocks (pdfplumber): text lines with the space above them and table rows with their header, merged in
reading order on each page; running headers, footers and page numbers dropped. Scanned, encrypted and damaged
files are reported as such. `read_pdf` makes the library case from the same blocks."""
from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from corpus.errors import UnreadableFile
from corpus.readers.blocks import Block, blocks_to_text
from corpus.readers.common import make_case, read_bytes
from corpus.records import Case

logging.getLogger("pdfminer").setLevel(logging.ERROR)
_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff，、：；（）]) (?=[\u4e00-\u9fff，、：；（）])")  # a wrapped line inside a cell
_PAGE_NOISE = re.compile(r"^\s*(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|page \d+( of \d+)?|-?\s*\d+\s*-?|\d+\s*/\s*\d+)\s*$", re.I)


_DIGITS = re.compile(r"\d+")


class NoTextLayer(UnreadableFile):
    """A PDF whose pages are images only."""


def open_pdf(data: bytes, name: str):
    """An open pdfplumber document; encrypted and damaged files raise UnreadableFile."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        return pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as err:
        raise UnreadableFile(f"{name} is encrypted; save it without a password and try again.") from err
    except Exception as err:  # noqa: BLE001 - pdfminer raises many kinds on damaged files
        inner = err.args[0] if err.args and isinstance(err.args[0], BaseException) else err  # pdfplumber wraps pdfminer's
        if isinstance(inner, PDFPasswordIncorrect) or "password" in repr(err).lower() or "encrypt" in repr(err).lower():
            raise UnreadableFile(f"{name} is encrypted; save it without a password and try again.") from err
        raise UnreadableFile(f"{name} is not a readable PDF (corrupt or truncated).") from err


def _page_items(page, number: int, first_table: int) -> tuple[list[tuple[float, Block]], int]:
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
    tables = first_table
    for table in found:
        rows = table.extract()
        if rows and max(sum(1 for c in r if c) for r in rows) <= 1:  # a framed text box: its lines are text
            for row_index, row in enumerate(rows):
                text = " ".join(str(row[0] if row else "" or "").split()) or next((str(c) for c in row if c), "")
                box = table.rows[row_index].bbox if row_index < len(table.rows) else table.bbox
                if text.strip():
                    items.append((box[1], Block("line", text.strip(), page=number, gap=box[3])))
            continue
        header: tuple[str, ...] = ()
        for row_index, row in enumerate(rows):
            cells = tuple("\n".join(_HAN_GAP.sub("", " ".join(ln.split())) for ln in str(c or "").splitlines() if ln.strip())
                          for c in row)
            if any(cells):
                header = header or cells
                top = table.rows[row_index].bbox[1] if row_index < len(table.rows) else table.bbox[1]
                items.append((top, Block("row", " | ".join(c for c in cells if c), cells=cells, table=tables, page=number,
                                         header=header)))
        tables += 1
    items.sort(key=lambda it: it[0])
    return items, tables


def pdf_blocks(data: bytes, name: str) -> list[Block]:
    blocks: list[Block] = []
    tables = 0
    try:
        with open_pdf(data, name) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                items, tables = _page_items(page, number, tables)
                blocks += _with_gaps(items)
    except UnreadableFile:
        raise
    except Exception as err:  # noqa: BLE001 - pdfminer raises many kinds on damaged pages
        raise UnreadableFile(f"{name} is not a readable PDF (corrupt or truncated).") from err
    if not blocks:
        raise NoTextLayer(f"{name} has no text layer (a scanned PDF) and OCR is not available here; "
                          "run OCR on it first or load the original Word file.")
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
    """Running headers and footers: the same line (page numbers aside) on at least three pages and a third of them."""
    pages = max(b.page for b in blocks)
    seen: dict[str, set[int]] = {}
    for b in blocks:
        if b.kind == "line":
            seen.setdefault(_DIGITS.sub("#", b.text), set()).add(b.page)
    running = {t for t, ps in seen.items() if len(ps) >= 3 and len(ps) >= pages / 3}
    return [b for b in blocks if not (b.kind == "line" and _DIGITS.sub("#", b.text) in running)]


def read_pdf(path: Path) -> list[Case]:
    data = read_bytes(path)
    text = blocks_to_text(pdf_blocks(data, path.name), markdown_headings=False)
    return [make_case({}, text, path.stem, path.name, data, kind="document")]
