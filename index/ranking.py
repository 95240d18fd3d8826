"""Search ranking as a relevance in [0, 1]: candidate passages from both retrievers, scored by one logistic model.

Each candidate passage has three features: its cosine to the query after language centring
(index/centring.py), its BM25 coverage (index/keywords.py, the share of the query's keyword weight
it matches) and whether it is in the other language than the query. Keywords cannot match across
languages, so coverage only counts in the query's language and the model learns what an
other-language passage is owed for the keyword evidence it could never show:
relevance = sigmoid(a * cosine + b * coverage * same_language + c * other_language + d)
is the probability that the passage's case is one the query is after: comparable across queries,
low for off-topic queries, and its order is the ranking. Fitted by logistic regression on dev data
only (bench/search_calibration.py --fit): the built-in cases split into two one-language-per-story
libraries, corpus/queries.jsonl and off-topic queries of our own. MRR@5 on those dev libraries
(overall / cross-language): 0.892 / 0.831 and 0.887 / 0.801, against 0.884 / 0.809 and 0.850 / 0.749
with coverage counted in every language and 0.880 / 0.812 and 0.862 / 0.773 dense only.
"""
from __future__ import annotations

import numpy as np

MODES = ("hybrid", "dense", "bm25")
# (cosine, coverage in the query's language, other language, intercept) per mode; see bench/search_calibration.py
WEIGHTS = {"hybrid": (17.71, 11.92, 1.25, -5.9), "dense": (19.12, 0.0, 0.0, -5.1), "bm25": (0.0, 12.13, 0.0, -3.09)}
# below this relevance the UI says "no close match": the threshold that best separates off-topic from
# on-topic top scores on the dev libraries (bench/search_calibration.py "best threshold": 0.50, 0.45, 0.45)
NO_CLOSE_MATCH = 0.45


def relevance(cosine: np.ndarray, coverage: np.ndarray, other: np.ndarray | None = None, mode: str = "hybrid") -> np.ndarray:
    """The relevance of each candidate passage; `other` marks passages not in the query's language."""
    a, b, c, d = WEIGHTS[mode]
    other = np.zeros(len(cosine)) if other is None else np.asarray(other, dtype=np.float64)
    z = a * np.asarray(cosine, dtype=np.float64) + b * np.asarray(coverage, dtype=np.float64) * (1 - other) + c * other + d
    return 1.0 / (1.0 + np.exp(-z))


def merge_candidates(dense_ids: np.ndarray, dense_scores: np.ndarray, keyword_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The union of both retrievers' passage ids, and a mask of those whose cosine is still unknown."""
    ids = np.concatenate([dense_ids, keyword_ids[~np.isin(keyword_ids, dense_ids)]]).astype(np.int64)
    known = np.zeros(len(ids), dtype=bool)
    known[: len(dense_ids)] = True
    return ids, ~known


def top_positive(scores: np.ndarray, depth: int) -> np.ndarray:
    """Positions of the `depth` highest positive scores, best first."""
    if len(scores) == 0:
        return np.zeros(0, dtype=np.int64)
    k = min(depth, len(scores))
    part = np.argpartition(-scores, k - 1)[:k]
    part = part[np.argsort(-scores[part], kind="stable")]
    return part[scores[part] > 0]
