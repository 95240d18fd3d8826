"""Rows of CSV, JSON lines and Excel files that cannot become a case: the rest of the file goes in, and the ingest
report names each skipped row by file, line and reason, in the CLI's text and --json output."""
from __future__ import annotations

import json

from corpus.readers import read_path
from corpus.records import SkippedRow

STORY = "The customer asked for a migration before the holidays; churn doubled after a competitor cut prices."
JSONL = ('{"id": "row-ok", "text": "' + STORY + '"}\n'
         '{"text": "bad \\ud800 escape"}\n'
         '\n'
         '[1, 2, 3]\n'
         '{"title": "second", "text": "采购经理希望下周收到报价，财务总监担心现金流。"}\n')
CSV = ('title,text,region\n'
       f'first,"{STORY}",EU\n'
       'no text,,APAC\n'
       ',,\n'
       'multi,"a cell over\ntwo lines with text",EU\n'
       'empty text again,,LATAM\n')


def test_readers_name_each_skipped_row_with_its_line(tmp_path):
    (tmp_path / "rows.jsonl").write_text(JSONL, encoding="utf-8")
    (tmp_path / "rows.csv").write_text(CSV, encoding="utf-8")
    skipped: list[SkippedRow] = []
    assert len(read_path(tmp_path / "rows.jsonl", skipped)) == 2
    assert len(read_path(tmp_path / "rows.csv", skipped)) == 2
    assert skipped == [
        SkippedRow("rows.jsonl", 2, "holds a character that is not valid Unicode"),
        SkippedRow("rows.jsonl", 4, "is not a JSON object"),
        SkippedRow("rows.csv", 3, "has no text in its text column"),
        SkippedRow("rows.csv", 7, "has no text in its text column"),  # the quoted cell above spans two lines
    ]
    assert str(skipped[1]) == "rows.jsonl line 4 is not a JSON object; skipped."


def test_excel_rows_are_named_by_their_sheet_row(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["title", "text"], ["a", STORY], [None, None], ["no text here", None], ["c", STORY + " Again."]):
        ws.append(row)
    wb.save(tmp_path / "rows.xlsx")
    skipped: list[SkippedRow] = []
    assert len(read_path(tmp_path / "rows.xlsx", skipped)) == 2
    assert skipped == [SkippedRow("rows.xlsx", 4, "has no text in its text column")]


def test_the_cli_ingest_report_names_skipped_rows_in_text_and_json(run_cli, tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "rows.jsonl").write_text(JSONL, encoding="utf-8")
    (folder / "rows.csv").write_text(CSV, encoding="utf-8")
    (folder / "all-bad.jsonl").write_text('{"text": "\\udfff"}\n[1]\n', encoding="utf-8")
    library = tmp_path / "library"
    out = run_cli("ingest", folder, "--library", library, "--json", "--quiet", timeout=400)
    assert out.returncode == 0, out.stderr.decode()[-800:]
    report = json.loads(out.stdout)
    assert len(report["added"]) == 4
    assert report["skipped_rows"] == [
        {"file": "rows.csv", "line": 3, "reason": "has no text in its text column"},
        {"file": "rows.csv", "line": 7, "reason": "has no text in its text column"},
        {"file": "rows.jsonl", "line": 2, "reason": "holds a character that is not valid Unicode"},
        {"file": "rows.jsonl", "line": 4, "reason": "is not a JSON object"},
    ]  # a file with no usable row is a failed file, named with its first problem, and adds no skipped rows
    assert report["failed"] == [{"file": "all-bad.jsonl", "reason": "all-bad.jsonl has no usable line; the first "
                                 "problem: all-bad.jsonl line 1 holds a character that is not valid Unicode; skipped."}]

    (folder / "rows.jsonl").write_text(JSONL + '"just a string"\n', encoding="utf-8")
    out = run_cli("ingest", folder / "rows.jsonl", "--library", library, "--quiet", timeout=400)
    assert out.returncode == 0, out.stderr.decode()[-800:]
    assert "3 rows skipped" in out.stdout.decode()
    err = out.stderr.decode().splitlines()
    assert "  skipped row: rows.jsonl line 6 is not a JSON object; skipped." in err
    assert "  skipped row: rows.jsonl line 2 holds a character that is not valid Unicode; skipped." in err
    assert "Traceback" not in out.stderr.decode()
