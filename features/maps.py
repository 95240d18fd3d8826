"""The trainer's picture of the library: one entry per story, need types a case is about, a chart and a map by topic.

A story told in two languages is one entry (shown in the reader's language where that version
exists). A case is about a need type when its curated "Needs found" section lists one (the case
file's own labels win), else when at least NEED_SHARE of its statements carry that label.
"""
from __future__ import annotations

import re

import numpy as np

from corpus.records import Case
from index.library import Library
from index.records import Filters
from nlp.records import NEED_LABELS

NEED_SHARE = 0.15  # without curated labels: share of a case's statements that makes it "about" a need type
_NEEDS_SECTION = re.compile(r"needs found|发现的需求", re.IGNORECASE)
_SUB = {"explicit": re.compile(r"explicit|显性", re.I), "organisational": re.compile(r"organi[sz]ational|组织", re.I),
        "personal": re.compile(r"personal|个人", re.I)}
_NONE = re.compile(r"none recorded|nothing recorded|^\W*none\W*$|未记录|^\W*无\W*$", re.IGNORECASE)


def curated_needs(library: Library, case_id: str) -> frozenset[str] | None:
    """The need types the case file's own "Needs found" section lists, or None when it has no such section."""
    found, seen = set(), False
    for p in library.case_passages(case_id):
        section = p["section"] or ""
        if not _NEEDS_SECTION.search(section):
            continue
        seen = True
        sub = section.split(">")[-1]
        label = next((lab for lab, rx in _SUB.items() if rx.search(sub)), None)
        body = re.sub(r"^[-*•\s]+", "", p["text"].strip())
        if label and body and not _NONE.search(body[:40]):
            found.add(label)
    return frozenset(found) if seen else None


def case_needs(library: Library, case_id: str, counts: dict[str, int] | None = None) -> frozenset[str]:
    """What the case is about: curated labels where the file has them, else a share threshold on statements."""
    curated = curated_needs(library, case_id)
    if curated is not None:
        return curated
    counts = counts if counts is not None else library.need_counts().get(case_id, {})
    total = len(library.statements(case_id))
    return frozenset(lab for lab in NEED_LABELS if total and counts.get(lab, 0) / total >= NEED_SHARE)


def story_cases(library: Library, filters: Filters = Filters(), lang: str = "en") -> list[Case]:
    """One case per story (the `lang` version where there is one) among cases of kind 'case' passing the filters.

    The need filter uses case_needs, not a count of statements: a case with one stray personal line is not "personal".
    """
    need = filters.need
    cases = library.cases(Filters(**{**filters.__dict__, "need": None}))
    by_story: dict[str, list[Case]] = {}
    for c in cases:
        if c.kind in ("case", ""):
            by_story.setdefault(library.story_of(c.id), []).append(c)
    counts = library.need_counts() if need else {}
    out = []
    for versions in by_story.values():
        shown = next((c for c in versions if c.language == lang), versions[0])
        if need and not any(need in case_needs(library, c.id, counts.get(c.id)) for c in versions):
            continue
        out.append(shown)
    return out


def need_summary(library: Library, cases: list[Case]) -> list[dict]:
    """Rows of (need type, outcome, stories about it) over the given story entries."""
    counts = library.need_counts()
    rows: dict[tuple[str, str], int] = {}
    for c in cases:
        for label in case_needs(library, c.id, counts.get(c.id)):
            key = (label, c.outcome or "unknown")
            rows[key] = rows.get(key, 0) + 1
    return [{"need": k[0], "outcome": k[1], "stories": v} for k, v in sorted(rows.items())]


def case_map(library: Library, cases: list[Case]) -> list[dict]:
    """Each story at a 2-D point by topic: principal components of the language-centred case vectors."""
    ids, vecs = library.case_vectors()
    row = {cid: i for i, cid in enumerate(ids)}
    keep = [c for c in cases if c.id in row]
    if len(keep) < 3:
        return []
    # a story's point is the mean of its versions, so the two languages of one story sit together
    groups: dict[str, list[int]] = {}
    for cid in ids:
        groups.setdefault(library.story_of(cid), []).append(row[cid])
    mat = np.vstack([vecs[groups[library.story_of(c.id)]].mean(axis=0) for c in keep])
    centred = mat - mat.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    xy = centred @ vt[:2].T
    return [{"id": c.id, "title": c.title, "x": float(x), "y": float(y), "outcome": c.outcome, "industry": c.industry,
             "topic": ", ".join(c.tags[:2])} for c, (x, y) in zip(keep, xy)]
