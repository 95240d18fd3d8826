"""The trainer's picture of the library: one entry per story, need types a case is about, a chart and a map by topic.

A story told in two languages is one entry (shown in the reader's language where that version
exists). What a case is about by need type comes from index/case_needs.py: its curated "Needs
found" labels where the file has them, else a share of its statements. A case's text is shown as records
(ShownPassage) whose statement labels respect that curation; chart bars and map points are records too.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corpus.records import Case
from index.case_needs import curated
from index.library import Library
from index.records import Filters


@dataclass(frozen=True)
class ShownStatement:
    """A labelled statement of a case passage; `start`/`end` are offsets in the passage's text."""

    text: str
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class ShownPassage:
    section: str
    text: str
    statements: tuple[ShownStatement, ...]


@dataclass(frozen=True)
class NeedCount:
    """How many stories about a need type ended with an outcome: one bar segment of the library chart."""

    need: str
    outcome: str
    stories: int


@dataclass(frozen=True)
class MapPoint:
    """A story on the topic map."""

    id: str
    title: str
    x: float
    y: float
    outcome: str
    industry: str
    topic: str


def curated_needs(library: Library, case_id: str) -> frozenset[str] | None:
    """The need types the case file's own "Needs found" section lists, or None when it has no such section."""
    return curated([(p["section"] or "", p["text"]) for p in library.case_passages(case_id)])


def shown_passages(library: Library, case_id: str) -> list[ShownPassage]:
    """A case's passages in order with their labelled statements, as a reader is shown them.

    Where the case file has curated need labels, a statement never claims a need type the curation does
    not list (a case whose file says "Personal: none recorded" shows no personal lines).
    """
    passages = library.case_passages(case_id)
    allowed = curated([(p["section"] or "", p["text"]) for p in passages])
    return [ShownPassage(p["section"] or "", p["text"], tuple(
        ShownStatement(s["text"], s["label"] if allowed is None or s["label"] in allowed else "none",
                       s["start_char"], s["end_char"]) for s in p["statements"])) for p in passages]


def case_needs(library: Library, case_id: str) -> frozenset[str]:
    """What the case is about: curated labels where the file has them, else a share threshold on statements."""
    return library.case_needs().get(case_id, frozenset())


def story_cases(library: Library, filters: Filters = Filters(), lang: str = "en") -> list[Case]:
    """One case per story (the `lang` version where there is one) among cases of kind 'case' passing the filters.

    The need filter uses case_needs, not a count of statements: a case with one stray personal line is not "personal".
    """
    need = filters.need
    cases = library.cases(Filters(**{**filters.__dict__, "need": None}))
    about = library.case_needs()
    by_story: dict[str, list[Case]] = {}
    for c in cases:
        if c.kind in ("case", ""):
            by_story.setdefault(library.story_of(c.id), []).append(c)
    out = []
    for versions in by_story.values():
        shown = next((c for c in versions if c.language == lang), versions[0])
        if need and not any(need in about.get(c.id, ()) for c in versions):
            continue
        out.append(shown)
    return out


def need_summary(library: Library, cases: list[Case]) -> list[NeedCount]:
    """Rows of (need type, outcome, stories about it) over the given story entries."""
    about = library.case_needs()
    rows: dict[tuple[str, str], int] = {}
    for c in cases:
        for label in about.get(c.id, ()):
            key = (label, c.outcome or "unknown")
            rows[key] = rows.get(key, 0) + 1
    return [NeedCount(need, outcome, n) for (need, outcome), n in sorted(rows.items())]


def case_map(library: Library, cases: list[Case]) -> list[MapPoint]:
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
    return [MapPoint(c.id, c.title, float(x), float(y), c.outcome, c.industry, ", ".join(c.tags[:2]))
            for c, (x, y) in zip(keep, xy)]
