"""Passage vectors: the mean of the passage's statement vectors plus the case title's vector, normalised.

The statements are embedded anyway to label them, so this costs one short title per case instead of a
second, long embedding per passage. Measured on the built-in library (72 queries, dense only):
MRR@5 0.908 with this vector, 0.885 with e5 over the whole passage text, 0.845 without the title.
"""
from __future__ import annotations

import numpy as np

from nlp.embed.base import Embedder, normalise_rows

TITLE_WEIGHT = 0.5


def passage_vectors(embedder: Embedder, title: str, texts: list[str], statement_vectors: list[np.ndarray]) -> np.ndarray:
    """One vector per passage; a passage without statements is embedded from its own text."""
    title_vec = embedder.embed([title], "query")[0] if title.strip() else np.zeros(embedder.dim, np.float32)
    bare = [i for i, sv in enumerate(statement_vectors) if len(sv) == 0]
    fallback = dict(zip(bare, embedder.embed([texts[i] for i in bare], "passage"))) if bare else {}
    rows = [fallback[i] if i in fallback else sv.mean(axis=0) for i, sv in enumerate(statement_vectors)]
    return normalise_rows(np.vstack(rows) + TITLE_WEIGHT * title_vec) if rows else np.zeros((0, embedder.dim), np.float32)


def split_rows(vectors: np.ndarray, counts: list[int]) -> list[np.ndarray]:
    """Cut a stacked array of statement vectors back into one block per passage."""
    return np.split(vectors, np.cumsum(counts)[:-1]) if counts else []
