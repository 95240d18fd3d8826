"""BM25 coverage from PostgreSQL full-text postings: the same numbers as index/keywords.py's BM25.coverage.

Passages store our own tokens (index/keywords.py tokenize) as a 'simple' tsvector built here, with one
position per occurrence, so a term's count in a passage is the length of its position list. The
library-wide figures BM25 needs (passage count, mean length, the largest weight of any term) are kept
in library_meta by each writer (updated by the write's delta: index/pg/keyword_stats.py; TOP_SQL here is the
full recompute they must equal); a query fetches only the postings of its own terms, from the postings table
(one row per passage and token, derived from the tsv), grouped by term.
"""
from __future__ import annotations

import numpy as np

from index.keywords import K1, B  # the embedded BM25's parameters, so both backends score alike

MAX_LEXEME_BYTES = 2046  # PostgreSQL's limit for one lexeme
MAX_POSITION = 16383


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _storable(term: str) -> bool:
    return 0 < len(term.encode("utf-8")) <= MAX_LEXEME_BYTES


def tsvector_literal(tokens: list[str]) -> str:
    """The tsvector of a token list: each distinct token with the positions (from 1) where it occurs."""
    positions: dict[str, list[int]] = {}
    for i, t in enumerate(tokens, 1):
        positions.setdefault(t, []).append(i)
    if len(tokens) < MAX_POSITION:  # positions already ascending and distinct
        return " ".join(f"{_quote(t)}:{','.join(map(str, ps))}" for t, ps in positions.items() if _storable(t))
    return " ".join(f"{_quote(t)}:{','.join(map(str, sorted({min(p, MAX_POSITION) for p in ps})))}"
                    for t, ps in positions.items() if _storable(t))


def tsquery_literal(terms: list[str]) -> str:
    """Any of the terms, as a tsquery ('' when no term can be stored)."""
    return " | ".join(_quote(t) for t in dict.fromkeys(terms) if _storable(t))


def weights(tf: np.ndarray, dl: np.ndarray, df: np.ndarray, n: int, avgdl: float) -> np.ndarray:
    """Okapi BM25 weight of each (term, passage) posting, in float32 like the embedded index."""
    tf = tf.astype(np.float32)
    idf = np.log(1 + (n - df.astype(np.float32) + 0.5) / (df.astype(np.float32) + 0.5))
    norm = K1 * (1 - B + B * dl.astype(np.float32) / avgdl)
    return (idf * tf * (K1 + 1) / (tf + norm)).astype(np.float32)


TOP_SQL = f"""
WITH s AS (SELECT count(*)::float8 AS n, greatest(avg(n_tokens), 1)::float8 AS avgdl FROM passages),
post AS (SELECT lexeme, tf::float8 AS tf, dl::float8 AS dl FROM postings),
df AS (SELECT lexeme, count(*)::float8 AS df FROM post GROUP BY lexeme)
SELECT s.n, s.avgdl, COALESCE(max(ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5)) * post.tf * {K1 + 1}
       / (post.tf + {K1} * (1 - {B} + {B} * post.dl / s.avgdl))), 0)
FROM post JOIN df USING (lexeme) CROSS JOIN s GROUP BY s.n, s.avgdl
"""


def coverage(postings: list[tuple], terms: list[str], n: int, avgdl: float, top: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(passage ids ascending, their coverage in [0, 1], whether each passes the filters) from postings.

    `postings` rows are (pid, term, tf, passage length, passes filters) for every passage holding a query
    term; a query term no passage holds counts as the library's top weight, as in BM25.coverage.
    """
    unique = list(dict.fromkeys(terms))
    if not postings or not unique:
        return np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros(0, bool)
    pid = np.array([r[0] for r in postings], dtype=np.int64)
    term = np.array([r[1] for r in postings], dtype=object)
    tf = np.array([r[2] for r in postings], dtype=np.float32)
    dl = np.array([r[3] for r in postings], dtype=np.float32)
    names, term_idx, df = np.unique(term, return_inverse=True, return_counts=True)
    w = weights(tf, dl, df[term_idx], n, avgdl)
    term_max = dict(zip(names.tolist(), np.maximum.reduceat(w[np.argsort(term_idx, kind="stable")],
                                                            np.r_[0, np.cumsum(df)[:-1]]).tolist()))
    bound = sum(float(term_max[t]) if t in term_max else top for t in unique)
    pids, row = np.unique(pid, return_inverse=True)
    scores = np.zeros(len(pids), np.float32)
    np.add.at(scores, row, w)
    ok = np.zeros(len(pids), bool)
    ok[row] = [bool(r[4]) for r in postings]
    return pids, np.minimum(scores / max(bound, 1e-9), 1.0).astype(np.float32), ok


GROUPED_SQL = ("SELECT lexeme, array_agg(pid), array_agg(tf), array_agg(dl) FROM postings WHERE lexeme = ANY(%s) "
               "GROUP BY lexeme")


def grouped_coverage(groups: list[tuple], terms: list[str], n: int, avgdl: float, top: float) -> tuple[np.ndarray, np.ndarray]:
    """(passage ids ascending, coverage) from postings grouped by term: rows (term, pids, tfs, lengths) as
    GROUPED_SQL reads them. The same numbers as coverage(); a term's document frequency is its group's size."""
    unique = list(dict.fromkeys(terms))
    groups = [g for g in groups if len(g[1])]
    if not groups or not unique:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    sizes = [len(g[1]) for g in groups]
    pid = np.concatenate([np.asarray(g[1], np.int64) for g in groups])
    tf = np.concatenate([np.asarray(g[2], np.float32) for g in groups])
    dl = np.concatenate([np.asarray(g[3], np.float32) for g in groups])
    w = weights(tf, dl, np.repeat(np.asarray(sizes, np.float32), sizes), n, avgdl)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    term_max = dict(zip([g[0] for g in groups], np.maximum.reduceat(w, starts).tolist()))
    bound = sum(float(term_max[t]) if t in term_max else top for t in unique)
    pids, row = np.unique(pid, return_inverse=True)
    scores = np.zeros(len(pids), np.float32)
    np.add.at(scores, row, w)
    return pids, np.minimum(scores / max(bound, 1e-9), 1.0).astype(np.float32)
