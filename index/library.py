"""The case library on disk: open, ingest, remove, search (hybrid, filtered, grouped per case), similar cases, check.

A library folder holds config.json (the embedder it was built with) and generation folders, each
with library.sqlite, vectors.faiss and the BM25 arrays; see index/generations.py for atomicity.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from corpus.errors import InputError
from corpus.passages import make_passages
from corpus.readers import iter_files, read_path
from corpus.records import OUTCOMES, Case
from index import centring, store
from index import generations as gens
from index.errors import LibraryError
from index.fusion import group_by_case, snippet
from index.keywords import BM25, tokenize
from index.ranking import MODES, merge_candidates, relevance, top_positive
from index.records import Filters, Hit, IngestReport
from index.vectorise import passage_vectors, split_rows
from index.vectors import VectorIndex
from nlp.embed.base import Embedder
from nlp.needs.classifier import NeedsClassifier
from nlp.records import NEED_LABELS
from nlp.text.language import detect_language
from nlp.text.segment import segment

FORMAT = 3  # 2: passage vectors from statements + title (index/vectorise.py); 3: centred per language
__all__ = ["MODES", "Library", "FORMAT"]
LANGUAGES = ("zh", "en", "mixed")
MAX_CASE_CHARS = 3_000_000  # about 1,500 pages; beyond this a file is refused, not half indexed


@dataclass(frozen=True)
class _State:
    """One loaded generation; swapped whole when a writer publishes a new one."""

    gen: Path | None
    con: sqlite3.Connection | None
    vectors: VectorIndex
    bm25: BM25
    bm25_pids: np.ndarray
    case_of: dict[int, str]
    story_of: dict[str, str]  # case id -> id shared by its language versions
    language_of: dict[str, str]  # case id -> its language


def _empty_state(dim: int) -> _State:
    return _State(None, None, VectorIndex(dim), BM25.build([]), np.zeros(0, np.int64), {}, {}, {})


def stories(rows: list[tuple[str, str]]) -> dict[str, str]:
    """Case id -> story id: a case and its translation (when both are in the library) share the smaller id."""
    ids = {r[0] for r in rows}
    return {cid: min(cid, tr) if tr and tr in ids else cid for cid, tr in rows}


def _mentions(text: str, terms: list[str]) -> bool:
    low = text.lower()
    return any(len(t) >= (3 if t.isascii() else 2) and t in low for t in terms)


def index_text(case: Case, section: str, text: str) -> str:
    return "\n".join(x for x in (case.title, section, text) if x)


class Library:
    def __init__(self, folder: Path, embedder: Embedder, classifier: NeedsClassifier | None = None, load: bool = True):
        self.folder = Path(folder)
        self.embedder = embedder
        self.classifier = classifier
        self._lock = threading.Lock()
        self._db_lock = threading.Lock()
        self._values: tuple[Path | None, dict[str, list]] | None = None
        self._check_config()
        self.centres = centring.load(self.folder, embedder.name)
        # load=False: open without reading the generations (repair of a damaged library)
        self._state = self._load() if load else _empty_state(embedder.dim)

    # --- opening ----------------------------------------------------------------------------
    def _check_config(self) -> None:
        path = self.folder / "config.json"
        if not path.exists():
            return
        try:
            cfg = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise LibraryError(f"{path} is damaged; the library cannot be opened.") from err
        if cfg.get("embedder") != self.embedder.name or cfg.get("dim") != self.embedder.dim:
            raise LibraryError(
                f"The library in {self.folder} was built with the {cfg.get('embedder')} embedder, not {self.embedder.name}; "
                "use that embedder or build a new library."
            )
        if cfg.get("format") != FORMAT:
            raise LibraryError(f"The library in {self.folder} is in another format; rebuild it with `cli.py ingest`.")

    def _write_config(self) -> None:
        path = self.folder / "config.json"
        if not path.exists():
            cfg = {"format": FORMAT, "embedder": self.embedder.name, "dim": self.embedder.dim,
                   "created": time.strftime("%Y-%m-%dT%H:%M:%S")}
            gens.write_atomic(path, json.dumps(cfg, indent=2).encode())
        if not (self.folder / centring.FILE).exists():
            gens.write_atomic(self.folder / centring.FILE, self.centres.to_json().encode())

    def _load(self) -> _State:
        gen = gens.current(self.folder) if self.folder.exists() else None
        if gen is None and self.folder.exists() and gens.complete_generations(self.folder):
            raise LibraryError(f"The library in {self.folder} has lost its CURRENT pointer; run `cli.py check --repair`.")
        if gen is None:
            return _empty_state(self.embedder.dim)
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
        return _State(gen, con, vectors, bm25, pids, case_of, story_of, language_of)

    def _fresh(self) -> _State:
        """The current generation, reloaded if a writer has published a newer one."""
        gen = gens.current(self.folder) if self.folder.exists() else None
        with self._lock:
            if gen != self._state.gen:
                self._state = self._load()
            return self._state

    def _rows(self, sql: str, args=()) -> list[sqlite3.Row]:
        st = self._fresh()
        if st.con is None:
            return []
        with self._db_lock:
            return st.con.execute(sql, args).fetchall()

    # --- reading ----------------------------------------------------------------------------
    def cases(self, filters: Filters = Filters()) -> list[Case]:
        where, args = self._where(filters)
        sql = f"SELECT * FROM cases c WHERE {where} ORDER BY c.year DESC, c.id"
        return [store.row_case(r) for r in self._rows(sql, args)]

    def case(self, case_id: str) -> Case | None:
        rows = self._rows("SELECT * FROM cases WHERE id = ?", (case_id,))
        return store.row_case(rows[0]) if rows else None

    def statements(self, case_id: str) -> list[dict]:
        sql = ("SELECT s.*, p.section FROM statements s JOIN passages p ON p.pid = s.passage_pid "
               "WHERE p.case_id = ? ORDER BY p.ordinal, s.ordinal")
        return [dict(r) for r in self._rows(sql, (case_id,))]

    def case_passages(self, case_id: str) -> list[dict]:
        """A case's passages in order, each with its labelled statements (offsets relative to the passage)."""
        passages = [dict(r) for r in self._rows(
            "SELECT pid, ordinal, section, text FROM passages WHERE case_id = ? ORDER BY ordinal", (case_id,))]
        stmts = self.statements(case_id)
        for p in passages:
            p["statements"] = [s for s in stmts if s["passage_pid"] == p["pid"]]
        return passages

    def need_counts(self) -> dict[str, dict[str, int]]:
        """Per case: how many explicit / organisational / personal statements it holds."""
        sql = ("SELECT case_id, SUM(n_explicit), SUM(n_organisational), SUM(n_personal) FROM passages GROUP BY case_id")
        return {r[0]: dict(zip(NEED_LABELS, (int(r[1] or 0), int(r[2] or 0), int(r[3] or 0)))) for r in self._rows(sql)}

    def case_vectors(self) -> tuple[list[str], np.ndarray]:
        """One vector per case (the mean of its passages), for maps of the library."""
        st = self._fresh()
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
        case_of = self._fresh().case_of
        return [case_of.get(int(p), "") for p in pids]

    def story_of(self, case_id: str) -> str:
        """The id shared by a case's language versions."""
        return self._fresh().story_of.get(case_id, case_id)

    def values(self) -> dict[str, list]:
        """The values each filter can take in this library; read once per generation (filters check them per search)."""
        gen = self._fresh().gen
        cached = self._values
        if cached is not None and cached[0] == gen:
            return cached[1]
        values = self._read_values()
        self._values = (gen, values)
        return values

    def _read_values(self) -> dict[str, list]:
        def distinct(col):
            return [r[0] for r in self._rows(f"SELECT DISTINCT {col} FROM cases WHERE {col} <> '' ORDER BY 1")]
        tags = sorted({t for r in self._rows("SELECT tags FROM cases") for t in json.loads(r[0] or "[]")})
        years = [r[0] for r in self._rows("SELECT DISTINCT year FROM cases WHERE year IS NOT NULL ORDER BY 1")]
        return {"outcome": list(OUTCOMES), "industry": distinct("industry"), "region": distinct("region"),
                "language": list(LANGUAGES), "need": list(NEED_LABELS), "tags": tags, "kind": distinct("kind"),
                "year": years}

    def stats(self) -> dict:
        st = self._fresh()
        size = sum(f.stat().st_size for f in st.gen.iterdir()) if st.gen else 0
        langs = {r[0]: r[1] for r in self._rows("SELECT language, COUNT(*) FROM cases GROUP BY language")}
        n_cases = self._rows("SELECT COUNT(*) FROM cases")
        n_statements = self._rows("SELECT COUNT(*) FROM statements")
        return {"cases": n_cases[0][0] if n_cases else 0, "passages": st.vectors.size,
                "statements": n_statements[0][0] if n_statements else 0, "languages": langs,
                "embedder": self.embedder.name, "index": "HNSW" if st.vectors.approximate else "exact (flat)",
                "bytes_on_disk": size, "generation": st.gen.name if st.gen else None}

    # --- filters ----------------------------------------------------------------------------
    def _where(self, f: Filters) -> tuple[str, list]:
        valid = self.values() if f.active() else {}
        clauses, args = ["1=1"], []

        def check(name, value):
            if value not in valid[name]:
                raise LibraryError(f"Unknown {name} {value!r}; valid values: {', '.join(map(str, valid[name])) or 'none'}.")

        for name in ("outcome", "industry", "region", "language", "kind"):
            value = getattr(f, name)
            if value:
                check(name, value)
                clauses.append(f"c.{name} = ?")
                args.append(value)
        if f.year_from is not None:
            clauses.append("c.year >= ?")
            args.append(f.year_from)
        if f.year_to is not None:
            clauses.append("c.year <= ?")
            args.append(f.year_to)
        for tag in f.tags:
            check("tags", tag)
            clauses.append("EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)")
            args.append(tag)
        if f.need:
            check("need", f.need)
            clauses.append(f"EXISTS (SELECT 1 FROM passages q WHERE q.case_id = c.id AND q.n_{f.need} > 0)")
        return " AND ".join(clauses), args

    def _allowed(self, f: Filters) -> np.ndarray | None:
        if not f.active():
            return None
        where, args = self._where(f)
        need = f" AND p.n_{f.need} > 0" if f.need else ""
        sql = f"SELECT p.pid FROM passages p JOIN cases c ON c.id = p.case_id WHERE {where}{need}"
        return np.array([r[0] for r in self._rows(sql, args)], dtype=np.int64)

    # --- search -----------------------------------------------------------------------------
    def query_vector(self, query: str) -> np.ndarray:
        """The query's vector, centred for its language like the library's passages (1 x dim)."""
        return self.centres.centre(self.embedder.embed([query], "query"), [detect_language(query)])

    def search(self, query: str, k: int = 10, filters: Filters = Filters(), mode: str = "hybrid") -> list[Hit]:
        """The k best cases for a query; each hit's score is a relevance in [0, 1] (index/ranking.py)."""
        query = " ".join(query.split())
        if not query:
            raise LibraryError("The search query is empty; type a few words to search for.")
        if mode not in MODES:
            raise LibraryError(f"Unknown search mode {mode!r}; valid modes: {', '.join(MODES)}.")
        if k < 1:
            raise LibraryError("k must be at least 1.")
        st = self._fresh()
        allowed = self._allowed(filters)
        terms = tokenize(query)
        ids, cos, cover = self.features(query, terms, allowed, max(100, 20 * k), mode, st)
        scores = dict(zip(ids.tolist(), relevance(cos, cover, mode).tolist()))
        return self._hits(group_by_case(scores, st.case_of, per_case=4, story_of=st.story_of)[:k], terms)

    def features(self, query: str, terms: list[str], allowed: np.ndarray | None = None, depth: int = 100,
                 mode: str = "hybrid", st: _State | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Candidate passage ids from both retrievers, with each one's centred cosine and BM25 coverage.

        Public so that the relevance model can be fitted on what search sees (bench/search_calibration.py).
        """
        st = st or self._fresh()
        none = np.zeros(0, np.int64)
        dense_ids, dense_cos, qvec = none, np.zeros(0, np.float32), None
        if mode != "bm25":
            qvec = self.query_vector(query)
            sc, ids = st.vectors.search(qvec, depth, allowed)
            keep = ids[0] >= 0 if len(ids) else np.zeros(0, bool)
            dense_ids, dense_cos = (ids[0][keep], sc[0][keep]) if len(ids) else (none, dense_cos)
        cover_all = st.bm25.coverage(terms)
        if allowed is not None:
            cover_all = np.where(np.isin(st.bm25_pids, allowed), cover_all, 0.0)
        kw_ids = st.bm25_pids[top_positive(cover_all, depth)] if mode != "dense" else none
        ids, unknown = merge_candidates(dense_ids, dense_cos, kw_ids)
        cos = np.zeros(len(ids), np.float32)
        cos[: len(dense_cos)] = dense_cos
        if qvec is not None and unknown.any():
            cos[unknown] = np.vstack([st.vectors.index.reconstruct(int(i)) for i in ids[unknown]]) @ qvec[0]
        rows = np.minimum(np.searchsorted(st.bm25_pids, ids), max(len(st.bm25_pids) - 1, 0))
        found = (st.bm25_pids[rows] == ids) if len(st.bm25_pids) else np.zeros(len(ids), bool)
        cover = np.where(found, cover_all[rows] if len(cover_all) else 0.0, 0.0)
        return ids, cos, cover

    def similar(self, vectors: np.ndarray, k: int = 5, filters: Filters = Filters(), terms: list[str] | None = None,
                prefer: str | None = None, languages: list[str] | None = None) -> list[list[Hit]]:
        """For each query vector (a statement, or a whole note's mean), the k most similar cases by meaning.

        Vectors are raw embeddings; they are centred for their language (given, or read off the vector).
        Only cases (kind 'case') are searched unless the filters name another kind: a rep's saved
        notes are not past cases. `prefer` ('en' or 'zh') shows a case story in that language where
        the library has that version. Scores are relevances in [0, 1] like search scores.
        """
        st = self._fresh()
        if len(vectors) == 0 or st.vectors.size == 0:
            return [[] for _ in range(len(vectors))]
        if filters.kind is None:
            filters = replace(filters, kind="case")
        try:
            allowed = self._allowed(filters)
        except LibraryError:
            return [[] for _ in range(len(vectors))]  # no case of that kind in the library
        centred = self.centres.centre(vectors, languages)
        scores, ids = st.vectors.search(centred, max(200, 20 * k), allowed)  # deep enough to reach the other versions
        out = []
        for srow, irow in zip(scores, ids):
            keep = irow >= 0
            rel = relevance(srow[keep], np.zeros(int(keep.sum())), "dense")
            ranked = dict(zip(irow[keep].tolist(), rel.tolist()))
            groups = group_by_case(ranked, st.case_of, story_of=st.story_of, prefer=prefer, language_of=st.language_of)
            out.append(self._hits(groups[:k], terms or []))
        return out

    def _hits(self, groups: list[tuple[str, float, list[int]]], terms: list[str]) -> list[Hit]:
        if not groups:
            return []
        pids = [p for _, _, ps in groups for p in ps]
        marks = ",".join("?" * len(pids))
        passages = {r["pid"]: r for r in self._rows(f"SELECT * FROM passages WHERE pid IN ({marks})", pids)}
        ids = [cid for cid, _, _ in groups]
        cases = {r["id"]: store.row_case(r) for r in self._rows(f"SELECT * FROM cases WHERE id IN ({','.join('?' * len(ids))})", ids)}
        counts = {r[0]: (int(r[1] or 0), int(r[2] or 0), int(r[3] or 0)) for r in self._rows(
            f"SELECT case_id, SUM(n_explicit), SUM(n_organisational), SUM(n_personal) FROM passages "
            f"WHERE case_id IN ({','.join('?' * len(ids))}) GROUP BY case_id", ids)}
        hits = []
        for cid, score, ps in groups:
            # show the best passage that holds a query term; the title alone may have made the match
            shown = next((p for p in ps if p in passages and _mentions(passages[p]["text"], terms)), ps[0])
            ps = [shown] + [p for p in ps if p != shown]
            c, best = cases.get(cid), passages.get(shown)
            if c is None or best is None:
                continue
            hits.append(Hit(
                id=c.id, title=c.title, score=score, snippet=snippet(best["text"], terms), outcome=c.outcome,
                language=c.language, industry=c.industry, region=c.region, year=c.year, tags=c.tags, kind=c.kind,
                customer=c.customer, section=best["section"] or "", translation=c.translation,
                needs=dict(zip(NEED_LABELS, counts.get(cid, (0, 0, 0)))),
                passages=tuple(snippet(passages[p]["text"], terms) for p in ps[1:3] if p in passages),
            ))
        return hits

    # --- writing ----------------------------------------------------------------------------
    def ingest(self, paths: list[Path], progress=None) -> IngestReport:
        """Add or replace the cases in files and folders; unchanged files are skipped, bad ones reported."""
        if self.classifier is None:
            raise LibraryError("Ingest needs the needs classifier; run `make train` first.")
        report = IngestReport()
        started = time.perf_counter()
        files = list(iter_files([Path(p) for p in paths]))
        for p in paths:
            if not Path(p).exists():
                report.failed.append((str(p), f"No such file or folder: {p}."))
        files = [f for f in files if f.exists()]
        with self._writing() as (con, vectors):
            for n, path in enumerate(files, 1):
                if progress:
                    progress(n, len(files), path.name)
                try:
                    cases = read_path(path)
                except InputError as err:
                    report.failed.append((path.name, str(err)))
                    continue
                for case in cases:
                    self._ingest_case(con, vectors, case, report)
        report.seconds = time.perf_counter() - started
        return report

    def ingest_cases(self, cases: list[Case]) -> IngestReport:
        """Add or replace cases made in the app (a saved note, say) rather than read from files."""
        if self.classifier is None:
            raise LibraryError("Ingest needs the needs classifier; run `make train` first.")
        report = IngestReport()
        started = time.perf_counter()
        with self._writing() as (con, vectors):
            for case in cases:
                self._ingest_case(con, vectors, case, report)
        report.seconds = time.perf_counter() - started
        return report

    def _ingest_case(self, con, vectors: VectorIndex, case: Case, report: IngestReport) -> None:
        row = con.execute("SELECT source_hash FROM cases WHERE id = ?", (case.id,)).fetchone()
        if row is not None and row[0] == case.source_hash:
            report.skipped.append(case.id)
            return
        if len(case.text) > MAX_CASE_CHARS:
            report.failed.append((case.source or case.id, f"{case.source or case.id} has {len(case.text):,} characters; "
                                  f"the limit is {MAX_CASE_CHARS:,} per document."))
            return
        if not case.language:
            case = replace(case, language=detect_language(case.text[:4000]))
        if row is not None:
            vectors.remove(np.array(store.delete_case(con, case.id), dtype=np.int64))
        passages = make_passages(case)
        if not passages:
            report.failed.append((case.source or case.id, f"{case.source or case.id} has no text to index."))
            return
        store.insert_case(con, case)
        first = store.next_pid(con)
        pids = np.arange(first, first + len(passages), dtype=np.int64)
        per_passage = [segment(p.text) for p in passages]
        needs, stmt_vecs = self.classifier.classify([s for ss in per_passage for s in ss])
        vecs = self.passage_vectors(case.title, [p.text for p in passages], split_rows(stmt_vecs, [len(ss) for ss in per_passage]))
        at = 0
        for pid, p, stmts in zip(pids, passages, per_passage):
            mine = needs[at : at + len(stmts)]
            at += len(stmts)
            n = {lab: sum(x.label == lab for x in mine) for lab in NEED_LABELS}
            tokens = " ".join(tokenize(index_text(case, p.section, p.text)))
            con.execute("INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?)",
                        (int(pid), case.id, p.ordinal, p.section, p.text, tokens, n["explicit"], n["organisational"], n["personal"]))
            con.executemany("INSERT INTO statements VALUES (?,?,?,?,?,?,?,?,?)", [
                (int(pid), i, x.statement.text, x.label, x.confidence, x.stakeholder, int(x.compliance_risk),
                 x.statement.start, x.statement.end) for i, x in enumerate(mine)])
        vectors.add(pids, vecs)
        report.passages += len(passages)
        (report.updated if row is not None else report.added).append(case.id)

    def passage_vectors(self, title: str, texts: list[str], statement_vectors: list[np.ndarray]) -> np.ndarray:
        """The stored vector of each passage: index/vectorise.py's vector, centred for the passage's language."""
        vecs = passage_vectors(self.embedder, title, texts, statement_vectors)
        return self.centres.centre(vecs, [detect_language(title + " " + t[:2000]) for t in texts])

    def remove(self, case_ids: list[str], vacuum: bool = False) -> list[str]:
        """Delete cases with their passages, statements, vectors and keywords; returns the ids removed."""
        removed = []
        with self._writing(vacuum=vacuum) as (con, vectors):
            for cid in case_ids:
                pids = store.delete_case(con, cid)
                if pids:
                    vectors.remove(np.array(pids, dtype=np.int64))
                    removed.append(cid)
        missing = [c for c in case_ids if c not in removed]
        if missing and not removed:
            raise LibraryError(f"No case with id {', '.join(missing)} in the library.")
        return removed

    def _writing(self, vacuum: bool = False):
        from index.writer import Writer

        return Writer(self, vacuum=vacuum)
