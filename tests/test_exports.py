"""Exports of an analysed note and the safe Markdown the app draws user text with."""
from __future__ import annotations

import io

import openpyxl
import pandas as pd

from features.exports import markdown_brief, needs_frame, to_csv, to_xlsx
from features.similar import analysis_with_cases
from nlp.analyse import analyse
from ui.markup import highlighted, md_escape, snippet_markdown

NOTE = "- They need 7x24 support from June.\n- Churn doubled after the competitor's price cut.\n- =HYPERLINK(\"http://x\")"


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
