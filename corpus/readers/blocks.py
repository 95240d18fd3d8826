"""Documents as ordered blocks: headings, paragraphs (with style and rendered list number), PDF lines and table
rows (with their table's header), each with its page. One parse per file, shared by ingest and tender analysis:
docx.py and pdf.py produce the blocks (dispatch.read_blocks picks one by extension), `blocks_to_text` turns
them into the text a library case stores.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    kind: str  # heading | para | line | row
    text: str  # as printed: a Word list paragraph starts with its rendered number
    level: int = 0  # heading level
    cells: tuple[str, ...] = ()
    table: int = -1  # which table a row belongs to, in document order
    page: int = 0
    gap: float = 0.0  # PDF lines: blank space above the line, in line heights (a paragraph break is wider)
    number: str = ""  # Word automatic number rendered as printed ("1.", "（一）"), "" when typed or none
    list_level: int = -1  # Word list level of that number (0 = outermost)
    style: str = ""  # Word paragraph style name
    header: tuple[str, ...] = ()  # table rows: the first row of their table


def blocks_to_text(blocks: list[Block], markdown_headings: bool = True) -> str:
    """The document as text: headings as Markdown headings, rows as 'cell | cell', PDF pages apart."""
    lines: list[str] = []
    page = None
    for b in blocks:
        if page is not None and b.page != page:
            lines.append("")
        page = b.page
        if b.kind == "heading" and markdown_headings:
            lines += ["", "#" * b.level + " " + b.text, ""]
        else:
            lines.append(b.text)
    return "\n".join(lines).strip() + "\n"

