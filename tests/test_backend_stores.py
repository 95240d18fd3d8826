"""The stores beside the library (accounts, label corrections) on both backends: a library folder (SQLite files) and
a server database (their own schemas). The `stores_at` fixture (tests/pg_fixtures.py) gives each test a fresh one
of either; the same store code and the same SQL must behave the same on both."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from corpus.records import Case, content_hash
from features.accounts.records import Meeting, StoredStatement
from features.accounts.service import add_note, forget_meeting
from features.accounts.store import AccountStore, UnknownAccount
from features.accounts.view import build_view
from features.corrections import add_correction, forget_cases, forget_corrections, mark_used, stored_corrections
from features.storage import location
from index.errors import LibraryError
from tests.conftest import ROOT

DEMO = ROOT / "tests" / "data" / "accounts"


def _meeting(mid: str, account: str = "acc") -> Meeting:
    return Meeting(mid, account, "2026-01-01", f"title {mid}", "2026-01-01T00:00:00+00:00")


def test_account_rows_round_trip_with_vectors_and_statuses(stores_at):
    store = AccountStore.beside(stores_at)
    vec = np.linspace(-1, 1, 8, dtype=np.float32)
    rows = [StoredStatement("m-1", 0, "预算压力很大", "organisational", 0.8125, "zh", (), {"amount": "6M CNY"}),
            StoredStatement("m-1", 1, "50% of sites by May", "explicit", 0.5, "en")]
    assert store.add_meeting(_meeting("m-1"), "note text with 50% and ?", rows, [vec, None])
    assert not store.add_meeting(_meeting("m-1"), "again", [], [])  # a repeat is ignored
    assert store.accounts() == [("acc", 1, "2026-01-01")]
    assert store.meeting_text("acc", "m-1") == "note text with 50% and ?"
    by_meeting, vectors = store.statements("acc")
    assert by_meeting["m-1"] == rows and list(vectors) == [("m-1", 0)]
    assert vectors[("m-1", 0)].tolist() == vec.tolist()
    store.set_status("acc", "need-1", "answered")
    store.set_status("acc", "need-1", "covered")  # the second write replaces the first
    assert store.statuses("acc") == {"need-1": "covered"}
    with pytest.raises(UnknownAccount, match="Close names: acc"):
        store.set_status("ac", "need-1", "open")
    assert [s.index for s in store.forget_meeting("acc", "m-1")] == [0, 1]
    assert store.meetings("acc") == [] and store.statements("acc") == ({}, {})
    store.close()


def test_two_app_instances_see_each_others_account_writes_and_lose_none(stores_at):
    first, second = AccountStore.beside(stores_at), AccountStore.beside(stores_at)
    first.add_meeting(_meeting("seen"), "text", [], [])
    assert [m.id for m in second.meetings("acc")] == ["seen"]  # at once, without reopening

    def write(n: int) -> None:
        store = AccountStore.beside(stores_at)
        for i in range(10):
            st = StoredStatement(f"m-{n}-{i}", 0, "text", "none", 0.5, "en")
            store.add_meeting(_meeting(f"m-{n}-{i}"), "text", [st], [None])
            store.set_status("acc", f"need-{i}", f"status-{n}")
        store.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(first.meetings("acc")) == 31 and len(second.statements("acc")[0]) == 30
    assert set(first.statuses("acc")) == {f"need-{i}" for i in range(10)}
    first.close()
    second.close()


def test_notes_build_the_same_account_on_both_backends(stores_at, classifier, embedder):
    store = AccountStore.beside(stores_at)
    for note in sorted((DEMO / "en-demo").glob("m*.md")):
        assert add_note(store, "en-demo", note.read_text(encoding="utf-8"), classifier).added
    view = build_view(store, "en-demo").to_dict()
    ines = next(p for p in view["stakeholders"] if p["name"] == "Ines Ferreira")
    assert ines["layer"] == "decision" and any(i["amount"] == "2.4M EUR" for i in view["investments"])
    first = view["meetings"][0]["id"]
    forget_meeting(store, "en-demo", first, embedder)
    assert first not in [m["id"] for m in build_view(store, "en-demo").to_dict()["meetings"]]
    store.close()


def test_corrections_are_stored_used_and_forgotten(stores_at):
    assert stored_corrections(stores_at) == []
    assert add_correction(stores_at, "老板想在年底前拿到一个看得见的成绩", "personal", "organisational", "zh") == 1
    assert add_correction(stores_at, "Uptime of 99.9% is written in the tender.", "explicit", "none", "en") == 2
    rows = stored_corrections(stores_at)
    assert [(r["label"], r["was"], r["used"]) for r in rows] == [("personal", "organisational", 0), ("explicit", "none", 0)]
    assert rows[0]["id"] < rows[1]["id"] and rows[0]["created"][:2] == "20"
    mark_used(stores_at)
    assert stored_corrections(stores_at) == [] and len(stored_corrections(stores_at, unused_only=False)) == 2
    assert forget_corrections(stores_at, ["In the meeting: Uptime of 99.9% is written in the tender. Then lunch."]) == 1
    assert [r["label"] for r in stored_corrections(stores_at, unused_only=False)] == ["personal"]
    with pytest.raises(LibraryError, match="Unknown label 'urgent'"):
        add_correction(stores_at, "x", "urgent", "none", "en")


def test_forgetting_a_case_removes_its_corrections_on_either_backend(library):
    target = "venezuela-roaming-31-minutes-en"  # the case test_backends forgets: forget also clears the shared cache
    where = location(library)
    statement = library.statements(target)[0]["text"]
    add_correction(where, statement, "personal", "explicit", "en")
    add_correction(where, "A line about spare parts for the depot.", "explicit", "none", "en")
    assert forget_cases(library, [target]) == ([target], 1, 0)
    assert [r["text"] for r in stored_corrections(where, unused_only=False)] == ["A line about spare parts for the depot."]
    assert library.case(target) is None


def test_forgetting_a_saved_note_removes_the_account_meeting_and_draft_of_the_same_note(library, classifier):
    note = "Call with Ines Ferreira, 2026-03-02\n- Ines needs the ERP migration done by June.\n"
    other = "Call with Tom Baker, 2026-03-09\n- Tom asked for a fixed price.\n"
    store = AccountStore.beside(location(library))
    add_note(store, "Northwind", note, classifier)
    add_note(store, "Northwind", other, classifier)
    add_note(store, "unfiled", note, classifier)  # the same note kept twice: both go
    store.save_draft("0123456789abcdef", "analyse", note)
    # the app saves the note masked, with the hash of the text as analysed
    assert library.ingest_cases([Case(id="note-1", title="a call", text="Call with [Person A]", kind="note",
                                      source="app", source_hash=content_hash(note))]).added == ["note-1"]
    assert forget_cases(library, ["note-1"]) == (["note-1"], 0, 2)
    assert [store.meeting_text("Northwind", m.id) for m in store.meetings("Northwind")] == [other]
    assert store.meetings("unfiled") == [] and store.draft("0123456789abcdef", "analyse") is None
