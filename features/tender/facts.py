"""Key facts of a tender for the top of the matrix: deadline, validity, bond, period, budget, method, points split.

Each fact is the first sentence (or table row) in document order that names the fact and carries a value of
the right shape (a date, a duration, an amount, points); the value is that sentence, clipped, with the
clause number it sits under. Patterns are by meaning, in Chinese and English, not by document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.readers.blocks import Block
from features.tender.structure import join_lines

_DATE = r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4})"
_DAYS = r"(\d+\s*(?:个)?(?:日历天|天|日|个月|月|年)|\d+\s*(?:calendar\s+)?(?:days|months|years)|[一二三四五六七八九十两]+\s*(?:年|个月)|\(\d+\)\s*(?:days|months|years))"
_MONEY = r"(\d[\d,.]*\s*(?:万元|元|亿元)|[￥¥$]\s*\d[\d,.]*|(?:USD|US\$|EUR|GBP)\s*\d[\d,.]*|人民币[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元整]+|\d[\d,.]*\s*(?:dollars|USD))"
_PTS = r"(\d+(?:\.\d+)?\s*(?:分|points?)|\[\s*\d+\s*\])"
FACTS: tuple[tuple[str, str, str], ...] = (
    # name, what names the fact, what its value looks like
    ("bid_deadline", r"截止时间|截止日期|递交截止|投标截止|due\b|deadline|no later than|must be received|closing date",
     _DATE),
    ("bid_validity", r"(?:投标|响应|报价|磋商|谈判)(?:文件)?有效期|valid for|remain valid|validity|irrevocable", _DAYS),
    ("bid_bond", r"投标保证金|磋商保证金|响应保证金|bid bond|bid security|offer guarant|proposal guarant|bid guarant",
     _MONEY + r"|不收取|无需|免收|not required|no .{0,20}(?:bond|guarant)|percent|%"),
    ("contract_period", r"服务期限|合同期限|服务期|合同期|履约期限|配送期限|contract term|term of (?:the )?contract|initial term|"
     r"contract period|period of performance|term of", _DAYS + r"|至\s*" + _DATE + r"|止"),
    ("budget", r"预算|最高限价|最高投标限价|控制价|限价|采购金额|budget|not[- ]to[- ]exceed|maximum (?:contract )?(?:amount|value)",
     _MONEY),
    ("evaluation_method", r"综合评分|最低评标价|最低价|性价比|评标办法|评审办法|most advantageous|best value|lowest (?:responsive|responsible|price)"
     r"|competitive negotiat|qualifications[- ]based", r"."),
    ("price_points", r"价格|报价|商务部分为|price|cost|fee", _PTS),
    ("technical_points", r"技术", _PTS),
    ("commercial_points", r"商务", _PTS),
)
_COMPILED = [(n, re.compile(a, re.I), re.compile(v, re.I)) for n, a, v in FACTS]
_SENT = re.compile(r"(?<=[。；;!?！？])|(?<=[.])\s+(?=[A-Z(])")
_NUM = re.compile(r"^\s*([（(]?[\d一二三四五六七八九十]{1,3}(?:[.．]\d{1,3})*[)）.．、]?)")
MAX_VALUE = 160
_PRICE = re.compile(r"价格|报价|\bprice\b|\bcost\b|\bfees?\b", re.I)
_TECH = re.compile(r"技术|\btechnical\b", re.I)
_COMM = re.compile(r"商务|\bcommercial\b", re.I)


@dataclass(frozen=True)
class KeyFact:
    name: str
    value: str
    clause: str
    source: str = ""  # the whole paragraph or row it came from

    def as_dict(self, with_source: bool = False) -> dict:
        d = {"name": self.name, "value": self.value, "clause": self.clause}
        return d | {"source": self.source} if with_source else d


def _units(blocks: list[Block]) -> list[tuple[str, str]]:
    """(clause number, text) for each paragraph and table row, PDF lines joined into paragraphs."""
    out = []
    for b in join_lines(blocks):
        text = (b.number + " " + b.text).strip() if b.number else b.text
        m = _NUM.match(text)
        out.append((m.group(1).strip() if m and b.kind != "row" else (b.cells[0] if b.kind == "row" and b.cells else ""), text))
    return out


def _near(about: re.Pattern, value: re.Pattern, sentence: str, window: int = 40) -> bool:
    """The value comes after the words that name the fact, close enough to belong to them."""
    for a in about.finditer(sentence):
        if value.search(sentence[a.start(): a.end() + window]):
            return True
    return False


def key_facts(blocks: list[Block], reqs=()) -> list[KeyFact]:
    found: dict[str, KeyFact] = {}
    for clause, text in _units(blocks):
        for sentence in (s.strip() for s in _SENT.split(text)):
            if not sentence:
                continue
            for name, about, value in _COMPILED:
                if name in found or not _near(about, value, sentence, 60 if name.endswith("_points") else 40):
                    continue
                if name == "bid_validity" and _COMPILED[2][1].search(sentence):
                    continue  # `a bid bond ..., valid for 30 days`: the bond's validity, not the bid's
                if name.endswith("_points") and not re.search(r"评分|评审|分值|满分|points?|score|weight|%|\[|为\d+分|（\d+分）", sentence, re.I):
                    continue
                found[name] = KeyFact(name, sentence[:MAX_VALUE], clause, text)
    for r in reqs:  # a points split the text never states in one sentence: the scoring rows themselves
        for name, about in (("price_points", _PRICE), ("technical_points", _TECH), ("commercial_points", _COMM)):
            if name not in found and r.kind == "scored" and r.points is not None and about.search(r.text[:50]):
                found[name] = KeyFact(name, r.text[:MAX_VALUE], r.clause, r.text)
    order = [n for n, _, _ in FACTS]
    return sorted(found.values(), key=lambda f: order.index(f.name))
