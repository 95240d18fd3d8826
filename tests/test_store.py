"""index/store.py: the SQLite rows of a generation: cases round-trip, deletes cascade to passages and statements."""
from __future__ import annotations

import sqlite3

import pytest

from corpus.records import Case
from index import store

CASE = Case(id="c1", title="Title", text="Body", language="en", customer="Op", industry="telecom", region="Africa",
            country="NG", year=2013, outcome="won", tags=("a", "b"), translation="c1-zh", kind="case",
            source="c1.md", source_hash="abc", extra={"sponsor": "Ms. Okafor", "budget": 3})


def test_case_round_trips_through_a_row(tmp_path):
    con = store.connect(tmp_path / "lib.sqlite")
    store.insert_case(con, CASE)
    row = con.execute("SELECT * FROM cases WHERE id = 'c1'").fetchone()
    again = store.row_case(row)
    assert again == CASE
    assert again.extra == CASE.extra  # not part of equality, so checked on its own


def test_delete_case_removes_its_passages_and_statements(tmp_path):
    con = store.connect(tmp_path / "lib.sqlite")
    store.insert_case(con, CASE)
    assert store.next_pid(con) == 1
    con.execute("INSERT INTO passages (pid, case_id, ordinal, text) VALUES (1, 'c1', 0, 'p')")
    con.execute("INSERT INTO passages (pid, case_id, ordinal, text) VALUES (2, 'c1', 1, 'q')")
    con.execute("INSERT INTO statements (passage_pid, ordinal, text) VALUES (1, 0, 's')")
    assert store.next_pid(con) == 3
    assert sorted(store.delete_case(con, "c1")) == [1, 2]
    for table in ("cases", "passages", "statements"):
        assert con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    assert store.delete_case(con, "c1") == []


def test_readonly_connection_cannot_write(tmp_path):
    store.connect(tmp_path / "lib.sqlite").close()
    ro = store.connect(tmp_path / "lib.sqlite", readonly=True)
    with pytest.raises(sqlite3.OperationalError):
        store.insert_case(ro, CASE)
