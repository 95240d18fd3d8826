"""What kind of requirement a tender sentence states: the words that make it mandatory, scored, informative or
disqualifying, how points are written, and the Requirement record. Shared by the clause reader (clauses.py)
and the table reader (tables.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from features.tender.structure import MODAL

_PARTY = r"(?:contractor|offeror|bidder|tenderer|supplier|vendor|consultant|proposer|applicant|respondent|provider)s?(?:\(s\))?"
MANDATORY = re.compile(MODAL.pattern + rf"|\b{_PARTY}\s+will\b|\bby the {_PARTY}|(?:中标人|成交供应商|供应商|投标人)(?:将|负责)|确保|保证(?!金)|"
                       r"★|\(M\)|（M）|\bat least\b|\bno (?:less|more) than\b|\bnot (?:less|more) than\b|"
                       r"\bnot exceed\b|\bmandatory\b|\bminimum\b|实质性|不高于|不大于", re.I)
SCORED = re.compile(r"\bpreferred\b|\bwill score\b|\bscored\b|\bdesirable\b|\bpoints?\b|\badditional credit\b|"
                    r"加分|优先|得\s*\d|评分|计分|分值|权重|扣\s*\d+(?:\.\d+)?\s*分|不得分", re.I)
POINTS_TEXT = (
    re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]"),
    re.compile(r"(?:满分|最高|最多|分值|总分)\s*[为:：]?\s*(\d+(?:\.\d+)?)\s*分"),
    re.compile(r"(\d+(?:\.\d+)?)\s*(?:points?|pts)\b", re.I),
    re.compile(r"\[\s*(\d+(?:\.\d+)?)\s*\]"),
)
_ANY_POINTS = re.compile(r"(\d+(?:\.\d+)?)\s*分")
SCORE_CONTEXT = re.compile(r"评分|评审|计分|打分|分值|得分|evaluation|scor|points|weight|criteria", re.I)
REQ_CONTEXT = re.compile(r"要求|资格|条件|评分|评审|审查|标准|参数|指标|需求|责任|验收|考核|\bacceptance\b|\bdeliverables?\b|\b(?:requirements?|qualifications?|criteria|"
                         r"specifications?|proposals?|submi\w+|contents?|format|scope|evaluation|checklist|responsibilit\w+|"
                         r"applications?|forms)\b", re.I)
DISQ = re.compile(r"★|实质性|废标|否决|无效投标|无效响应|投标无效|响应无效|拒绝|拒收|不予受理|取消.{0,6}资格|"
                  r"\breject|disqualif|non-?responsive|pass/fail|pass or fail|sole ground", re.I)
DISQ_CONTEXT = re.compile(r"资格要求|资格条件|资格审查|资格性|符合性|初步评审|实质性|★|pre-?qualif|minimum qualif", re.I)
INFO = re.compile(r"\boptional\b|\bif any\b|\bnot required\b|\bnot be required\b|become the property|at (?:its|their) own "
                  r"(?:cost|expense)|不收取|无需|不需要", re.I)

@dataclass(frozen=True)
class Requirement:
    clause: str
    section: str
    text: str
    kind: str  # mandatory | scored | info
    points: float | None = None  # what a scored item is worth, when the tender says
    disqualifying: bool = False  # failing it rejects the bid (★, 实质性, 废标, "will be rejected")


def points_of(text: str, scoring: bool = True) -> float | None:
    for pattern in POINTS_TEXT:
        m = pattern.search(text)
        if m:
            return _num(m.group(1))
    if scoring:
        values = [_num(v) for v in _ANY_POINTS.findall(text)]
        return max(values) if values else None
    return None


def _num(value: str) -> float | int:
    f = float(value)
    return int(f) if f.is_integer() else f
