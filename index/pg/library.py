"""The case library on a PostgreSQL server with pgvector: the same reads, search, ingest and remove as the folder.

PgLibrary is index/library.py's Library with the storage swapped: its SQL runs on the server (through
`?`-to-`%s` translation), vectors come from pgvector (exact scan while small, HNSW above HNSW_ABOVE), keyword coverage from full-text postings (index/pg/keywords.py), and ranking from the
same pure functions (index/ranking.py, index/fusion.py). Each read runs in one REPEATABLE READ snapshot,
the server's counterpart of a generation; writes are transactions (index/pg/writer.py).
"""
from __future__ import annotations

import functools
import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from index import centring
from index.errors import LibraryError
from index.library import FORMAT, Library, stories
from index.pg import writer
from index.pg.connection import connect, mask, qmarks, translated
from index.pg.retrieval import Filter, array, dense, keywords
from index.ranking import merge_candidates, top_positive
from index.records import Filters
from nlp.embed.base import Embedder
from nlp.needs.classifier import NeedsClassifier

# Exact scan up to here, HNSW above. Lower than the folder's 50,000 (index/vectors.py): measured on 2 busy cores,
# pgvector's exact scan takes ~57 ms at 20k passages against ~10 ms through HNSW (faiss's flat scan is faster).
HNSW_ABOVE = 10_000
TAGS_SQLITE = "EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)"
TAGS_PG = "jsonb_exists(c.tags::jsonb, ?)"


@dataclass(frozen=True)
class _State:
    gen: int  # the version number writers bump; 0 for a library never written
    case_of: dict[int, str] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)
    language_of: dict[str, str] = field(default_factory=dict)
    n: int = 0
    avgdl: float = 1.0
    top: float = 0.0
    lib: PgLibrary | None = field(default=None, compare=False, repr=False)

    @property
    def vectors(self) -> _ServerIndex:
        return _ServerIndex(self.lib, self.n)


@dataclass(frozen=True)
class _ServerIndex:
    """What Library.similar asks of the faiss index (size, search), answered by the server."""

    lib: PgLibrary | None
    size: int

    def search(self, queries: np.ndarray, k: int, allowed=None) -> tuple[np.ndarray, np.ndarray]:
        return self.lib._vector_search(queries, k, allowed)


def _snapshot_read(method):
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with self._snapshot():
            return method(self, *args, **kwargs)
    return run


class PgLibrary(Library):
    format = FORMAT

    def __init__(self, url: str, embedder: Embedder, classifier: NeedsClassifier | None = None, load: bool = True):
        self.url = url
        self.location = mask(url)
        self.folder = None  # no folder: corrections and accounts stay with the app's data folder
        self.embedder = embedder
        self.classifier = classifier
        self._lock = threading.Lock()
        self._local = threading.local()
        self._values = None
        self._state = _State(0, lib=self)
        with self._snapshot():
            meta = writer.read_meta(self._con())
            self.check_config(meta)
            self.centres = centring.Centres.from_json(meta["centres"]) if "centres" in meta else centring.shipped(embedder.name)
            if load:
                self._fresh()

    def __repr__(self) -> str:
        return f"PgLibrary({self.location})"

    # --- connections and snapshots ------------------------------------------------------------
    def _con(self):
        con = getattr(self._local, "con", None)
        if con is None or con.closed or con.broken:
            con = self._local.con = connect(self.url)
            con.read_only = True
            con.isolation_level = 3  # psycopg.IsolationLevel.REPEATABLE_READ: one snapshot per read
        return con

    @contextmanager
    def _snapshot(self):
        depth = getattr(self._local, "depth", 0)
        if depth:
            self._local.depth += 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        self._local.depth = 1
        try:
            with translated(self.url):
                con = self._con()
                try:
                    yield
                finally:
                    if not con.closed:
                        con.rollback()  # a read changes nothing; ending the transaction frees the snapshot
        finally:
            self._local.depth = 0

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()

    def check_config(self, meta: dict[str, str]) -> None:
        if "config" not in meta:
            return
        cfg = json.loads(meta["config"])
        if cfg.get("embedder") != self.embedder.name or cfg.get("dim") != self.embedder.dim:
            raise LibraryError(f"The library in {self.location} was built with the {cfg.get('embedder')} embedder, "
                               f"not {self.embedder.name}; use that embedder or build a new library.")
        if cfg.get("format") != FORMAT:
            raise LibraryError(f"The library in {self.location} is in another format; migrate it again.")

    def _check_config(self) -> None:
        """Checked when a write starts (index/pg/writer.py), against the database's own record."""

    def _fresh(self) -> _State:
        """The state of the current snapshot: reloaded when a writer has published a newer version."""
        with self._snapshot():
            meta = writer.read_meta(self._con())
            version = int(meta.get("version", "0"))
            st = self._state
            if version == st.gen:
                return st
            rows = self._rows("SELECT pid, case_id FROM passages")
            cases = self._rows("SELECT id, translation, language FROM cases")
            st = _State(version, {int(r[0]): r[1] for r in rows}, stories([(r[0], r[1]) for r in cases]),
                        {r[0]: r[2] for r in cases}, int(meta.get("n", "0")), float(meta.get("avgdl", "1")),
                        float(meta.get("top", "0")), self)
            with self._lock:
                if st.gen > self._state.gen:
                    self._state = st
            return st

    def _rows(self, sql: str, args=()) -> list:
        with self._snapshot():
            con = self._con()
            if self._state.gen == 0 and con.execute("SELECT to_regclass('passages')").fetchone()[0] is None:
                return []  # an empty database: nothing written yet
            return con.execute(qmarks(sql), tuple(args)).fetchall()

    # --- filters: the folder's SQL, with jsonb for tags ---------------------------------------
    def _where(self, f: Filters) -> tuple[str, list]:
        where, args = super()._where(f)
        return where.replace(TAGS_SQLITE, TAGS_PG), args

    def _allowed(self, f: Filters) -> Filter | None:
        if not f.active():
            return None
        where, args = self._where(f)
        return Filter(where, args, f" AND p.n_{f.need} > 0" if f.need else "")

    def features(self, query: str, terms: list[str], allowed: Filter | None = None, depth: int = 100,
                 mode: str = "hybrid", st: _State | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """As Library.features: candidate passage ids with centred cosine and BM25 coverage, from the server."""
        with self._snapshot():
            st = st or self._fresh()
            none, qvec = np.zeros(0, np.int64), None
            dense_ids, dense_cos = none, np.zeros(0, np.float32)
            if mode != "bm25":
                qvec = self.query_vector(query)
                dense_ids, dense_cos = dense(self._con(), qvec[0], depth, allowed, st.n <= HNSW_ABOVE)
            kw_pids, kw_cover = keywords(self._con(), terms, allowed, st.n, st.avgdl, st.top)
            kw_ids = kw_pids[top_positive(kw_cover, depth)] if mode != "dense" else none
            ids, unknown = merge_candidates(dense_ids, dense_cos, kw_ids)
            cos = np.zeros(len(ids), np.float32)
            cos[: len(dense_cos)] = dense_cos
            if qvec is not None and unknown.any():
                vecs = dict(self._rows("SELECT pid, embedding FROM passages WHERE pid = ANY(?)", ([int(i) for i in ids[unknown]],)))
                cos[unknown] = np.vstack([array(vecs[int(i)]) for i in ids[unknown]]) @ qvec[0]
            rows = np.minimum(np.searchsorted(kw_pids, ids), max(len(kw_pids) - 1, 0))
            found = (kw_pids[rows] == ids) if len(kw_pids) else np.zeros(len(ids), bool)
            cover = np.where(found, kw_cover[rows] if len(kw_cover) else 0.0, 0.0)
            return ids, cos, cover

    def _vector_search(self, vectors: np.ndarray, depth: int, flt: Filter | None) -> tuple[np.ndarray, np.ndarray]:
        """Top cosine per query row, padded with id -1 like the faiss index (Library.similar reads it)."""
        st = self._fresh()
        found = [dense(self._con(), v, depth, flt, st.n <= HNSW_ABOVE) for v in np.atleast_2d(vectors)]
        width = max([len(i) for i, _ in found] + [0])
        ids = np.full((len(found), width), -1, np.int64)
        scores = np.zeros((len(found), width), np.float32)
        for row, (i, s) in enumerate(found):
            ids[row, : len(i)], scores[row, : len(s)] = i, s
        return scores, ids

    # --- reads that the folder answers from its faiss index -----------------------------------
    def case_vectors(self) -> tuple[list[str], np.ndarray]:
        rows = self._rows("SELECT case_id, embedding FROM passages WHERE embedding IS NOT NULL ORDER BY pid")
        if not rows:
            return [], np.zeros((0, self.embedder.dim), np.float32)
        order: dict[str, list[np.ndarray]] = {}
        for cid, vec in rows:
            order.setdefault(cid, []).append(array(vec))
        names = sorted(order)
        means = np.vstack([np.mean(order[c], axis=0) for c in names])
        return names, means / np.linalg.norm(means, axis=1, keepdims=True)

    def stats(self) -> dict:
        st = self._fresh()
        langs = {r[0]: r[1] for r in self._rows("SELECT language, COUNT(*) FROM cases GROUP BY language")}
        counts = self._rows("SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM passages), "
                            "(SELECT COUNT(*) FROM statements), pg_database_size(current_database())")
        n_cases, n_passages, n_statements, size = counts[0] if counts else (0, 0, 0, 0)
        return {"cases": n_cases, "passages": n_passages, "statements": n_statements, "languages": langs,
                "embedder": self.embedder.name, "index": "HNSW" if st.n > HNSW_ABOVE else "exact (flat)",
                "bytes_on_disk": size, "generation": st.gen or None, "server": self.location}

    def _writing(self, vacuum: bool = False):
        self._values = None
        return writer.writing(self, vacuum=vacuum)


for _name in ("cases", "case", "statements", "case_passages", "need_counts", "values", "story_of", "passage_cases",
              "search", "similar", "case_vectors", "stats"):
    setattr(PgLibrary, _name, _snapshot_read(getattr(PgLibrary, _name)))
