"""BM25 over jieba tokens (Chinese) and word tokens (English): tokeniser, index build and scoring as plain arrays."""
from __future__ import annotations

import logging
import re

import numpy as np
from scipy import sparse

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_KEEP = re.compile(r"[\w\u4e00-\u9fff]")
STOP_EN = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the their there they this to was were "
    "will with we our us you your he she his her them which who what when how not but if into than then so".split()
)
STOP_ZH = frozenset("的 了 是 在 和 与 及 等 对 为 也 都 就 而 但 并 又 把 被 让 给 从 向 这 那 个 之 其 以 于 将 我 我们 他 他们 她 它 一个 有 没有".split())


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens; text with Han characters goes through jieba (English words inside it survive)."""
    text = text.lower()
    if _HAN.search(text):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        from nlp.text.jieba_dictionary import ready

        ready()  # jieba's dictionary from the compact copy: a fresh process searching in Chinese starts 0.3 s sooner
        toks = [t.strip() for t in jieba.lcut(text)]
        return [t for t in toks if t and _KEEP.search(t) and t not in STOP_ZH and t not in STOP_EN]
    return [t for t in _WORD.findall(text) if t not in STOP_EN]


K1, B = 1.2, 0.75


def counts(docs: list[list[str]], vocab: dict[str, int] | None = None) -> tuple[dict[str, int], sparse.csr_matrix]:
    """(vocabulary, term counts: one row per document) of token lists; new terms are added to `vocab` (a copy)."""
    vocab = dict(vocab or {})
    rows, cols, vals = [], [], []
    for i, toks in enumerate(docs):
        per: dict[int, int] = {}
        for t in toks:
            j = vocab.setdefault(t, len(vocab))
            per[j] = per.get(j, 0) + 1
        rows += [i] * len(per)
        cols += list(per)
        vals += list(per.values())
    shape = (len(docs), max(len(vocab), 1))
    return vocab, sparse.csr_matrix((np.array(vals, dtype=np.int32), (rows, cols)), shape=shape)


class BM25:
    """Okapi BM25 with document weights precomputed: a query's score is a sum of matrix columns."""

    def __init__(self, vocab: dict[str, int], weights: sparse.csr_matrix):
        self.vocab = vocab
        self.weights = weights.tocsc()  # columns are terms: fast to pick the query's terms
        # a term's best weight in any passage: the most it can add to a score, for coverage()
        self.term_max = self.weights.max(axis=0).toarray().ravel() if weights.nnz else np.zeros(weights.shape[1], np.float32)

    @classmethod
    def build(cls, docs: list[list[str]], k1: float = K1, b: float = B) -> BM25:
        return cls.from_counts(*counts(docs), k1=k1, b=b)

    @classmethod
    def from_counts(cls, vocab: dict[str, int], tf: sparse.csr_matrix, k1: float = K1, b: float = B) -> BM25:
        """The index of a term-count matrix (rows passages, columns `vocab`'s terms): the library-wide figures
        (passage count, mean length, document frequencies) come from the counts alone, so an index updated by a
        delta (index/keyword_counts.py) scores exactly as one built from every passage."""
        n = tf.shape[0]
        if n == 0 or tf.nnz == 0:
            return cls(vocab, sparse.csr_matrix(tf.shape, dtype=np.float32))
        tf = tf.tocoo()
        lengths = np.bincount(tf.row, weights=tf.data, minlength=n)  # a passage's length is its number of tokens
        avg = np.float32(max(float(lengths.sum()) / n, 1.0))
        df = np.bincount(tf.col, minlength=tf.shape[1]).astype(np.float32)
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        data = tf.data.astype(np.float32)
        norm = k1 * (1 - b + b * lengths.astype(np.float32)[tf.row] / avg)
        w = idf[tf.col] * data * (k1 + 1) / (data + norm)
        return cls(vocab, sparse.csr_matrix((w.astype(np.float32), (tf.row, tf.col)), shape=tf.shape))

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        cols = [self.vocab[t] for t in dict.fromkeys(query_tokens) if t in self.vocab]
        if not cols or self.weights.shape[0] == 0:
            return np.zeros(self.weights.shape[0], dtype=np.float32)
        return np.asarray(self.weights[:, cols].sum(axis=1)).ravel()

    def coverage(self, query_tokens: list[str]) -> np.ndarray:
        """Scores divided by the most the query's terms could score, in [0, 1] and comparable across queries.

        A query word the library never uses counts as fully informative and unmatched, so a query
        about something else (few of its words in any passage) keeps a low coverage everywhere.
        """
        terms = list(dict.fromkeys(query_tokens))
        if not terms or self.weights.shape[0] == 0:
            return np.zeros(self.weights.shape[0], dtype=np.float32)
        top = float(self.term_max.max()) if len(self.term_max) else 1.0
        bound = sum(float(self.term_max[self.vocab[t]]) if t in self.vocab else top for t in terms)
        return np.minimum(self.scores(terms) / max(bound, 1e-9), 1.0).astype(np.float32)

    def save(self, path_npz, path_vocab) -> None:
        import json

        w = self.weights.tocsr()
        with open(path_npz, "wb") as fh:
            np.savez(fh, data=w.data, indices=w.indices, indptr=w.indptr, shape=np.array(w.shape))
        with open(path_vocab, "w", encoding="utf-8") as fh:
            json.dump(self.vocab, fh, ensure_ascii=False)

    @classmethod
    def load(cls, path_npz, path_vocab) -> BM25:
        import json
        import zipfile

        try:
            z = np.load(path_npz, allow_pickle=False)
            w = sparse.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=tuple(z["shape"]))
        except (zipfile.BadZipFile, KeyError, EOFError) as err:  # a damaged archive: the caller offers repair
            raise ValueError(f"{path_npz} is damaged") from err
        with open(path_vocab, encoding="utf-8") as fh:
            return cls(json.load(fh), w)
