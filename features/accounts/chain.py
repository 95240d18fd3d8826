"""The decision chain of an account: person mentions from all meetings merged into people (Dr. Ines Ferreira /
Ferreira / the CIO; 周立新 / 周主任 / 老周), each with role, layer, stance with evidence, and personal needs."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from features.accounts.cues import stance_of
from features.accounts.records import Meeting, PersonMention, Stakeholder, StoredStatement
from nlp.text.phrases import phrase_index

_TITLE_GROUP = {"副总经理": "总", "总经理": "总", "副总": "总", "老总": "总", "总": "总", "副总裁": "总", "总裁": "总",
                "工程师": "工", "工": "工"}
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


def is_finance(role: str) -> bool:
    return bool(_FINANCE.search(role or ""))


def canonical_roles(role: str) -> set[str]:
    return {h.key for h in phrase_index("stakeholders.json").find(role)} if role else set()


@dataclass
class _Person:
    name: str
    surname: str = ""
    roles: Counter = field(default_factory=Counter)
    titles: set = field(default_factory=set)
    forms: list = field(default_factory=list)
    hits: list = field(default_factory=list)  # (meeting index, statement index)

    def role(self) -> str:
        return self.roles.most_common(1)[0][0] if self.roles else ""

    def add(self, mention: PersonMention, where: tuple[int, int]) -> None:
        if mention.form not in self.forms:
            self.forms.append(mention.form)
        if mention.role:
            self.roles[mention.role] += 1
        if mention.title:
            self.titles.add(_TITLE_GROUP.get(mention.title, mention.title))
        self.hits.append(where)


def _fits(person: _Person, title: str) -> bool:
    group = _TITLE_GROUP.get(title, title)
    role = person.role()
    return group in person.titles or bool(role) and (title in role or (group == "总" and "总" in role and "总监" not in role)
                                                     or (group == "工" and "工程师" in role))


def _conflicts(person: _Person, title: str) -> bool:
    """A known role or title that says this is someone else (王工 is not the 采购部经理)."""
    known = bool(person.role()) or bool(person.titles)
    return known and not _fits(person, title)


class _Chain:
    def __init__(self):
        self.people: list[_Person] = []
        self.last_seen: dict[int, int] = {}  # person -> order of last mention, to break ties

    def by_name(self, name: str) -> _Person | None:
        return next((p for p in self.people if p.name == name), None)

    def pick(self, candidates: list[_Person], order: int) -> _Person:
        return max(candidates, key=lambda p: (self.last_seen.get(id(p), -1) if self.last_seen.get(id(p), -1) <= order else -1,
                                              len(p.hits)))


def merge_people(meetings: list[Meeting], statements: list[list[StoredStatement]]) -> tuple[list[_Person], dict]:
    """People from every meeting's mentions; also {(meeting index, statement index): [person index]}."""
    chain = _Chain()
    flat = [(mi, st.index, m) for mi, sts in enumerate(statements) for st in sts for m in st.people]
    for _mi, _si, m in flat:  # 1. full names make people
        if m.kind == "full":
            if chain.by_name(m.name) is None:
                chain.people.append(_Person(m.name, m.surname))
    # English first or last names alone, as known full names: rescan every statement for them
    tokens: dict[str, list[_Person]] = {}
    for p in chain.people:
        parts = p.name.split()
        if len(parts) >= 2:
            for tok in {parts[0], parts[-1]}:
                tokens.setdefault(tok, []).append(p)
    extra: list[tuple[int, int, PersonMention]] = []
    for mi, sts in enumerate(statements):
        for st in sts:
            written = {m.form for m in st.people}
            for tok, owners in tokens.items():
                if len(owners) == 1 and re.search(rf"\b{re.escape(tok)}\b", st.text) and \
                        not any(tok in f for f in written if owners[0].name in f or f == tok):
                    extra.append((mi, st.index, PersonMention(tok, "surname", surname=tok)))
    order = {}
    for n, (mi, si, _m) in enumerate(flat + extra):
        order[(mi, si)] = order.get((mi, si), n)
    hits: dict[tuple[int, int], list[int]] = {}

    def attach(p: _Person, m: PersonMention, mi: int, si: int) -> None:
        if p not in chain.people:
            chain.people.append(p)
        p.add(m, (mi, si))
        chain.last_seen[id(p)] = order.get((mi, si), 0)
        hits.setdefault((mi, si), [])
        if chain.people.index(p) not in hits[(mi, si)]:
            hits[(mi, si)].append(chain.people.index(p))

    for mi, si, m in flat:
        if m.kind == "full":
            attach(chain.by_name(m.name), m, mi, si)
    alias_of = {m.form: m.name for _, _, m in flat if m.kind == "alias" and chain.by_name(m.name)}
    for mi, si, m in flat:  # forms the notes themselves tie to a name: 王经理（王建国）, 叫他陈总
        if m.kind == "alias" and m.form in alias_of:
            attach(chain.by_name(m.name), m, mi, si)
    rest = sorted([x for x in flat if x[2].kind not in ("full", "alias")] + extra, key=lambda x: (x[0], x[1]))
    for mi, si, m in [x for x in rest if x[2].kind != "role"]:  # 2. surnames, titles, nicknames
        if m.form in alias_of:
            target = chain.by_name(alias_of[m.form])
        elif m.kind == "surname" and m.surname.isascii():
            same = [p for p in chain.people if m.surname in p.name.split()]
            if len(same) > 1 and m.role:  # namesakes told apart by the role written with the name: "Okafor (the CTO)"
                keys = canonical_roles(m.role) or {m.role.lower()}
                same = [p for p in same if canonical_roles(p.role()) & keys or p.role().lower() in keys] or same
            target = same[0] if len(same) == 1 else (chain.by_name(m.surname) or _Person(m.surname, m.surname))
        else:
            same = [p for p in chain.people if p.surname == m.surname]
            if m.title:
                fitting = [p for p in same if _fits(p, m.title)]
                named = [p for p in same if p.name != p.surname + _TITLE_GROUP.get(p.name[1:], p.name[1:])]
                # no one fits the title: the one namesake whose known role does not contradict it
                free = named if len(named) == 1 else [p for p in named if not _conflicts(p, m.title)]
                target = chain.pick(fitting, order.get((mi, si), 0)) if fitting else (free[0] if len(free) == 1 else None)
                if target is None:
                    key = m.surname + _TITLE_GROUP.get(m.title, m.title)
                    target = chain.by_name(key) or _Person(key, m.surname)
            else:
                target = chain.pick(same, order.get((mi, si), 0)) if same else \
                    (chain.by_name(m.form) or _Person(m.form, m.surname))
        attach(target, m, mi, si)
    for mi, si, m in [x for x in rest if x[2].kind == "role"]:  # 3. roles alone join the person holding the role
        keys = canonical_roles(m.role) or {m.role.upper()}
        holders = [p for p in chain.people if canonical_roles(p.role()) & keys or p.role().upper() == m.role.upper()]
        if len(holders) == 1:
            attach(holders[0], m, mi, si)
        elif not holders:
            attach(chain.by_name(m.role) or _Person(m.role, ""), PersonMention(m.form, "role", role=m.role), mi, si)
    return chain.people, hits


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


def stakeholders(meetings: list[Meeting], statements: list[list[StoredStatement]]) -> tuple[list[Stakeholder], dict]:
    """The merged people with stance (latest attitude the notes show), evidence and personal needs."""
    people, hits = merge_people(meetings, statements)
    # "He ..." / "她……" continues the person of the statement before
    for mi, sts in enumerate(statements):
        for prev, st in zip(sts, sts[1:]):
            if (mi, st.index) not in hits and (mi, prev.index) in hits and _PRONOUN.search(st.text):
                hits[(mi, st.index)] = hits[(mi, prev.index)][:1]
    out = []
    for n, p in enumerate(people):
        stance, evidence, personal, seen = "unknown", [], [], []
        for mi, sts in enumerate(statements):
            for st in sts:
                if n not in hits.get((mi, st.index), []):
                    continue
                if meetings[mi].id not in seen:
                    seen.append(meetings[mi].id)
                own = _own_clause(p, st.text) if len(hits[(mi, st.index)]) > 1 else st.text
                s = stance_of(own) if own else None  # "the CIO moved to supporter; the CFO is neutral"
                if s:
                    stance = s
                    evidence.append(f"{meetings[mi].date}: {st.text}")
                if _subject(hits[(mi, st.index)], people, st.text) != n:
                    continue  # a personal need in a statement about several people is the first-named one's
                if st.label == "personal" and st.text not in personal:
                    personal.append(st.text)
        role = p.role() or ("".join(sorted(p.titles)) if p.titles else "")
        out.append(Stakeholder(p.name, role, layer_of(role), stance, tuple(evidence[-3:]), tuple(personal), tuple(seen),
                               tuple(p.forms)))
    return out, hits
