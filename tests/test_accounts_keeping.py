"""Nothing lost, with AppTest: a note analysed on the Analyse page lands in its account (or in "unfiled"), and a
draft comes back after a page change and after a reload (a new session with the same address)."""
from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from docs.browser import CHROMIUM, browser_page, running_app
from features.accounts.records import Meeting
from features.accounts.service import UNFILED
from features.accounts.store import AccountStore
from tests.conftest import ROOT

NOTE = ("Call with Brightwater, 2026-02-03\n- Dr. Ines Ferreira (CIO) said outages cost them sales.\n"
        "- They need the POS platform live before Black Friday.")


@pytest.fixture
def lib(monkeypatch, cli_data_dir, library_copy):
    monkeypatch.setenv("NEEDS_DATA_DIR", str(cli_data_dir))
    monkeypatch.setenv("NEEDS_LIBRARY_DIR", str(library_copy.folder))
    return library_copy.folder


def _page(name: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "ui" / name), default_timeout=120)
    at.run()
    assert not at.exception
    return at


def test_analysed_note_is_kept_unfiled_then_in_the_chosen_account(lib):
    at = _page("analyse_page.py")
    at.text_area(key="analyse_text").input(NOTE)
    at.button(key="analyse_go").click()
    at.run()
    assert not at.exception
    store = AccountStore.beside(lib)
    assert [m.date for m in store.meetings(UNFILED)] == ["2026-02-03"]
    assert any("unfiled" in c.value for c in at.caption)
    # the chooser lists the accounts there are: make one by hand, then pick it
    store.add_meeting(Meeting("m-x", "Brightwater", "2026-01-01", "intro", "2026-01-01T00:00:00"), "intro", [], [])
    at.run()
    at.selectbox(key="analyse_account").set_value("Brightwater")
    at.text_area(key="analyse_text").input(NOTE + "\n- Mark Olsen asked for a fixed price.")
    at.button(key="analyse_go").click()
    at.run()
    assert not at.exception
    assert len(AccountStore.beside(lib).meetings("Brightwater")) == 2


def test_draft_survives_a_page_change_and_a_reload(lib):
    at = _page("../app.py")
    at.text_area(key="analyse_text").input("half-written note about the CIO")
    at.run()
    token = at.session_state["draft_token"]
    assert token in str(at.query_params["draft"])
    at.switch_page("ui/search_page.py").run()
    at.switch_page("ui/analyse_page.py").run()
    assert at.text_area(key="analyse_text").value == "half-written note about the CIO"
    reload = AppTest.from_file(str(ROOT / "ui" / "analyse_page.py"), default_timeout=120)
    reload.query_params["draft"] = token  # a reload: a new session, the same address
    reload.run()
    assert reload.text_area(key="analyse_text").value == "half-written note about the CIO"
    fresh = _page("analyse_page.py")  # another tab has its own drafts
    assert fresh.text_area(key="analyse_text").value == ""


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="`make test` installs Debian's chromium first")
def test_draft_survives_reload_and_page_change_in_chromium(cli_data_dir, library_copy):
    env = {"NEEDS_DATA_DIR": str(cli_data_dir), "NEEDS_LIBRARY_DIR": str(library_copy.folder)}
    draft = "Draft: the CIO wants the budget approved before June."
    with running_app(env) as (url, _, _), browser_page() as page:
        page.goto(url, wait_until="domcontentloaded")
        box = page.get_by_role("textbox").first
        box.wait_for(timeout=120000)
        box.fill(draft)
        box.press("Control+Enter")
        page.wait_for_function("() => location.search.includes('draft=')", timeout=60000)
        page.wait_for_timeout(2000)
        page.reload(wait_until="domcontentloaded")
        page.wait_for_function(f"() => [...document.querySelectorAll('textarea')].some(t => t.value === {draft!r})",
                               timeout=60000)
        page.get_by_role("link", name="Accounts").first.click()
        page.get_by_text("Accounts: what all meetings say together").first.wait_for(timeout=60000)
        page.get_by_role("link", name="Analyse").first.click()
        page.wait_for_function(f"() => [...document.querySelectorAll('textarea')].some(t => t.value === {draft!r})",
                               timeout=60000)
        page.get_by_role("button", name="Analyse").click()
        page.get_by_text("statements:", exact=False).first.wait_for(timeout=120000)
    assert len(AccountStore.beside(library_copy.folder).meetings(UNFILED)) == 1
