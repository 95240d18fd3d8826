"""Exports of an analysed note (masked by one plan, in the reader's language) and the safe Markdown the app draws
user text with."""
from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd

from features.exports import markdown_brief, masked_analysis, needs_frame, stakeholder_text, to_csv, to_xlsx
from features.similar import analysis_with_cases
from nlp.analyse import analyse
from ui.markup import highlighted, md_escape, snippet_markdown

ROOT_PRIVACY = Path(__file__).resolve().parents[1] / "corpus" / "privacy" / "notes"

NOTE = "- They need 7x24 support from June.\n- Churn doubled after the competitor's price cut.\n- =HYPERLINK(\"http://x\")"
PEOPLE = ("Attendees: Ines Ferreira (CIO), Tom Baker (procurement)\n"
          "- Ines Ferreira wants the migration done by June; call her on +351 21 355 8120.\n"
          "- Dr. Ferreira hopes the project gets her promoted to the board.\n"
          "- 周立新主任说预算要在年底前批下来，周主任很看重这次升职机会。\n"
          "- Tom asked for the price list by ines.ferreira@metro.example.pt")


def test_csv_excel_and_brief(classifier, small_library):
    result = analysis_with_cases(analyse(NOTE, classifier), small_library)
    frame = needs_frame(result)
    assert list(frame["statement"])[:2] == ["They need 7x24 support from June.", "Churn doubled after the competitor's price cut."]
    back = pd.read_csv(io.BytesIO(to_csv(frame)), encoding="utf-8-sig")
    assert len(back) == 3 and set(back["label"]) <= {"explicit", "organisational", "personal", "none"}
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame))).active
    assert ws.freeze_panes == "A2"
    cells = [c.value for c in ws["B"]]
    assert any(isinstance(v, str) and v.startswith("'=HYPERLINK") for v in cells)  # no formula from user text
    brief = markdown_brief(result, title="Brief")
    assert brief.startswith("# Brief") and "## Explicit needs" in brief and "They need 7x24" in brief


def test_masked_exports_hide_every_form_with_one_placeholder(classifier):
    result = analysis_with_cases(analyse(PEOPLE, classifier), None)
    shared = masked_analysis(result, PEOPLE, "en")
    brief = markdown_brief(shared, lang="en")
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(needs_frame(shared, "en"), lang="en")))
    cells = " ".join(str(c.value) for row in book.active.iter_rows() for c in row)
    for out in (brief, cells, to_csv(needs_frame(shared)).decode("utf-8-sig")):
        for name in ("Ines", "Ferreira", "Tom Baker", "周立新", "周主任", "355 8120", "ines.ferreira@"):
            assert name not in out, (name, out)
    assert shared.masked["persons"] >= 3 and shared.masked["phone"] == 1 and shared.masked["email"] == 1
    assert "Masked: " in brief
    # the original analysis is untouched: the page still shows the rep's own note
    assert any("Ines" in n.statement.text for n in result.needs) and result.masked is None


def test_chinese_exports_are_chinese(classifier):
    result = analysis_with_cases(analyse(PEOPLE, classifier, ui_language="zh"), None)
    shared = masked_analysis(result, PEOPLE, "zh")
    frame = needs_frame(shared, "zh")
    assert list(frame.columns)[:5] == ["序号", "语句", "标签", "置信度", "相关人"]
    assert set(frame["标签"]) <= {"显性需求", "组织隐性需求", "个人隐性需求", "无需求"}
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, lang="zh")))
    assert book.sheetnames == ["需求"]
    brief = markdown_brief(shared, lang="zh")
    assert brief.startswith("# 需求简报") and "## 显性需求" in brief and "[人物A]" in brief and "已隐去" in brief
    assert all(ord(q.text[0]) > 0x2E80 for q in shared.questions)  # a mixed note in the Chinese UI: zh questions
    assert not re.search(r"\((?:CEO|CFO|CTO|CIO|Official|Procurement|Board)\)", brief)  # roles in Chinese too
    assert stakeholder_text("周主任 (Official)", "zh") == "周主任（政府官员）" and stakeholder_text("CFO", "en") == "CFO"


def test_markdown_escaping_defuses_links_html_and_directives():
    hostile = "[click](http://evil) <script>x</script> :red[boom] **bold**"
    out = md_escape(hostile)
    assert "](" not in out and "<script>" not in out and ":red[" not in out and "**" not in out


def test_highlighted_keeps_text_and_colours_spans():
    text = "Hi.\nThey need X by June."
    out = highlighted(text, [(4, len(text), "explicit")])
    assert out.startswith("Hi\\.") and ":blue-background[They need X by June\\.]" in out


def test_snippet_marks_survive_and_the_rest_is_escaped():
    out = snippet_markdown("the **currency** fell [x](y)")
    assert "**currency**" in out and "\\[x\\]\\(y\\)" in out


def test_chinese_excel_has_no_english_headers_or_own_words(classifier):
    note = "参会：信息中心主任周立新\n- 周主任说核心网割接必须在六月底前完成。\n- They need 7x24 support from June.\n- 周主任希望升任副局长。"
    frame = needs_frame(analysis_with_cases(analyse(note, classifier, ui_language="zh"), None), "zh")
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, lang="zh")))
    own = book.sheetnames + [c.value for c in book.active[1]]
    # every value but the note's and the library's own words (statement, cue words, examples, case titles)
    own += [str(frame.iloc[r][c]) for r in range(len(frame)) for c in frame.columns if c not in ("语句", "线索词", "相似样例", "相似案例")]
    assert frame.iloc[0]["线索词"] == "结构：参会名单"
    english = [w for s in own for w in re.findall(r"[A-Za-z][A-Za-z-]+", str(s))]
    assert set(english) <= {"SPIN", "MEDDICC"}, english


def test_the_form_that_decided_a_label_reads_in_chinese_in_a_chinese_export(classifier):
    note = "很多医院都需要一套能对接医保的结算系统。\n\n他说送到门店那头要能拍照签收，纸质回单不要了。"
    frame = needs_frame(analysis_with_cases(analyse(note, classifier, ui_language="zh"), None), "zh")
    cues = set(frame["线索词"])
    assert {"句式：行业泛论", "句式：规格要求"} <= cues, cues


def test_a_masked_export_names_nobody_in_its_labelled_examples(classifier):
    from dataclasses import replace

    from nlp.records import Example

    note = (ROOT_PRIVACY / "55.txt").read_text(encoding="utf-8")
    result = analysis_with_cases(analyse(note, classifier), None)
    # a labelled example of our own that names people: one of the note's (Kevin) and one who is not in it (Maria)
    first = replace(result.needs[0], evidence=replace(result.needs[0].evidence, examples=(
        Example("Kevin and Maria asked for a pilot before March.", "explicit", 0.9),)))
    result = replace(result, analysis=replace(result.analysis, needs=(first, *result.needs[1:])))
    shared = masked_analysis(result, note, "en")
    cells = " ".join(str(v) for v in needs_frame(shared, "en")["similar example"])
    for name in ("Kevin", "Maria", "王凯", "Zhou", "周立新", "Anna", "吴昊"):
        assert not re.search(rf"\b{name}\b" if name.isascii() else name, cells), (name, cells)
    assert "[someone] and [someone] asked for a pilot" in cells


def test_a_masked_export_hides_a_first_name_of_the_notes_people_alone_in_an_example(classifier):
    from dataclasses import replace

    from nlp.records import Example

    note = "Attendees: Ines Ferreira (CIO)\n- Ines Ferreira needs the migration done by June.\n"
    result = analysis_with_cases(analyse(note, classifier), None)
    first = replace(result.needs[1], evidence=replace(result.needs[1].evidence, examples=(
        Example("Ines asked for the quote to be split across two fiscal years.", "explicit", 0.9),)))
    result = replace(result, analysis=replace(result.analysis, needs=(result.needs[0], first, *result.needs[2:])))
    cells = " ".join(str(v) for v in needs_frame(masked_analysis(result, note, "en"), "en")["similar example"])
    assert "Ines" not in cells and "[someone] asked for the quote" in cells
