"""The masking plan of a note that belongs to an account: the note's own people plus every person the account
knows from its earlier meetings, read through the accounts' view (`build_view`), so a person named only in
an earlier meeting is masked here too, with the same placeholder for all forms of one person.

Role-only forms the accounts feature merges into a person (`the CIO`, `信息中心主任`) are left out: roles stay.
"""
from __future__ import annotations

import re

from features.accounts.store import AccountStore
from features.accounts.view import build_view
from nlp.redact import Masking, plan_masking
from nlp.text.names import COMPOUND, SURNAMES, han_surname

_ROLE_WORDS = {"The", "Our", "Their", "Head", "Chief", "Director", "Manager", "Officer", "Lead", "Mr", "Mrs", "Ms",
               "Miss", "Dr", "Prof", "Eng", "Ing", "Sir", "Dame", "Vice", "President", "Senior", "Deputy", "Team"}


def is_name_form(form: str) -> bool:
    """A form that names someone (`Ines`, `Dr. Ferreira`, `周主任`, `老周`), not a role alone (`the CIO`, `采购部`)."""
    form = form.strip()
    han = re.sub(r"[^\u4e00-\u9fff]", "", form)
    if han:
        body = han[1:] if han[0] in "老小" and len(han) >= 2 else han
        return body.startswith(COMPOUND) or body[0] in SURNAMES
    words = re.findall(r"[A-Z][a-z]+(?:['-][A-Za-z]+)?", form)
    return any(w not in _ROLE_WORDS for w in words)


_ZH_TITLES = ("总", "工", "主任", "经理", "总监", "处长", "局长", "科长", "院长", "行长", "部长", "厂长", "书记", "老师", "矿长",
              "校长", "所长", "站长", "董事长")


def short_forms(name: str) -> tuple[str, ...]:
    """The short forms a later note may use for a full name the account knows: `Tom Baker` -> `Tom`, `Baker`;
    `周立新` -> `立新`, `周总`, `周主任`, `老周`, ... (a later meeting rarely repeats the full name)."""
    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name):
        sur = han_surname(name)
        if sur not in SURNAMES and sur not in COMPOUND:
            return ()
        given = name[len(sur):]
        return (*([given] if len(given) >= 2 else []), *(sur + t for t in _ZH_TITLES), "老" + sur, "小" + sur)
    words = name.split()
    if len(words) >= 2 and all(re.fullmatch(r"[A-Z][a-z]+(?:['-][A-Za-z]+)?", w) for w in (words[0], words[-1])):
        return tuple(w for w in (words[0], words[-1]) if w not in _ROLE_WORDS)
    return ()


def account_people(store: AccountStore, account: str) -> list[tuple[str, ...]]:
    """Every person the account knows, as the forms that name them (full name first)."""
    groups = []
    for person in build_view(store, account).stakeholders:
        named = [f for f in (person.name, *person.forms) if f and is_name_form(f)]
        forms = tuple(dict.fromkeys(named + [s for f in named for s in short_forms(f)]))
        if forms:
            groups.append(forms)
    return groups


def note_masking(text: str, lang: str, store: AccountStore | None = None, account: str | None = None) -> Masking:
    """The masking plan of `text`; with an account, its known people are masked too (see the module doc)."""
    known = account_people(store, account) if store is not None and account else ()
    return plan_masking(text, lang, known=known)
