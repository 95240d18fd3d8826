"""Exports stay byte for byte what they were: a fixed, hand-made analysed note (no model, so a retrained
classifier does not move it) turned into the brief, CSV, Excel cells and the CLI's JSON, compared with files
written when exports still worked on the CLI's dicts.

When a change to an export is meant, rewrite the expected file with `python -m tests.test_export_bytes` and
read its diff.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import openpyxl

from features.exports import markdown_brief, masked_analysis, needs_frame, to_csv, to_xlsx
from features.notes import NoteResult
from index.records import Hit
from nlp.analyse import Analysis
from nlp.records import Evidence, Example, Need, Person, Question, Statement
from nlp.redact import plan_masking

EXPECTED = Path(__file__).parent / "data" / "exports_expected.json"
NOTE = ("Attendees: Ines Ferreira (CIO), Tom Baker\n"
        "- Ines Ferreira needs the core swap done by June; call +351 21 355 8120.\n"
        "- Churn doubled after the rival's price cut.\n"
        "- 周主任很看重这次升职机会。\n"
        "- =SUM(A1) is what Tom typed.\n")
PEOPLE = (Person("Ines Ferreira", "CIO", ("Ines Ferreira",), ()), Person("Tom Baker", None, ("Tom Baker", "Tom"), ()),
          Person("周主任", "主任", ("周主任",), ()))


def _need(text: str, label: str, confidence: float, **more) -> Need:
    start = NOTE.index(text)
    return Need(Statement(text, start, start + len(text), more.pop("language", "en")), label, confidence, **more)


def _hit(i: int, title: str, outcome: str, year: int | None) -> Hit:
    return Hit(f"case-{i}", title, 0.8 - i / 10, f"snippet {i}", outcome, "en", "telecom", "Africa", year, ("tag",),
               "case", "a customer", "Background", needs={"explicit": 1, "organisational": i, "personal": 0})


def fixed_result() -> NoteResult:
    needs = (
        _need("Attendees: Ines Ferreira (CIO), Tom Baker", "none", 0.9, kind="attendees"),
        _need("Ines Ferreira needs the core swap done by June; call +351 21 355 8120.", "explicit", 0.8712,
              evidence=Evidence(("needs",), (Example("They want it live by May.", "explicit", 0.81),)),
              stakeholder="Ines Ferreira (CIO)", methods={"SPIN": "Situation", "MEDDICC": "Decision criteria"}),
        _need("Churn doubled after the rival's price cut.", "organisational", 0.6649,
              evidence=Evidence(("churn", "price cut")), methods={"Miller Heiman": "Business result"}),
        _need("周主任很看重这次升职机会。", "personal", 0.5521, language="zh", stakeholder="周主任 (Official)",
              compliance_risk=True, compliance_warning="周主任 may expect a favour."),
        _need("=SUM(A1) is what Tom typed.", "none", 0.4, stakeholder="Tom Baker"),
    )
    questions = (Question("What would the swap mean for Ines Ferreira (CIO) personally?", "personal", "swap",
                          ("Ines Ferreira",)),
                 Question("Which KPI is Tom answering for?", "organisational", "kpi"))
    analysis = Analysis("mixed", needs, questions, {"explicit": [], "organisational": ["kpi"], "personal": []},
                        ("a reference visit",), np.zeros((len(needs), 4), np.float32), PEOPLE)
    cases = (_hit(1, "Prepayment in local currency", "won", 2010), _hit(2, "A lost retender", "lost", None))
    return NoteResult(analysis, cases, (None, cases[0], cases[1], None, None))


def _cells(xlsx: bytes) -> list:
    ws = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    return [ws.title, ws.freeze_panes, [[c.value for c in row] for row in ws.iter_rows()],
            [ws.column_dimensions[c].width for c in "ABCDEFGHIJKL"]]


def exports(result: NoteResult) -> dict:
    """Every export of the fixed note, in both languages, plain and masked, as JSON-able text."""
    out = {"json": json.loads(json.dumps(result.to_dict(), ensure_ascii=False))}
    for lang in ("en", "zh"):
        masked = masked_analysis(result, NOTE, lang, plan_masking(NOTE, lang, PEOPLE))
        for tag, shown in (("plain", result), ("masked", masked)):
            frame = needs_frame(shown, lang)
            out[f"{lang}-{tag}"] = {"brief": markdown_brief(shown, lang=lang), "csv": to_csv(frame).decode("utf-8"),
                                    "xlsx": _cells(to_xlsx(frame, lang=lang))}
    out["titled"] = markdown_brief(result, title="Call with the CIO")
    return out


def test_exports_are_unchanged():
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(exports(fixed_result()), ensure_ascii=False))
    for key in expected:
        assert got[key] == expected[key], key
    assert set(got) == set(expected)


def test_a_correction_and_the_masking_make_new_records():
    result = fixed_result()
    corrected = result.with_label(2, "personal")
    assert result.needs[2].label == "organisational" and corrected.needs[2].label == "personal"
    assert corrected.to_dict()["statements"][2]["corrected"] is True and "corrected" not in result.to_dict()["statements"][2]
    brief = markdown_brief(corrected)
    assert "## Organisational needs (0)" in brief and "## Personal needs (2)" in brief
    masked = masked_analysis(result, NOTE, "en", plan_masking(NOTE, "en", PEOPLE))
    assert "Ines" in result.needs[1].statement.text and "Ines" not in masked.needs[1].statement.text
    assert masked.to_dict()["masked"] == {"persons": 3, "mentions": 5, "email": 0, "phone": 1, "id": 0}


if __name__ == "__main__":
    EXPECTED.write_text(json.dumps(exports(fixed_result()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
