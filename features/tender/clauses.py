"""Requirement clauses from a tender: numbers and section paths kept, mandatory / scored / info marked.

Works on the blocks of corpus/readers/blocks.py. Paragraphs numbered like 3.1.2 and their
sub-items like （3） or (a) are clauses when they carry requirement language; requirement tables
are read row by row; evaluation tables give one scored clause per row; lines of a PDF are joined
back into paragraphs first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.passages import path_text, push_heading
from corpus.readers.blocks import Block

_NUM = re.compile(r"^(\d{1,2}(?:\.\d{1,3}){1,4})\.?\s*(?=\S)")
_SUB = re.compile(r"^([（(](?:\d{1,2}|[a-z]|[ivx]{1,4})[)）])\s*")
_CN_SUB = re.compile(r"^([一二三四五六七八九十]{1,3})、\s*")
_CHAPTER = re.compile(r"^(第[一二三四五六七八九十\d]+[章部分节篇]|chapter \d+|section \d+|part [a-z\d]+|appendix [a-z\d]+|附件\s*\d+)\b", re.I)
_CAPTION = re.compile(r"^(表\s*\d+(?:[-.]\d+)*|table\s+\d+(?:[-.]\d+)*)\s*\S*", re.I)

MANDATORY = re.compile(
    r"★|\(M\)|（M）|^\*|\bshall\b|\bmust\b|\bis required to\b|\bare required to\b|\bwill be required\b|\bat least\b|"
    r"\bno less than\b|\bnot less than\b|\bno more than\b|\bnot exceed\b|\bnot be\b|\bmandatory\b|"
    r"必须|须|(?<![响供相对适反效])应(?![用答])|不得|不低于|不少于|不大于|不超过|不高于|要求",
    re.I,
)
SCORED = re.compile(
    r"\bpreferred\b|\bwill score\b|\bscored\b|\bdesirable\b|\bpoints?\b|\bweight(ing)?\b|\badditional credit\b|"
    r"加分|优先|评分|得分|计分|分值|权重", re.I)
_POINTS = re.compile(r"^\d+(\.\d+)?\s*(分|points?|pts|%)?$", re.I)
_NO_HEAD = re.compile(r"^(no\.?|nr\.?|item|ref\.?|id|#|序号|编号|条款号)$", re.I)
_REQ_HEAD = re.compile(r"requirement|specification|description|技术要求|要求|参数|指标", re.I)
_MAND_HEAD = re.compile(r"mandatory|\(m\)|★|实质性|必须|m/d|type", re.I)
_SCORE_HEAD = re.compile(r"^(max(imum)?\.? )?(points?|scores?|weight(ing)?|marks?)( \(.*\))?$|分值|权重|满分|评分|得分", re.I)
_SLA_HEAD = re.compile(r"response|resolution|restore|repair|severity|priority|响应|恢复|到场|故障等级|等级", re.I)
_YES = re.compile(r"^(★|yes|y|m|mandatory|\(m\)|是|必须|√|✓)$", re.I)
_INTRO = re.compile(r"[:：]$")
WRAP_MARGIN = 0.2  # a paragraph break is wider than a wrapped line by more than this (in line heights)


@dataclass(frozen=True)
class Requirement:
    clause: str
    section: str
    text: str
    kind: str  # mandatory | scored | info
    points: float | None = None  # what a scored item is worth, when the tender says
    disqualifying: bool = False  # failing it rejects the bid (★, 实质性, 废标, "will be rejected")


def _kind(text: str) -> str | None:
    if SCORED.search(text):
        return "scored"
    if MANDATORY.search(text):
        return "mandatory"
    return None


def join_lines(blocks: list[Block]) -> list[Block]:
    """PDF lines back into paragraphs: a line continues the previous one unless it starts a clause or heading."""
    gaps = [round(b.gap, 1) for b in blocks if b.kind == "line" and b.gap < 5]
    common = sorted(g for g in set(gaps) if gaps.count(g) >= 0.1 * len(gaps)) if gaps else []
    limit = (common[0] if common else 0.3) + WRAP_MARGIN  # wrapped lines: the tightest common spacing
    out: list[Block] = []
    for b in blocks:
        starts = bool(_NUM.match(b.text) or _SUB.match(b.text) or _CN_SUB.match(b.text) or _CHAPTER.match(b.text)
                      or _CAPTION.match(b.text) or re.match(r"^[★*•\-]", b.text))
        prev = out[-1] if out else None
        same_paragraph = b.gap < limit if b.page == (prev.page if prev else -1) else \
            not re.search(r"[。.!?！？]$", prev.text if prev else ".")
        if b.kind == "line" and prev is not None and prev.kind == "line" and not starts and not _heading_like(prev.text) \
                and same_paragraph:
            glue = "" if re.search(r"[\u4e00-\u9fff，、：；（）]$", prev.text) else " "
            out[-1] = Block("line", prev.text + glue + b.text, page=b.page)
        else:
            out.append(b)
    return out


def _heading_like(text: str) -> int:
    """For PDF lines: the heading level a line looks like, 0 if it is not one."""
    if _CHAPTER.match(text) and len(text) <= 40:
        return 1
    m = _NUM.match(text)
    body = text[m.end():] if m else ""
    short = len(body) <= 20 if re.search(r"[\u4e00-\u9fff]", body) else len(body.split()) <= 7
    if m and short and m.group(1).count(".") <= 2 and not re.search(r"[。.;；,，:：]$", text):
        return m.group(1).count(".") + 1
    if re.match(r"^\d{1,2}\s+[A-Z\u4e00-\u9fff]", text) and len(text) <= 40 and not MANDATORY.search(text):
        return 1
    return 0


class _Table:
    """How to read one table's rows, decided from its header row."""

    def __init__(self, header: tuple[str, ...], caption: str):
        self.caption = caption
        heads = [h.strip() for h in header]
        self.no = next((i for i, h in enumerate(heads) if _NO_HEAD.match(h)), None)
        self.req = next((i for i, h in enumerate(heads) if _REQ_HEAD.search(h) and i != self.no), None)
        self.mand = next((i for i, h in enumerate(heads) if _MAND_HEAD.search(h) and i not in (self.no, self.req)), None)
        self.scoring = any(_SCORE_HEAD.search(h) for h in heads) or bool(SCORED.search(caption))
        self.sla = any(_SLA_HEAD.search(h) for h in heads)
        self.rows = 0
        self.width = len(header)
        self.header = tuple(heads)

    def clause(self, cells: tuple[str, ...], section: str) -> Requirement | None:
        if tuple(c.strip() for c in cells) == self.header:
            return None  # the header repeated where a table runs onto the next page
        self.rows += 1
        number = cells[self.no].strip() if self.no is not None and self.no < len(cells) else ""
        rest = [c for i, c in enumerate(cells) if i != self.no and c.strip()]
        if not rest:
            return None
        clause = number or (f"{self.caption} row {self.rows}" if self.caption else f"row {self.rows}")
        if self.req is not None and not self.scoring and self.req < len(cells):
            text = cells[self.req].strip()
            flag = cells[self.mand].strip() if self.mand is not None and self.mand < len(cells) else ""
            if self.mand is not None:
                kind = "mandatory" if _YES.match(flag) else "scored"
            else:
                kind = _kind(text)  # a plain list (a price schedule, say) is no requirement by itself
            return Requirement(clause, section, text, kind) if text and kind else None
        text = " | ".join(rest)
        if self.scoring and any(_POINTS.match(c.strip()) for c in rest):
            return Requirement(clause, section, text, "scored")
        if self.sla:
            return Requirement(clause, section, text, "mandatory")
        # any other table (timetables, site lists, definitions) holds a requirement only where it says so
        return Requirement(clause, section, text, "mandatory") if MANDATORY.search(text) and len(text) > 12 else None


def extract_requirements(blocks: list[Block]) -> list[Requirement]:
    path: list[tuple[int, str]] = []
    parent = intro = caption = ""
    tables: dict[int, _Table] = {}
    out: list[Requirement] = []
    last_table: _Table | None = None
    for b in join_lines(blocks):
        text = b.text.strip()
        level = b.level if b.kind == "heading" else (_heading_like(text) if b.kind == "line" else 0)
        if b.kind == "row":
            table = tables.get(b.table)
            if table is None:
                if _continues(last_table, b):
                    tables[b.table] = table = last_table
                else:
                    tables[b.table] = last_table = _Table(b.cells, caption)
                    caption = ""
                    continue  # the header row
            req = table.clause(b.cells, path_text(path))
            if req:
                out.append(req)
            continue
        last_table = None if b.kind != "row" else last_table
        if level:
            push_heading(path, level, text)
            m = _NUM.match(text)
            parent = m.group(1) if m else parent
            intro = ""
            continue
        if _CAPTION.match(text):
            caption = text
            continue
        number, body = "", text
        m = _NUM.match(text)
        sub = None if m else (_SUB.match(text) or _CN_SUB.match(text))
        if m:
            number = parent = m.group(1)
            body = text[m.end():]
            intro = ""
        elif sub and parent:
            number, body = parent + sub.group(1), text[sub.end():]
        body = body.strip()
        kind = _kind(body)
        if _INTRO.search(body):
            intro = kind or ""  # "the bidder shall meet all of the following:" lends its force to the items
            continue
        if sub and not kind:
            kind = intro or None
        if not number or kind is None:
            continue
        out.append(Requirement(number, path_text(path), body, kind))
    return out


def _continues(table: _Table | None, row: Block) -> bool:
    """A table broken across a PDF page: the new part starts the page with the same number of columns."""
    return table is not None and row.page > 0 and len(row.cells) == table.width and not _NO_HEAD.match(row.cells[0].strip())
