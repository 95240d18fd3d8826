"""PDF: text page by page and tables row by row (pdfplumber); scanned and encrypted files are reported as such."""
from __future__ import annotations

import io
import logging
from pathlib import Path

from corpus.errors import UnreadableFile
from corpus.readers.common import make_case, read_bytes
from corpus.records import Case

logging.getLogger("pdfminer").setLevel(logging.ERROR)


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


def pdf_pages(data: bytes, name: str) -> list[str]:
    """The text of each page; tables come out as 'cell | cell' lines after the page text."""
    pdf = open_pdf(data, name)
    pages = []
    try:
        with pdf:
            for page in pdf.pages:
                tables = page.find_tables()
                boxes = [t.bbox for t in tables]
                outside = page.filter(lambda obj, boxes=boxes: obj.get("object_type") != "char" or not _inside(obj, boxes))
                lines = [outside.extract_text() or ""]
                for table in tables:
                    for row in table.extract():
                        cells = [" ".join(str(c).split()) for c in row if c and str(c).strip()]
                        if cells:
                            lines.append(" | ".join(cells))
                pages.append("\n".join(line for line in lines if line))
    except UnreadableFile:
        raise
    except Exception as err:  # noqa: BLE001
        raise UnreadableFile(f"{name} is not a readable PDF (corrupt or truncated).") from err
    if not any(p.strip() for p in pages):
        raise UnreadableFile(f"{name} has no text layer (a scanned PDF); run OCR on it first.")
    return pages


def _inside(obj: dict, boxes: list[tuple]) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def read_pdf(path: Path) -> list[Case]:
    data = read_bytes(path)
    text = "\n\n".join(pdf_pages(data, path.name))
    return [make_case({}, text, path.stem, path.name, data, kind="document")]
