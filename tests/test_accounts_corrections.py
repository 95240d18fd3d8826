"""The rep's corrections of an account with the real classifier: people merged and split, need statuses, needs
covered by a tender's clauses; all kept when later notes are added, in a library folder and on the server; the
command line's refusals."""
from __future__ import annotations

import json
import re

import pytest

from corpus.errors import InputError
from features.accounts.service import add_note
from features.accounts.store import AccountStore
from features.accounts.tender_links import link_tender
from features.accounts.view import build_view
from tests.conftest import ROOT

DEMO = ROOT / "tests" / "data" / "accounts" / "en-demo"


def _notes() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(DEMO.glob("m*.md"))]


@pytest.fixture()
def store(stores_at, classifier) -> AccountStore:
    store = AccountStore.beside(stores_at)
    for text in _notes()[:2]:
        add_note(store, "bw", text, classifier)
    return store


def _people(store: AccountStore) -> dict[str, set[str]]:
    return {p.name: set(p.forms) for p in build_view(store, "bw").stakeholders}


def test_merge_and_split_survive_a_later_note(store, classifier):
    before = _people(store)
    assert "Ines Ferreira" in before and "Mark Olsen" in before
    store.add_override("bw", "merge", "Olsen", "Ines Ferreira")  # a form of one, the name of the other
    merged = _people(store)
    assert "Mark Olsen" not in merged and {"Mark Olsen", "Olsen"} <= merged["Ines Ferreira"]
    second = store.meetings("bw")[1].id
    store.add_override("bw", "split", "Ines Ferreira", second)
    split = _people(store)
    assert len(split) == len(merged) + 1
    add_note(store, "bw", _notes()[2], classifier)
    later = build_view(store, "bw")
    assert "Mark Olsen" not in {p.name for p in later.stakeholders}  # still merged after the third note
    apart = [p for p in later.stakeholders if p.mentions == (second,) and p.name != "Ines Ferreira"]
    assert apart, "the split of the second meeting is kept"


def test_status_by_the_rep_wins_and_tender_covers_the_rest(store, tmp_path, embedder):
    needs = build_view(store, "bw").needs
    pos = next(n for n in needs if "Black Friday" in n.text or "POS" in n.text)
    other = next(n for n in needs if n.id != pos.id)
    store.set_status("bw", other.id, "answered")
    store.set_status("bw", other.id, "open")  # a second status replaces the first (ON CONFLICT ... DO UPDATE)
    store.set_status("bw", other.id, "answered")
    assert {n.id: n.status for n in build_view(store, "bw").needs}[other.id] == "answered"
    tender = tmp_path / "rfp.md"
    tender.write_text("# Request for proposal\n\n## 3 Requirements\n3.1 The bidder shall have the new POS platform live "
                      "in all 120 stores before Black Friday.\n3.2 The bidder shall hold ISO 9001.\n", encoding="utf-8")
    links = link_tender(store, "bw", tender, embedder)
    assert links and all(0 < s <= 1.0001 for *_, s in links)
    statuses = {n.id: n.status for n in build_view(store, "bw").needs}
    assert statuses[pos.id] == "covered"
    assert statuses[other.id] == "answered"  # the rep's word is not overwritten by the tender


def test_store_sql_is_plain_standard_sql():
    source = (ROOT / "features" / "accounts" / "store.py").read_text(encoding="utf-8")
    assert not re.search(r"[\"']INSERT\s+OR\s+(?:REPLACE|IGNORE)", source, re.I)
    assert "ON CONFLICT" in source


def test_cli_merge_split_refusals(run_cli, tmp_path):
    lib = tmp_path / "lib"
    note = tmp_path / "n.md"
    note.write_text("Call 2026-02-01\n- Dr. Ines Ferreira (CIO) wants the POS live before Black Friday.\n"
                    "- Mark Olsen (Head of Procurement) asked for a fixed price.\n", encoding="utf-8")
    assert run_cli("account", "add", "Acme", str(note), "--library", str(lib)).returncode == 0
    r = run_cli("account", "merge", "Acme", "Nobody", "Ines Ferreira", "--library", str(lib))
    assert r.returncode == 2 and b"Nobody" in r.stderr and b"Traceback" not in r.stderr
    r = run_cli("account", "split", "Acme", "Ines Ferreira", "m-nope", "--library", str(lib))
    assert r.returncode == 2 and b"m-nope" in r.stderr
    r = run_cli("account", "merge", "Acme", "Mark Olsen", "Ines Ferreira", "--library", str(lib))
    assert r.returncode == 0, r.stderr
    assert b"Mark Olsen" in r.stdout


def test_undo_takes_back_the_latest_correction_only(store):
    before = _people(store)
    store.add_override("bw", "merge", "Olsen", "Ines Ferreira")
    second = store.meetings("bw")[1].id
    store.add_override("bw", "split", "Ines Ferreira", second)
    assert store.undo_override("bw") == ("split", "Ines Ferreira", second)
    merged = _people(store)
    assert "Mark Olsen" not in merged  # the merge stays
    assert store.undo_override("bw") == ("merge", "Olsen", "Ines Ferreira")
    assert _people(store) == before
    with pytest.raises(InputError, match="has no merge or split to undo"):
        store.undo_override("bw")


def test_cli_undo(run_cli, tmp_path):
    lib = tmp_path / "lib"
    note = tmp_path / "n.md"
    note.write_text("Call 2026-02-01\n- Dr. Ines Ferreira (CIO) wants the POS live before Black Friday.\n"
                    "- Mark Olsen (Head of Procurement) asked for a fixed price.\n", encoding="utf-8")
    assert run_cli("account", "add", "Acme", str(note), "--library", str(lib)).returncode == 0
    r = run_cli("account", "undo", "Acme", "--library", str(lib))
    assert r.returncode == 2 and r.stderr.decode().strip() == "Account 'Acme' has no merge or split to undo."
    assert run_cli("account", "merge", "Acme", "Mark Olsen", "Ines Ferreira", "--library", str(lib)).returncode == 0
    r = run_cli("account", "undo", "Acme", "--library", str(lib))
    assert r.returncode == 0 and r.stdout.decode().strip() == "undone: merge Mark Olsen / Ines Ferreira"
    shown = json.loads(run_cli("account", "show", "Acme", "--library", str(lib), "--json").stdout)
    assert {"Mark Olsen", "Ines Ferreira"} <= {p["name"] for p in shown["stakeholders"]}
