"""Features for the needs classifier: sentence embedding, character n-gram TF-IDF, cue counts.

The TF-IDF vocabulary and weights are stored as JSON and arrays (never pickled) so a trained
model file cannot run code when it is loaded.
"""
from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from nlp.records import LABELS
from nlp.text.phrases import PhraseHit, phrase_index

TFIDF_PARAMS = dict(analyzer="char_wb", ngram_range=(1, 3), min_df=2, sublinear_tf=True, lowercase=True, max_features=40000)


def cue_hits(texts: list[str]) -> list[list[PhraseHit]]:
    index = phrase_index("cues.json")
    return [index.find(t) for t in texts]


def cue_matrix(hits: list[list[PhraseHit]]) -> np.ndarray:
    """Per statement, log(1 + number of cue phrases) for each label."""
    out = np.zeros((len(hits), len(LABELS)), dtype=np.float32)
    for i, row in enumerate(hits):
        for h in row:
            out[i, LABELS.index(h.key)] += 1
    return np.log1p(out)


def fit_tfidf(texts: list[str]) -> TfidfVectorizer:
    vec = TfidfVectorizer(**TFIDF_PARAMS)
    vec.fit(texts)
    return vec


def tfidf_from_state(vocabulary: dict[str, int], idf: np.ndarray) -> TfidfVectorizer:
    params = {k: v for k, v in TFIDF_PARAMS.items() if k not in ("min_df", "max_features")}
    vec = TfidfVectorizer(vocabulary=vocabulary, **params)
    vec.idf_ = idf
    return vec


def tfidf_state(vec: TfidfVectorizer) -> tuple[dict[str, int], np.ndarray]:
    return {k: int(v) for k, v in vec.vocabulary_.items()}, np.asarray(vec.idf_, dtype=np.float64)


def stack(emb: np.ndarray, tfidf: sparse.spmatrix, cues: np.ndarray, weights: dict[str, float]) -> sparse.csr_matrix:
    """One row per statement: the three blocks, each scaled by its weight."""
    return sparse.hstack(
        [sparse.csr_matrix(emb * weights["emb"]), tfidf * weights["tfidf"], sparse.csr_matrix(cues * weights["cues"])],
        format="csr",
    )
