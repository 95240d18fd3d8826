"""Search ranking as a relevance in [0, 1]: candidate passages from both retrievers, scored by one logistic model.

Each candidate passage has two features: its cosine to the query after language centring
(index/centring.py) and its BM25 coverage (index/keywords.py, the share of the query's keyword
weight it matches). relevance = sigmoid(a * cosine + b * coverage + c) is the probability that the
passage's case is one the query is after: comparable across queries, low for off-topic queries,
and its order is the ranking (a weighted sum of the two features, not reciprocal ranks).
The weights were fitted by logistic regression on dev data only: the built-in cases split into a
one-language-per-story library, corpus/queries.jsonl and off-topic queries of our own
(bench/search_calibration.py prints the fit); dense and bm25 modes have their own one-feature fits.
"""
from __future__ import annotations

import numpy as np

MODES = ("hybrid", "dense", "bm25")
# (cosine weight, coverage weight, intercept) per mode; see bench/search_calibration.py
WEIGHTS = {"hybrid": (17.0, 3.0, -5.0), "dense": (18.8, 0.0, -5.0), "bm25": (0.0, 14.4, -3.4)}
# below this relevance the UI says "no close match": between off-topic and on-topic top scores on dev
NO_CLOSE_MATCH = 0.4


def relevance(cosine: np.ndarray, coverage: np.ndarray, mode: str = "hybrid") -> np.ndarray:
    a, b, c = WEIGHTS[mode]
    z = a * np.asarray(cosine, dtype=np.float64) + b * np.asarray(coverage, dtype=np.float64) + c
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
