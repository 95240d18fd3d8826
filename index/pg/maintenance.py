"""Consistency check and repair of a server library.

The check: every passage has its vector and its keyword tsvector, both indexes (HNSW over the vectors, GIN over the
tsvectors) exist and are valid, the BM25 figures count the passages there are, and every case has passages.
Repair rebuilds what derives from intact rows, in one writer transaction: each tsvector from the passage's stored
tokens, each missing vector from the stored text through the one passage-vector function (index/ingest.py, as the
folder's repair does), then both indexes (REINDEX, or CREATE when dropped) and the BM25 figures. A case without
passages cannot be rebuilt from the database: its file must be ingested again.
"""
from __future__ import annotations

import numpy as np

from index.errors import LibraryError
from index.pg import schema
from index.pg.keywords import tsvector_literal
from index.vectorise import split_rows
from nlp.text.segment import segment

INDEXES = ("passages_vec", "passages_tsv")
BATCH = 2000


def check(library) -> list[str]:
    """Problems found; an empty list means rows, vectors, keywords and indexes agree (index/maintenance.py for folders)."""
    try:
        st = library.snapshot()
        rows = library.rows(
            "SELECT (SELECT COUNT(*) FROM passages), (SELECT COUNT(*) FROM passages WHERE embedding IS NULL), "
            "(SELECT COUNT(*) FROM passages WHERE tsv IS NULL AND n_tokens > 0), "
            "(SELECT COUNT(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.case_id = c.id))")
        valid = dict(library.rows("SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                  "WHERE c.relname IN (?, ?) AND pg_table_is_visible(c.oid)", INDEXES))
    except LibraryError as err:
        return [str(err)]
    if not rows:
        return []
    total, no_vector, no_tokens, empty_cases = rows[0]
    problems = []
    if no_vector:
        problems.append(f"{no_vector} of {total} passages have no vector")
    if no_tokens:
        problems.append(f"{no_tokens} of {total} passages have no keyword tokens")
    for name in INDEXES:
        if name not in valid:
            problems.append(f"the index {name} is missing")
        elif not valid[name]:
            problems.append(f"the index {name} is not valid")
    if empty_cases:
        problems.append(f"{empty_cases} cases have no passages (ingest their files again)")
    if st.bm25.n != total:
        problems.append(f"the keyword statistics count {st.bm25.n} passages, the database {total}")
    return problems


def repair(library) -> str:
    """Rebuild tsvectors, missing vectors, both indexes and the BM25 figures from the stored rows; one transaction."""
    with library.writing() as (cur, vectors):
        con = cur.con
        pids = [r[0] for r in con.execute("SELECT pid FROM passages ORDER BY pid").fetchall()]
        for start in range(0, len(pids), BATCH):
            part = con.execute("SELECT pid, tokens FROM passages WHERE pid = ANY(%s)", (pids[start:start + BATCH],))
            rows = [(tsvector_literal((t or "").split()), len((t or "").split()), pid) for pid, t in part.fetchall()]
            with con.cursor() as c:
                c.executemany("UPDATE passages SET tsv = %s::tsvector, n_tokens = %s WHERE pid = %s", rows)
        missing = con.execute("SELECT p.pid, p.case_id, p.text, c.title FROM passages p JOIN cases c ON c.id = p.case_id "
                              "WHERE p.embedding IS NULL ORDER BY p.case_id, p.pid").fetchall()
        by_case: dict[str, list] = {}
        for r in missing:
            by_case.setdefault(r[1], []).append(r)
        for mine in by_case.values():
            texts = [r[2] or "" for r in mine]
            stmts = [[s.text for s in segment(t)] for t in texts]
            flat = library.embedder.embed([s for ss in stmts for s in ss], "query")
            vecs = library.passage_vectors(mine[0][3] or "", texts, split_rows(flat, [len(ss) for ss in stmts]))
            vectors.add(np.array([r[0] for r in mine], dtype=np.int64), vecs)
        for ddl in schema.tables(library.embedder.dim):
            if ddl.startswith("CREATE INDEX"):
                con.execute(ddl)  # a dropped index comes back
        for name in INDEXES:
            con.execute(f"REINDEX INDEX {name}")
    return (f"rebuilt on the server: keyword tokens of {len(pids)} passages, {len(missing)} missing vectors "
            f"re-embedded, indexes {' and '.join(INDEXES)}, keyword statistics")
