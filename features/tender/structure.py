"""A tender's outline: numbering markers, headings and the section path of every paragraph and table row.

Real tenders number with `第三章`, `一、`, `（一）`, `1.`, `1.1`, `1)`, `(1)`, `⑴`, `①`, `a.`, `A.`, `I.`, `Section 3.01`
and with Word automatic numbers (rendered by the reader); styles are often all "Normal". The outline is
kept as a stack of numbering schemes in the order the document nests them: a scheme seen again closes
everything opened below it, a new one opens a level. Chapters and Word heading styles rank by themselves.
PDF lines are joined back into paragraphs here first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.readers.blocks import Block

_CN_NUM = "一二三四五六七八九十"
MARKERS: tuple[tuple[str, re.Pattern], ...] = tuple((name, re.compile(p, re.I if name in ("chapter",) else 0)) for name, p in (
    ("chapter", r"第\s*[一二三四五六七八九十百\d]+\s*[章篇]|第\s*[一二三四五六七八九十\d]+\s*部分|"
                r"(?:section|part|chapter)\s+(?:[IVX]{1,4}|\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b(?![.．]\d)\s*[:.]?"),
    ("article", r"第\s*[一二三四五六七八九十百\d]+\s*条"),
    ("cn", rf"[{_CN_NUM}]{{1,3}}\s*[、．.]"),
    ("cn_paren", rf"[（(]\s*[{_CN_NUM}]{{1,3}}\s*[)）]"),
    ("dotted", r"(?:Section\s+)?\d{1,2}(?:[.．]\d{1,3}){1,4}[.．]?(?![\d%])"),
    ("num_dot", r"\d{1,2}\s*[.．、](?![\d.．])"),
    ("num_paren_r", r"\d{1,2}\s*[)）]"),
    ("num_paren", r"[（(]\s*\d{1,2}\s*[)）]|[⑴-⒇]"),
    ("circle", r"[①-⑳]"),
    ("alpha_paren", r"[（(][a-z][)）]"),
    ("roman", r"(?:[ivx]{2,4}|[IVX]{2,4})[.)](?=\s)"),
    ("alpha", r"[a-z][.)](?=\s)"),
    ("ALPHA", r"[A-Z][.)](?=\s)"),
    ("bullet", r"[•·●○◆◇■□▪►➢✓](?=\s*\S)|[-–](?=\s+\S)"),
))
_DOT_DIGIT = re.compile(r"[.．、]\d")
_FLAG = re.compile(r"^[★▲※*#]+\s*")
_BULLET = re.compile(r"^[•·●○◆◇■□▪►\-–]\s+")
MODAL = re.compile(r"\b(shall|must|required|will be (?:required|rejected)|is to|are to|should)\b|必须|须(?!知)|(?<![响供相对适反效])应(?![用答])|不得|需(?!求)|严禁|"
                   r"不接受|不允许|至少|不少于|不低于|不超过|不高于",
                   re.I)
_SENTENCE_END = re.compile(r"[。；;！？!?]\s*$|[^.]\.\s*$")
_TOC_LINE = re.compile(r"(?:\.{3,}|…{2,}|\s{2,}|\t|\s)\d{1,3}\s*$")
CAPTION = re.compile(r"^((?:附)?表\s*[\d一二三四五六七八九十]+|附件\s*\d+|table\s+\d+(?:[-.]\d+)*)", re.I)
_POINTS_MARK = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]|\[\s*\d+\s*\]|\b\d+\s*points?\b", re.I)
LEAD_IN = re.compile(r"[:：]\s*$|\bthe following\b|\bas follows\b|以下|下列|如下", re.I)
_REFERENCE = re.compile(r"^(?:section|article|clause|part)\s+[\d.]+\s*(?:[a-z]|and\b|or\b)", re.I)  # wrapped mid-sentence
_HAN = re.compile(r"[\u4e00-\u9fff]")
WRAP_MARGIN = 0.2  # a paragraph break is wider than a wrapped line by more than this (in line heights)


@dataclass(frozen=True)
class Marker:
    scheme: str  # chapter | article | cn | cn_paren | dotted2.. | num_paren_r | num_paren | circle | alpha.. | roman
    label: str  # as printed, e.g. "1.1", "（一）", "a."
    body: str  # the text after it
    flag: str = ""  # ★ / ▲ marker in front


def marker(text: str) -> Marker | None:
    flag_m = _FLAG.match(text)
    flag = flag_m.group().strip() if flag_m else ""
    rest = text[flag_m.end():] if flag_m else text
    for name, pattern in MARKERS:
        m = pattern.match(rest)
        if m:
            label = m.group().strip()
            scheme = name
            if name in ("dotted", "num_dot"):  # "1." is depth 1 of the same family as "1.1" and "1.1.1"
                scheme = "dotted" + str(len(_DOT_DIGIT.findall(label)) + 1)
            return Marker(scheme, label, rest[m.end():].strip(), flag)
    return None


def _short(body: str) -> bool:
    return len(body) <= 30 if _HAN.search(body) else len(body.split()) <= 12


def looks_like_heading(text: str, m: Marker | None) -> bool:
    """A numbered line that names a section rather than saying something: short, no modal verb, no sentence end."""
    body = (m.body if m else text).strip()
    if m is not None and m.scheme == "chapter" and not body:
        return True  # "SECTION THREE" on its own line, its title on the next
    if _POINTS_MARK.search(body) and not CAPTION.match(body):
        return False  # a scoring item that names its points
    if not body or body.endswith(("。", "；", ";", ",", "，")) or MODAL.search(body):
        return False
    if m is not None and m.scheme in ("chapter", "article"):
        return len(body) <= 60
    if m is None:
        letters = re.sub(r"[^A-Za-z]", "", body)
        caps = len(letters) >= 6 and letters.isupper() and len(body.split()) <= 12
        return caps or bool(CAPTION.match(body) and len(body) <= 60)
    if body.endswith((".", "．")) and not _HAN.search(body):
        return False
    return _short(body) and not re.search(r"[。；;]", body)


def join_lines(blocks: list[Block]) -> list[Block]:
    """PDF lines back into paragraphs: a line continues the previous one unless it starts an item or a heading."""
    gaps = [round(b.gap, 1) for b in blocks if b.kind == "line" and 0.05 <= b.gap < 5]
    common = sorted(g for g in set(gaps) if gaps.count(g) >= 0.1 * len(gaps)) if gaps else []
    limit = (common[0] if common else 0.3) + WRAP_MARGIN  # wrapped lines: the tightest common spacing
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if b.kind != "line" or prev is None or prev.kind != "line":
            out.append(b)
            continue
        starts = (marker(b.text) is not None and not _REFERENCE.match(b.text)) or bool(_BULLET.match(b.text) or CAPTION.match(b.text))
        if b.page == prev.page:
            same = b.gap < limit
        else:  # across a page break: continue unless the last line ended a sentence
            same = not _SENTENCE_END.search(prev.text) and not looks_like_heading(prev.text, marker(prev.text))
        if same and not starts:
            glue = "" if re.search(r"[\u4e00-\u9fff，、：；（）“”]$", prev.text) else " "
            out[-1] = Block("line", prev.text + glue + b.text, page=b.page)
        else:
            out.append(b)
    return out


@dataclass(frozen=True)
class Unit:
    """One paragraph or table row with its place in the outline."""
    block: Block
    text: str  # as printed (with its number)
    marker: Marker | None
    heading: bool
    section: str  # the headings above it, outermost first, joined by " > "
    parent: str  # the paragraph it hangs under (a lead-in such as "the bidder shall provide:"), "" if none
    parent_label: str


def outline(blocks: list[Block]) -> list[Unit]:
    stack: list[tuple[str, str, bool, str]] = []  # (scheme, text, is heading, label)
    units: list[Unit] = []
    for b in join_lines(blocks):
        text = b.text.strip()
        if not text or b.style.lower().startswith("toc"):
            continue
        if b.kind == "row":
            units.append(Unit(b, text, None, False, _path(stack), *_parent(stack)))
            continue
        m = marker(text)
        if m is None and b.kind == "line" and _TOC_LINE.search(text) and looks_like_heading(_TOC_LINE.sub("", text), None):
            continue  # a contents line
        style_level = b.level if b.kind == "heading" else 0
        heading = bool(style_level) or looks_like_heading(text, m)
        if m is None and not heading:
            units.append(Unit(b, text, None, False, _path(stack), *_parent(stack)))
            if LEAD_IN.search(text):  # "... shall include the following:" heads the list after it
                _enter(stack, "lead")
                stack.append(("lead", text, False, ""))
            continue
        scheme = f"h{style_level}" if style_level and (m is None or m.scheme.startswith("dotted")) else (m.scheme if m else "caps")
        _enter(stack, scheme, bool(m and re.match(r"^(?:Section\s+)?[（(]?(?:1|一|a|A|i|I)\b|^[（(]?[1一aAiI]\s*[.．、)）]", m.label)))
        units.append(Unit(b, text, m, heading, _path(stack), *_parent(stack)))
        stack.append((scheme, text, heading, m.label if m else ""))
    return _items_not_headings(units)


def _items_not_headings(units: list[Unit]) -> list[Unit]:
    """A short numbered line followed by its next sibling (same scheme) is a list item, not a heading."""
    out = list(units)
    for i, u in enumerate(units):
        if not (u.heading and u.marker and u.marker.scheme not in ("chapter", "article") and not u.block.level):
            continue
        nxt = units[i + 1] if i + 1 < len(units) else None  # a table right under it: it is the table's heading
        if nxt is not None and nxt.marker is not None and nxt.marker.scheme == u.marker.scheme:
            out[i] = Unit(u.block, u.text, u.marker, False, u.section, u.parent, u.parent_label)
    return out


def _enter(stack: list, scheme: str, first: bool = False) -> None:
    """Close the levels a new item ends: its own scheme's earlier item and everything under it."""
    if scheme == "chapter":
        stack.clear()
        return
    if scheme.startswith("h"):
        level = int(scheme[1:])
        for i, (s, *_rest) in enumerate(stack):
            if s == "chapter" and level > 1:
                continue
            if s.startswith("h") and int(s[1:]) >= level or s == "chapter":
                del stack[i:]
                return
        return
    if scheme.startswith("dotted") and scheme not in (s for s, *_rest in stack) and not first:
        depth = int(scheme[6:])  # "2." after "1.3": close the deeper numbers; a list that starts at "1." nests instead
        for i, (s, *_rest) in enumerate(stack):
            if s.startswith("dotted") and int(s[6:]) > depth:
                del stack[i:]
                return
    for i, (s, *_rest) in enumerate(stack):
        if s == scheme:
            del stack[i:]
            return


def _path(stack: list) -> str:
    return " > ".join(text for _, text, heading, _ in stack if heading)


def _parent(stack: list) -> tuple[str, str]:
    if not stack:
        return "", ""
    _, text, _, label = stack[-1]
    return text, label
