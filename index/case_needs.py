"""What a case is about, by need type: its curated labels where it has them, else a share of its statements.

A case file may carry a curated "Needs found" section with one sub-heading per need type (English
or Chinese headings); a sub-section saying "None recorded" lists nothing. Those labels win: a case
whose file records no personal need is not "personal" because the classifier coloured one line of
its story personal. Without that section, a case is about a need type when at least NEED_SHARE of
its statements carry the label. Pure functions over (section, text) pairs and label counts.
"""
from __future__ import annotations

import re

from nlp.records import NEED_LABELS

NEED_SHARE = 0.15
NEEDS_SECTION = re.compile(r"needs found|发现的需求", re.IGNORECASE)
_SUB = {"explicit": re.compile(r"explicit|显性", re.I), "organisational": re.compile(r"organi[sz]ational|组织", re.I),
        "personal": re.compile(r"personal|个人", re.I)}
_NONE = re.compile(r"none recorded|nothing recorded|^\W*none\W*$|未记录|^\W*无\W*$", re.IGNORECASE)


def curated(passages: list[tuple[str, str]]) -> frozenset[str] | None:
    """Need types listed under the case's "Needs found" section, or None when it has no such section."""
    found, seen = set(), False
    for section, text in passages:
        if not NEEDS_SECTION.search(section or ""):
            continue
        seen = True
        label = next((lab for lab, rx in _SUB.items() if rx.search(section.split(">")[-1])), None)
        body = re.sub(r"^[-*•\s]+", "", (text or "").strip())
        if label and body and not _NONE.search(body[:40]):
            found.add(label)
    return frozenset(found) if seen else None


def about(passages: list[tuple[str, str]], counts: dict[str, int], total: int) -> frozenset[str]:
    """Curated labels where present, else the need types holding at least NEED_SHARE of `total` statements."""
    labels = curated(passages)
    if labels is not None:
        return labels
    return frozenset(lab for lab in NEED_LABELS if total and counts.get(lab, 0) / total >= NEED_SHARE)
