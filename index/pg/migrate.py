"""Copy a folder library into an empty server library: rows, passage vectors and tokens as they are, no re-embedding."""
from __future__ import annotations

import numpy as np

from index.errors import LibraryError
from index.library import Library
from index.pg import keyword_stats
from index.pg.connection import connect, translated
from index.pg.keywords import tsvector_literal
from index.pg.writer import ensure_schema, fill_postings
from index.records import MigrateReport
from index.store import CASE_COLUMNS

BATCH = 1000
PASSAGE_COLUMNS = "pid, case_id, ordinal, section, text, tokens, n_explicit, n_organisational, n_personal"
STATEMENT_COLUMNS = "passage_pid, ordinal, text, label, confidence, stakeholder, compliance_risk, start_char, end_char"


def _batches(rows: list, size: int = BATCH):
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def migrate(source: Library, target, progress=None) -> MigrateReport:
    """Copy every case, passage (with its stored vector), statement and the language centres; one transaction."""
    st = source.snapshot()
    if st.gen is None:
        raise LibraryError("The source folder holds no library; ingest files into it first.")
    if target.stats().cases:
        raise LibraryError(f"The library database {target.location} already holds cases; migrate into an empty database.")
    if source.embedder.name != target.embedder.name:
        raise LibraryError("The source and the target library must use the same embedder.")
    ids, vecs = st.vectors.export()
    vector_of = {int(i): v for i, v in zip(ids, vecs)}
    cases = source.rows(f"SELECT {', '.join(CASE_COLUMNS)} FROM cases ORDER BY id")
    passages = source.rows(f"SELECT {PASSAGE_COLUMNS} FROM passages ORDER BY pid")
    statements = source.rows(f"SELECT {STATEMENT_COLUMNS} FROM statements ORDER BY passage_pid, ordinal")
    missing = [r[0] for r in passages if int(r[0]) not in vector_of]
    if missing:
        raise LibraryError(f"{len(missing)} passages of the source have no vector; run `cli.py check --repair` on it first.")
    target.centres = source.centres  # the vectors were centred with the source's centres: queries must be too
    done = 0
    with target.writing() as (cur, _vectors):
        # into an empty table: build the HNSW graph once after the rows are in, not one insert at a time
        cur.con.execute("DROP INDEX IF EXISTS passages_vec")
        cur.con.execute("SET LOCAL maintenance_work_mem = '256MB'")
        keyword_stats.bulk(cur.con, True)  # the BM25 figures are counted once, after the rows are in (fill_postings)
        # no automatic server-side prepare in this bulk pipeline: with it, psycopg lost a prepared statement here
        # ("prepared statement _pg3_3 does not exist" at 2,000 passages); executemany gains nothing from it anyway
        cur.con.prepare_threshold = None
        marks = ", ".join(["?"] * len(CASE_COLUMNS))
        cur.executemany(f"INSERT INTO cases ({', '.join(CASE_COLUMNS)}) VALUES ({marks})", [tuple(r) for r in cases])
        for chunk in _batches(passages):
            rows = []
            for r in chunk:
                toks = (r[5] or "").split()
                rows.append((*tuple(r), len(toks), tsvector_literal(toks), np.asarray(vector_of[int(r[0])], np.float32)))
            with cur.con.cursor() as c:
                c.executemany(f"INSERT INTO passages ({PASSAGE_COLUMNS}, n_tokens, tsv, embedding) "
                              "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::tsvector, %s)", rows)
            done += len(chunk)
            if progress:
                progress(done, len(passages))
        for chunk in _batches(statements, 5 * BATCH):
            cur.executemany(f"INSERT INTO statements ({STATEMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [tuple(r) for r in chunk])
        cur.con.execute("DROP INDEX IF EXISTS postings_lexeme")
        cur.con.execute("DROP INDEX IF EXISTS postings_pid")
        fill_postings(cur.con)
        ensure_schema(cur.con, target.embedder.dim)
    # after a bulk load: planner statistics, and the visibility map that lets the postings index answer alone
    with translated(target.url, "analysing it"), connect(target.url, autocommit=True) as con:
        con.execute("VACUUM (ANALYZE) cases, passages, statements, postings")
    return MigrateReport(cases=len(cases), passages=len(passages), statements=len(statements), to=target.location)
