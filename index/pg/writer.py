"""One write to the server library: a transaction under the writers' advisory lock, committed whole or not at all.

The ingest and remove code of index/library.py runs unchanged against `SqlCursor` (sqlite-style `?` SQL on a
psycopg connection, an ingest's inserts held and written per table in one go) and `WriteVectors` (which puts each
new passage's vector and tokens in its row): index/pg/write_cursor.py. A failure or a dropped connection rolls
the transaction back, so readers never see half an ingest.
"""
from __future__ import annotations

import json
import time
from contextlib import contextmanager

from index.pg import keyword_stats, schema
from index.pg.connection import connect, translated
from index.pg.write_cursor import SqlCursor, WriteVectors, fill_postings


def ensure_schema(con, dim: int) -> None:
    for ddl in schema.tables(dim):
        con.execute(ddl)


def set_meta(con, values: dict[str, str]) -> None:
    with con.cursor() as cur:
        cur.executemany("INSERT INTO library_meta (key, value) VALUES (%s, %s) "
                        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", list(values.items()))


def read_meta(con) -> dict[str, str]:
    if con.execute("SELECT to_regclass('library_meta')").fetchone()[0] is None:
        return {}
    return {r[0]: r[1] for r in con.execute("SELECT key, value FROM library_meta")}


def publish_stats(con) -> None:
    """The library-wide BM25 figures (kept by the write's delta), and a new version number that tells readers to reload."""
    n, avgdl, top = keyword_stats.current(con)
    if n > schema.HNSW_ABOVE and con.execute("SELECT to_regclass('passages_vec')").fetchone()[0] is None:
        con.execute("SET LOCAL maintenance_work_mem = '256MB'")
        con.execute(schema.HNSW)  # the write that takes the library past HNSW_ABOVE builds the graph once
    version = int(read_meta(con).get("version", "0")) + 1
    set_meta(con, {"n": str(n), "avgdl": repr(avgdl), "top": repr(top), "version": str(version)})


@contextmanager
def writing(library, vacuum: bool = False):
    """(cursor, vectors) for one transaction; commits on success, rolls back on any failure."""
    con = connect(library.url)
    try:
        with translated(library.url, "writing to it"):
            con.execute("SELECT pg_advisory_xact_lock(%s)", (schema.WRITER_LOCK,))
            if con.execute("SELECT to_regclass('statements')").fetchone()[0] is None:
                ensure_schema(con, library.embedder.dim)  # only the owner's first write: writer roles may not CREATE
            elif con.execute("SELECT to_regclass('postings')").fetchone()[0] is None:  # a library from before postings
                for ddl in schema.POSTINGS + tuple(keyword_stats.ddl()):
                    con.execute(ddl)
                fill_postings(con)
            elif con.execute("SELECT to_regclass('term_tf')").fetchone()[0] is None:  # before incremental statistics
                for ddl in keyword_stats.ddl():
                    con.execute(ddl)
                keyword_stats.rebuild(con)
            meta = read_meta(con)
            library.check_meta(meta)
            if "config" not in meta:
                cfg = {"format": library.format, "embedder": library.embedder.name, "dim": library.embedder.dim,
                       "created": time.strftime("%Y-%m-%dT%H:%M:%S")}
                set_meta(con, {"config": json.dumps(cfg), "centres": library.centres.to_json()})
            with con.pipeline():  # inserts go out without waiting for each answer; a read waits for what it needs
                cursor = SqlCursor(con)
                yield cursor, WriteVectors(cursor)
                cursor.flush()  # the rows still held (index/pg/write_cursor.py), inside the transaction
            publish_stats(con)
            con.commit()
    except BaseException:
        if not con.closed:
            try:
                con.rollback()
            except Exception:  # the connection may be gone; the server rolls back by itself then
                pass
        raise
    finally:
        con.close()
    if vacuum:  # rewrite the tables so removed text leaves no trace in free space (forget)
        with translated(library.url, "compacting it"), connect(library.url, autocommit=True) as vcon:
            vcon.execute("VACUUM FULL statements, passages, cases")
