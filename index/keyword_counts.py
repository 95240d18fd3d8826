"""The keyword index's term counts, kept beside each generation so that a write updates BM25 by its delta.

A generation stores, next to the BM25 weights (index/keywords.py), the raw term counts of every passage
(`bm25_tf.npz`, rows aligned with `bm25_pids.npy`, columns with the vocabulary of `bm25.json`). A write
then drops the rows of the passages it removed or replaced, counts only the passages it added, and
recomputes the weights from the counts (BM25.from_counts: vectorised, no tokens read again), instead of
splitting and counting the tokens of the whole library. Terms no passage holds any more leave the
vocabulary, and rows stay in passage-id order, so the result equals a build from every passage.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
from scipy import sparse

from index.keywords import counts

FILE = "bm25_tf.npz"


def save(path: Path, tf: sparse.csr_matrix) -> None:
    tf = tf.tocsr()
    with open(path, "wb") as fh:
        np.savez(fh, data=tf.data.astype(np.int32), indices=tf.indices, indptr=tf.indptr, shape=np.array(tf.shape))


def load(path: Path) -> sparse.csr_matrix | None:
    """The counts a generation saved, or None (a generation written before counts were kept, or a damaged file)."""
    try:
        z = np.load(path, allow_pickle=False)
        return sparse.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=tuple(z["shape"]))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None


def update(vocab: dict[str, int], tf: sparse.csr_matrix, pids: np.ndarray, dropped: set[int],
           added: list[tuple[int, list[str]]]) -> tuple[dict[str, int], sparse.csr_matrix, np.ndarray]:
    """(vocabulary, counts, passage ids ascending) after removing the passages in `dropped` and adding the
    (pid, tokens) of `added` (a pid in both is a replaced passage)."""
    tf = tf.tocsr()
    keep = ~np.isin(pids, np.fromiter(dropped | {p for p, _ in added}, np.int64))
    vocab, new = counts([toks for _, toks in added], vocab)
    width = max(len(vocab), 1)
    old = tf[keep]
    old = sparse.csr_matrix((old.data, old.indices, old.indptr), shape=(old.shape[0], width))
    new = sparse.csr_matrix((new.data, new.indices, new.indptr), shape=(new.shape[0], width))
    merged = sparse.vstack([old, new], format="csr")
    all_pids = np.concatenate([pids[keep], np.array([p for p, _ in added], np.int64)])
    order = np.argsort(all_pids, kind="stable")
    merged, all_pids = merged[order], all_pids[order]
    return *compact(vocab, merged), all_pids


def compact(vocab: dict[str, int], tf: sparse.csr_matrix) -> tuple[dict[str, int], sparse.csr_matrix]:
    """Drop the terms no passage holds (a query term the library lacks must count as unknown, as in a full build)."""
    df = np.bincount(tf.indices, minlength=tf.shape[1])
    used = df > 0
    if used.all() and len(vocab) == tf.shape[1]:
        return vocab, tf
    new_index = np.cumsum(used) - 1
    terms = sorted(vocab, key=vocab.get)
    vocab = {t: int(new_index[j]) for t, j in zip(terms, sorted(vocab.values())) if used[j]}
    out = sparse.csr_matrix((tf.data, new_index[tf.indices], tf.indptr), shape=(tf.shape[0], max(len(vocab), 1)))
    return vocab, out
