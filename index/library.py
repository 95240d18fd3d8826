"""The case library on disk: open, ingest, remove, search (hybrid, filtered, grouped per case), similar cases, check.

A library folder holds config.json (the embedder it was built with) and generation folders, each
with library.sqlite, vectors.faiss and the BM25 arrays; see index/generations.py for atomicity.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus.records import Case
from index import centring, filters, store
from index import generations as gens
from index import ingest as ingesting
from index import search as searching
from index.errors import LibraryError
from index.keywords import BM25
from index.ranking import MODES
from index.records import Filters, FilterValues, Hit, IngestReport, LibraryStats
from index.vectors import VectorIndex
from index.writer import Writer
from nlp.embed.base import Embedder
from nlp.needs.classifier import NeedsClassifier
from nlp.records import NEED_LABELS

FORMAT = 3  # 2: passage vectors from statements + title (index/vectorise.py); 3: centred per language
__all__ = ["MODES", "Library", "FORMAT"]


@dataclass(frozen=True)
class Snapshot:
    """One loaded generation; swapped whole when a writer publishes a new one."""

    gen: Path | None
    con: sqlite3.Connection | None
    vectors: VectorIndex
    bm25: BM25
    bm25_pids: np.ndarray
    case_of: dict[int, str]
    story_of: dict[str, str]  # case id -> id shared by its language versions
    language_of: dict[str, str]  # case id -> its language


def empty_snapshot(dim: int) -> Snapshot:
    return Snapshot(None, None, VectorIndex(dim), BM25.build([]), np.zeros(0, np.int64), {}, {}, {})


def stories(rows: list[tuple[str, str]]) -> dict[str, str]:
    """Case id -> story id: a case and its translation (when both are in the library) share the smaller id."""
    ids = {r[0] for r in rows}
    return {cid: min(cid, tr) if tr and tr in ids else cid for cid, tr in rows}


class Library:
    def __init__(self, folder: Path, embedder: Embedder, classifier: NeedsClassifier | None = None, load: bool = True):
        self.folder = Path(folder)
        self.embedder = embedder
        self.classifier = classifier
        self._lock = threading.Lock()
        self._db_lock = threading.Lock()
        self._values: tuple[Path | None, FilterValues] | None = None
        self._needs: tuple[Path | None, dict[str, frozenset[str]]] | None = None
        self.check_config(repairing=not load)
        self.centres = centring.load(self.folder, embedder.name)
        # load=False: open without reading the generations (repair of a damaged library)
        self._state = self._load() if load else empty_snapshot(embedder.dim)

    # --- opening ----------------------------------------------------------------------------
    def check_config(self, repairing: bool = False) -> None:
        """Refuse a library built with another embedder or format; a damaged config.json is dropped when repairing
        (the repair writes it again for this embedder), else refused."""
        path = self.folder / "config.json"
        if not path.exists():
            return
        try:
            cfg = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(cfg, dict):
                raise ValueError("not an object")
        except (OSError, ValueError) as err:
            if repairing and path.is_file():
                path.unlink()
                return
            raise LibraryError(f"{path} is damaged; the library cannot be opened until `cli.py check --repair`.") from err
        if cfg.get("embedder") != self.embedder.name or cfg.get("dim") != self.embedder.dim:
            raise LibraryError(
                f"The library in {self.folder} was built with the {cfg.get('embedder')} embedder, but this run uses "
                f"{self.embedder.name}; rebuild its vectors with `cli.py reindex --library {self.folder}` "
                f"(the stored text is embedded again, no file is read) or run with the {cfg.get('embedder')} embedder."
            )
        if cfg.get("format") != FORMAT:
            raise LibraryError(f"The library in {self.folder} is in another format; rebuild it with `cli.py ingest`.")

    def write_config(self) -> None:
        path = self.folder / "config.json"
        if not path.exists():
            cfg = {"format": FORMAT, "embedder": self.embedder.name, "dim": self.embedder.dim,
                   "created": time.strftime("%Y-%m-%dT%H:%M:%S")}
            gens.write_atomic(path, json.dumps(cfg, indent=2).encode())
        if not (self.folder / centring.FILE).exists():
            gens.write_atomic(self.folder / centring.FILE, self.centres.to_json().encode())

    def _load(self) -> Snapshot:
        gen = gens.current(self.folder) if self.folder.exists() else None
        if gen is None and self.folder.exists() and gens.complete_generations(self.folder):
            raise LibraryError(f"The library in {self.folder} has lost its CURRENT pointer; run `cli.py check --repair`.")
        if gen is None:
            return empty_snapshot(self.embedder.dim)
        try:
            con = store.connect(gen / "library.sqlite", readonly=True)
            vectors = VectorIndex.load(gen / "vectors.faiss", self.embedder.dim)
            bm25 = BM25.load(gen / "bm25.npz", gen / "bm25.json")
            pids = np.load(gen / "bm25_pids.npy", allow_pickle=False)
            case_of = {int(p): c for p, c in con.execute("SELECT pid, case_id FROM passages")}
            story_of = stories(con.execute("SELECT id, translation FROM cases").fetchall())
            language_of = dict(con.execute("SELECT id, language FROM cases").fetchall())
        except (OSError, ValueError, RuntimeError, sqlite3.Error) as err:
            raise LibraryError(f"The library in {self.folder} is damaged ({gen.name}); run `cli.py check --repair`.") from err
        return Snapshot(gen, con, vectors, bm25, pids, case_of, story_of, language_of)

    def snapshot(self) -> Snapshot:
        """The current generation, reloaded if a writer has published a newer one."""
        gen = gens.current(self.folder) if self.folder.exists() else None
        with self._lock:
            if gen != self._state.gen:
                self._state = self._load()
            return self._state

    def rows(self, sql: str, args=()) -> list[sqlite3.Row]:
        st = self.snapshot()
        if st.con is None:
            return []
        with self._db_lock:
            return st.con.execute(sql, args).fetchall()

    def ids(self, sql: str, args=()) -> np.ndarray:
        """The first column of a query's rows as int64 (passage ids)."""
        return np.array([r[0] for r in self.rows(sql, args)], dtype=np.int64)

    # --- reading ----------------------------------------------------------------------------
    def cases(self, filters: Filters = Filters()) -> list[Case]:
        where, args = self.where(filters)
        sql = f"SELECT * FROM cases c WHERE {where} ORDER BY c.year DESC, c.id"
        return [store.row_case(r) for r in self.rows(sql, args)]

    def case(self, case_id: str) -> Case | None:
        rows = self.rows("SELECT * FROM cases WHERE id = ?", (case_id,))
        return store.row_case(rows[0]) if rows else None

    def statements(self, case_id: str) -> list[dict]:
        sql = ("SELECT s.*, p.section FROM statements s JOIN passages p ON p.pid = s.passage_pid "
               "WHERE p.case_id = ? ORDER BY p.ordinal, s.ordinal")
        return [dict(r) for r in self.rows(sql, (case_id,))]

    def case_passages(self, case_id: str) -> list[dict]:
        """A case's passages in order, each with its labelled statements (offsets relative to the passage)."""
        passages = [dict(r) for r in self.rows(
            "SELECT pid, ordinal, section, text FROM passages WHERE case_id = ? ORDER BY ordinal", (case_id,))]
        stmts = self.statements(case_id)
        for p in passages:
            p["statements"] = [s for s in stmts if s["passage_pid"] == p["pid"]]
        return passages

    def need_counts(self) -> dict[str, dict[str, int]]:
        """Per case: how many explicit / organisational / personal statements it holds."""
        sql = ("SELECT case_id, SUM(n_explicit), SUM(n_organisational), SUM(n_personal) FROM passages GROUP BY case_id")
        return {r[0]: dict(zip(NEED_LABELS, (int(r[1] or 0), int(r[2] or 0), int(r[3] or 0)))) for r in self.rows(sql)}

    def case_vectors(self) -> tuple[list[str], np.ndarray]:
        """One vector per case (the mean of its passages), for maps of the library."""
        st = self.snapshot()
        if st.vectors.size == 0:
            return [], np.zeros((0, self.embedder.dim), np.float32)
        ids = np.array(sorted(st.case_of), dtype=np.int64)
        vecs = np.vstack([st.vectors.index.reconstruct(int(i)) for i in ids])
        order: dict[str, list[int]] = {}
        for row, pid in enumerate(ids):
            order.setdefault(st.case_of[int(pid)], []).append(row)
        names = sorted(order)
        means = np.vstack([vecs[order[c]].mean(axis=0) for c in names])
        return names, means / np.linalg.norm(means, axis=1, keepdims=True)

    def passage_cases(self, pids: np.ndarray) -> list[str]:
        """The case id of each passage id."""
        case_of = self.snapshot().case_of
        return [case_of.get(int(p), "") for p in pids]

    def case_needs(self) -> dict[str, frozenset[str]]:
        """Per case, the need types it is about (index/case_needs.py); read once per generation."""
        gen = self.snapshot().gen
        cached = self._needs
        if cached is not None and cached[0] == gen:
            return cached[1]
        needs = filters.read_case_needs(self)
        self._needs = (gen, needs)
        return needs

    def story_of(self, case_id: str) -> str:
        """The id shared by a case's language versions."""
        return self.snapshot().story_of.get(case_id, case_id)

    def values(self) -> FilterValues:
        """The values each filter can take in this library; read once per generation (filters check them per search)."""
        gen = self.snapshot().gen
        cached = self._values
        if cached is not None and cached[0] == gen:
            return cached[1]
        values = filters.read_values(self)
        self._values = (gen, values)
        return values

    def stats(self) -> LibraryStats:
        st = self.snapshot()
        size = sum(f.stat().st_size for f in st.gen.iterdir()) if st.gen else 0
        langs = {r[0]: r[1] for r in self.rows("SELECT language, COUNT(*) FROM cases GROUP BY language")}
        n_cases = self.rows("SELECT COUNT(*) FROM cases")
        n_statements = self.rows("SELECT COUNT(*) FROM statements")
        return LibraryStats(cases=n_cases[0][0] if n_cases else 0, passages=st.vectors.size,
                            statements=n_statements[0][0] if n_statements else 0, languages=langs,
                            embedder=self.embedder.name, index="HNSW" if st.vectors.approximate else "exact (flat)",
                            bytes_on_disk=size, generation=st.gen.name if st.gen else None)

    # --- filters (index/filters.py) ---------------------------------------------------------
    def where(self, f: Filters) -> tuple[str, list]:
        """SQL conditions on the cases table (alias c) for the filters, checked against the library's values."""
        return filters.where(self, f)

    def allowed(self, f: Filters) -> np.ndarray | None:
        """The passage ids the filters allow, or None when no filter is set. The last answer is kept for its
        generation: a user searches several times with one set of filters (on a server, each answer is a query
        whose rows are every allowed passage id)."""
        if not f.active():
            return None
        key = (self.snapshot().gen, f)
        cached = getattr(self, "_allowed", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        ids = filters.allowed(self, f)
        ids.setflags(write=False)  # shared by the searches that follow
        self._allowed = (key, ids)
        return ids

    # --- search (index/search.py) -----------------------------------------------------------
    def query_vector(self, query: str) -> np.ndarray:
        """The query's vector, centred for its language like the library's passages (1 x dim)."""
        return searching.query_vector(self, query)

    def search(self, query: str, k: int = 10, filters: Filters = Filters(), mode: str = "hybrid") -> list[Hit]:
        """The k best cases for a query; each hit's score is a relevance in [0, 1] (index/ranking.py)."""
        return searching.search(self, query, k, filters, mode)

    def features(self, query: str, terms: list[str], allowed: np.ndarray | None = None, depth: int = 100,
                 mode: str = "hybrid") -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Candidate passages with their ranking features (see index/search.py)."""
        return searching.features(lib=self, query=query, terms=terms, allowed=allowed, depth=depth, mode=mode)

    def similar(self, vectors: np.ndarray, k: int = 5, filters: Filters = Filters(), terms: list[str] | None = None,
                prefer: str | None = None, languages: list[str] | None = None) -> list[list[Hit]]:
        """For each query vector, the k most similar cases by meaning (see index/search.py)."""
        return searching.similar(self, vectors, k, filters, terms, prefer, languages)

    # --- writing (index/ingest.py) ----------------------------------------------------------
    def ingest(self, paths: list[Path], progress=None, replace: bool = False) -> IngestReport:
        """Add or update the cases in files and folders in committed batches; unchanged files are skipped, bad ones
        and id conflicts reported (`replace` lets a file take over an id another file holds)."""
        return ingesting.ingest(self, paths, progress, replace)

    def ingest_cases(self, cases: list[Case]) -> IngestReport:
        """Add or replace cases made in the app (a saved note, say) rather than read from files."""
        return ingesting.ingest_cases(self, cases)

    def passage_vectors(self, title: str, texts: list[str], statement_vectors: list[np.ndarray]) -> np.ndarray:
        """The stored vector of each passage, centred for its language (index/ingest.py)."""
        return ingesting.passage_vectors(self, title, texts, statement_vectors)

    def remove(self, case_ids: list[str], vacuum: bool = False) -> list[str]:
        """Delete cases with their passages, statements, vectors and keywords; returns the ids removed."""
        removed = []
        with self.writing(vacuum=vacuum) as (con, vectors):
            for cid in case_ids:
                pids = store.delete_case(con, cid)
                if pids:
                    vectors.remove(np.array(pids, dtype=np.int64))
                    removed.append(cid)
        missing = [c for c in case_ids if c not in removed]
        if missing and not removed:
            raise LibraryError(f"No case with id {', '.join(missing)} in the library.")
        return removed

    def writing(self, vacuum: bool = False) -> Writer:
        return Writer(self, vacuum=vacuum)
