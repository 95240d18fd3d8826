"""The two retrievers on the server, inside the caller's snapshot: pgvector nearest passages and keyword coverage.

`ServerVectors` and `ServerKeywords` answer what index/search.py asks of a snapshot's faiss index and BM25
(search, size, reconstruct, cosines; coverage over bm25_pids), so search runs the same code on both backends.
Filters arrive as the allowed passage ids the folder library computes (index/library.py allowed); when those
are the library's kept answer, the vector query applies the filters' own SQL condition to each candidate's
case instead of receiving the ids. Vectors: exact scan while the library is small, HNSW above
(index/pg/library.py HNSW_ABOVE), with pgvector's iterative scan when a filter would otherwise starve the top k.
Keywords: each term's postings are read once per snapshot and kept as BM25 weights (ServerKeywords).
"""
from __future__ import annotations

import numpy as np

from index.pg.connection import qmarks
from index.pg.keywords import GROUPED_SQL, coverage, grouped_coverage, tsquery_literal, weights
from index.vectors import HNSW_EF_SEARCH

HNSW_EF_MAX = 1000  # pgvector's upper bound for hnsw.ef_search
CACHED_POSTINGS = 4_000_000  # postings kept as weights per snapshot (12 bytes each: ~48 MB at most)
# one group per term, its postings' columns each as one bytea of big-endian integers, in the same row order
POSTINGS_SQL = ("SELECT lexeme, string_agg(int8send(pid), ''::bytea), string_agg(int4send(tf), ''::bytea), "
                "string_agg(int4send(dl), ''::bytea) FROM postings WHERE lexeme = ANY(%s) GROUP BY lexeme")
# a filtered search walks the graph this many times deeper: pgvector's iterative scan drops the candidates the
# filters refuse, and at ef 200 kept under half of the exact 200 nearest allowed passages at 100k (at 800, ~0.65)
FILTERED_EF = 4
SESSION_EF_SEARCH = 200  # what a search for 10 cases asks (index/search.py: depth max(100, 20 k)); set per connection


def array(vector) -> np.ndarray:
    """A pgvector value as float32 numpy (the client hands out its own Vector type)."""
    return np.asarray(vector.to_numpy() if hasattr(vector, "to_numpy") else vector, dtype=np.float32)


def dense(con, qvec: np.ndarray, depth: int, allowed: np.ndarray | None, exact: bool,
          where: tuple[str, list] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(passage ids, cosines) of the `depth` allowed passages nearest to one unit query vector, best first.
    `where`: the filters' own condition on the cases (alias c), used instead of the list of allowed ids (the
    server joins each candidate's case rather than parsing and hashing tens of thousands of ids a query)."""
    join = ""
    if where is not None:
        join, cond, args = "JOIN cases c ON c.id = p.case_id ", qmarks(where[0]), list(where[1])
    else:
        cond, args = ("TRUE", []) if allowed is None else ("p.pid = ANY(%s)", [[int(i) for i in allowed]])
    ef = min(HNSW_EF_MAX, max(HNSW_EF_SEARCH, depth) * (FILTERED_EF if allowed is not None else 1))
    if not exact and ef != SESSION_EF_SEARCH:  # the read connection starts at SESSION_EF_SEARCH: no round trip
        con.execute(f"SET LOCAL hnsw.ef_search = {ef}")
    if not exact:
        if allowed is not None:
            con.execute("SET LOCAL hnsw.iterative_scan = relaxed_order")
    order = "(p.embedding <#> %b) + 0" if exact else "p.embedding <#> %b"  # "+ 0" keeps the planner off HNSW
    q = np.asarray(qvec, dtype=np.float32)
    rows = con.execute(
        "WITH t AS MATERIALIZED (SELECT p.pid, -(p.embedding <#> %b) AS cos FROM passages p "  # vectors in binary
        f"{join}WHERE p.embedding IS NOT NULL AND {cond} ORDER BY {order} LIMIT %s) "
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
        where = self._condition(allowed)
        found = [dense(self.lib.connection(), row, k, allowed, self.exact, where) for row in q]
        width = max(len(i) for i, _ in found)
        ids, scores = np.full((len(q), width), -1, np.int64), np.zeros((len(q), width), np.float32)
        for r, (i, s) in enumerate(found):
            ids[r, : len(i)], scores[r, : len(s)] = i, s
        return scores, ids

    def _condition(self, allowed: np.ndarray | None) -> tuple[str, list] | None:
        """The SQL condition of the filters whose allowed ids these are, when they are the library's kept answer
        (index/library.py allowed); otherwise None, and the ids themselves are sent."""
        kept = getattr(self.lib, "_allowed", None)
        if allowed is None or kept is None or kept[1] is not allowed:
            return None
        return self.lib.where(kept[0][1])

    def cosines(self, pids: np.ndarray, query: np.ndarray) -> np.ndarray:
        """The cosine of each of these passages' stored vectors with one unit query vector, in the order given,
        computed by the server as in `dense` (one query; a float each comes back, not a vector)."""
        wanted = [int(p) for p in pids]
        if not wanted:
            return np.zeros(0, np.float32)
        rows = dict(self.lib.connection().execute(
            "SELECT pid, -(embedding <#> %b) FROM passages WHERE pid = ANY(%s) AND embedding IS NOT NULL",
            (np.asarray(query, dtype=np.float32), wanted)).fetchall())
        missing = [p for p in wanted if p not in rows]
        if missing:
            raise KeyError(missing[0])
        return np.array([rows[p] for p in wanted], np.float32)

    def reconstruct(self, pid: int) -> np.ndarray:
        row = self.lib.connection().execute("SELECT embedding FROM passages WHERE pid = %s", (int(pid),)).fetchone()
        if row is None:
            raise KeyError(pid)
        return array(row[0])


class ServerKeywords:
    """The snapshot's BM25 on the server: coverage of a query over every passage (aligned with bm25_pids).

    Each term's postings are read once per snapshot (in binary) and kept as its BM25 weights by row of
    bm25_pids, up to CACHED_POSTINGS in all: a later query with the term (the common ones recur in most
    queries) reads nothing. A write publishes a new snapshot, so nothing kept outlives the figures it used.
    """

    def __init__(self, lib, pids: np.ndarray, n: int, avgdl: float, top: float, postings: bool = True):
        self.lib, self.pids, self.n, self.avgdl, self.top = lib, pids, n, avgdl, top
        # whether the snapshot has the postings table: looked up once per snapshot, not per query (the write that
        # adds the table to an older library publishes a new version, so the next snapshot sees it)
        self.postings = postings
        self.terms: dict[str, tuple[np.ndarray, np.ndarray, float]] = {}  # term -> (rows, weights, largest weight)
        self.kept = 0

    def coverage(self, terms: list[str]) -> np.ndarray:
        out = np.zeros(len(self.pids), np.float32)
        if not len(self.pids):  # an empty library (maybe without tables yet): nothing to look up
            return out
        if not self.postings:
            found, cover = keywords(self.lib.connection(), terms, self.n, self.avgdl, self.top, False)
            if len(found):
                rows = np.searchsorted(self.pids, found)
                ok = (rows < len(self.pids)) & (self.pids[np.minimum(rows, len(self.pids) - 1)] == found)
                out[rows[ok]] = cover[ok]
            return out
        unique = list(dict.fromkeys(terms))
        fetched = self._read([t for t in unique if t not in self.terms])
        bound = 0.0
        for t in unique:  # term by term in the query's order, in float32, as the folder's BM25 sums its columns
            rows, w, most = fetched.get(t) or self.terms[t]
            out[rows] += w  # a passage holds a term once: no repeated row within one term
            bound += most
        return np.minimum(out / max(bound, 1e-9), 1.0).astype(np.float32)

    def _read(self, terms: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray, float]]:
        """These terms' weights by row, from their postings; kept for later queries while under the bound."""
        absent = (np.zeros(0, np.int64), np.zeros(0, np.float32), self.top)  # as BM25.coverage: a term no passage
        out = dict.fromkeys(terms, absent)                                    # holds counts as the top weight
        storable = [t for t in terms if tsquery_literal([t])]
        if storable:
            with self.lib.connection().cursor(binary=True) as cur:  # bytea as raw bytes: numpy reads them as they are
                groups = cur.execute(POSTINGS_SQL, (storable,)).fetchall()
            for term, pid, tf, dl in groups:
                pid = np.frombuffer(pid, ">i8").astype(np.int64)
                w = weights(np.frombuffer(tf, ">i4"), np.frombuffer(dl, ">i4"), np.full(len(pid), len(pid), np.float32),
                            self.n, self.avgdl)
                rows = np.searchsorted(self.pids, pid)
                ok = (rows < len(self.pids)) & (self.pids[np.minimum(rows, len(self.pids) - 1)] == pid)
                out[term] = (rows[ok], w[ok], float(w.max()) if len(w) else self.top)
        for term, entry in out.items():
            if self.kept + len(entry[0]) <= CACHED_POSTINGS:
                self.terms[term] = entry
                self.kept += len(entry[0])
        return out
