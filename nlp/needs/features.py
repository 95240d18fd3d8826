"""Features for the needs classifier: sentence embedding, character n-gram TF-IDF, cue counts.

The TF-IDF vocabulary and weights are stored as JSON and arrays (never pickled) so a trained
model file cannot run code when it is loaded. Training fits them with scikit-learn; a loaded model applies
them with CharTfidf, a few lines of numpy that give scikit-learn's numbers, so analysing a note does not
import scikit-learn (with the pandas and scipy.stats it pulls in, most of a cold start's import time).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from nlp.records import LABELS
from nlp.text.phrases import PhraseHit, phrase_index

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

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
    from sklearn.feature_extraction.text import TfidfVectorizer  # training only

    vec = TfidfVectorizer(**TFIDF_PARAMS)
    vec.fit(texts)
    return vec


class CharTfidf:
    """A fitted char_wb TF-IDF (TFIDF_PARAMS: lowercase, n-grams 1-3 inside words, sublinear tf, l2) applied to texts."""

    _spaces = re.compile(r"\s\s+")

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray):
        self.vocabulary = vocabulary
        self.idf_ = np.asarray(idf, dtype=np.float64)
        self._low, self._high = TFIDF_PARAMS["ngram_range"]

    def grams(self, text: str) -> list[str]:
        """scikit-learn's char_wb analyser: each word padded with a space, a word shorter than n counted once."""
        out: list[str] = []
        for w in self._spaces.sub(" ", text.lower()).split():
            w = f" {w} "
            for n in range(self._low, self._high + 1):
                out.extend(w[i : i + n] for i in range(max(len(w) - n + 1, 1)))
                if len(w) <= n:
                    break
        return out

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        rows, cols, vals = [], [], []
        for r, text in enumerate(texts):
            counts: dict[int, int] = {}
            for g in self.grams(text):
                j = self.vocabulary.get(g)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if not counts:
                continue
            idx = np.fromiter(counts, dtype=np.int64, count=len(counts))
            w = (np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts))) + 1.0) * self.idf_[idx]
            rows.append(np.full(len(idx), r))
            cols.append(idx)
            vals.append(w / np.sqrt(w @ w))
        if not rows:
            return sparse.csr_matrix((len(texts), len(self.idf_)), dtype=np.float64)
        return sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                                 shape=(len(texts), len(self.idf_)))


def tfidf_from_state(vocabulary: dict[str, int], idf: np.ndarray) -> CharTfidf:
    return CharTfidf(vocabulary, idf)


def tfidf_state(vec: TfidfVectorizer) -> tuple[dict[str, int], np.ndarray]:
    return {k: int(v) for k, v in vec.vocabulary_.items()}, np.asarray(vec.idf_, dtype=np.float64)


def stack(emb: np.ndarray, tfidf: sparse.spmatrix, cues: np.ndarray, weights: dict[str, float]) -> sparse.csr_matrix:
    """One row per statement: the three blocks, each scaled by its weight."""
    return sparse.hstack(
        [sparse.csr_matrix(emb * weights["emb"]), tfidf * weights["tfidf"], sparse.csr_matrix(cues * weights["cues"])],
        format="csr",
    )
