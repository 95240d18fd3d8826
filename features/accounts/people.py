"""People of an account: the per-statement mentions of features/accounts/mentions.py merged across meetings into
people (Dr. Ines Ferreira / Ferreira / the CIO; 周立新 / 周主任 / 老周; Jiayi Shen / 沈佳怡 / 沈总)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from features.accounts.layers import is_finance
from features.accounts.mentions import canonical_roles, glued_latin
from features.accounts.name_forms import (
    ah_names,
    cross_script_names,
    gendered,
    given_initials,
    given_name_mentions,
    given_names,
    given_pinyin,
    latin_surname,
    loose_nickname,
    loose_title,
    pet_first,
    pinyin_spellings,
    short_form_mentions,
    short_form_of,
    spelled_as_han,
    tied_first,
)
from features.accounts.records import Meeting, PersonMention, StoredStatement
from nlp.people_ties import is_full_name
from nlp.text.names import han_surname
from nlp.text.seniority import EN_BOSS, by_seniority, names_title, title_clash
from nlp.text.surname_spellings import spells

# titles one person is called by interchangeably: a chairman is 邹董 in one note and 邹总 in the next
_TITLE_GROUP = {"副总经理": "总", "总经理": "总", "副总": "总", "老总": "总", "总": "总", "副总裁": "总", "总裁": "总",
                "董事长": "总", "董": "总", "工程师": "工", "工": "工"}


@dataclass
class _Person:
    name: str
    surname: str = ""
    roles: Counter = field(default_factory=Counter)
    titles: set = field(default_factory=set)
    forms: list = field(default_factory=list)
    hits: list = field(default_factory=list)  # (meeting index, statement index)
    at: dict = field(default_factory=dict)  # (meeting index, statement index) -> forms written there

    def role(self) -> str:
        """The role written most often; a bare title (总, 董, 工) only when nothing fuller was written."""
        fuller = [r for r, _ in self.roles.most_common() if len(r) > 1]
        return fuller[0] if fuller else (self.roles.most_common(1)[0][0] if self.roles else "")

    def add(self, mention: PersonMention, where: tuple[int, int]) -> None:
        if mention.form not in self.forms:
            self.forms.append(mention.form)
        if mention.role:
            self.roles[mention.role] += 1
        if mention.title:
            self.titles.add(_TITLE_GROUP.get(mention.title, mention.title))
        self.hits.append(where)
        self.at.setdefault(where, set()).add(mention.form)


def _fits(person: _Person, title: str, form: str = "") -> bool:
    """Whether the title fits what the person is called or does; a role that names the titled form itself (宋佳（跟宋总同姓）)
    speaks of someone else."""
    group = _TITLE_GROUP.get(title, title)
    role = person.role().replace(form, "") if form else person.role()
    return group in person.titles or bool(role) and (title in role or (group == "总" and ("总" in role and "总监" not in role
                                                                                        or re.search("董|主席|总裁", role)))
                                                     or (group == "工" and "工程师" in role)
                                                     or bool(_EN_TITLE.get(title)) and bool(_EN_TITLE[title].search(role)))


# a Chinese title and the English role words that hold it: 黄经理 is Winnie Wong (QA Manager)
_EN_TITLE = {"经理": re.compile(r"(?i)\bmanager\b"), "总监": re.compile(r"(?i)\bdirector\b"),
             "工": re.compile(r"(?i)\bengineer\b"),
             # 黄总 is the chairman or the chief executive (`Raymond Wong 黄志豪 - CEO`), not the head of fleet operations
             "总": re.compile(EN_BOSS, re.I)}


def _conflicts(person: _Person, title: str, form: str = "") -> bool:
    """A known title, or a role that names one, that says this is someone else (王工 is not the 采购部经理); a role
    naming no title (`maintenance and IT`) says nothing of it."""
    known = bool(person.titles) or names_title(person.role())
    return known and not _fits(person, title, form)


class _Chain:
    def __init__(self):
        self.people: list[_Person] = []
        self.last_seen: dict[int, int] = {}  # person -> order of last mention, to break ties

    def by_name(self, name: str) -> _Person | None:
        return next((p for p in self.people if p.name == name), None)

    def pick(self, candidates: list[_Person], order: int) -> _Person:
        return max(candidates, key=lambda p: (self.last_seen.get(id(p), -1) if self.last_seen.get(id(p), -1) <= order else -1,
                                              len(p.hits)))


def _settle_ties(flat: list) -> dict[str, PersonMention]:
    """{titled form: the mention to take} for the forms that notes tie to more than one full name: the one a statement
    ties by writing both (`林国栋，董事长，一般叫林董`), when only one is so tied; else the one whose role the title fits.
    The only 林 of a note takes its 林董 by surname alone, which another note's who-is-who may contradict."""
    names: dict[str, dict[str, PersonMention]] = {}
    stated: dict[str, set[str]] = {}
    roles: dict[str, set[str]] = {}
    written: dict[tuple[int, int], set[str]] = {}
    for mi, si, m in flat:
        written.setdefault((mi, si), set()).add(m.form)
    for mi, si, m in flat:
        if m.kind == "full" and m.form != m.name and m.title:
            names.setdefault(m.form, {}).setdefault(m.name, m)
            if m.name in written[(mi, si)]:
                stated.setdefault(m.form, set()).add(m.name)
        elif m.kind == "full" and m.role:
            roles.setdefault(m.name, set()).add(m.role)
    out = {}
    for form, by_name in names.items():
        if len(by_name) < 2:
            continue
        fits = [m for name, m in by_name.items() if name in stated.get(form, ())] or \
            [m for name, m in by_name.items() if not any(title_clash(m.title, r) for r in roles.get(name, ()))]
        if len(fits) == 1:
            out[form] = fits[0]
    return out


def merge_people(meetings: list[Meeting], statements: list[list[StoredStatement]]) -> tuple[list[_Person], dict]:
    """People from every meeting's mentions; also {(meeting index, statement index): [person index]}."""
    chain = _Chain()
    flat = [(mi, st.index, m) for mi, sts in enumerate(statements) for st in sts for m in st.people]
    # a titled form notes tie to two people (the only 林 of one note took 林董; another says 林国栋 is 林董)
    retied = _settle_ties(flat)
    flat = [(mi, si, loose_title(loose_nickname(m, flat), flat)) for mi, si, m in flat]
    # a form one note ties to a full name (`黄志明 (everyone calls him Ah Ming)`, `David Chua (蔡总)`) is that person in every note
    tied = {m.form: m for _, _, m in flat if m.kind == "full" and m.form != m.name}
    tied |= retied
    flat = [(mi, si, replace(m, kind="full", name=retied[m.form].name, surname=retied[m.form].surname)
             if m.kind in ("full", "title") and m.form in retied else m) for mi, si, m in flat]
    # the English half of a name a note wrote both ways (`Victor Lim` of `Victor Lim 林国栋`) is that person elsewhere
    glued = {latin: m for _, _, m in flat if m.kind == "full" and (latin := glued_latin(m.form))}
    tied |= {latin: m for latin, m in glued.items() if latin not in tied}
    flat = [(mi, si, replace(m, name=glued[m.name].name, surname=glued[m.name].surname) if m.kind == "full"
             and m.name in glued else m) for mi, si, m in flat]  # `Victor` that a note tied to Victor Lim
    # `Jimmy Zhou` where a note tied `Jimmy` to Zhou Jianping: the tied first name with a part of that full name
    # `Maggie Doyle` where another note wrote Margaret Doyle: the longer first name
    same_as = {m.name: t for _, _, m in flat if m.kind == "full" and m.form == m.name
               and (t := tied_first(m, flat) or pet_first(m, flat))}
    flat = [(mi, si, replace(m, name=same_as[m.name].name, surname=same_as[m.name].surname) if m.kind == "full"
             and m.name in same_as else m) for mi, si, m in flat]
    flat = [(mi, si, replace(m, kind="full", name=tied[m.form].name, surname=tied[m.form].surname) if m.form in tied and (
        m.kind in ("title", "nickname", "surname") or m.kind == "full" and m.form == m.name) else m) for mi, si, m in flat]
    ah = ah_names([m for _, _, m in flat])  # 阿坤 / Ah Kun of 郑坤
    flat = [(mi, si, replace(m, kind="full", name=ah[m.form][0], surname=ah[m.form][1]) if m.form in ah and
             (m.kind != "full" or m.name == m.form) else m) for mi, si, m in flat]
    named: dict[tuple[int, int], set[str]] = {}
    for mi, si, m in flat:
        named.setdefault((mi, si), set()).add(m.name)
    together = {frozenset((a, b)) for names in named.values() for a in names for b in names if a != b}
    cross = cross_script_names([m for _, _, m in flat], together)  # `Howard Ouyang` is the 欧阳昊 of another note
    spelled = pinyin_spellings([m for _, _, m in flat]) | cross
    flat = [(mi, si, spelled_as_han(m, spelled)) for mi, si, m in flat]  # `Jiayi Shen` is the 沈佳怡 of another note
    for _mi, _si, m in flat:  # 1. full names make people
        if m.kind == "full":
            if chain.by_name(m.name) is None:
                chain.people.append(_Person(m.name, m.surname))
    # English first or last names alone, as known full names: rescan every statement for them
    tokens: dict[str, list[_Person]] = {}
    for p in chain.people:
        parts = p.name.split() if p.name.isascii() else ["", given_pinyin(p.name)]
        if len(parts) >= 2 and parts[-1]:
            for tok in {parts[0], parts[-1]} - {""}:  # a Chinese name has no English first name
                tokens.setdefault(tok, []).append(p)
    for p in chain.people:  # `JJ` of 蔡俊杰
        if len(initials := given_initials(p.name)) == 2:
            tokens.setdefault(initials, []).append(p)
    # `Howard` alone is 欧阳昊 too, `Lily` of `Lily Wong 黄丽娟` where a note writes only Lily; not `Lim` of `Lim Chee Keong`
    def first_name(latin: str) -> str:
        return "" if " " not in latin or latin_surname(latin) == latin.split()[0] else latin.split()[0]
    english_first = {first: han for latin, (han, _) in cross.items() if (first := first_name(latin))}
    english_first |= {first: m.name for latin, m in glued.items() if (first := first_name(latin)) and first not in english_first}
    # `William` of `William Chan`, which a note tied to 陈伟明 (`William Chan 陈伟明 (MD)`)
    english_first |= {first: m.name for latin, m in tied.items() if latin.isascii() and not m.name.isascii()
                      and (first := first_name(latin)) and first not in english_first}
    for first, han in english_first.items():
        if chain.by_name(han) and chain.by_name(han) not in tokens.get(first, []):
            tokens.setdefault(first, []).append(chain.by_name(han))
    given = given_names(chain.people)  # 晓雯 of 苏晓雯
    firsts = {p.name.split()[0]: p.name for p in chain.people if p.name.isascii() and " " in p.name}  # `Doug` of Douglas
    extra: list[tuple[int, int, PersonMention]] = []
    token_words = set(tokens)
    for mi, sts in enumerate(statements):
        for st in sts:
            written = {m.form for m in st.people}
            extra += [(mi, st.index, m) for m in given_name_mentions(st.text, given, written)]
            extra += [(mi, st.index, m) for m in short_form_mentions(st.text, firsts, written | token_words)]
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
        if m.kind == "full" and chain.by_name(m.name):  # a given name alone, found by the rescan above
            target = chain.by_name(m.name)
        elif m.form in alias_of:
            target = chain.by_name(alias_of[m.form])
        elif m.kind == "surname" and m.surname.isascii():
            same = [p for p in chain.people if m.surname in p.name.split() or m.surname == given_pinyin(p.name)
                    or english_first.get(m.surname) == p.name or m.surname == given_initials(p.name)]
            if not same:  # `Tom` where only Thomas Baker is known: a first name's short form
                same = [p for p in chain.people if " " in p.name and short_form_of(m.surname, p.name.split()[0])]
            if not same:  # `Chairman Zhou` for 周立新, `The Bursar` for Siti Rahman (Bursar)
                same = [p for p in chain.people if not p.name.isascii() and spells(han_surname(p.name), m.surname)]
                if len(same) > 1 and len(fit := gendered(m.form, same)) == 1:  # `Ms Lim` of 林志强 and 林佩珊
                    same = fit
                same = same if len(same) == 1 else [p for p in chain.people if p.role().lower() == m.surname.lower()]
            if len(same) > 1 and m.role:  # namesakes told apart by the role written with the name: "Okafor (the CTO)"
                keys = canonical_roles(m.role) or {m.role.lower()}
                # else the one whose role is not known yet: `Dr Shah (Clinical Director)` is not Rakesh Shah (Head of Finance)
                same = [p for p in same if canonical_roles(p.role()) & keys or p.role().lower() in keys] or \
                    [p for p in same if not p.role()] or same
            if len(same) > 1:
                same = gendered(m.form, same)
            target = same[0] if len(same) == 1 else (chain.by_name(m.surname) or _Person(m.surname, m.surname))
        else:
            same = [p for p in chain.people if p.surname == m.surname]
            if not same and re.fullmatch(r"[\u4e00-\u9fff]{1,2}", m.surname or ""):  # 沈总 is Jiayi Shen when no 沈 is known
                same = [p for p in chain.people if p.name.isascii() and spells(m.surname, p.surname)]
            if m.title:
                fitting = [p for p in same if _fits(p, m.title, m.form)]
                named = [p for p in same if is_full_name(p.name)]  # 罗红梅, not a 罗总 standing for someone
                # no one fits the title: the one namesake whose known role does not contradict it
                free = named if len(named) == 1 else [p for p in named if not _conflicts(p, m.title, m.form)]
                target = chain.pick(fitting, order.get((mi, si), 0)) if fitting else (free[0] if len(free) == 1 else None)
                if target is None:
                    key = m.surname + _TITLE_GROUP.get(m.title, m.title)
                    target = chain.by_name(key) or _Person(key, m.surname)
            else:
                if m.kind == "nickname":  # 老周 is the senior 周, 小周 the junior one (and never 周总)
                    same = by_seniority(same, m.form.startswith("小"), lambda p: p.role() + " " + " ".join(sorted(p.titles)))
                target = chain.pick(same, order.get((mi, si), 0)) if same else \
                    (chain.by_name(m.form) or _Person(m.form, m.surname))
        attach(target, m, mi, si)
    for mi, si, m in [x for x in rest if x[2].kind == "role"]:  # 3. roles alone join the person holding the role
        keys = canonical_roles(m.role) or {m.role.upper()}
        holders = [p for p in chain.people if canonical_roles(p.role()) & keys or p.role().upper() == m.role.upper()]
        qualifier = set(re.findall(r"\b[A-Z][a-z]+\b", m.role)) - {"The", "Head", "Director", "Manager", "Lead"}
        if qualifier and len(holders) != 1:  # two operations directors: "the South Terminal director" is the South one
            head = m.role.split()[-1].lower()
            fits = [p for p in chain.people if head in p.role().lower() and qualifier & set(re.findall(r"\w+", " ".join(p.roles)))]
            holders = fits if len(fits) == 1 else holders
        if len(holders) == 1:  # the holder keeps the role written with the name (财务总监), not a side (财务那边)
            attach(holders[0], replace(m, role="") if holders[0].role() and re.search("那边|那头", m.role) else m, mi, si)
        elif not holders and is_finance(m.role) and (payer := _money_speaker(chain.people, statements)):
            attach(payer, m, mi, si)
        elif not holders:
            attach(chain.by_name(m.role) or _Person(m.role, ""), PersonMention(m.form, "role", role=m.role), mi, si)
    for latin, m in glued.items():  # `Kevin` of `Kevin葛宏伟：` is a form of 葛宏伟 though no note writes it alone
        if (p := chain.by_name(m.name)) and latin not in p.forms:
            p.forms.append(latin)
    return chain.people, hits


_MONEY_TALK = re.compile(r"budget|payments?\b|\bpay\b|invoice|set aside|预算|付款|付钱|资金|投入|回报|万元|报价", re.I)


def _money_speaker(people: list[_Person], statements: list[list[StoredStatement]]) -> _Person | None:
    """For a finance role standing alone that nobody holds (`The CFO`, `财务那边`): the one named person with no other
    role whose own statements set a budget or payment terms (`Kirsty has set aside £900,000`)."""
    by_at = {(mi, st.index): st for mi, sts in enumerate(statements) for st in sts}
    talk = [p for p in people if (is_full_name(p.name) or not p.name.isascii()) and (not p.role() or is_finance(p.role()))
            and any(h in by_at and (by_at[h].investment or _MONEY_TALK.search(by_at[h].text)) for h in p.hits)]
    return talk[0] if len(talk) == 1 else None


