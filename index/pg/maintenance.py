"""Consistency check and repair of a server library.

The check: every passage has its vector, its keyword tsvector and its postings, the indexes (HNSW over the vectors,
GIN over the tsvectors, the postings' two) exist and are valid, the BM25 figures count the passages there are, and every case has passages.
Repair rebuilds what derives from intact rows, in one writer transaction: each tsvector from the passage's stored
tokens and the postings from those, each missing vector from the stored text through the one passage-vector function (index/ingest.py, as the
folder's repair does), then both indexes (REINDEX, or CREATE when dropped) and the BM25 figures. A case without
passages cannot be rebuilt from the database: its file must be ingested again.
"""
from __future__ import annotations

import numpy as np

from index.errors import LibraryError
from index.pg import schema
from index.pg.keywords import tsvector_literal
from index.pg.writer import fill_postings
from index.vectorise import split_rows
from nlp.text.segment import segment

INDEXES = ("passages_vec", "passages_tsv", "postings_lexeme", "postings_pid")
BATCH = 2000


def check(library) -> list[str]:
    """Problems found; an empty list means rows, vectors, keywords and indexes agree (index/maintenance.py for folders)."""
    try:
        st = library.snapshot()
        rows = library.rows(
            "SELECT (SELECT COUNT(*) FROM passages), (SELECT COUNT(*) FROM passages WHERE embedding IS NULL), "
            "(SELECT COUNT(*) FROM passages WHERE tsv IS NULL AND n_tokens > 0), "
            "(SELECT COUNT(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.case_id = c.id)), "
            "(SELECT COUNT(*) FROM passages p WHERE n_tokens > 0 AND NOT EXISTS "
            "(SELECT 1 FROM postings x WHERE x.pid = p.pid))")
        valid = dict(library.rows("SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                  "WHERE c.relname = ANY(?) AND pg_table_is_visible(c.oid)", (list(INDEXES),)))
    except LibraryError as err:
        return [str(err)]
    if not rows:
        return []
    total, no_vector, no_tokens, empty_cases, no_postings = rows[0]
    problems = []
    if no_vector:
        problems.append(f"{no_vector} of {total} passages have no vector")
    if no_tokens:
        problems.append(f"{no_tokens} of {total} passages have no keyword tokens")
    if no_postings:
        problems.append(f"{no_postings} of {total} passages have no keyword postings")
    for name in INDEXES:
        if name == "passages_vec" and name not in valid and total <= schema.HNSW_ABOVE:
            continue  # a small library has no HNSW graph: an exact scan answers
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
    """Rebuild tsvectors, postings, missing vectors, the indexes and the BM25 figures from the stored rows; one transaction."""
    with library.writing() as (cur, vectors):
        con = cur.con
        pids = [r[0] for r in con.execute("SELECT pid FROM passages ORDER BY pid").fetchall()]
        for start in range(0, len(pids), BATCH):
            part = con.execute("SELECT pid, tokens FROM passages WHERE pid = ANY(%s)", (pids[start:start + BATCH],))
            rows = [(tsvector_literal((t or "").split()), len((t or "").split()), pid) for pid, t in part.fetchall()]
            with con.cursor() as c:
                c.executemany("UPDATE passages SET tsv = %s::tsvector, n_tokens = %s WHERE pid = %s", rows)
        fill_postings(con)
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
        for ddl in schema.tables(library.embedder.dim) + ([schema.HNSW] if len(pids) > schema.HNSW_ABOVE else []):
            if ddl.startswith("CREATE INDEX"):
                con.execute(ddl)  # a dropped index comes back
        for name in INDEXES:
            if con.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is not None:
                con.execute(f"REINDEX INDEX {name}")
    return (f"rebuilt on the server: keyword tokens and postings of {len(pids)} passages, {len(missing)} missing vectors "
            f"re-embedded, indexes {', '.join(INDEXES)}, keyword statistics")
