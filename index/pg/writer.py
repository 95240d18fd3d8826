"""One write to the server library: a transaction under the writers' advisory lock, committed whole or not at all.

The ingest and remove code of index/library.py runs unchanged against `SqlCursor` (sqlite-style `?` SQL on a
psycopg connection) and `ServerVectors` (which fills each new passage's vector and tokens). A failure
or a dropped connection rolls the transaction back, so readers never see half an ingest.
"""
from __future__ import annotations

import json
import time
from contextlib import contextmanager

import numpy as np

from index.pg import keyword_stats, schema
from index.pg.connection import connect, qmarks, translated
from index.pg.keywords import tsvector_literal


class SqlCursor:
    """The part of sqlite3.Connection that index/store.py and the ingest code use, over psycopg."""

    def __init__(self, con):
        self.con = con

    def execute(self, sql: str, args=()):
        return self.con.execute(qmarks(sql), tuple(args))

    def executemany(self, sql: str, rows) -> None:
        rows = [tuple(r) for r in rows]
        if rows:
            with self.con.cursor() as cur:
                cur.executemany(qmarks(sql), rows)


class ServerVectors:
    """Stands in for the faiss index during a write: vectors go into the passages' own rows."""

    def __init__(self, con):
        self.con = con

    def add(self, pids: np.ndarray, vectors: np.ndarray) -> None:
        if not len(pids):
            return
        tokens = dict(self.con.execute("SELECT pid, tokens FROM passages WHERE pid = ANY(%s)",
                                       ([int(p) for p in pids],)).fetchall())
        vecs, tsvs, lengths = [], [], []
        for pid, vec in zip(pids, np.asarray(vectors, dtype=np.float32)):
            toks = (tokens.get(int(pid)) or "").split()
            vecs.append(vec)
            tsvs.append(tsvector_literal(toks))
            lengths.append(len(toks))
        # one statement for the whole write (the triggers of index/pg/keyword_stats.py fire once, not once a passage);
        # the vectors go in binary (%b): as text, formatting and parsing 384 floats each cost more than the update
        self.con.execute("UPDATE passages p SET embedding = v.embedding, tsv = v.tsv::tsvector, n_tokens = v.n "
                         "FROM unnest(%s::bigint[], %b::vector[], %s::text[], %s::int[]) AS v(pid, embedding, tsv, n) "
                         "WHERE p.pid = v.pid", ([int(p) for p in pids], vecs, tsvs, lengths))
        fill_postings(self.con, [int(p) for p in pids])

    def remove(self, pids: np.ndarray) -> None:
        """Nothing to do: deleting a passage row deletes its vector and tokens."""


def fill_postings(con, pids: list[int] | None = None) -> None:
    """Write the postings of these passages from their tsvectors, replacing older ones (the triggers of
    index/pg/keyword_stats.py update the BM25 figures by the change). Default: every passage, counted again whole."""
    where = "WHERE p.pid = ANY(%s)" if pids is not None else ""
    args = (pids,) if pids is not None else ()
    if pids is None:
        keyword_stats.bulk(con, True)
    con.execute("DELETE FROM postings" + (" WHERE pid = ANY(%s)" if pids is not None else ""), args)
    con.execute("INSERT INTO postings (lexeme, pid, tf, dl) SELECT u.lexeme, p.pid, array_length(u.positions, 1), "
                f"p.n_tokens FROM passages p CROSS JOIN LATERAL unnest(p.tsv) u {where}", args)
    if pids is None:
        keyword_stats.rebuild(con)
        keyword_stats.bulk(con, False)


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
                yield SqlCursor(con), ServerVectors(con)
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
