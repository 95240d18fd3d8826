"""The accounts page with AppTest: add a note to a new account, see the decision chain, keep the draft."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

NOTE = ("Kickoff with Brightwater, 2026-02-03\n- Dr. Ines Ferreira (CIO) said outages cost them sales.\n"
        "- They need the POS platform live before Black Friday.\n- The board set aside EUR 2.4M for Q3 2026.")


def test_adding_a_note_builds_the_account(monkeypatch, cli_data_dir, tmp_path):
    monkeypatch.setenv("NEEDS_DATA_DIR", str(cli_data_dir))
    monkeypatch.setenv("NEEDS_LIBRARY", str(tmp_path / "lib"))
    at = AppTest.from_file(str(ROOT / "ui" / "accounts_page.py"), default_timeout=180)
    at.run()
    assert not at.exception
    at.text_input(key="account_name").input("Brightwater")
    at.text_area(key="account_note").input(NOTE)
    at.button(key="account_add").click()
    at.run()
    assert not at.exception
    assert at.success and "2026-02-03" in at.success[0].value
    names = at.dataframe[0].value["name"].tolist()
    assert "Ines Ferreira" in names
    assert any("2.4M EUR" in m.value for m in at.markdown)
    at.button(key="account_add").click()  # the same note again changes nothing
    at.run()
    assert "already" in at.success[0].value
    at.text_area(key="account_note").input("   ")
    at.button(key="account_add").click()
    at.run()
    assert at.error and len(at.dataframe[1].value) >= 1
    at.text_area(key="account_note").input("Review with Brightwater, 2026-03-10\n- Overall the relationship is warmer "
                                           "than in February; Ines thanked us for the pilot plan.")
    at.button(key="account_add").click()
    at.run()
    why = [c.value for c in at.caption if c.value.startswith("What shows it")]
    assert why and "warmer than in February" in why[0]  # the trend is explained by the statements behind it


def test_merge_and_status_buttons(monkeypatch, cli_data_dir, tmp_path):
    monkeypatch.setenv("NEEDS_DATA_DIR", str(cli_data_dir))
    monkeypatch.setenv("NEEDS_LIBRARY", str(tmp_path / "lib"))
    at = AppTest.from_file(str(ROOT / "ui" / "accounts_page.py"), default_timeout=180)
    at.run()
    at.text_input(key="account_name").input("Brightwater")
    at.text_area(key="account_note").input(NOTE + "\n- Mark Olsen (Head of Procurement) asked for a fixed price.")
    at.button(key="account_add").click()
    at.run()
    assert not at.exception
    before = at.dataframe[0].value["name"].tolist()
    assert {"Ines Ferreira", "Mark Olsen"} <= set(before)
    at.selectbox(key="account_merge_a").set_value("Ines Ferreira")
    at.run()
    at.selectbox(key="account_merge_b").set_value("Mark Olsen")
    at.button(key="account_merge").click()
    at.run()
    assert not at.exception
    assert len(at.dataframe[0].value) == len(before) - 1
    at.button(key="account_status_set").click()
    at.run()
    assert "answered" in at.dataframe[1].value["status"].tolist()
    at.button(key="account_undo").click()  # takes back the merge, keeps the status
    at.run()
    assert not at.exception
    assert sorted(at.dataframe[0].value["name"].tolist()) == sorted(before)
    assert "answered" in at.dataframe[1].value["status"].tolist()
    assert not [b for b in at.button if b.key == "account_undo"]  # nothing left to undo
