"""Accounts end to end with the real classifier: notes added over time, the merged view, repeats, forgetting,
exports, the command line's contract and its refusals."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from corpus.errors import InputError
from features.accounts.export import plan_markdown, plan_xlsx
from features.accounts.service import add_note, forget_meeting
from features.accounts.store import AccountStore
from features.accounts.view import build_view
from nlp.embed.base import content_key
from tests.conftest import ROOT

DEMO = ROOT / "tests" / "data" / "accounts"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory, classifier) -> AccountStore:
    store = AccountStore(tmp_path_factory.mktemp("accounts") / "accounts.sqlite")
    for account in ("zh-demo", "en-demo"):
        for note in sorted((DEMO / account).glob("m*.md")):
            add_note(store, account, note.read_text(encoding="utf-8"), classifier)
    return store


def test_view_has_the_contract_fields_and_dates_from_the_notes(demo_store):
    out = build_view(demo_store, "zh-demo").to_dict()
    assert {"account", "meetings", "stakeholders", "needs", "investments", "relationship", "gaps", "questions"} <= set(out)
    assert [m["date"] for m in out["meetings"]] == ["2026-03-05", "2026-04-10", "2026-05-18"]
    chen = next(p for p in out["stakeholders"] if p["name"] == "陈志远")
    assert {"陈主任", "老陈"} <= set(chen["forms"]) and len(chen["mentions"]) == 3
    assert chen["layer"] == "management"
    assert {i["amount"] for i in out["investments"]} >= {"6M CNY", "8M CNY"}
    assert next(i for i in out["investments"] if i["amount"] == "8M CNY")["when"] == "Q1 2027"
    assert out["relationship"]["trend"] in ("improving", "stable", "slipping") and out["relationship"]["evidence"]
    assert out["questions"]
    merged = [n for n in out["needs"] if len(n["mentions"]) >= 2]
    assert merged and all(n["first_seen"] <= n["last_seen"] for n in out["needs"])
    assert all(n["status"] == "open" for n in out["needs"])


def test_english_account_merges_surname_and_role(demo_store):
    out = build_view(demo_store, "en-demo").to_dict()
    ines = next(p for p in out["stakeholders"] if p["name"] == "Ines Ferreira")
    assert "Ferreira" in ines["forms"] and ines["layer"] == "decision" and ines["stance"] == "supporter"
    assert any(i["amount"] == "2.4M EUR" and i["when"] == "Q3 2026" for i in out["investments"])


def test_same_note_twice_changes_nothing_and_forget_removes_it(demo_store, classifier):
    text = (DEMO / "en-demo" / "m1.md").read_text(encoding="utf-8")
    before = build_view(demo_store, "en-demo").to_dict()
    assert not add_note(demo_store, "en-demo", text, classifier).added
    assert build_view(demo_store, "en-demo").to_dict() == before
    add_note(demo_store, "scratch", text, classifier)
    mid = demo_store.meetings("scratch")[0].id
    first = demo_store.statements("scratch")[0][mid][0].text
    key = content_key(classifier.embedder.name, "query", first)
    assert classifier.embedder.cache.get_many([key])
    forget_meeting(demo_store, "scratch", mid, classifier.embedder)
    assert demo_store.meetings("scratch") == [] and demo_store.statements("scratch") == ({}, {})
    assert not classifier.embedder.cache.get_many([key])  # no cached vector of the forgotten text either


def test_bad_date_is_refused(demo_store, classifier):
    with pytest.raises(InputError):
        add_note(demo_store, "zh-demo", "新纪要：客户要求月底前报价。", classifier, "2026-13-40")


def test_exports_and_show_speed_with_ten_meetings(demo_store, classifier, tmp_path):
    for i in range(10):
        add_note(demo_store, "ten", f"Call {i}, 2026-0{1 + i % 9}-1{i % 9}\n- They need delivery in Q{1 + i % 4} 2027.\n"
                 f"- The CFO set aside EUR {i + 1}M for it.\n- Ms. Anna Berg (Head of IT) thanked us.", classifier)
    build_view(demo_store, "ten")
    start = time.perf_counter()
    view = build_view(demo_store, "ten")
    assert time.perf_counter() - start <= 1.0
    assert len(view.meetings) == 10
    md = plan_markdown(view)
    assert "## Decision chain" in md and "Anna Berg" in md
    out = tmp_path / "plan.xlsx"
    out.write_bytes(plan_xlsx(view))
    import openpyxl

    assert "decision chain" in openpyxl.load_workbook(out).sheetnames


def test_cli_contract_and_refusals(run_cli, tmp_path):
    lib = tmp_path / "lib"
    note = tmp_path / "n.md"
    note.write_text("客户拜访 2026-02-01\n- 财务总监孙丽表示今年预算500万元，明年一季度招标。\n", encoding="utf-8")
    empty = tmp_path / "empty.md"
    empty.write_text("  \n", encoding="utf-8")
    r = run_cli("account", "add", "Acme", str(note), str(empty), "--library", str(lib))
    assert r.returncode == 2 and b"empty" in r.stderr  # nothing stored: the whole add is refused
    r = run_cli("account", "add", "Acme", str(note), "--library", str(lib), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["meetings"][0]["date"] == "2026-02-01"
    r = run_cli("account", "show", "Acm", "--library", str(lib), "--json")
    assert r.returncode == 2 and b"Acme" in r.stderr and b"Traceback" not in r.stderr
    r = run_cli("account", "show", "Acme", "--library", str(lib), "--json")
    out = json.loads(r.stdout)
    assert out["account"] == "Acme" and out["investments"][0]["amount"] == "5M CNY"
    assert Path(lib / "accounts.sqlite").exists()
    # a Chinese account's plan is Chinese, on screen and in the files
    r = run_cli("account", "show", "Acme", "--library", str(lib))
    assert r.returncode == 0 and "## 决策链" in r.stdout.decode()
    r = run_cli("account", "export", "Acme", "--md", str(tmp_path / "plan.md"), "--library", str(lib))
    assert r.returncode == 0 and "## 决策链" in (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.md", "lib", "n.md", "plan.md"]  # no temporary left


def test_our_own_people_stay_out_and_questions_use_what_the_meetings_said(tmp_path, classifier):
    store = AccountStore(tmp_path / "accounts.sqlite")
    add_note(store, "north", "Call, 2026-11-14\nAttendees: Priya Raman (Head of Ops), Tom Becker (finance), Lukas (our SE)\n"
             "Priya: the warehouse scanners drop offline twice a week, it costs us a shift each time.\n"
             "Priya needs integration with SAP EWM and single sign-on via Okta.\n"
             "Lukas: will send the reference architecture by Friday.", classifier)
    add_note(store, "north", "Follow-up, 2026-12-02\nPresent: Priya Raman, Tom Becker\n"
             "Budget: roughly $400k for phase 1 in FY2027, capex committee meets on 15 January.\n"
             "Priya was less enthusiastic today; the last vendor burned them on a rollout.", classifier)
    view = build_view(store, "north")
    names = {p.name: p for p in view.stakeholders}
    assert "Lukas" not in names  # `(our SE)`: one of ours, not the customer's decision chain
    assert names["Tom Becker"].role == "finance"
    assert not any("finance" in g for g in view.gaps)
    assert names["Priya Raman"].stance == "sceptic"
    asked = " ".join(view.questions)
    assert "Priya Raman" in asked and "the sponsor" not in asked
    assert "Who holds the budget" not in asked  # the second meeting gave the budget
