"""How senior a Chinese title or role reads, to tell namesakes in one note apart.

Two 冯 in one note: 老冯 is the senior one and 小冯 the junior (by the rank of their roles and titled forms: 总经理
above 主任 above 科长 above 工); 小冯 is never the one the note calls 冯总. A titled form is not the person the note
already knows under another title (`冯科长` and `冯总` are two people), while a title the role holds joins
(`冯总` is 冯国梁（总经理）, `葛工` is 葛宏伟（信息中心）, whose role names no title).
"""
from __future__ import annotations

import re

# rank 3: the head of the organisation or a 总-level leader; 2: head of a department; 1: a section or line manager
_RANKS = ((3, re.compile(r"董事长|理事长|社长|会长|总裁|总经理|行长|院长|局长|书记|厂长|校长|矿长|总(?!监|工)|CEO|主席")),
          (2, re.compile(r"总监|部长|处长|主任|总工|CIO|CTO|CFO|所长|站长|馆长|秘书长")),
          (1, re.compile(r"经理|科长|主管|组长|护士长|队长|班长")))
_TITLE = re.compile(r"总|主任|经理|处长|局长|部长|科长|院长|行长|书记|总监|厂长|校长|主管|组长|工|董|理事长|社长|会长")


def rank(text: str) -> int:
    """The highest rank a role or titled form shows (0: none)."""
    return max((r for r, pat in _RANKS if pat.search(text)), default=0)


# English role words that name a rank, as _TITLE's Chinese ones do
_TITLE_EN = re.compile(r"(?i)manager|director|engineer|head|chief|officer|chair|president|\bvp\b|\bc[eifot]o\b")


def names_title(role: str) -> bool:
    """Whether a role names a title or rank (`采购部经理`, `站长`, `QA Manager`), not only a field (`maintenance and IT`)."""
    return bool(_TITLE.search(role) or "长" in role or _TITLE_EN.search(role))


def title_clash(title: str | None, role: str | None) -> bool:
    """Whether a titled form's title (`总` of 冯总) cannot belong to a person whose role is `role`: the role names a
    title, and neither holds the other; or the role is English and its rank word stands for another of 总 / 经理 / 工 /
    总监 (`Service Manager` is no 李工)."""
    if not title or not role:
        return False
    if not _TITLE.search(role):
        # an English role: 李工 is not the 李 the note lists as `Service Manager`, nor 李经理 a `Lift Engineer`
        fits = {zh for en, zh in _EN_AS_ZH if re.search(en, role, re.I)}
        return bool(fits) and title in _EN_TITLES and title not in fits
    if title == "总" and _BOSS_ZH.search(role):  # a chairman or a founder is 林总 as often as 林董
        return False
    return title not in role and role not in title


_BOSS_ZH = re.compile(r"董事长|董事|主席|总裁|老板|创始人|(?i:\b(?:chair(?:man|woman|person)?|ceo|founder|owner|president)\b)")


# the Chinese titles an English rank word stands for, for title_clash: only these titles clash with an English role
# the English roles a 总 title stands for: a general manager, a chief executive, a chairman, a founder
EN_BOSS = (r"\b(?:general manager|managing director|md|gm|ceo|chief executive|president|chair(?:man|woman|person)?|"
           r"founder|owner)\b")
_EN_AS_ZH = ((EN_BOSS, "总"),
             (r"\bmanager\b", "经理"), (r"\bengineer\b", "工"), (r"\bdirector\b", "总监"), (r"\bdirector\b", "总"))
_EN_TITLES = {"总", "经理", "工", "总监"}


def by_seniority(people: list, junior: bool, describe) -> list:
    """The namesakes 小X (junior) or 老X (senior) can be: of several, the one of lowest or highest rank when that rank
    is one person's alone (else all, for the caller to leave undecided; one with no titled role ranks lowest); of one, none when 小X would be a 总-level
    leader. `describe(person)` gives the text whose titles rank the person (role and forms)."""
    ranks = [rank(describe(p)) for p in people]
    if len(people) == 1:
        return [] if junior and ranks[0] >= 3 else people
    if not people:
        return people
    edge = min(ranks) if junior else max(ranks)
    picked = [p for p, r in zip(people, ranks) if r == edge]
    return picked if len(picked) == 1 else people
