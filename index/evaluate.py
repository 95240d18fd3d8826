"""Retrieval evaluation on corpus/queries.jsonl: recall@5, MRR@5, nDCG@10 for hybrid, dense-only and BM25-only.

Every query is also run across languages: restricted to the other language's cases, it must find
the other-language version of its case (an English query finds the Chinese case and the reverse).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from index.library import MODES, Library
from index.records import Filters


@dataclass(frozen=True)
class Query:
    text: str
    lang: str
    kind: str
    relevant: frozenset[str]


def load_queries(path: Path) -> list[Query]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                out.append(Query(d["query"], d.get("lang", ""), d.get("kind", ""), frozenset(d["relevant"])))
    return out


def recall_at(ranked: list[str], relevant: frozenset[str], k: int) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def hit_at(ranked: list[str], relevant: frozenset[str], k: int) -> float:
    return float(any(r in relevant for r in ranked[:k]))


def mrr_at(ranked: list[str], relevant: frozenset[str], k: int) -> float:
    for i, r in enumerate(ranked[:k], 1):
        if r in relevant:
            return 1.0 / i
    return 0.0


def ndcg_at(ranked: list[str], relevant: frozenset[str], k: int) -> float:
    dcg = sum(1.0 / math.log2(i + 1) for i, r in enumerate(ranked[:k], 1) if r in relevant)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(relevant), k) + 1))
    return dcg / ideal if ideal else 0.0


def _other(lang: str) -> str:
    return "zh" if lang == "en" else "en"


def evaluate_search(library: Library, queries: list[Query], modes=MODES) -> dict[str, dict[str, float]]:
    """Per mode: mean metrics over all queries, plus cross-language figures (the other language only)."""
    out = {}
    for mode in modes:
        sums = {"recall@5": 0.0, "hit@5": 0.0, "MRR@5": 0.0, "nDCG@10": 0.0, "xlang hit@5": 0.0, "xlang MRR@5": 0.0}
        for q in queries:
            # language versions of one case are one story: the unit a user looks for
            ranked = [library.story_of(h.id) for h in library.search(q.text, 10, Filters(), mode)]
            stories = frozenset(library.story_of(r) for r in q.relevant)
            sums["recall@5"] += recall_at(ranked, stories, 5)
            sums["hit@5"] += hit_at(ranked, stories, 5)
            sums["MRR@5"] += mrr_at(ranked, stories, 5)
            sums["nDCG@10"] += ndcg_at(ranked, stories, 10)
            other = _other(q.lang)
            rel = frozenset(r for r in q.relevant if r.endswith("-" + other)) or q.relevant
            xr = [h.id for h in library.search(q.text, 5, Filters(language=other), mode)]
            sums["xlang hit@5"] += hit_at(xr, rel, 5)
            sums["xlang MRR@5"] += mrr_at(xr, rel, 5)
        out[mode] = {m: v / len(queries) for m, v in sums.items()}
    return out


def report_search(results: dict[str, dict[str, float]], n: int) -> str:
    metrics = list(next(iter(results.values())))
    lines = [f"Retrieval on corpus/queries.jsonl ({n} queries, built-in library)", "",
             f"{'mode':8} " + " ".join(f"{m:>12}" for m in metrics)]
    for mode, vals in results.items():
        lines.append(f"{mode:8} " + " ".join(f"{vals[m]:12.3f}" for m in metrics))
    return "\n".join(lines)


def evaluate_heldout(library: Library, queries: list[Query], mode: str = "hybrid") -> dict[str, float]:
    """MRR@5 per query kind on a library of one-language cases, and how far off-topic top scores sit below on-topic ones.

    Kinds: same (query in the case's language), cross (the other language), keyword, offtopic (no relevant case).
    """
    from index.ranking import NO_CLOSE_MATCH

    per_kind: dict[str, list[float]] = {}
    tops_on, tops_off = [], []
    for q in queries:
        hits = library.search(q.text, 5, Filters(), mode)
        top = hits[0].score if hits else 0.0
        if not q.relevant:
            tops_off.append(top)
            continue
        tops_on.append(top)
        per_kind.setdefault(q.kind, []).append(mrr_at([h.id for h in hits], q.relevant, 5))
    on = [v for vals in per_kind.values() for v in vals]
    out = {"MRR@5": sum(on) / max(len(on), 1)}
    out.update({f"MRR@5 {k}": sum(v) / len(v) for k, v in sorted(per_kind.items())})
    if tops_on:
        out["top on-topic"] = sum(tops_on) / len(tops_on)
        out["on-topic >= no-match"] = sum(t >= NO_CLOSE_MATCH for t in tops_on) / len(tops_on)
    if tops_off:
        out["top off-topic"] = sum(tops_off) / len(tops_off)
        out["off-topic < no-match"] = sum(t < NO_CLOSE_MATCH for t in tops_off) / len(tops_off)
    if tops_on and tops_off:
        out["gap"] = out["top on-topic"] - out["top off-topic"]
    return out


def report_heldout(results: dict[str, dict[str, float]], n: int, n_cases: int) -> str:
    lines = [f"Retrieval on corpus/eval_library ({n} queries, {n_cases} one-language cases; targets: MRR@5 >= 0.85, "
             "cross >= 0.80, off-topic top score >= 0.25 below on-topic)", ""]
    for mode, vals in results.items():
        lines.append(f"{mode:8} " + "  ".join(f"{k} {v:.3f}" for k, v in vals.items()))
    return "\n".join(lines)
