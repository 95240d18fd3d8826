"""The two retrievers on the server, inside the caller's snapshot: pgvector nearest passages and keyword coverage.

Filters are the folder library's SQL (index/library.py _where) applied in the same statement, before ranking.
Vectors: exact scan while the library is small, HNSW above (index/pg/library.py HNSW_ABOVE), with
pgvector's iterative scan when a filter would otherwise starve the top k.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.pg.connection import qmarks
from index.pg.keywords import coverage, tsquery_literal
from index.vectors import HNSW_EF_SEARCH

HNSW_EF_MAX = 1000  # pgvector's upper bound for hnsw.ef_search


@dataclass(frozen=True)
class Filter:
    """A search filter as SQL over passages `p` joined to cases `c`."""

    where: str
    args: list
    need: str


def array(vector) -> np.ndarray:
    """A pgvector value as float32 numpy (the client hands out its own Vector type)."""
    return np.asarray(vector.to_numpy() if hasattr(vector, "to_numpy") else vector, dtype=np.float32)


def filter_sql(flt: Filter | None) -> tuple[str, str, list]:
    """(join, condition, arguments) for a filter; no join and TRUE without one."""
    if flt is None:
        return "", "TRUE", []
    return "JOIN cases c ON c.id = p.case_id", f"({qmarks(flt.where)}{flt.need})", list(flt.args)


def dense(con, qvec: np.ndarray, depth: int, flt: Filter | None, exact: bool) -> tuple[np.ndarray, np.ndarray]:
    """(passage ids, cosines) of the `depth` passages nearest to one unit query vector, best first."""
    join, cond, args = filter_sql(flt)
    if not exact:
        con.execute(f"SET LOCAL hnsw.ef_search = {min(HNSW_EF_MAX, max(HNSW_EF_SEARCH, depth))}")
        if flt is not None:
            con.execute("SET LOCAL hnsw.iterative_scan = relaxed_order")
    order = "(p.embedding <#> %s) + 0" if exact else "p.embedding <#> %s"  # "+ 0" keeps the planner off HNSW
    q = np.asarray(qvec, dtype=np.float32)
    rows = con.execute(
        f"WITH t AS MATERIALIZED (SELECT p.pid, -(p.embedding <#> %s) AS cos FROM passages p {join} "
        f"WHERE p.embedding IS NOT NULL AND {cond} ORDER BY {order} LIMIT %s) "
        "SELECT pid, cos FROM t ORDER BY cos DESC, pid", [q, *args, q, depth]).fetchall()
    return np.array([r[0] for r in rows], np.int64), np.array([r[1] for r in rows], np.float32)


def keywords(con, terms: list[str], flt: Filter | None, n: int, avgdl: float, top: float) -> tuple[np.ndarray, np.ndarray]:
    """(passage ids ascending, coverage) for passages holding a query term; 0 where the filter excludes one.

    Every posting of the query's terms is read, filtered or not, because BM25's document frequencies
    and the coverage bound are library-wide, as in the folder's index."""
    query = tsquery_literal(terms)
    if not query:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    join, cond, args = filter_sql(flt)
    rows = con.execute(
        f"SELECT p.pid, u.lexeme, array_length(u.positions, 1), p.n_tokens, {cond} "
        f"FROM passages p {join.replace('JOIN', 'LEFT JOIN')} "
        # mark the query's lexemes and keep only those: unnest then reads a few lexemes, not the whole passage
        "CROSS JOIN LATERAL unnest(ts_filter(setweight(p.tsv, 'A', %s::text[]), '{a}')) u "
        "WHERE p.tsv @@ %s::tsquery", [*args, list(dict.fromkeys(terms)), query]).fetchall()
    pids, cover, ok = coverage(rows, terms, n, avgdl, top)
    return pids, np.where(ok, cover, 0.0).astype(np.float32)
