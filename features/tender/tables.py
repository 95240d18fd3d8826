"""Tender tables row by row: requirement, specification, SLA, qualification, compliance and scoring tables.

The header row says which column holds the item number, the requirement, a mandatory flag and the points.
Scoring tables give one scored row per criterion with its points; requirement tables (by header, caption
or section) give every row, modal verb or not; any other table (timetables, site lists, price schedules)
gives only the rows that state an obligation. A PDF table broken over a page is carried on.
"""
from __future__ import annotations

import re

from features.tender.kinds import (
    DISQ,
    DISQ_CONTEXT,
    MANDATORY,
    POINTS_TEXT,
    REQ_CONTEXT,
    SCORE_CONTEXT,
    SCORED,
    Requirement,
    points_of,
)
from features.tender.structure import CAPTION, Unit

_NO_HEAD = re.compile(r"^(no\.?|nr\.?|item|ref\.?|id|#|序号|编号|条款号|项目编号|评分项编号)$", re.I)
_POINTS_HEAD = re.compile(r"^(max(imum)?\.? )?(points?|scores?|weight(ing)?|marks?)( \(.*\))?$|分值|分数|满分|权重|标准分|^得分$", re.I)
_REQ_HEAD = re.compile(r"requirement|specification|description|criteria|criterion|要求|参数|指标|标准|细则|审查|评审|"
                       r"评分|因素", re.I)
_MAND_HEAD = re.compile(r"mandatory|\(m\)|★|实质性|必须|m/d|^type$", re.I)
_PRICE_HEAD = re.compile(r"\b(?:unit )?price\b|\bamount\b|\bcost\b|\bqty\b|\bquantity\b|\brate\b|单价|总价|合价|金额|数量|报价|"
                         r"\bdate\b|日期|时间安排", re.I)
_SLA_HEAD = re.compile(r"response|resolution|restore|repair|severity|priority|service credit|availability|uptime|"
                       r"service level|\bsla\b|\bkpi\b|"
                       r"响应|恢复|到场|故障等级|服务水平|考核指标", re.I)
_YES = re.compile(r"^(★|\*|yes|y|m|mandatory|\(m\)|是|必须|√|✓)$", re.I)
_POINTS_CELL = re.compile(r"^\d+(\.\d+)?\s*(分|points?|pts|%)?$", re.I)


_ITEM = re.compile(r"(?:^|\n|(?<=[。；;]))\s*(?=(?:\d{1,2}\s*[.．、)）](?!\d)|[（(]\d{1,2}[)）]|[①-⑳⑴-⒇]))")
_JOIN = re.compile(r"(?<=[\u4e00-\u9fff，、；：（）])\n(?=[\u4e00-\u9fff，、；：（）])")


_FIRST = re.compile(r"(?:\d{1,2}\s*[.．、)）](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]|[⑴-⒇])")


def _family(label: str) -> str:
    return "circle" if label[0] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" else "paren" if label[0] in "（(⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽" else "digit"


def _flat(cell: str) -> str:
    """A cell's lines as one text: wrapped Chinese lines join directly, others with a space."""
    return " ".join(_JOIN.sub("", cell).split())


def _split_items(req: Requirement, raw: tuple[str, ...]) -> list[Requirement]:
    """A scoring row whose criteria cell lists numbered sub-criteria gives one row per sub-criterion with its points."""
    cell = max(raw, key=len)
    first = _FIRST.match(cell)
    if not first:
        return [req]  # a lead-in before the list: the list details one criterion
    family = _family(first.group())
    parts = [p.strip() for p in _ITEM.split(cell) if p and p.strip()]
    items: list[str] = []
    for p in parts:  # split at the cell's own numbering only; a nested list stays with its item
        m = _FIRST.match(p)
        if m and _family(m.group()) == family or not items:
            items.append(p)
        else:
            items[-1] += "\n" + p
    if len(items) < 2 or sum(points_of(_flat(i)) is not None for i in items) < 2:
        return [req]  # sub-criteria with their own points only; a checklist scored as a whole stays one row
    head = " | ".join(_flat(c) for c in raw if c and c != cell and _flat(c) not in req.clause)
    out = []
    for item in items:
        text = _flat(item)
        out.append(Requirement(req.clause, req.section, f"{head} | {text}" if head else text, "scored",
                               points_of(text) if points_of(text) is not None else req.points))
    return out


class _Table:
    def __init__(self, header: tuple[str, ...], context: str, data_first: bool, caption: str = ""):
        self.caption = caption if CAPTION.match(caption) else ""
        heads = [" ".join(h.split()) for h in header]
        self.header = tuple(heads)
        self.width = len(heads)
        self.data_first = data_first  # the first row is not a header (no header row at all)
        self.no = next((i for i, h in enumerate(heads) if _NO_HEAD.match(h)), None) if not data_first else None
        self.points = next((i for i, h in enumerate(heads) if _POINTS_HEAD.search(h)), None) if not data_first else None
        reqs = [i for i, h in enumerate(heads) if _REQ_HEAD.search(h) and i not in (self.no, self.points)]
        self.req = reqs[-1] if reqs and not data_first else None  # "factor | standard": the standard is the requirement
        self.mand = next((i for i, h in enumerate(heads) if _MAND_HEAD.search(h) and i not in (self.no, self.req, self.points)),
                         None) if not data_first else None
        text = " ".join(heads) + " " + context
        self.scoring = self.points is not None or bool(SCORE_CONTEXT.search(text) and re.search(r"分|points?|score", text, re.I))
        self.requirement = self.req is not None or self.mand is not None or bool(REQ_CONTEXT.search(context))
        self.sla = any(_SLA_HEAD.search(h) for h in heads)
        if any(_PRICE_HEAD.search(h) for h in heads) and self.points is None and self.mand is None and not self.sla:
            self.requirement, self.req, self.scoring = False, None, False  # a price schedule or timetable
        self.rows = 0
        self.page = 0  # the last page it was seen on (PDF)


def _header_like(cells: tuple[str, ...]) -> bool:
    filled = [c for c in cells if c.strip()]
    if filled and _NO_HEAD.match(filled[0].strip()):
        return True  # "No. | ..." / "序号 | ..."
    return bool(filled) and all(len(c) <= 20 for c in filled) and not any(_POINTS_CELL.match(c.strip()) for c in filled)


class TableReader:
    """Keeps each table's reading and the caption or lead-in line just before it."""

    def __init__(self):
        self.tables: dict[int, _Table] = {}
        self.last: _Table | None = None
        self.last_caption = ""

    def caption(self, u: Unit) -> None:
        self.last_caption = u.text if len(u.text) <= 80 else ""
        self.last = None

    def read(self, u: Unit, out: list[Requirement]) -> list[Requirement]:
        """The row's requirements; a row that only finishes the previous one across a page break extends out[-1]."""
        b = u.block
        raw = tuple(c.strip() for c in b.cells)
        cells = tuple(_flat(c) for c in raw)
        table = self.tables.get(b.table)
        if table is None:
            if self.last is not None and b.page == self.last.page + 1 and len(cells) == self.last.width \
                    and not _header_like(cells):
                table = self.last  # the same table carried over a page break
                self.tables[b.table] = table
                if out and out[-1].text and not cells[0] and sum(1 for c in cells if c) == 1:
                    prev = out[-1]  # the cut-off rest of the last row's cell
                    text = prev.text + next(c for c in cells if c)
                    out[-1] = Requirement(prev.clause, prev.section, text, prev.kind,
                                          prev.points if prev.kind != "scored" else max(prev.points or 0, points_of(text) or 0),
                                          prev.disqualifying)
                    return []
            else:
                header = b.header or cells
                context = u.section.split(" > ")[-1] + " " + self.last_caption  # nearest heading and caption only
                table = _Table(header, context, data_first=not _header_like(header), caption=self.last_caption)
                self.last_caption = ""
            self.tables[b.table] = self.last = table
        table.page = b.page
        if cells == table.header and not table.data_first:
            return []  # the header (again, where a table runs onto the next page)
        req = self._row(table, cells, u.section)
        if req is None or req.kind != "scored":
            return [req] if req else []
        return _split_items(req, raw)

    def _row(self, t: _Table, cells: tuple[str, ...], section: str) -> Requirement | None:
        t.rows += 1
        number = cells[t.no].strip() if t.no is not None and t.no < len(cells) else ""
        if _NO_HEAD.match(number or cells[0].strip()) and _header_like(cells):
            return None  # a header row again (under a title row, or after a page break)
        rest: list[str] = []
        for i, c in enumerate(cells):
            if i != t.no and c.strip() and c not in rest:
                rest.append(c)
        if not rest or (len(rest) == 1 and len(rest[0]) <= 12 and not _POINTS_CELL.match(rest[0])) \
                or all(len(c) <= 6 and not (t.scoring and _POINTS_CELL.match(c)) for c in rest):
            return None  # an empty row, a sub-heading row or a row of labels
        text = " | ".join(rest)
        clause = number or (f"{t.caption} row {t.rows}" if t.caption else f"row {t.rows}")
        if t.req is not None and t.mand is not None and not t.scoring and t.req < len(cells):
            main = cells[t.req].strip()
            flag = cells[t.mand].strip() if t.mand is not None and t.mand < len(cells) else ""
            if not main:
                return None
            kind = ("mandatory" if _YES.match(flag) else "scored") if t.mand is not None else "mandatory"
            if t.mand is None and SCORED.search(main) and not MANDATORY.search(main):
                kind = "scored"
            return Requirement(clause, section, main, kind, points_of(main, False) if kind == "scored" else None,
                               kind == "mandatory" and bool(DISQ.search(main + flag) or DISQ_CONTEXT.search(section)))
        if t.scoring:
            points = None
            if t.points is not None and t.points < len(cells):
                points = points_of(cells[t.points] + "分" if re.fullmatch(r"\d+(\.\d+)?", cells[t.points].strip())
                                   else cells[t.points])
            for cell in reversed(rest):  # the most specific criterion names its own points
                if points is None and any(p.search(cell) for p in POINTS_TEXT if p is not POINTS_TEXT[1]):
                    points = points_of(cell, False)
            if points is None:
                points = points_of(text)
            if points is None and not t.requirement:
                return None
            if points is not None:
                return Requirement(clause, section, text, "scored", points)
        if t.sla or t.requirement:
            return Requirement(clause, section, text, "mandatory", None,
                               bool(DISQ.search(text) or DISQ_CONTEXT.search(section)))
        if MANDATORY.search(text) and len(text) > 12:
            return Requirement(clause, section, text, "mandatory", None, bool(DISQ.search(text)))
        return None
