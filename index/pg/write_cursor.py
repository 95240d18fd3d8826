"""What the shared ingest and remove code writes through on the server: sqlite-style SQL held back and sent in batches.

`SqlCursor` is the part of sqlite3.Connection that index/store.py and index/ingest.py use, over psycopg. An
ingest writes each case as a handful of small statements (the case, one row per passage, its statements, the
next free passage id, then the passages' vectors); sent one by one that is ~10 round trips a case. Here the
inserts of cases, passages and statements and the vectors that `WriteVectors.add` gives them are held in the
cursor and written as one multi-row statement per table (passages with their vector, tokens and tsvector in
the same INSERT, not a later UPDATE), when any other statement comes, or when the write ends
(index/pg/writer.py, still inside its one transaction). The next free passage id is answered from the ids
held. Any other SQL runs at once, after the held rows, so it sees them.
"""
from __future__ import annotations

import numpy as np

from index.pg import keyword_stats
from index.pg.connection import qmarks
from index.pg.keywords import tsvector_literal

PASSAGE_INSERT = "INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?)"  # index/ingest.py store_case
STATEMENT_INSERT = "INSERT INTO statements VALUES (?,?,?,?,?,?,?,?,?)"
CASE_INSERT = "INSERT INTO cases ("  # index/store.py insert_case (its column list is the table's)
NEXT_PID = "SELECT COALESCE(MAX(pid), 0) + 1 FROM passages"  # index/store.py next_pid

_PASSAGES = ("INSERT INTO passages (pid, case_id, ordinal, section, text, tokens, n_explicit, n_organisational, "
             "n_personal, n_tokens, tsv, embedding) SELECT * FROM unnest(%s::bigint[], %s::text[], %s::int[], "
             "%s::text[], %s::text[], %s::text[], %s::int[], %s::int[], %s::int[], %s::int[], %s::tsvector[], "
             "%b::vector[])")  # vectors in binary: as text, formatting and parsing 384 floats each cost more
_STATEMENTS = ("INSERT INTO statements SELECT * FROM unnest(%s::bigint[], %s::int[], %s::text[], %s::text[], "
               "%s::real[], %s::text[], %s::int[], %s::int[], %s::int[])")


class _Answer:
    """A result read without a round trip (the next passage id)."""

    def __init__(self, row: tuple):
        self.row = row

    def fetchone(self) -> tuple:
        return self.row

    def fetchall(self) -> list[tuple]:
        return [self.row]


class SqlCursor:
    """sqlite-style `?` SQL on a psycopg connection; inserts of an ingest held and written per table in one go."""

    def __init__(self, con):
        self.con = con
        self.cases: list[tuple[str, tuple]] = []
        self.passages: dict[int, tuple] = {}
        self.statements: list[tuple] = []
        self.vectors: dict[int, np.ndarray] = {}
        self.next: int | None = None  # the next free passage id, once read

    def execute(self, sql: str, args=()):
        if sql == PASSAGE_INSERT:
            self.passages[int(args[0])] = tuple(args)
            if self.next is not None:
                self.next = max(self.next, int(args[0]) + 1)
            return None
        if sql.startswith(CASE_INSERT):
            self.cases.append((sql, tuple(args)))
            return None
        if sql == NEXT_PID:
            if self.next is None:
                self.flush()
                self.next = int(self.con.execute(sql).fetchone()[0])
            return _Answer((self.next,))
        self.flush()
        self.next = None  # the statement may delete passages: read the next id again
        return self.con.execute(qmarks(sql), tuple(args))

    def executemany(self, sql: str, rows) -> None:
        rows = [tuple(r) for r in rows]
        if sql == STATEMENT_INSERT:
            self.statements += rows
            return
        self.flush()
        self.next = None
        if rows:
            with self.con.cursor() as cur:
                cur.executemany(qmarks(sql), rows)

    def flush(self) -> None:
        """Write what is held: cases, then passages with their vectors and keywords, statements, postings."""
        if self.cases:
            with self.con.cursor() as cur:  # inside the write's pipeline: sent without waiting for each answer
                for sql in dict.fromkeys(s for s, _ in self.cases):
                    cur.executemany(qmarks(sql), [a for s, a in self.cases if s == sql])
            self.cases = []
        if self.passages:
            rows = [r for r in self.passages.values() if int(r[0]) in self.vectors]
            for r in self.passages.values():  # a passage given no vector (none in an ingest): its row alone
                if int(r[0]) not in self.vectors:
                    self.con.execute(qmarks(PASSAGE_INSERT), r)
            if rows:
                toks = [(r[5] or "").split() for r in rows]
                self.con.execute(_PASSAGES, (*[list(c) for c in zip(*rows)], [len(t) for t in toks],
                                             [tsvector_literal(t) for t in toks],
                                             [self.vectors.pop(int(r[0])) for r in rows]))
                fill_postings(self.con, [int(r[0]) for r in rows], fresh=True)
            self.passages = {}
        if self.statements:
            self.con.execute(_STATEMENTS, [list(c) for c in zip(*self.statements)])
            self.statements = []


class WriteVectors:
    """Stands in for the faiss index during a write: vectors go into the passages' own rows."""

    def __init__(self, cursor: SqlCursor):
        self.cursor, self.con = cursor, cursor.con

    def add(self, pids: np.ndarray, vectors: np.ndarray) -> None:
        if not len(pids):
            return
        held = self.cursor.passages
        later = [(int(p), v) for p, v in zip(pids, np.asarray(vectors, dtype=np.float32))]
        if all(p in held for p, _ in later):  # an ingest's new passages: written with their rows
            self.cursor.vectors.update(later)
            return
        self.cursor.flush()
        self._update([p for p, _ in later], [v for _, v in later])

    def _update(self, pids: list[int], vecs: list[np.ndarray]) -> None:
        """Vectors of passages already stored (a repair): set with their tokens' tsvector, postings again."""
        tokens = dict(self.con.execute("SELECT pid, tokens FROM passages WHERE pid = ANY(%s)", (pids,)).fetchall())
        toks = [(tokens.get(p) or "").split() for p in pids]
        # one statement for the whole write (the triggers of index/pg/keyword_stats.py fire once, not once a passage)
        self.con.execute("UPDATE passages p SET embedding = v.embedding, tsv = v.tsv::tsvector, n_tokens = v.n "
                         "FROM unnest(%s::bigint[], %b::vector[], %s::text[], %s::int[]) AS v(pid, embedding, tsv, n) "
                         "WHERE p.pid = v.pid", (pids, vecs, [tsvector_literal(t) for t in toks], [len(t) for t in toks]))
        fill_postings(self.con, pids)

    def remove(self, pids: np.ndarray) -> None:
        """Nothing to do: deleting a passage row deletes its vector and tokens."""


def fill_postings(con, pids: list[int] | None = None, fresh: bool = False) -> None:
    """Write the postings of these passages from their tsvectors, replacing older ones (`fresh`: new passages, none to
    replace); the triggers of index/pg/keyword_stats.py update the BM25 figures by the change. Default: every
    passage, counted again whole."""
    where = "WHERE p.pid = ANY(%s)" if pids is not None else ""
    args = (pids,) if pids is not None else ()
    if pids is None:
        keyword_stats.bulk(con, True)
    if not fresh:
        con.execute("DELETE FROM postings" + (" WHERE pid = ANY(%s)" if pids is not None else ""), args)
    con.execute("INSERT INTO postings (lexeme, pid, tf, dl) SELECT u.lexeme, p.pid, array_length(u.positions, 1), "
                f"p.n_tokens FROM passages p CROSS JOIN LATERAL unnest(p.tsv) u {where}", args)
    if pids is None:
        keyword_stats.rebuild(con)
        keyword_stats.bulk(con, False)
