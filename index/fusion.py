"""Ranking maths over (id, score) lists: weighted reciprocal rank fusion, grouping per case, marked snippets."""
from __future__ import annotations

import re
from functools import lru_cache

RRF_K = 60


def rrf(rankings: list[list[int]], weights: list[float], k: int = RRF_K) -> dict[int, float]:
    """Weighted reciprocal rank fusion: sum over lists of weight / (k + rank), rank from 1."""
    fused: dict[int, float] = {}
    for ranking, w in zip(rankings, weights):
        for rank, pid in enumerate(ranking, 1):
            fused[pid] = fused.get(pid, 0.0) + w / (k + rank)
    return fused


def group_by_case(scores: dict[int, float], case_of: dict[int, str], per_case: int = 2,
                  story_of: dict[str, str] | None = None, prefer: str | None = None,
                  language_of: dict[str, str] | None = None) -> list[tuple[str, float, list[int]]]:
    """Cases ranked by their best passage: (case id, best score, that case's best passage ids).

    With `story_of`, language versions of one case story form one group, shown as the version
    whose passage scored best, or as the version in the `prefer` language when it is among them.
    """
    story_of, language_of = story_of or {}, language_of or {}
    by_story: dict[str, list[tuple[float, int]]] = {}
    for pid, s in scores.items():
        cid = case_of.get(pid)
        if cid is None:  # an index that holds a passage the database lost: `check` reports it, search goes on
            continue
        by_story.setdefault(story_of.get(cid, cid), []).append((s, pid))
    out = []
    for items in by_story.values():
        items.sort(key=lambda x: (-x[0], x[1]))
        shown = case_of[items[0][1]]
        if prefer:
            shown = next((case_of[p] for _, p in items if language_of.get(case_of[p]) == prefer), shown)
        out.append((shown, items[0][0], [pid for _, pid in items if case_of[pid] == shown][:per_case]))
    out.sort(key=lambda x: (-x[1], x[0]))
    return out


def snippet(text: str, terms: list[str], width: int = 200) -> str:
    """A window of `text` around the first matching term, with every matching term marked **like this**."""
    text = " ".join(text.split())
    pattern = _pattern(tuple(terms))
    first = pattern.search(text) if pattern else None
    start = max(0, (first.start() if first else 0) - width // 3)
    end = min(len(text), start + width)
    window = text[start:end].replace("*", "\\*")
    if pattern:
        window = pattern.sub(lambda m: f"**{m.group(0)}**", window)
    return ("…" if start > 0 else "") + window + ("…" if end < len(text) else "")


@lru_cache(maxsize=64)
def _pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    """One regex for the terms; kept, since similar cases mark the same note's terms in every passage they show."""
    # one-letter and two-letter Latin tokens ("s" of "CEO's") would mark noise everywhere
    kept = sorted({t for t in terms if len(t) >= (3 if t.isascii() else 2)}, key=len, reverse=True)
    # Latin terms match whole words only ("net" is not marked inside "Internet"); Chinese has no word spaces
    parts = [rf"\b{re.escape(t)}\b" if t.isascii() else re.escape(t) for t in kept]
    return re.compile("|".join(parts), re.IGNORECASE) if kept else None
