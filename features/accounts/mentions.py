"""Who a note's statements name, as mentions an account can merge: from the one person finder (nlp/people.py: full
names, short forms, titles, pronouns, forms the note ties together, roles alone), each statement gets the people it
speaks of (form, kind, full name when known, surname, title, role), our own side left out."""
from __future__ import annotations

import re
from collections.abc import Sequence

from features.accounts.records import PersonMention
from nlp.people import find_people
from nlp.people_ties import is_full_name, role_mentions
from nlp.records import Need, Person
from nlp.text.names import COMPOUND, ORG_WORDS, SURNAMES, han_surname
from nlp.text.phrases import phrase_index
from nlp.text.senders import STAMP_AHEAD

_ROLE_SHORT = {"FD": "finance director", "MD": "managing director"}  # not in stakeholders.json: `FD` is also a fixed deposit


def canonical_roles(role: str) -> set[str]:
    """{CFO} of `Finance Director`, `the FD`, `财务总监`: the stakeholder keys a written role stands for."""
    role = _ROLE_SHORT.get(re.sub(r"^the\s+", "", role.strip()), role) if role else role
    return {h.key for h in phrase_index("stakeholders.json").find(role)} if role else set()


# a speaker naming their own role in their own turn or e-mail: `A few points from my side as FD`, `my first season as
# CFO`, `I'm the plant manager here`, `我是这边的财务总监`
_OWN_ROLE = re.compile(r"\b(?:as|I'm|I am)\s+(?:the\s+|our\s+|your\s+)?((?:[A-Z]{2,4})|(?:[A-Z][a-z]+\s+){0,2}(?:Director|Manager|"
                       r"Officer|Controller|Head|Lead))\b(?!\s+(?:of\s+)?(?:[A-Z][a-z]+|said|says|asked|wants))|我是(?:这边的|这里的|厂里的|院里的)?"
                       r"([\u4e00-\u9fff]{0,6}(?:总监|经理|主任|科长|处长|部长|厂长|院长|总会计师|负责人))")


def speaker_roles(needs: Sequence[Need], people: list[Person]) -> dict[int, PersonMention]:
    """Per statement index: a mention of the customer speaker who names their own role in it (`Graham Sills: ... from
    my side as FD`), so the role joins that person and a role alone elsewhere (`the FD`) finds them."""
    by_name = {p.name: p for p in people}
    out = {}
    for i, n in enumerate(needs):
        person = by_name.get(n.speaker or "")
        m = _OWN_ROLE.search(n.statement.text) if person and n.side == "customer" else None
        role = (m.group(1) or m.group(2)) if m else ""
        if role and (canonical_roles(role) or re.search(r"[\u4e00-\u9fff]", role)):
            full = _full(person)
            out[i] = mention_of(person.name, full, role)
    return out


_ZH_FORM = re.compile(rf"([老小])?({'|'.join(COMPOUND)}|[{SURNAMES}])(副(?:院长|厂长|局长|处长|科长|行长|部长|主任|总监|经理|书记|矿长|校长|所长|"
                      r"站长|馆长|厅长)|副总经理|总经理|副总裁|总裁|副总|总监|总工|总会计师|经理|主任|处长|局长|部长|科长|院长|行长|书记|主管|"
                      r"工程师|老师|博士|组长|厂长|矿长|校长|所长|站长|馆长|厅长|董事长|理事长|社长|会长|董|秘书长|主席|老总|总|工)?")
_ROLE_WORD = re.compile(r"(?i)head|chief|director|manager|lead|officer|\bvp\b|\bc[eiotf]o\b|engineer|analyst|specialist|"
                        r"controller|buyer|treasur|procurement|architect|admin|coordinator|supervisor|president|chair|founder|"
                        r"owner|\bgm\b|minister|\bfinance\b|purchasing|\blegal\b|\bIT\b|\bops\b|operations|\bHR\b|bursar|treasurer|registrar|"
                        r"principal|secretary|superintendent|comptroller|\bdean\b|(?:总|经理|主任|总监|处长|科长|部长|局长|行长|院长|书记|工程师|主管|"
                        r"负责人|组长|厂长|专员|董事长|校长|矿长|站长|所长|馆长|厅长|秘书长|主席|总裁|工|部|科|处|室|办|中心)$")
_OUR_SIDE = re.compile(r"我方|我司|our side|our team|from us|\bours\s*:|on our side|(?:^|[;；|])\W*(?:us|we)\s*[:：]", re.I)
# a speaker's label in front of a statement on its line ("- 郑科：", "Gareth Lloyd: ", "[Priya] "): the statement is
# theirs, so the person belongs to it although the statement's own text starts after the label
_SPEAKER_LABEL = re.compile(r"[\s\-*•·>\d.、)]*" + STAMP_AHEAD + r"(?:[^\s：:\[\]，,。][^：:\[\]，,。\n]{0,22}"
                            r"(?:[（(][^）)\n]{1,30}[）)])?\s*[：:]|\[[^\]\n]{1,24}\])\s*")  # `宋立群（老宋，总经理）：`


_DEPARTMENT = r"财务|技术|信息|采购|运营|运维|生产|销售|市场|人事|行政|法务|审计|网络|IT"  # 财务韩总监: the department before a title


def _role(text: str, person: Person) -> str:
    parts = [p.strip() for p in re.split(r"[，;；]|,(?! ?(?:[A-Z][a-z]+ ?){1,2}$)", person.role or "")]  # keeps "Ops Director, North"
    # the first part that is a role, not another name or title form of the person: `刘志强，IT总监`, `钟总, 工厂总经理`
    role = next((p for p in parts if _ROLE_WORD.search(p) and not _ZH_FORM.fullmatch(p) and not is_full_name(p)), parts[0])
    for a, b in person.mentions:  # the role written before a Chinese name: 网络部主任周立新, 财务韩总监
        before = re.split(r"[、，。：；:;,（）()\s和与及跟同对让请由被向给约找问见陪带]", text[max(0, a - 12):a])[-1]
        titled = _ZH_FORM.fullmatch(text[a:b])
        if titled and titled.group(3) and re.fullmatch(_DEPARTMENT, before):
            before += titled.group(3)  # 财务 + 总监
        if len(before) > len(role) and re.search(r"[\u4e00-\u9fff]", before) and _ROLE_WORD.search(before):
            role = before
    if any(f.endswith(role) and f != role for f in person.forms):
        return ""  # a bare title (总, 主任 of 周主任) is the form's title, not a role the note wrote
    return role if _ROLE_WORD.search(role) else ""


def _full(person: Person) -> str:
    return next((f for f in (person.name, *person.forms) if is_full_name(f) or re.search(r"[A-Za-z].*[\u4e00-\u9fff]", f)), "")


def glued_han(name: str) -> str:
    """The Chinese full name of a name written both ways (`Victor Lim 林国栋` -> 林国栋), else ""."""
    if not re.search(r"[A-Za-z]", name):
        return ""
    han = [h for h in re.findall(r"[\u4e00-\u9fff]{2,4}", name) if is_full_name(h)]
    return han[0] if len(han) == 1 else ""


def glued_latin(name: str) -> str:
    """The English part of a name written both ways (`Victor Lim 林国栋` -> Victor Lim), else ""."""
    return re.sub(r"\s+", " ", re.sub(r"[\u4e00-\u9fff]+", " ", name)).strip() if glued_han(name) else ""


def mention_of(form: str, full: str, role: str) -> PersonMention:
    """One written form as a mention: kind full when the note ties it to a full name, else title, nickname, surname."""
    zh = _ZH_FORM.fullmatch(form)
    title = zh.group(3) or "" if zh else ""
    if full:
        # `Victor Lim 林国栋`, `林美玲 Meiling`: one person under the Chinese name; merge_people ties the English one to it
        han = glued_han(full)
        full = han or full
        surname = han_surname(full) if re.match(r"[\u4e00-\u9fff]", full) else full.split()[-1]
        return PersonMention(form, "full", name=full, surname=surname, title=title, role=role)
    if zh and zh.group(1):
        return PersonMention(form, "nickname", surname=zh.group(2), role=role)
    if zh and title:
        return PersonMention(form, "title", surname=zh.group(2), title=title, role=role)
    return PersonMention(form, "surname", surname=form.split()[-1], role=role)


# a part of an attendee line (between semicolons) that names one of our own jobs lists our people: `…; Dan, Felix,
# Anja (our bid manager)`. Not `(our champion)`, `(our sponsor)`: customers on our side
_OUR_JOB = re.compile(r"\bour (?:bid|account|sales|solutions?|project|pre-?sales|delivery|partner|engineers?|architects?|"
                      r"consultants?|team|side|AM|SE|CSM)\b|我方|我司", re.I)


def _ours(text: str, person: Person) -> bool:
    """Every mention stands after 我方 / our side on its line, or in a part of an attendee line that names one of our
    own jobs: one of our own people."""
    def ours_at(a: int) -> bool:
        line_start = text.rfind("\n", 0, a) + 1
        line_end = text.find("\n", a) if text.find("\n", a) >= 0 else len(text)
        before, after = text[line_start:a], text[a:line_end]
        cut = max(before.rfind(";"), before.rfind("；"))  # the part of the line this mention stands in
        if _OUR_SIDE.search(before[cut + 1:] if cut >= 0 else before):  # `我方：…` / `us: …` heads its own part only
            return True
        part = before[cut + 1:] + re.split(r"[;；]", after)[0]
        return cut >= 0 and bool(_OUR_JOB.search(part))
    return all(ours_at(a) for a, _ in person.mentions)


def mentions_in(text: str) -> tuple[PersonMention, ...]:
    """The customer people one piece of text names, as mentions (for a statement read on its own)."""
    return statement_mentions(text, find_people(text), [(0, len(text))], set())[0]


def statement_mentions(text: str, people: list[Person], spans: list[tuple[int, int]], ours: set[str],
                       pasted: str | None = None) -> list[tuple]:
    """For each statement span of a note, the customer people it names or refers to, and the roles standing alone.

    `pasted`: the note as pasted, before its markup was blanked (same offsets), whose table rows tie a row's cells
    to the person in its first cell."""
    # `Nordhavn` of `Nordhavn Telecom` is the company, however the model tagged it
    theirs = [p for p in people if p.name not in ours and not _ours(text, p) and not (" " not in p.name and re.search(
        rf"\b{re.escape(p.name)} (?:{'|'.join(ORG_WORDS)})\b", text))]
    named = [(a, b) for p in people for a, b in p.mentions]
    roles = [r for r in role_mentions(text) if not any(a - 3 <= r[1] <= b + 1 or r[2] == a for a, b in named)]
    out = []
    for start, end in spans:
        found: list[PersonMention] = []
        line_start = text.rfind("\n", 0, start) + 1
        if _SPEAKER_LABEL.fullmatch(text[line_start:start]):
            start = line_start
        for p in theirs:
            full, role = _full(p), _role(text, p)
            for a, b in p.mentions:
                if start <= a < end:
                    found.append(mention_of(text[a:b], full, role))
            if any(start <= a < end for a, _ in p.references) and not any(start <= a < end for a, _ in p.mentions):
                found.append(mention_of(full or p.name, full, role))  # a pronoun: the person, no new form
        row_start = pasted.rfind("\n", 0, start) + 1 if pasted else line_start
        if pasted and pasted[row_start:row_start + 1] == "|":
            line_start = row_start  # the row, which blanking cut into one line per cell
        if not found and line_start < start:
            # a later sentence of a who-is-who line that names no one is still about the person the line opens with
            # (`- 蔡淑芬，财务总监。一开始嫌贵，额度批下来以后口气缓和多了，算中立。`), and so is a later cell of a
            # table row that opens with a person (`| 阿辉 | Delivery supervisor | Sceptic |`)
            opener = next((p for p in theirs for a, _ in p.mentions
                           if line_start <= a <= line_start + 4 and not text[line_start:a].strip(" \t\n-*•·|")), None)
            if opener is not None:
                found.append(mention_of(_full(opener) or opener.name, _full(opener), _role(text, opener)))
        for role, a, b in roles:
            if start <= a < end and not _OUR_SIDE.search(text[text.rfind("\n", 0, a) + 1:a]):
                found.append(PersonMention(text[a:b], "role", title=role, role=role))
        out.append(tuple(dict.fromkeys(found)))
    return out
