"""Requirement clauses from a tender's outline: each item once, with its number, section, kind, points and whether
failing it rejects the bid.

A paragraph or list item is a clause when it says what the bidder must do or will be scored on (modal verbs,
points), or when it is a list item under a lead-in or inside a requirement or scoring section. A paragraph
holding several obligations gives one row per sentence that states one. Tables are read row by row; the
header decides which column holds the number, the requirement and the points (tables.py).
"""
from __future__ import annotations

import re

from corpus.readers.blocks import Block
from features.tender.kinds import (
    DISQ,
    DISQ_CONTEXT,
    INFO,
    MANDATORY,
    POINTS_TEXT,
    REQ_CONTEXT,
    SCORE_CONTEXT,
    SCORED,
    Requirement,
    points_of,
)
from features.tender.structure import Unit, outline
from features.tender.tables import TableReader

SPLIT_MIN_CHARS = 100  # paragraphs shorter than this (Chinese; twice as many for other text) are not split
_HAN = re.compile(r"[\u4e00-\u9fff]")
IMPERATIVE = re.compile(r"^(?:[(（]?[\w.]{1,6}[)）.]\s+)?(?:provide|submit|include|list|describe|indicate|identify|complete|attach|"
                        r"demonstrate|explain|state|specify|supply|ensure|maintain|furnish|propose|detail|outline|discuss|"
                        r"present|upload|sign|deliver|certify|confirm)\b", re.I)
_MARKING = re.compile(r"\b(?:marked|flagged|identified) (?:with|as|by)?\s*(?:an? )?(?:asterisk|[\"“(*★▲]).{0,40}\b(?:are|is)\b|"
                      r"\brows marked\b|[“\"][^”\"]{1,8}[”\"]\s*(?:号|符号)?的(?:条款|参数|项目?|内容)?\s*(?:为|是|属于)", re.I)
_TOTAL = re.compile(r"满分\s*(?:为)?\s*100\s*分|总分\s*(?:为)?\s*100\s*分|\b(?:out of|total of|maximum of) 100 points\b|"
                    r"scored out of 100\b", re.I)
_PANEL = re.compile(r"^(?:[\w.()（）]{1,8}\s+)?(?:[^：:，,。]{1,12}[：:])?(?:评标委员会|评审委员会|评审小组|磋商小组|谈判小组|评标小组|评委|the (?:evaluation )?"
                    r"(?:panel|committee)|evaluators?\b|the sac\b|each sac\b)", re.I)
_DEFINITION = re.compile(r"系指|是指|\bshall mean\b|^\W*[“\"][^”\"]{1,30}[”\"]\s*means\b", re.I)
_INLINE_ITEM = re.compile(r"(?<=[:;：；])\s*(?=(?:\d{1,2}|[a-z])\)\s)")
_LEAD_IN_END = re.compile(r"(?:[:：]|\bthe following(?: \w+){0,3}\.?|\bas follows\.?|(?:以下|如下|下列)[\u4e00-\u9fff]{0,6}[。.]?)\s*$", re.I)
_LEAD_IN = re.compile(r"[:：]\s*$")
_SUB_SCHEMES = ("num_paren", "alpha_paren", "circle")
_SPLIT = re.compile(r"(?<=[。；;])|(?<=[a-z0-9)\]][.!?])\s+(?=[A-Z])")
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|no|vs|inc|ltd|co|u\.s|st|dr|mr|ms|min|max|approx)\.$", re.I)


def kind_of(text: str, context: str, lead_in_kind: str | None) -> str | None:
    """mandatory / scored / info from the text's own words, else from its lead-in, else from its section."""
    scoring_context = bool(SCORE_CONTEXT.search(context))
    if SCORED.search(text) and (scoring_context or not MANDATORY.search(text)) and points_of(text, scoring_context) is not None:
        return "scored"
    if re.search(r"加分|优先|\bpreferred\b|\bdesirable\b|additional credit|\bscore additional|\bwill score\b", text, re.I) and not MANDATORY.search(text) \
            and not IMPERATIVE.match(text):
        return "scored"
    if INFO.search(text) and not re.search(r"\b(?:shall|must)\b|必须|不得", text, re.I):
        return "info"
    if MANDATORY.search(text) or IMPERATIVE.match(text):
        return "mandatory"
    return lead_in_kind


def _depth(text: str) -> int:
    return sum(text.count(c) for c in "（([“") - sum(text.count(c) for c in "）)]”")


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph, never cut inside brackets or quotes; short pieces stay with the one before."""
    out: list[str] = []
    for piece in _SPLIT.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if out and (len(piece) < 8 or _ABBREV.search(out[-1]) or _depth(out[-1]) > 0):
            out[-1] += (" " if re.search(r"[A-Za-z.]$", out[-1]) else "") + piece
        else:
            out.append(piece)
    return out


def _obligation(sentence: str) -> bool:
    return bool(MANDATORY.search(sentence)) and not (_PANEL.match(sentence) and not DISQ.search(sentence)) \
        and not _DEFINITION.search(sentence)


def _split_obligations(body: str, kind: str) -> list[str]:
    """One row per sentence that states its own obligation; other sentences stay with the row before."""
    if kind == "scored":
        return [body]
    inline = [p.strip() for p in _INLINE_ITEM.split(body) if p.strip()]
    if len(inline) >= 3:  # "... the following: 1) ...; 2) ...; 3) ..." run together on one line
        return [inline[0] + " " + inline[1]] + inline[2:] if not MANDATORY.search(inline[0]) or len(inline[0]) < 20 \
            else inline
    if len(body) < SPLIT_MIN_CHARS * (1 if _HAN.search(body) else 2):
        return [body]  # a short clause stays whole even with two sentences
    rows: list[str] = []
    pending = ""  # sentences before the first obligation go with it
    parts = sentences(body)
    if any(MANDATORY.search(s) for s in parts) and not any(_obligation(s) for s in parts):
        return []  # only the evaluation panel's procedure
    for s in parts:
        if not _obligation(s):
            if rows:
                rows[-1] += s if re.search(r"[\u4e00-\u9fff。；]$", rows[-1]) else " " + s
            else:
                pending += s if re.search(r"[\u4e00-\u9fff。；]$", pending) or not pending else " " + s
            continue
        rows.append((pending + (" " if pending and not _HAN.search(pending[-1:]) else "") + s) if pending else s)
        pending = ""
    return rows or [body]


def _clause_number(u: Unit) -> str:
    m = u.marker
    if m is None:
        return u.parent_label if u.parent and not _LEAD_IN.search(u.parent) else ""
    if m.scheme in _SUB_SCHEMES and u.parent_label and re.match(r"^[\d.．]+$", u.parent_label):
        return u.parent_label.rstrip(".．") + m.label
    return m.label


def _lead_in_kind(u: Unit) -> str | None:
    """Items under "the bidder shall provide the following:" take the lead-in's force; items in a requirement or
    scoring section count too."""
    if u.parent and _LEAD_IN.search(u.parent) or re.search(r"\bfollowing\b|\binclude|以下|下列", u.parent, re.I):
        k = kind_of(u.parent, u.section, None)
        if k:
            return k
        if SCORE_CONTEXT.search(u.parent):
            return "scored" if points_of(u.text) is not None else "mandatory"
        if REQ_CONTEXT.search(u.parent):
            return "mandatory"
    if u.marker is None or re.match(r"dotted[2-9]", u.marker.scheme):
        return None  # numbered paragraphs (2.3.1) speak for themselves; only list items take their context
    context = u.section.split(" > ")[-1] + " " + u.parent  # the nearest heading and lead-in, not the whole path
    if SCORE_CONTEXT.search(context):
        return "scored" if points_of(u.text) is not None else "mandatory"
    if REQ_CONTEXT.search(context):
        return "mandatory"
    return None


def extract_requirements(blocks: list[Block]) -> list[Requirement]:
    out: list[Requirement] = []
    tables = TableReader()
    for u in outline(blocks):
        if u.block.kind == "row":
            out += tables.read(u, out)
            continue
        tables.caption(u)
        if u.heading:
            continue
        body = u.marker.body if u.marker else u.text
        if not body or len(body) < 4:
            continue
        lead = _lead_in_kind(u)
        kind = kind_of(body, u.section, lead)
        if kind is None or (u.marker is None and lead and not MANDATORY.search(body) and not SCORED.search(body)
                            and not (u.parent and _LEAD_IN.search(u.parent) and len(body) <= 200)):
            continue
        if _MARKING.search(body) or _TOTAL.search(body) or _DEFINITION.search(body) or (_PANEL.match(body) and not DISQ.search(body)):
            continue  # how requirements are marked, the points total, what the evaluation panel does
        if _LEAD_IN_END.search(body) and len(body) <= 150 and not (POINTS_TEXT[0].search(body) or POINTS_TEXT[3].search(body)):
            continue  # a lead-in gives its force to the items under it
        scoring = kind == "scored"
        clause = _clause_number(u)
        for n, text in enumerate(_split_obligations(body, kind)):
            text = f"{u.text[:len(u.text) - len(body)].strip()} {text}".strip() if n == 0 else text  # as printed
            k = kind_of(text, u.section, lead) or kind
            disq = k == "mandatory" and bool(DISQ.search(text) or DISQ_CONTEXT.search(u.section))
            out.append(Requirement(clause, u.section, text, k, points_of(text, scoring) if k == "scored" else None, disq))
    return out
