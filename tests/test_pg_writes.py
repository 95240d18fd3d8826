"""Server ingest writes what the folder writes, in a number of statements that does not grow with the cases
(index/pg/write_cursor.py holds the inserts and sends one statement per table)."""
from __future__ import annotations

import numpy as np
import psycopg
import pytest

from index.library import Library
from index.pg.library import PgLibrary
from tests.conftest import SMALL_CASES

PASSAGES = "SELECT pid, case_id, ordinal, section, text, tokens, n_explicit, n_organisational, n_personal FROM passages"
STATEMENTS = ("SELECT passage_pid, ordinal, text, label, stakeholder, compliance_risk, start_char, end_char "
              "FROM statements ORDER BY passage_pid, ordinal")


@pytest.fixture
def statements_sent(monkeypatch) -> list[str]:
    """Every statement psycopg executes from here on (executemany counts once a batch)."""
    sent: list[str] = []
    for cls, name in ((psycopg.Cursor, "execute"), (psycopg.Cursor, "executemany")):
        original = getattr(cls, name)

        def counted(self, query, *args, _original=original, **kwargs):
            sent.append(str(query))
            return _original(self, query, *args, **kwargs)

        monkeypatch.setattr(cls, name, counted)
    return sent


def test_server_ingest_writes_the_rows_vectors_and_postings_the_folder_writes(pg_url, tmp_path, embedder, classifier):
    folder = Library(tmp_path / "lib", embedder, classifier)
    server = PgLibrary(pg_url, embedder, classifier)
    assert folder.ingest(list(SMALL_CASES)).added == server.ingest(list(SMALL_CASES)).added
    assert [tuple(r) for r in server.rows(PASSAGES + " ORDER BY pid")] == [tuple(r) for r in folder.rows(PASSAGES + " ORDER BY pid")]
    ours, theirs = server.rows(STATEMENTS), folder.rows(STATEMENTS)
    assert len(ours) == len(theirs) > 0 and [tuple(r) for r in ours] == [tuple(r) for r in theirs]
    ids, vecs = folder.snapshot().vectors.export()
    stored = server.snapshot().vectors
    assert np.allclose(np.vstack([stored.reconstruct(int(i)) for i in ids]), vecs, atol=1e-6)
    # each passage's token count and postings come with its row: one posting per distinct token, tf its count
    for pid, tokens, n_tokens, postings, total in server.rows(
            "SELECT p.pid, p.tokens, p.n_tokens, (SELECT count(*) FROM postings o WHERE o.pid = p.pid), "
            "(SELECT COALESCE(sum(tf), 0) FROM postings o WHERE o.pid = p.pid) FROM passages p"):
        toks = (tokens or "").split()
        assert (n_tokens, postings, total) == (len(toks), len(set(toks)), len(toks)), pid
    assert [h.id for h in server.search("roaming restored by the minister", 3)] == \
        [h.id for h in folder.search("roaming restored by the minister", 3)]


def test_an_ingest_sends_as_many_statements_for_six_cases_as_for_one(pg_url, embedder, classifier, statements_sent):
    lib = PgLibrary(pg_url, embedder, classifier)
    lib.ingest(list(SMALL_CASES[:1]))  # the first write creates the tables: not counted
    lib.remove([SMALL_CASES[0].stem])
    statements_sent.clear()
    lib.ingest(list(SMALL_CASES[:1]))
    one = len(statements_sent)
    lib.remove([SMALL_CASES[0].stem])
    statements_sent.clear()
    report = lib.ingest(list(SMALL_CASES))
    assert len(report.added) == 6 and report.passages > 6
    assert len(statements_sent) <= one + 2, statements_sent  # not ~10 more per case, as one statement a row gave
    assert sum(s.startswith("INSERT INTO passages") for s in statements_sent) == 1
