"""How one person of an account is written differently across its notes, beyond what one note ties together: the
pinyin spelling of a Chinese name in an English note (`Jiayi Shen`, `Shen Jiayi` for 沈佳怡), an English name of a
Chinese colleague (`Howard Ouyang` for 欧阳昊), a two-character given name used alone (晓雯 for 苏晓雯) and an English
first name's short form (`Tom` for Thomas Baker, from the `nicknames` package's hand-curated list). Pure functions over
names, mentions and statement text."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from nicknames import NickNamer
from pypinyin import lazy_pinyin

from features.accounts.records import PersonMention
from nlp.people_ties import ah_owner, is_full_name
from nlp.text.first_names import sex_of
from nlp.text.names import han_surname
from nlp.text.seniority import title_clash
from nlp.text.surname_spellings import dialect_surname, given_spelled, spells

if TYPE_CHECKING:
    from collections.abc import Iterable

# what follows a given name used alone as a person: speech, a verb of telling, punctuation (晓雯说, 晓雯：, 晓雯也,
# 佩珊从怀疑变成支持)
_GIVEN_AFTER = r"(?=[说讲提问答认觉表透称发回也还又刚已会在那这的私主亲明再当随从对要想跟和把被让给，,。：:；;、\s]|$)"
_GIVEN_BEFORE = r"(?:^|[^\u4e00-\u9fff]|[和跟与给让请对向找问])"


@cache
def _nicknames() -> NickNamer:
    return NickNamer()


def short_form_of(form: str, first_name: str, opening: int = 3) -> bool:
    """`Tom` of Thomas, `Liz` of Elizabeth, `Bob` of Robert (and the other way round), `Bernie` of Bernadette, `Raj` of
    Rajesh: one first name's short form; an opening of `opening` letters or more counts (`Fi` of Fiona with 2, where
    the surname is shared too)."""
    if not (form.isascii() and first_name.isascii() and form.isalpha()) or form == first_name:
        return False
    names = _nicknames()
    if form.lower() in names.nicknames_of(first_name) or first_name.lower() in names.nicknames_of(form):
        return True
    # a pet form the list lacks: the first name's opening with -ie / -y (`Bernie` of Bernadette, `Cathy` of Catherine)
    stem = re.sub(r"(?:ie|y)$", "", form.lower())
    if stem != form.lower() and len(stem) >= 3 and first_name.lower().startswith(stem) and len(first_name) > len(stem) + 1:
        return True
    # the first name cut short (`Raj` of Rajesh, `Ric` of Ricardo): its opening of three letters or more
    return len(form) >= opening and first_name.lower().startswith(form.lower()) and len(first_name) >= len(form) + 2


def spelled_surname(surname: str) -> str:
    """沈 -> Shen: how English notes write a Chinese surname."""
    return "".join(lazy_pinyin(surname)).capitalize()


def given_pinyin(name: str) -> str:
    """周立新 -> Lixin: how English notes write a Chinese colleague's given name."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name):
        return ""
    return "".join(lazy_pinyin(name[len(han_surname(name)):])).capitalize()


def given_initials(name: str) -> str:
    """蔡俊杰 -> JJ: the initials of a two-character given name, as Malaysian and Singaporean colleagues write it."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{3}", name) or len(han_surname(name)) != 1:
        return ""
    return "".join(syllable[0].upper() for syllable in lazy_pinyin(name[1:]) if syllable)


def pinyin_spellings(mentions: Iterable[PersonMention]) -> dict[str, tuple[str, str]]:
    """{`Jiayi Shen` and `Shen Jiayi`: (沈佳怡, its surname)} for every Chinese full name the mentions hold."""
    out: dict[str, tuple[str, str]] = {}
    for m in mentions:
        if m.kind == "full" and given_pinyin(m.name):
            sur_py = spelled_surname(han_surname(m.name))
            for form in (f"{given_pinyin(m.name)} {sur_py}", f"{sur_py} {given_pinyin(m.name)}"):
                out.setdefault(form, (m.name, m.surname))
    return out


def cross_script_names(mentions: Iterable[PersonMention], together: set[frozenset[str]] = frozenset()) -> dict[str, tuple[str, str]]:
    """{`Howard Ouyang`: (欧阳昊, 欧阳)}, {`Jason Tan`: (陈国栋, 陈)}: a full name in Latin letters whose surname spells one
    Chinese full name's surname (pinyin or a dialect spelling, nlp/text/surname_spellings.py), when the account
    holds no other Chinese or English full name with that surname and no statement names both (`Alicia Ng (CFO), 黄志明
    (plant manager)` lists two people): a colleague's English name and Chinese name, one person."""
    han = {(m.name, m.surname) for m in mentions if m.kind == "full" and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", m.name)}
    latin = {m.name for m in mentions if m.kind == "full" and m.name.isascii() and " " in m.name}
    out: dict[str, tuple[str, str]] = {}
    for name in latin:
        sur = latin_surname(name)
        owners = [h for h in han if spells(han_surname(h[0]), sur)]
        if len(owners) > 1:  # namesakes: the one whose given name the other words spell (`Lim Chee Keong`: 林志强)
            given = [w for w in name.split() if w != sur]
            owners = [h for h in owners if given_spelled(h[0][len(han_surname(h[0])):], given)]
        if len(owners) == 1 and sum(latin_surname(n) == sur for n in latin) == 1 and frozenset((name, owners[0][0])) not in together:
            out[name] = owners[0]
    return out


def latin_surname(name: str) -> str:
    """The surname of a full name in Latin letters: the last word (`Jason Tan`), or the first of three when it spells
    a Chinese surname and the name is written in the Chinese order (`Lim Chee Keong`, `Tan Wei Ming`), not when the
    second word is a Western first name (`Lee Ann Smith`)."""
    words = name.split()
    if len(words) == 3 and dialect_surname(words[0]) and not dialect_surname(words[-1]) \
            and sex_of(words[1]) in ("unknown", "andy"):
        return words[0]
    return words[-1]


def spelled_as_han(mention: PersonMention, spelled: dict[str, tuple[str, str]]) -> PersonMention:
    """A full-name mention written in pinyin, as the Chinese full name it spells (else unchanged)."""
    if mention.kind == "full" and mention.name in spelled:
        name, surname = spelled[mention.name]
        return replace(mention, name=name, surname=surname)
    return mention


def ah_names(mentions: Iterable[PersonMention]) -> dict[str, tuple[str, str]]:
    """{阿坤 or Ah Kun: (郑坤, 郑)}: 阿 with the last character of one known Chinese full name, or `Ah` with that
    character's pinyin, is that person (a nickname colleagues use in the south and in Malaysia)."""
    mentions = list(mentions)
    han = sorted({m.name for m in mentions if m.kind == "full" and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", m.name)})
    out = {}
    for form in {m.form for m in mentions}:
        if owner := ah_owner(form, han) or _ah_dialect(form, han):
            out[form] = (owner, han_surname(owner))
    return out


def _ah_dialect(form: str, han: list[str]) -> str | None:
    """`Ah Wai` of 黄国伟: Ah with the Cantonese or Hokkien spelling of the given name's last character."""
    if not re.fullmatch(r"Ah [A-Z][a-z]+", form):
        return None
    owners = [n for n in han if is_full_name(n) and given_spelled(n[-1], [form[3:]])]
    return owners[0] if len(owners) == 1 else None


def given_names(people: Iterable) -> dict[str, list]:
    """{晓雯: [the people named 苏晓雯]}: two-character given names of the Chinese full names known in the account."""
    out: dict[str, list] = {}
    for p in people:
        if re.fullmatch(r"[\u4e00-\u9fff]{3,4}", p.name) and is_full_name(p.name) and len(p.name) - len(han_surname(p.name)) == 2:
            out.setdefault(p.name[len(han_surname(p.name)):], []).append(p)
    return out


def given_name_mentions(text: str, given: dict[str, list], written: set[str]) -> list[PersonMention]:
    """Mentions of a given name used alone in `text` (晓雯说), for given names only one known person carries and no form
    the statement already has holds."""
    out = []
    for tok, owners in given.items():
        if len(owners) == 1 and re.search(rf"{_GIVEN_BEFORE}{tok}{_GIVEN_AFTER}", text) and not any(tok in f for f in written):
            out.append(PersonMention(tok, "full", name=owners[0].name, surname=owners[0].surname))
    return out


def loose_nickname(m: PersonMention, flat: list) -> PersonMention:
    """`小孟` that one note joined to the only 孟 it names, as a nickname again when the account knows two full names
    with that surname: which of them it is, step 2 decides by seniority (老孟 the senior one, 小孟 the junior)."""
    if m.kind != "full" or not re.fullmatch(r"[老小][\u4e00-\u9fff]{1,2}", m.form):
        return m
    names = {x.name for _, _, x in flat if x.kind == "full" and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", x.name)
             and is_full_name(x.name) and han_surname(x.name) == m.form[1:]}
    return PersonMention(m.form, "nickname", surname=m.form[1:]) if len(names) > 1 else m


# capitalised words that are also the opening of a first name (`Dec` of Declan, `May` of Maya) or a common word
_NOT_SHORT_FORMS = set("Jan Feb Mar Apr May Jun June Jul July Aug Sep Sept Oct Nov Dec Mon Tue Wed Thu Fri Sat Sun Will Bill "
                       "Sue Art Rob Pat Don Mark Grant Rich Frank Hope Faith Joy Bob The This That".split())


def short_form_mentions(text: str, first_names: dict[str, str], written: set[str]) -> list[PersonMention]:
    """`Doug` in `Doug is clearly behind us now` where the account knows one Douglas (first_names: {first name: full
    name}): a first name's short form the note did not write beside the full name."""
    out = []
    for word in dict.fromkeys(re.findall(r"\b[A-Z][a-z]{2,}\b", text)):
        if word in written or word in first_names or word in _NOT_SHORT_FORMS:
            continue
        owners = {full for first, full in first_names.items() if short_form_of(word, first)}
        if len(owners) == 1:
            out.append(PersonMention(word, "surname", surname=word))
    return out


def loose_title(m: PersonMention, flat: list) -> PersonMention:
    """`冯总` that one note joined to the only 冯 it names (冯晓琳), as a titled form again when the account knows two
    full names with that surname and the joined one's role elsewhere names another title (仓储管理科科长): step 2 then
    gives it to the namesake the title fits (冯国梁, 总经理). Also when another note joined the same form to another
    namesake."""
    if m.kind != "full" or not m.title or m.form == m.name or not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", m.name):
        return m
    sur = han_surname(m.name)
    names = {x.name for _, _, x in flat if x.kind == "full" and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", x.name)
             and is_full_name(x.name) and han_surname(x.name) == sur}
    roles = {x.role for _, _, x in flat if x.kind == "full" and x.name == m.name and x.role}
    # two notes joined the form to two namesakes (宋总 to 宋立群 in one, to 宋佳, the only 宋 named, in another)
    torn = len({x.name for _, _, x in flat if x.kind == "full" and x.form == m.form and x.form != x.name}) > 1
    if len(names) > 1 and (torn or roles and all(title_clash(m.title, r) for r in roles)):
        return PersonMention(m.form, "title", surname=sur, title=m.title)
    return m


def tied_first(m: PersonMention, flat: list) -> PersonMention | None:
    """For `Jimmy Zhou`, the mention of Zhou Jianping that a note wrote as `Jimmy`: one other full name holding the
    surname that a note tied the first name to. For `Grace Lee`, 李美琪 that a note wrote as `李美琪 Grace`: the
    surname spelled as a Chinese one is (李 as Lee)."""
    parts = m.name.split()
    if not m.name.isascii() or len(parts) != 2:
        return None
    ties = {x.name: x for _, _, x in flat if x.kind == "full" and _latin_part(x.form) == parts[0] and x.name != m.name
            and (parts[1] in x.name.split() or re.fullmatch(r"[\u4e00-\u9fff]{2,4}", x.name)
                 and spells(han_surname(x.name), parts[1]))}
    return next(iter(ties.values())) if len(ties) == 1 else None


def _latin_part(form: str) -> str:
    """`Grace` of `李美琪 Grace` (and of `Grace`): the form without its Chinese characters."""
    return " ".join(re.sub(r"[\u4e00-\u9fff]+", " ", form).split())


def pet_first(m: PersonMention, flat: list) -> PersonMention | None:
    """For `Maggie Doyle`, the mention of Margaret Doyle: one other full name with the same surname whose first name is
    the longer form of this one's (`Maggie` of Margaret, `Tom` of Thomas, `Fi` of Fiona)."""
    parts = m.name.split()
    if not m.name.isascii() or len(parts) != 2:
        return None
    longer = {x.name: x for _, _, x in flat if x.kind == "full" and x.name.isascii() and len(x.name.split()) == 2
              and x.name.split()[1] == parts[1] and len(x.name.split()[0]) > len(parts[0])
              and short_form_of(parts[0], x.name.split()[0], opening=2)}
    return next(iter(longer.values())) if len(longer) == 1 else None


def gendered(form: str, people: list) -> list:
    """`Mr Pryce` of Gareth and Helen Pryce: the namesakes whose first name fits the title's sex (all when none does)."""
    want = "male" if re.match(r"Mr\b", form) else "female" if re.match(r"(?:Mrs|Ms|Miss)\b", form) else ""
    if not want:
        return people
    fits = [p for p in people if (sex_of(p.name.split()[0]) if p.name.isascii() else han_sex(p.name))
            in (want, "mostly_" + want)]
    return fits or people


# characters that mark a Chinese given name as a woman's or a man's in most names that carry them (our own short lists;
# a name with neither, or with both, stays unknown)
_HAN_FEMALE = set("珊丽美玲娟婷芳娜静燕霞萍莉洁琴梅兰凤雪月琳佩怡倩颖蓉妍媛嫣姗婉娴淑")
_HAN_MALE = set("强伟杰刚军勇辉斌涛鹏浩栋峰磊超彪雄虎龙豪坤")


def han_sex(name: str) -> str:
    """male / female from a Chinese full name's given-name characters, else unknown."""
    given = set(name[len(han_surname(name)):])
    female, male = bool(given & _HAN_FEMALE), bool(given & _HAN_MALE)
    return "female" if female and not male else "male" if male and not female else "unknown"


