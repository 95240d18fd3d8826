"""Keeping a library whole: the consistency check, repair from the newest readable generation, and complete forgetting."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import faiss
import numpy as np

from index import generations as gens
from index import store
from index.errors import LibraryError
from index.library import Library
from index.vectorise import split_rows
from index.writer import Writer
from nlp.embed.base import KINDS, content_key
from nlp.text.segment import segment


def check(library: Library) -> list[str]:
    """Problems found; an empty list means the database, vectors and keywords agree."""
    if library.folder is None:  # a server library (index/pg)
        from index.pg.maintenance import check as server_check

        return server_check(library)
    problems = []
    try:
        st = library.snapshot()
    except LibraryError as err:
        return [str(err)]
    if st.gen is None:
        return []
    for name in ("library.sqlite", "vectors.faiss", "bm25.npz", "bm25.json", "bm25_pids.npy"):
        if not (st.gen / name).exists():
            problems.append(f"{st.gen.name}/{name} is missing")
    integrity = library.rows("PRAGMA integrity_check")
    if not integrity or integrity[0][0] != "ok":
        problems.append("the database fails its integrity check")
    sql_ids = {int(r[0]) for r in library.rows("SELECT pid FROM passages")}
    faiss_ids = {int(i) for i in faiss.vector_to_array(st.vectors.index.id_map)}
    bm25_ids = {int(i) for i in st.bm25_pids}
    if faiss_ids != sql_ids:
        problems.append(f"the vector index holds {len(faiss_ids)} passages, the database {len(sql_ids)}")
    if bm25_ids != sql_ids:
        problems.append(f"the keyword index holds {len(bm25_ids)} passages, the database {len(sql_ids)}")
    orphans = library.rows("SELECT COUNT(*) FROM passages WHERE case_id NOT IN (SELECT id FROM cases)")[0][0]
    if orphans:
        problems.append(f"{orphans} passages belong to no case")
    return problems


def _readable(gen: Path) -> bool:
    try:
        con = sqlite3.connect(f"file:{gen / 'library.sqlite'}?mode=ro", uri=True)
        try:
            return con.execute("PRAGMA integrity_check").fetchone()[0] == "ok" and \
                con.execute("SELECT COUNT(*) FROM passages").fetchone() is not None
        finally:
            con.close()
    except sqlite3.Error:
        return False


def repair(library: Library) -> str:
    """Rebuild vectors and keywords from the newest generation whose database reads cleanly; publish it."""
    current = gens.current(library.folder)
    candidates = ([current] if current else []) + [g for g in gens.complete_generations(library.folder) if g != current]
    source = next((g for g in candidates if _readable(g)), None)
    if source is None:
        raise LibraryError(f"No readable generation in {library.folder}; ingest the files again into a new library.")
    with Writer(library, source=source, rebuild_vectors=True) as (con, vectors):
        cases = {r["id"]: store.row_case(r) for r in con.execute("SELECT * FROM cases")}
        con.execute("DELETE FROM passages WHERE case_id NOT IN (SELECT id FROM cases)")
        rows = con.execute("SELECT pid, case_id, text FROM passages ORDER BY case_id, pid").fetchall()
        by_case: dict[str, list] = {}
        for r in rows:
            by_case.setdefault(r["case_id"], []).append(r)
        for cid, mine in by_case.items():
            texts = [r["text"] for r in mine]
            stmts = [[s.text for s in segment(t)] for t in texts]
            flat = library.embedder.embed([s for ss in stmts for s in ss], "query")
            vecs = library.passage_vectors(cases[cid].title, texts, split_rows(flat, [len(ss) for ss in stmts]))
            vectors.add(np.array([r["pid"] for r in mine], dtype=np.int64), vecs)
    return f"rebuilt from {source.name}: {len(rows)} passages of {len(cases)} cases"


def traces(library: Library, case_ids: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Every stored form of each case's text (title, whole text, sections, passages, statements) and the cache keys
    a case recorded for forms the library does not hold (a note saved redacted). Read from the current generation
    and from every older one still on disk, so that a forget killed half way can be finished."""
    sql_case = "SELECT title, text, extra FROM cases WHERE id = ?"
    sql_rest = ("SELECT p.section, p.text, s.text FROM passages p LEFT JOIN statements s ON s.passage_pid = p.pid "
                "WHERE p.case_id = ?")
    found: dict[str, set[str]] = {}
    keys: set[str] = set()
    if library.folder is None:  # a server library: one database, read in one snapshot
        with library._snapshot():
            for cid in case_ids:
                for title, text, extra in library.rows(sql_case, (cid,)):
                    found.setdefault(cid, set()).update(x for x in (title, text) if x)
                    keys.update(_recorded_keys(extra))
                for row in library.rows(sql_rest, (cid,)):
                    found.setdefault(cid, set()).update(x for x in row if x)
    for gen in gens.complete_generations(library.folder) if library.folder is not None else ():
        try:
            con = sqlite3.connect(f"file:{gen / 'library.sqlite'}?mode=ro", uri=True)
            for cid in case_ids:
                for title, text, extra in con.execute(sql_case, (cid,)):
                    found.setdefault(cid, set()).update(x for x in (title, text) if x)
                    keys.update(_recorded_keys(extra))
                for row in con.execute(sql_rest, (cid,)):
                    found.setdefault(cid, set()).update(x for x in row if x)
            con.close()
        except sqlite3.Error:
            continue  # an unreadable generation; cleanup deletes it with the others
    return {cid: sorted(texts) for cid, texts in found.items()}, sorted(keys)


def _recorded_keys(extra: str | None) -> list[str]:
    try:
        keys = json.loads(extra or "{}").get("forms", [])
    except (ValueError, AttributeError):
        return []
    return [k for k in keys if isinstance(k, str) and len(k) == 40] if isinstance(keys, list) else []


def forget(library: Library, case_ids: list[str]) -> list[str]:
    """Remove cases so that nothing of them stays: rows, vectors, keywords, older generations, cached vectors of
    every text in both kinds. Run again after a kill, it finds the text wherever it still is and finishes the job."""
    if library.folder is None:  # a server library has no generations; its remove(vacuum=True) compacts
        return _forget_on_server(library, case_ids)
    texts, recorded = traces(library, case_ids)
    if not texts:
        raise LibraryError(f"No case with id {', '.join(case_ids)} in the library.")
    if library.embedder.cache is not None:
        name = library.embedder.name
        every = [t for ts in texts.values() for t in ts]
        library.embedder.cache.forget(recorded + [content_key(name, kind, t) for t in every for kind in KINDS])
    # always a new, vacuumed generation: after a killed forget the current one may keep the text in free pages
    library.remove([c for c in texts if library.case(c) is not None], vacuum=True)
    with gens.writer_lock(library.folder):
        gens.cleanup(library.folder, keep=1)  # earlier generations still hold the forgotten text
    return [c for c in case_ids if c in texts]


def _forget_on_server(library, case_ids: list[str]) -> list[str]:
    """Forget on the PostgreSQL backend: one transaction removes the rows and VACUUM FULL rewrites the tables; the
    cached vectors of every text (and the keys a case recorded) go too."""
    texts, recorded = traces(library, case_ids)
    removed = library.remove(case_ids, vacuum=True)
    if library.embedder.cache is not None:
        name = library.embedder.name
        every = [t for ts in texts.values() for t in ts]
        library.embedder.cache.forget(recorded + [content_key(name, kind, t) for t in every for kind in KINDS])
    return removed
