"""The Streamlit app, page by page, with AppTest: real models, a private copy of a small library."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from features.corrections import stored_corrections
from tests.conftest import ROOT

NOTE = ("Attendees: CFO, CTO.\n- They need the migration done by June.\n"
        "- Churn doubled since the competitor's price cut.\n"
        "- The CTO wants a visible win before his contract renewal.\n"
        "- 采购经理暗示如果安排他儿子来实习，事情会好办。")
TIMEOUT = 120


@pytest.fixture
def app(monkeypatch, cli_data_dir, library_copy):
    monkeypatch.setenv("NEEDS_DATA_DIR", str(cli_data_dir))
    monkeypatch.setenv("NEEDS_LIBRARY_DIR", str(library_copy.folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    return at


def _texts(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.success])


def analysed(at: AppTest, note: str = NOTE) -> AppTest:
    at.text_area(key="analyse_text").input(note)
    at.button(key="analyse_go").click()
    at.run()
    assert not at.exception
    return at


def test_pasting_a_note_shows_labelled_needs_questions_and_cases(app):
    at = analysed(app)
    assert at.success[0].value.startswith("5 statements")
    assert any("compliance" in w.value.lower() for w in at.warning), "the kickback-like line must raise a warning"
    table = at.data_editor(key="needs_editor").value
    assert set(table["label"]) >= {"explicit", "organisational", "personal"}
    assert "Questions to ask next" in [s.value for s in at.subheader]
    assert "Similar past cases for this note" in [s.value for s in at.subheader]
    assert any(b.label == "Excel" for b in at.get("download_button")) or at.get("download_button")


def test_correcting_a_label_stores_it_in_the_library(app, library_copy):
    at = analysed(app)
    frame = at.data_editor(key="needs_editor").value
    row = int(frame.index[frame["label"] == "explicit"][0])
    # the edit state a user's change in the table produces
    at.session_state["needs_editor"] = {"edited_rows": {row: {"label": "organisational"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save_corrections").click()
    at.run()
    assert not at.exception
    stored = stored_corrections(library_copy.folder)
    assert [(c["label"], c["was"]) for c in stored] == [("organisational", "explicit")]
    assert "1 corrections saved" in at.success[-1].value


def test_empty_note_says_so_without_error(app):
    at = analysed(app, "   \n  ")
    assert not at.error
    assert any("empty" in i.value for i in at.info)


def test_language_switch_changes_the_interface(app):
    assert app.title[0].value == "Analyse meeting notes"
    app.sidebar.radio(key="lang_choice").set_value("中文")
    app.run()
    assert app.title[0].value == "分析客户拜访纪要"
    assert app.button(key="analyse_go").label == "分析"


def test_search_shows_results_and_filters_narrow_them(app):
    at = app.switch_page("ui/search_page.py")
    at.run()
    at.text_input(key="search_query").input("hyperinflation payment in local currency")
    at.run()
    assert not at.exception
    assert "3 cases" in [c.value for c in at.caption]  # three stories; language versions grouped into one hit
    first = next(m.value for m in at.markdown if ":green-badge[" in m.value)
    assert "hyperinflation" in first.lower()
    at.selectbox(key="f_outcome").set_value("lost")
    at.run()
    assert "0 cases" in [c.value for c in at.caption]  # none of the three stories was lost
    at.selectbox(key="f_outcome").set_value("any")
    at.selectbox(key="f_lang").set_value("zh")
    at.run()
    assert "3 cases" in [c.value for c in at.caption]
    shown = [m.value for m in at.markdown if "-badge[" in m.value]
    assert shown and all(line.rstrip().endswith("zh") for line in shown)


def test_library_page_lists_cases_and_shows_one_coloured(app):
    at = app.switch_page("ui/library_page.py")
    at.run()
    assert not at.exception
    assert any("3 case stories" in c.value for c in at.caption)  # six files, three stories told in two languages
    assert any("-background[" in m.value for m in at.markdown)
    at.radio(key="lib_need").set_value("personal")
    at.run()
    assert any("2 case stories" in c.value for c in at.caption)  # the hyperinflation case's file records no personal need


def test_admin_page_shows_statistics(app):
    at = app.switch_page("ui/admin_page.py")
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Cases"] == "6"
    assert int(metrics["Passages"]) > 6


def test_tender_page_renders_before_upload(app):
    at = app.switch_page("ui/tender_page.py")
    at.run()
    assert not at.exception
    assert at.button(key="tender_go").disabled
