"""Cutting a case or tender into passages along headings and paragraphs, keeping section titles, with a little overlap."""
from __future__ import annotations

import re

from corpus.records import Case, Passage

_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
MAX_CHARS = {"zh": 360, "en": 800}
OVERLAP = {"zh": 40, "en": 120}  # characters of the previous passage carried over


def _budget(text: str) -> str:
    return "zh" if len(_HAN.findall(text[:2000])) > 0.2 * min(len(text), 2000) else "en"


def push_heading(path: list[tuple[int, str]], level: int, title: str) -> None:
    """Enter a heading: drop headings at its level or deeper, then add it (documents may skip levels)."""
    while path and path[-1][0] >= level:
        path.pop()
    path.append((level, title))


def path_text(path: list[tuple[int, str]]) -> str:
    return " > ".join(title for _, title in path)


def _paragraphs(text: str) -> list[tuple[str, str]]:
    """(section path, paragraph) in order; headings build the path."""
    path: list[tuple[int, str]] = []
    out: list[tuple[str, str]] = []
    buf: list[str] = []

    def flush():
        if buf:
            out.append((path_text(path), " ".join(s.strip() for s in buf).strip()))
            buf.clear()

    for line in text.splitlines():
        m = _HEADING.match(line)
        if m:
            flush()
            push_heading(path, len(m.group(1)), m.group(2).strip())
        elif not line.strip():
            flush()
        elif line.lstrip().startswith(("- ", "* ", "• ")) or re.match(r"^\s*\d+(\.\d+)*[.)、\s]", line):
            flush()  # list items and numbered clauses start a paragraph of their own
            buf.append(line)
        else:
            buf.append(line)
    flush()
    return [(s, p) for s, p in out if p]


def _split_long(text: str, limit: int) -> list[str]:
    """Cut an over-long paragraph at sentence ends, and mid-sentence only when one sentence is too long."""
    if len(text) <= limit:
        return [text]
    pieces = []
    for sent in filter(None, re.split(r"(?<=[。！？；.!?;])\s*", text)):
        pieces += [sent[i : i + limit] for i in range(0, len(sent), limit)]
    chunks, cur = [], ""
    for piece in pieces:
        if cur and len(cur) + len(piece) + 1 > limit:
            chunks.append(cur)
            cur = piece
        else:
            cur = f"{cur}{'' if _HAN.search(piece[:1]) else ' '}{piece}" if cur else piece
    if cur:
        chunks.append(cur)
    return chunks


def make_passages(case: Case) -> list[Passage]:
    lang = _budget(case.text)
    limit, overlap = MAX_CHARS[lang], OVERLAP[lang]
    passages: list[Passage] = []
    cur_section, cur = None, ""
    for section, para in _paragraphs(case.text):
        for piece in _split_long(para, limit):
            if cur and (section != cur_section or len(cur) + len(piece) + 1 > limit):
                passages.append(Passage(case.id, len(passages), cur_section or "", cur))
                tail = cur[-overlap:] if section == cur_section else ""
                cur = (tail + " " + piece).strip() if tail and len(tail) + len(piece) < limit else piece
            else:
                cur = (cur + ("\n" if cur else "") + piece).strip()
            cur_section = section
    if cur:
        passages.append(Passage(case.id, len(passages), cur_section or "", cur))
    return passages
