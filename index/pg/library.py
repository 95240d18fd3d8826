"""The case library on a PostgreSQL server with pgvector: the same reads, search, ingest and remove as the folder.

PgLibrary is index/library.py's Library with the storage swapped; search (index/search.py) and ingest
(index/ingest.py) run unchanged over its public methods. SQL runs on the server through `?`-to-`%s`
translation; a snapshot's vectors and BM25 are the server retrievers of index/pg/retrieval.py; ranking
is the same pure code (index/ranking.py, index/fusion.py). Each read runs in one REPEATABLE READ
snapshot, the server's counterpart of a generation; writes are transactions (index/pg/writer.py).
"""
from __future__ import annotations

import functools
import json
import threading
from contextlib import contextmanager

import numpy as np

from index import centring
from index.errors import LibraryError
from index.library import FORMAT, Library, Snapshot, stories
from index.pg import schema, writer
from index.pg.connection import connect, mask, qmarks, translated
from index.pg.retrieval import SESSION_EF_SEARCH, ServerKeywords, ServerVectors, array
from index.records import Filters, LibraryStats
from nlp.embed.base import Embedder
from nlp.needs.classifier import NeedsClassifier

FIGURES = ["version", "n", "avgdl", "top"]  # what a snapshot reads from library_meta
HNSW_ABOVE = schema.HNSW_ABOVE  # exact scan up to here, HNSW above (the reasons in index/pg/schema.py)
# the folder's SQLite JSON functions, as PostgreSQL jsonb
SQLITE_TO_PG = (("EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)", "jsonb_exists(c.tags::jsonb, ?)"),
                ("(SELECT value FROM json_each(?))", "(SELECT jsonb_array_elements_text(?::jsonb))"))


def _in_snapshot(method):
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with self.reading():
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
        self._values = self._needs = None
        self._state = self._empty()
        with self.reading():
            meta = writer.read_meta(self.connection())
            self.check_meta(meta)
            self.centres = centring.Centres.from_json(meta["centres"]) if "centres" in meta else centring.shipped(embedder.name)
            if load:
                self.snapshot()

    def __repr__(self) -> str:
        return f"PgLibrary({self.location})"

    def _empty(self) -> Snapshot:
        none = np.zeros(0, np.int64)
        return Snapshot(0, None, ServerVectors(self, 0, True), ServerKeywords(self, none, 0, 1.0, 0.0), none, {}, {}, {})

    # --- connections and snapshots ------------------------------------------------------------
    def connection(self):
        """This thread's read connection (inside the current snapshot when called within `reading()`)."""
        con = getattr(self._local, "con", None)
        if con is None or con.closed or con.broken:
            con = self._local.con = connect(self.url)
            con.execute(f"SET hnsw.ef_search = {SESSION_EF_SEARCH}")  # for the session: a search need not set it
            con.commit()
            con.read_only = True
            con.isolation_level = 3  # psycopg.IsolationLevel.REPEATABLE_READ: one snapshot per read
        return con

    @contextmanager
    def reading(self):
        """One REPEATABLE READ snapshot for every read inside the block (nested blocks share it)."""
        if getattr(self._local, "depth", 0):
            self._local.depth += 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        self._local.depth = 1
        try:
            with translated(self.url):
                con = self.connection()
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

    def check_meta(self, meta: dict[str, str]) -> None:
        """The database's own record of how the library was built must match this embedder and format."""
        if "config" not in meta:
            return
        cfg = json.loads(meta["config"])
        if cfg.get("embedder") != self.embedder.name or cfg.get("dim") != self.embedder.dim:
            raise LibraryError(f"The library in {self.location} was built with the {cfg.get('embedder')} embedder, "
                               f"not {self.embedder.name}; use that embedder or build a new library.")
        if cfg.get("format") != FORMAT:
            raise LibraryError(f"The library in {self.location} is in another format; migrate it again.")

    def check_config(self) -> None:
        """Checked when a write starts (index/pg/writer.py), against the database's own record."""

    def write_config(self) -> None:
        """Written by the first write (index/pg/writer.py)."""

    def snapshot(self) -> Snapshot:
        """The state of the current snapshot: reloaded when a writer has published a newer version."""
        with self.reading():
            con = self.connection()
            if self._state.gen:  # a library seen once keeps its tables: read the small figures alone, not the centres
                meta = dict(con.execute("SELECT key, value FROM library_meta WHERE key = ANY(%s)", (FIGURES,)).fetchall())
            else:
                meta = writer.read_meta(con)
            version = int(meta.get("version", "0"))
            st = self._state
            if version == st.gen:
                return st
            cases = self.rows("SELECT id, translation, language FROM cases ORDER BY id")
            pids, case_of = self._passage_cases(con, [r[0] for r in cases]) if cases else (np.zeros(0, np.int64), {})
            n = int(meta.get("n", "0"))
            st = Snapshot(version, None, ServerVectors(self, n, n <= HNSW_ABOVE),
                          ServerKeywords(self, pids, n, float(meta.get("avgdl", "1")), float(meta.get("top", "0")),
                                         con.execute("SELECT to_regclass('postings')").fetchone()[0] is not None),
                          pids, case_of, stories([(r[0], r[1]) for r in cases]), {r[0]: r[2] for r in cases})
            with self._lock:
                if st.gen > self._state.gen:
                    self._state = st
            return st

    @staticmethod
    def _passage_cases(con, ids: list[str]) -> tuple[np.ndarray, dict[int, str]]:
        """(every passage id ascending, passage id -> case id); `ids` are the case ids in the database's order.
        Two bytea of big-endian integers (the ids, and each one's case by its place in `ids`) instead of a row per
        passage: a new snapshot of 100k passages loads in a third of the time."""
        with con.cursor(binary=True) as cur:
            pid_bytes, case_bytes = cur.execute(
                "SELECT string_agg(int8send(p.pid), ''::bytea ORDER BY p.pid), "
                "string_agg(int4send(c.k), ''::bytea ORDER BY p.pid) FROM passages p "
                "JOIN (SELECT id, (row_number() OVER (ORDER BY id))::int - 1 AS k FROM cases) c ON c.id = p.case_id"
            ).fetchone()
        if pid_bytes is None:
            return np.zeros(0, np.int64), {}
        pids = np.frombuffer(pid_bytes, ">i8").astype(np.int64)
        return pids, dict(zip(pids.tolist(), [ids[k] for k in np.frombuffer(case_bytes, ">i4").tolist()]))

    def rows(self, sql: str, args=()) -> list:
        with self.reading():
            con = self.connection()
            if self._state.gen == 0 and con.execute("SELECT to_regclass('passages')").fetchone()[0] is None:
                return []  # an empty database: nothing written yet
            return con.execute(qmarks(sql), tuple(args)).fetchall()

    def ids(self, sql: str, args=()) -> np.ndarray:
        """The first column of a query's rows as int64, in one bytea of big-endian integers (not a row each)."""
        with self.reading():
            con = self.connection()
            if self._state.gen == 0 and con.execute("SELECT to_regclass('passages')").fetchone()[0] is None:
                return np.zeros(0, np.int64)
            with con.cursor(binary=True) as cur:
                raw = cur.execute(f"SELECT string_agg(int8send(q.pid::bigint), ''::bytea) FROM ({qmarks(sql)}) q(pid)",
                                  tuple(args)).fetchone()[0]
        return np.frombuffer(raw, ">i8").astype(np.int64) if raw is not None else np.zeros(0, np.int64)

    def where(self, f: Filters) -> tuple[str, list]:
        where, args = super().where(f)
        for sqlite, pg in SQLITE_TO_PG:
            where = where.replace(sqlite, pg)
        return where, args

    # --- reads that the folder answers from files ---------------------------------------------
    def case_vectors(self) -> tuple[list[str], np.ndarray]:
        rows = self.rows("SELECT case_id, embedding FROM passages WHERE embedding IS NOT NULL ORDER BY pid")
        if not rows:
            return [], np.zeros((0, self.embedder.dim), np.float32)
        order: dict[str, list[np.ndarray]] = {}
        for cid, vec in rows:
            order.setdefault(cid, []).append(array(vec))
        names = sorted(order)
        means = np.vstack([np.mean(order[c], axis=0) for c in names])
        return names, means / np.linalg.norm(means, axis=1, keepdims=True)

    def stats(self) -> LibraryStats:
        st = self.snapshot()
        langs = {r[0]: r[1] for r in self.rows("SELECT language, COUNT(*) FROM cases GROUP BY language")}
        counts = self.rows("SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM passages), "
                           "(SELECT COUNT(*) FROM statements), pg_database_size(current_database())")
        n_cases, n_passages, n_statements, size = counts[0] if counts else (0, 0, 0, 0)
        return LibraryStats(cases=n_cases, passages=n_passages, statements=n_statements, languages=langs,
                            embedder=self.embedder.name, index="HNSW" if st.vectors.approximate else "exact (flat)",
                            bytes_on_disk=size, generation=st.gen or None, server=self.location)

    def writing(self, vacuum: bool = False):
        self._values = self._needs = None
        return writer.writing(self, vacuum=vacuum)


for _name in ("cases", "case", "statements", "case_passages", "need_counts", "values", "story_of", "passage_cases",
              "search", "similar", "features", "case_vectors", "stats", "allowed", "case_needs"):
    if hasattr(PgLibrary, _name):
        setattr(PgLibrary, _name, _in_snapshot(getattr(PgLibrary, _name)))
