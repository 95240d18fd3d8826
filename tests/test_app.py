"""The Streamlit app, page by page, with AppTest: real models, a private copy of a small library."""
from __future__ import annotations

import io
import re

import openpyxl
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from features.accounts.service import add_note
from features.accounts.store import AccountStore
from features.corrections import stored_corrections
from features.exports import markdown_brief, masked_analysis
from features.tender.export import write_xlsx
from features.tender.matrix import analyse_tender
from tests.conftest import ROOT, TEST_DATA
from ui.markup import md_escape

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


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """What the page offers for download, by file name: Streamlit's in-memory media store, watched as it is filled."""
    seen: dict[str, bytes] = {}
    load = MemoryMediaFileStorage.load_and_get_id

    def watched(self, path_or_data, mimetype, kind, filename=None):
        if filename and isinstance(path_or_data, bytes):
            seen[filename] = path_or_data
        return load(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", watched)
    return seen


def _texts(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.success])


def editor(at: AppTest):
    """The needs table; its key changes each time an analysis or a saved correction resets its edits."""
    version = at.session_state["needs_editor_version"] if "needs_editor_version" in at.session_state else 0
    return at.data_editor(key=f"needs_editor_{version}" if version else "needs_editor")


def analysed(at: AppTest, note: str = NOTE) -> AppTest:
    at.text_area(key="analyse_text").input(note)
    at.button(key="analyse_go").click()
    at.run()
    assert not at.exception
    return at


def test_pasting_a_note_shows_labelled_needs_questions_and_cases(app, downloads):
    at = analysed(app)
    assert "5 statements" in at.success[0].value
    assert any("compliance" in w.value.lower() for w in at.warning), "the kickback-like line must raise a warning"
    table = editor(at).value
    assert set(table["label"]) >= {"Explicit", "Organisational", "Personal"}  # label names in the UI language
    assert "Questions to ask next" in [s.value for s in at.subheader]
    assert "Similar past cases for this note" in [s.value for s in at.subheader]
    assert [b.proto.label for b in at.get("download_button")] == ["CSV", "Excel", "One-page brief (Markdown)"]
    sheet = openpyxl.load_workbook(io.BytesIO(downloads["needs.xlsx"])).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["#", "statement", "label"] and len(rows) == 1 + len(table)
    assert {r[1] for r in rows[1:]} == set(table["statement"])  # the workbook holds this note's statements
    assert "## Questions to ask next" in downloads["brief.md"].decode("utf-8")


def test_correcting_a_label_stores_it_in_the_library(app, library_copy):
    at = analysed(app)
    before = at.success[0].value
    table = editor(at)
    frame = table.value
    row = int(frame.index[frame["label"] == "Explicit"][0])
    text = frame["statement"][row]
    # the edit state a user's change in the table produces
    at.session_state[table.key] = {"edited_rows": {row: {"label": "Organisational"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save_corrections").click()
    at.run()
    assert not at.exception
    stored = stored_corrections(library_copy.folder)
    assert [(c["label"], c["was"]) for c in stored] == [("organisational", "explicit")]
    assert any("1 corrections saved" in s.value for s in at.success)
    # at once: the summary, the highlighting, the table and the exports follow the correction
    summary = next(s.value for s in at.success if "statements" in s.value)
    counts = [dict((k, int(n)) for n, k in re.findall(r"(\d+) (explicit|organisational)", v)) for v in (before, summary)]
    assert counts[1] == {"explicit": counts[0]["explicit"] - 1, "organisational": counts[0]["organisational"] + 1}
    result = at.session_state["analysis_result"]
    row = next(i for i, n in enumerate(result.needs) if n.statement.text == text)
    assert result.needs[row].label == "organisational" and row in result.corrected
    first_words = md_escape(text)[:20]
    assert any(f":orange-background[{first_words}" in m.value for m in at.markdown)
    assert editor(at).value.set_index("statement")["label"][text] == "Organisational"
    shared = masked_analysis(at.session_state["analysis_result"], NOTE, "en")
    assert markdown_brief(shared).count(text) == 1 and text in markdown_brief(shared).split("## Personal")[0].split(
        "## Organisational")[1]


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
    assert shown and all(line.rstrip().endswith("Chinese") for line in shown)  # the language in the reader's words


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


def test_tender_page_shows_a_report_it_holds(app, classifier):
    report = analyse_tender(TEST_DATA / "spec.docx", classifier, None, [NOTE])
    at = app.switch_page("ui/tender_page.py")
    at.session_state["tender_result"] = (report, {"en": b"workbook", "zh": b"workbook"})
    at.run()
    assert not at.exception
    matrix = next(d.value for d in at.dataframe if "Best past match" in d.value.columns)
    assert list(matrix["Clause"]) == [row.requirement.clause for row in report.rows]
    assert list(matrix["Need label"]) == [row.need.label for row in report.rows]
    subheaders = [h.value for h in at.subheader]
    assert "Needs from meetings that no clause covers" in subheaders
    shown = "\n".join(m.value for m in at.markdown)
    assert all(md_escape(n.statement.text) in shown for n, _ in report.uncovered_needs)


ZH_NOTE = ("参会：信息中心主任周立新、采购部刘婷\n- 周主任说核心网割接必须在六月底前完成。\n"
           "- They need 7x24 support from June.\n- 周主任希望项目成功后能升任副局长。\n- 联系电话 138 1021 4477")
# Latin words a Chinese page may show: file formats, units, method names, product names, the language switch
_LATIN_OK = {"csv", "excel", "markdown", "md", "txt", "docx", "pdf", "jsonl", "xlsx", "mb", "macro", "f1", "spin",
             "meddicc", "english", "kpi", "it", "ai", "e5", "faiss", "flat", "multilingual", "small", "hnsw", "bm25",
             "sqlite", "minilm", "all", "l6", "v2", "id", "ids", "onnx"}


def _ui_strings(at: AppTest) -> list[str]:
    """Every string the app itself puts on screen (not the user's note or the library's case text)."""
    out = [e.value for kind in ("title", "header", "subheader", "caption", "info", "success", "warning", "error")
           for e in getattr(at, kind)]
    for kind in ("button", "text_area", "text_input", "selectbox", "multiselect", "radio", "toggle", "slider",
                 "number_input", "expander", "tabs", "metric", "checkbox"):
        for e in at.get(kind) if kind in ("tabs", "expander") else getattr(at, kind):
            out.append(getattr(e, "label", "") or "")
            if kind in ("selectbox", "radio") and e.key not in ("lang_choice", "lib_tag", "lib_case", "admin_remove_ids",
                                                                  "account_status_need"):
                out += [str(o) for o in e.options]
    return out


def _table_strings(at: AppTest) -> list[str]:
    """The headers of every table on screen, and the values of the columns that hold the app's own words
    (kinds, labels, outcomes, facts, layers, stances), not the tender's or the note's text."""
    own = {"类型", "需求类型", "结果", "事项", "决策层级", "态度", "状态", "kind", "label", "outcome", "fact", "layer", "stance",
           "status", "type"}
    out = []
    for df in at.dataframe:
        frame = df.value
        out += [str(c) for c in frame.columns]
        out += [str(v) for c in frame.columns if str(c).lower() in own for v in frame[c].dropna()]
    return out


def _english_words(strings: list[str]) -> list[str]:
    strings = [re.sub(r":[a-z]+-(?:background|badge)\[", "[", s) for s in strings]  # colour directives are markup
    words = [w for s in strings for w in re.findall(r"[A-Za-z][A-Za-z0-9-]+", s)]
    return [w for w in words if w.lower() not in _LATIN_OK and not any(ch.isdigit() for ch in w)]


def test_every_page_in_chinese_mode_shows_only_chinese(app, library_copy, classifier, tmp_path):
    at = app
    at.sidebar.radio(key="lang_choice").set_value("中文")
    at.run()
    analysed(at, ZH_NOTE)
    seen = {"analyse": _english_words(_ui_strings(at))}
    assert any("周主任" in q or "问题" in q for q in [s.value for s in at.subheader])
    questions = [m.value for m in at.markdown if "-background[" in m.value and "?" not in m.value]
    assert questions  # questions follow the Chinese UI for a mixed note
    # an account with a meeting, and a tender loaded with a note, as the pages would hold them
    add_note(AccountStore.beside(library_copy.folder), "华信", ZH_NOTE, classifier, "2026-03-02")
    report = analyse_tender(ROOT / "corpus" / "tenders" / "tender_en_energy.docx", classifier, library_copy, [ZH_NOTE])
    books = {}
    for lang in ("en", "zh"):
        write_xlsx(report, tmp_path / f"m-{lang}.xlsx", lang)
        books[lang] = (tmp_path / f"m-{lang}.xlsx").read_bytes()
    for page in ("ui/search_page.py", "ui/library_page.py", "ui/tender_page.py", "ui/admin_page.py", "ui/accounts_page.py"):
        at.switch_page(page)
        if page == "ui/tender_page.py":
            at.session_state["tender_result"] = (report, books)
        at.run()
        if page == "ui/search_page.py":
            at.text_input(key="search_query").input("恶性通胀 本币 预付款")
            at.run()
        if page == "ui/accounts_page.py":
            at.selectbox(key="account_pick").set_value("华信")
            at.run()
        assert not at.exception, page
        if page in ("ui/tender_page.py", "ui/accounts_page.py"):  # the loaded tender's matrix, the account's chain
            assert any({"条款", "姓名"} & set(df.value.columns) for df in at.dataframe), page
        seen[page] = _english_words(_ui_strings(at) + _table_strings(at))
    assert not any(seen.values()), {k: v for k, v in seen.items() if v}
    # the matrix workbook the tender page offers in the Chinese UI: sheet names, headers and own words in Chinese
    book = openpyxl.load_workbook(io.BytesIO(books["zh"]))
    own = [c.value for ws in book.worksheets for c in ws[1]] + book.sheetnames
    own += [str(ws.cell(r, col).value or "") for ws in book.worksheets[:1] for r in range(2, ws.max_row + 1) for col in (4, 6, 7, 10)]
    own += [str(ws.cell(r, 1).value or "") for ws in book.worksheets[1:] for r in range(2, ws.max_row + 1)]
    assert not _english_words(own), _english_words(own)


def test_a_mixed_note_in_the_english_ui_gets_english_questions(app):
    at = analysed(app, ZH_NOTE)
    result = at.session_state["analysis_result"]
    names = {n.stakeholder for n in result.needs if n.stakeholder}
    texts = [q.text for q in result.questions]
    # a question may quote the note's own words, in the note's language; the rest of the question is English
    texts = [re.sub(r"(?<=\s)'[^']*'(?=[\s,.?:;!])", "", t) for t in texts]
    for name in names:  # a question may name a stakeholder as the note writes them
        texts = [t.replace(name, "") for t in texts]
    for form in sorted({f for p in result.analysis.people for f in [p.name, *p.forms]}, key=len, reverse=True):
        texts = [t.replace(form, "") for t in texts]
    assert texts and all(not re.search(r"[\u4e00-\u9fff]", t) for t in texts), texts


def test_no_file_chosen_clears_the_previous_result(app):
    at = analysed(app)
    assert at.session_state["analysis_result"].needs
    at.segmented_control(key="analyse_source").set_value("upload")
    at.run()
    at.button(key="analyse_go").click()
    at.run()
    assert not at.exception
    assert at.error and "No file chosen" in at.error[0].value
    assert "analysis_result" not in at.session_state
    assert not any("statements" in s.value for s in at.success)


def test_saved_note_and_exports_are_masked(app, library_copy, downloads):
    note = ("Attendees: Ines Ferreira (CIO), Tom Baker\n- Ines Ferreira needs the migration done by June.\n"
            "- Dr. Ferreira hopes the project gets her promoted; call +351 21 355 8120.")
    at = analysed(app, note)
    assert any("Masked in exports: 2 people" in c.value for c in at.caption)
    at.text_input(key="note_title").input("Call with Ines Ferreira")
    at.run()
    at.button(key="save_note").click()
    at.run()
    assert not at.exception and at.success
    saved = [c for c in library_copy.cases() if c.id.startswith("note-")]
    assert len(saved) == 1
    case = library_copy.case(saved[0].id)
    for leak in ("Ines", "Ferreira", "Tom Baker", "355 8120"):
        assert leak not in case.text and leak not in case.title
    assert "[Person A]" in case.text and "(CIO)" in case.text and "Dr. [Person A]" in case.text
    cells = " ".join(str(c.value) for row in openpyxl.load_workbook(io.BytesIO(downloads["needs.xlsx"])).active.iter_rows()
                     for c in row)
    for out in (cells, downloads["needs.csv"].decode("utf-8-sig"), downloads["brief.md"].decode("utf-8")):
        assert "[Person A]" in out and not any(leak in out for leak in ("Ines", "Ferreira", "355 8120"))


def test_a_note_of_an_account_masks_the_accounts_people_in_saved_notes(app, library_copy, classifier):
    add_note(AccountStore.beside(library_copy.folder), "Northwind",
             "Northwind call, 2026-03-02\nAttendees: Ines Ferreira (CIO), Tom Baker (procurement)\n"
             "Ines: we need the ERP migration finished by June.\n", classifier)
    note = "Northwind follow-up\n- Ferreira still worries about the audit date.\n- Baker wants the discount in writing."
    at = analysed(app, note)
    at.selectbox(key="mask_account").set_value("Northwind")
    at.run()
    at.text_input(key="note_title").input("Follow-up")
    at.run()
    at.button(key="save_note").click()
    at.run()
    assert not at.exception and at.success
    case = library_copy.case(next(c.id for c in library_copy.cases() if c.id.startswith("note-")))
    assert "Ferreira" not in case.text and "Baker" not in case.text, case.text
    assert "the audit date" in case.text and "[Person" in case.text


def test_a_tender_without_clauses_is_explained_in_the_chinese_ui(app, classifier, tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear colleagues,\n\nThank you for the meeting last week.\n\nKind regards\n", encoding="utf-8")
    report = analyse_tender(letter, classifier, None, [])
    assert not report.rows and report.shape.paragraphs >= 1
    app.sidebar.radio(key="lang_choice").set_value("中文")
    app.run()
    at = app.switch_page("ui/tender_page.py")
    at.session_state["tender_result"] = (report, {"en": b"", "zh": b""})
    at.run()
    assert not at.exception
    why = [c.value for c in at.caption if "段落" in c.value]
    assert why and f"{report.shape.paragraphs} 个段落" in why[0] and not _english_words(why), why
