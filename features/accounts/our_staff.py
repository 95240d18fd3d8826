"""Our own staff in an account's statements: the names some meeting showed on our side, and the forms that stand for
them in other meetings (a first name, a given name in pinyin, a titled form of our surname), taken out of the mentions
so the decision chain lists only the customer's people."""
from __future__ import annotations

import re
from dataclasses import replace

from features.accounts.name_forms import given_pinyin
from features.accounts.records import PersonMention, StoredStatement
from nlp.people_ties import is_full_name
from nlp.text.language import has_han
from nlp.text.names import han_surname


def without_our_people(statements: list[list[StoredStatement]], ours: set[str]) -> list[list[StoredStatement]]:
    """The statements with no mention of a person some meeting showed on our own side: our staff stay ours in a
    chat export or a transcript that does not say so again (`我方：赵一鸣` in one note, `赵一鸣 09:15` in the next), and
    a Chinese name whose given name in pinyin is one of ours (`ours: Wenjie` in one note, `许文杰:` in another), and a
    titled form of one of our surnames that no customer person holds (孔工 of our 孔令宇)."""
    if not ours:
        return statements
    # `陈凯文` and `Kelvin` of our `Kelvin 陈凯文`
    ours = ours | {w for n in ours if not n.isascii() and " " in n for w in n.split()}
    first = {n.split()[0] for n in ours if _latin(n)}  # `Anna` of our Anna Berg, `Tomasz Nowak` of our Tomasz
    # 孔工 of our 孔令宇, where no customer person the account names in full holds the surname
    theirs = {m.surname for sts in statements for st in sts for m in st.people if m.kind == "full" and m.name not in ours}
    our_surnames = {han_surname(n) for n in ours if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", n) and is_full_name(n)} - theirs

    def is_ours(m: PersonMention) -> bool:
        name = m.name or m.form
        # 许文杰 of our `Wenjie` in another note: a two-character given name only (our `Jun` is not the customer's 李军)
        spelled = given_pinyin(name) if m.kind == "full" and len(name) - len(han_surname(name)) == 2 else ""
        return m.form in ours or m.name in ours or (m.kind == "title" and m.surname in our_surnames) or (_latin(name) and m.kind in ("full", "surname") and (
            name in first or name.split()[0] in ours)) or bool(spelled and spelled in ours | first)
    def theirs(st: StoredStatement) -> StoredStatement:
        kept = tuple(m for m in st.people if not is_ours(m))
        return replace(st, people=kept) if len(kept) < len(st.people) else st
    return [[theirs(st) for st in sts] for sts in statements]


def _latin(name: str) -> bool:
    """A name in Latin letters, accents too (`Bence Tóth` of our `Bence`)."""
    return bool(name) and not has_han(name)
