"""The two retrievers on the server, inside the caller's snapshot: pgvector nearest passages and keyword coverage.

`ServerVectors` and `ServerKeywords` answer what index/search.py asks of a snapshot's faiss index and BM25
(search, size, reconstruct, reconstruct_batch; coverage over bm25_pids), so search runs the same code on both backends.
Filters arrive as the allowed passage ids the folder library computes, read by SQL (index/library.py
allowed), and are applied in the vector query itself. Vectors: exact scan while the library is small,
HNSW above (index/pg/library.py HNSW_ABOVE), with pgvector's iterative scan when a filter would
otherwise starve the top k.
"""
from __future__ import annotations

import numpy as np

from index.pg.keywords import GROUPED_SQL, coverage, grouped_coverage, tsquery_literal
from index.vectors import HNSW_EF_SEARCH

HNSW_EF_MAX = 1000  # pgvector's upper bound for hnsw.ef_search
SESSION_EF_SEARCH = 200  # what a search for 10 cases asks (index/search.py: depth max(100, 20 k)); set per connection


def array(vector) -> np.ndarray:
    """A pgvector value as float32 numpy (the client hands out its own Vector type)."""
    return np.asarray(vector.to_numpy() if hasattr(vector, "to_numpy") else vector, dtype=np.float32)


def dense(con, qvec: np.ndarray, depth: int, allowed: np.ndarray | None, exact: bool) -> tuple[np.ndarray, np.ndarray]:
    """(passage ids, cosines) of the `depth` allowed passages nearest to one unit query vector, best first."""
    cond, args = ("TRUE", []) if allowed is None else ("p.pid = ANY(%s)", [[int(i) for i in allowed]])
    ef = min(HNSW_EF_MAX, max(HNSW_EF_SEARCH, depth))
    if not exact and ef != SESSION_EF_SEARCH:  # the read connection starts at SESSION_EF_SEARCH: no round trip
        con.execute(f"SET LOCAL hnsw.ef_search = {ef}")
    if not exact:
        if allowed is not None:
            con.execute("SET LOCAL hnsw.iterative_scan = relaxed_order")
    order = "(p.embedding <#> %b) + 0" if exact else "p.embedding <#> %b"  # "+ 0" keeps the planner off HNSW
    q = np.asarray(qvec, dtype=np.float32)
    rows = con.execute(
        "WITH t AS MATERIALIZED (SELECT p.pid, -(p.embedding <#> %b) AS cos FROM passages p "  # vectors in binary
        f"WHERE p.embedding IS NOT NULL AND {cond} ORDER BY {order} LIMIT %s) "
        "SELECT pid, cos FROM t ORDER BY cos DESC, pid", [q, *args, q, depth]).fetchall()
    return np.array([r[0] for r in rows], np.int64), np.array([r[1] for r in rows], np.float32)


def keywords(con, terms: list[str], n: int, avgdl: float, top: float, postings: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(passage ids ascending, coverage) for the passages holding a query term, from their postings (`postings`:
    the snapshot has that table) or, in a library written before it, from the tsvectors."""
    query = tsquery_literal(terms)
    if not query:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    if postings:
        storable = [t for t in dict.fromkeys(terms) if tsquery_literal([t])]
        return grouped_coverage(con.execute(GROUPED_SQL, [storable]).fetchall(), terms, n, avgdl, top)
    # a library written before the postings table (its next write adds it): the tsvectors of matching passages
    rows = con.execute(
        "SELECT p.pid, u.lexeme, array_length(u.positions, 1), p.n_tokens, TRUE FROM passages p "
        # mark the query's lexemes and keep only those: unnest then reads a few lexemes, not the whole passage
        "CROSS JOIN LATERAL unnest(ts_filter(setweight(p.tsv, 'A', %s::text[]), '{a}')) u "
        "WHERE p.tsv @@ %s::tsquery", [list(dict.fromkeys(terms)), query]).fetchall()
    pids, cover, _ = coverage(rows, terms, n, avgdl, top)
    return pids, cover


class ServerVectors:
    """The snapshot's vector index on the server: size, search (padded with id -1 like faiss), reconstruct."""

    def __init__(self, lib, size: int, exact: bool):
        self.lib, self.size, self.exact = lib, size, exact
        self.index = self  # index/search.py reads vectors through `.index.reconstruct`

    @property
    def approximate(self) -> bool:
        return not self.exact

    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        q = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        if self.size == 0 or (allowed is not None and len(allowed) == 0):
            return np.zeros((len(q), 0), np.float32), np.zeros((len(q), 0), np.int64)
        found = [dense(self.lib.connection(), row, k, allowed, self.exact) for row in q]
        width = max(len(i) for i, _ in found)
        ids, scores = np.full((len(q), width), -1, np.int64), np.zeros((len(q), width), np.float32)
        for r, (i, s) in enumerate(found):
            ids[r, : len(i)], scores[r, : len(s)] = i, s
        return scores, ids

    def reconstruct_batch(self, pids: np.ndarray) -> np.ndarray:
        """The stored vectors of these passages, in the order given (one query, not one per passage)."""
        wanted = [int(p) for p in pids]
        with self.lib.connection().cursor(binary=True) as cur:  # binary vectors: no text to parse
            rows = dict(cur.execute("SELECT pid, embedding FROM passages WHERE pid = ANY(%s)", (wanted,)).fetchall())
        missing = [p for p in wanted if rows.get(p) is None]
        if missing:
            raise KeyError(missing[0])
        return np.vstack([array(rows[p]) for p in wanted]) if wanted else np.zeros((0, self.lib.embedder.dim), np.float32)

    def reconstruct(self, pid: int) -> np.ndarray:
        row = self.lib.connection().execute("SELECT embedding FROM passages WHERE pid = %s", (int(pid),)).fetchone()
        if row is None:
            raise KeyError(pid)
        return array(row[0])


class ServerKeywords:
    """The snapshot's BM25 on the server: coverage of a query over every passage (aligned with bm25_pids)."""

    def __init__(self, lib, pids: np.ndarray, n: int, avgdl: float, top: float, postings: bool = True):
        self.lib, self.pids, self.n, self.avgdl, self.top = lib, pids, n, avgdl, top
        # whether the snapshot has the postings table: looked up once per snapshot, not per query (the write that
        # adds the table to an older library publishes a new version, so the next snapshot sees it)
        self.postings = postings

    def coverage(self, terms: list[str]) -> np.ndarray:
        out = np.zeros(len(self.pids), np.float32)
        if not len(self.pids):  # an empty library (maybe without tables yet): nothing to look up
            return out
        found, cover = keywords(self.lib.connection(), terms, self.n, self.avgdl, self.top, self.postings)
        if len(found):
            rows = np.searchsorted(self.pids, found)
            ok = (rows < len(self.pids)) & (self.pids[np.minimum(rows, len(self.pids) - 1)] == found)
            out[rows[ok]] = cover[ok]
        return out
