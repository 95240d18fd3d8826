"""The decision chain of an account: the people merged across meetings (features/accounts/people.py), each with
role, layer (decision / management / execution), stance with evidence, and personal needs."""
from __future__ import annotations

import re

from features.accounts.cues import stance_of
from features.accounts.overrides import apply_overrides
from features.accounts.people import _Person, merge_people
from features.accounts.records import Meeting, Stakeholder, StoredStatement
from features.accounts.trend import person_trend

_DEPARTMENT_HEAD = re.compile(r"[部科处室中心].{0,2}(?:副)?总经理|[部科处室中心]副?总(?!工|监|裁)")
_DECISION = re.compile(r"\b(?:CEO|CFO|CIO|CTO|COO|CISO)\b|Chief|总工程师|总工|President|\bVP\b|Vice President|Managing Director|General Manager"
                       r"|Director General|Board|Chair|Owner|Founder|Minister|总经理|副总|总裁|董事|行长|局长|院长|书记|一把手|"
                       r"老总|^总$|分管", re.I)
_EXECUTION = re.compile(r"Engineer|Analyst|Specialist|Technician|Coordinator|Administrator|Admin|Architect|Buyer|"
                        r"工程师|专员|技术员|^工$|值班|运维员|操作员", re.I)
_MANAGEMENT = re.compile(r"Head|Director|Manager|Lead|Officer|Controller|Supervisor|Procurement|主任|经理|总监|处长|科长|"
                         r"部长|主管|负责人|组长|厂长", re.I)
_PRONOUN = re.compile(r"^\W*(?:he|she|his|her|him|they)\b|^\W*(?:他|她)", re.I)
_FINANCE = re.compile(r"CFO|financ|controller|treasur|财务|总会计师", re.I)


def layer_of(role: str) -> str:
    if not role:
        return "unknown"
    if _DEPARTMENT_HEAD.search(role):
        return "management"  # a department's general manager manages; the company's decides
    for layer, pattern in (("decision", _DECISION), ("execution", _EXECUTION), ("management", _MANAGEMENT)):
        if pattern.search(role):
            return layer
    return "unknown"


# what the notes say a person without a title does: signs off -> decision, runs the project -> management, operates
# and maintains -> execution (our own word lists; a layer named outright, 执行层, counts too)
_DEEDS = {
    "decision": re.compile(r"\bsigns? (?:it |the contract |the budget )?off\b|\bsign-off\b|\bapprov(?:es|al)\b|"
                           r"final (?:say|decision|word|approval)|\bdecides\b|decision[- ]maker|economic buyer|budget holder|"
                           r"(?:holds|owns|controls) the budget|signs the contract|\bboss\b|"
                           r"拍板|签字|审批|批预算|定预算|最终决定|决策层|说了算|一把手|签批|最后定|签合同|老板", re.I),
    "management": re.compile(r"\b(?:runs|manages|leads|heads|oversees|coordinates|supervises)\b|in charge of|"
                             r"project (?:lead|manager|owner)|responsible for|(?:his|her) (?:team|department|people)\b|"
                             r"负责|项目负责人|牵头|带队|管理|主抓|统筹|管着|手下", re.I),
    "execution": re.compile(r"\b(?:operates|maintains|configures|installs|troubleshoots|administers|looks after|handles)\b|"
                            r"hands-on|day-to-day|front[- ]line|on shift|night shift|does the (?:testing|integration|"
                            r"configuration|work)|运维|操作|维护|值班|执行层|一线|具体执行|具体操作|做测试|上手|干活|日常", re.I),
}


def layer_from_deeds(clauses: list[str]) -> str:
    """decision / management / execution from what the clauses naming a person say they do, else unknown: a decision
    cue (signs off, 拍板) wins; then hands-on work (运维, maintains) over a general charge (负责, runs), since the
    one says what the charge is ("负责运维" is execution)."""
    counts = {layer: sum(len(p.findall(c)) for c in clauses) for layer, p in _DEEDS.items()}
    if counts["decision"]:
        return "decision"
    if counts["execution"] or counts["management"]:
        return "execution" if counts["execution"] >= counts["management"] else "management"
    return "unknown"


def is_finance(role: str) -> bool:
    return bool(_FINANCE.search(role or ""))


def _subject(candidates: list[int], people: list[_Person], text: str) -> int:
    if len(candidates) == 1:
        return candidates[0]

    def first_at(i: int) -> int:
        found = [text.find(f) for f in people[i].forms if f and text.find(f) >= 0]
        return min(found) if found else len(text)
    return min(candidates, key=first_at)


def _own_clause(person: _Person, text: str) -> str:
    """The clause of a statement that names this person, when a statement speaks of several."""
    for clause in re.split(r"[;；。]|,\s+(?=[A-Z])|，", text):
        if any(f and f in clause for f in person.forms):
            return clause
    return ""


def stakeholders(meetings: list[Meeting], statements: list[list[StoredStatement]],
                 overrides: list[tuple[str, str, str]] = ()) -> tuple[list[Stakeholder], dict]:
    """The merged people (after the rep's merges and splits) with stance (latest attitude the notes show), evidence
    and personal needs."""
    people, hits = merge_people(meetings, statements)
    if overrides:
        people, hits = apply_overrides(people, meetings, list(overrides))
    # "He ..." / "她……" continues the person of the statement before
    for mi, sts in enumerate(statements):
        for prev, st in zip(sts, sts[1:]):
            if (mi, st.index) not in hits and (mi, prev.index) in hits and _PRONOUN.search(st.text):
                hits[(mi, st.index)] = hits[(mi, prev.index)][:1]
    out = []
    for n, p in enumerate(people):
        stance, evidence, personal, seen, moments = "unknown", [], [], [], []
        for mi, sts in enumerate(statements):
            for st in sts:
                if n not in hits.get((mi, st.index), []):
                    continue
                if meetings[mi].id not in seen:
                    seen.append(meetings[mi].id)
                own = _own_clause(p, st.text) if len(hits[(mi, st.index)]) > 1 else st.text
                s = stance_of(own) if own else None  # "the CIO moved to supporter; the CFO is neutral"
                if own:  # a trend reads the clause that names the person even when no one else was recognised in it
                    moments.append((mi, meetings[mi].date, _own_clause(p, st.text) or own, st.label))
                if s:
                    stance = s
                    evidence.append(f"{meetings[mi].date}: {st.text}")
                if _subject(hits[(mi, st.index)], people, st.text) != n:
                    continue  # a personal need in a statement about several people is the first-named one's
                if st.label == "personal" and st.text not in personal:
                    personal.append(st.text)
        role = p.role() or ("".join(sorted(p.titles)) if p.titles else "")
        trend, why = person_trend(moments)
        layer = layer_of(role)
        if layer == "unknown":  # no title to go by: what the notes say they do
            layer = layer_from_deeds([m[2] for m in moments])
        out.append(Stakeholder(p.name, role, layer, stance, tuple(evidence[-3:]), tuple(personal), tuple(seen),
                               tuple(p.forms), trend, why))
    return out, hits
