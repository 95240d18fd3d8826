"""Keeping a library whole: the consistency check, repair from the newest readable generation, and complete forgetting."""
from __future__ import annotations

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
from nlp.embed.base import content_key
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


def forget(library: Library, case_ids: list[str]) -> list[str]:
    """Remove cases so that nothing of them stays: rows, vectors, keywords, older generations, cached vectors."""
    keys: list[str] = []
    name = library.embedder.name
    for cid in case_ids:
        case = library.case(cid)
        if case is None:
            continue
        keys.append(content_key(name, "query", case.title))
        for p in library.case_passages(cid):
            keys.append(content_key(name, "passage", p["text"]))  # passages without statements are embedded whole
            keys += [content_key(name, "query", s["text"]) for s in p["statements"]]
    removed = library.remove(case_ids, vacuum=True)
    if library.folder is not None:  # a server library has no generations; its remove(vacuum=True) compacts
        with gens.writer_lock(library.folder):
            gens.cleanup(library.folder, keep=1)  # earlier generations still hold the forgotten text
    if library.embedder.cache is not None:
        library.embedder.cache.forget(keys)
    return removed
