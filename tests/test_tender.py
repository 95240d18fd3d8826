"""Tender analysis: clause extraction on our tenders (docx and pdf), the matrix, traceability, Excel export."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from corpus.errors import UnreadableFile
from corpus.readers.blocks import Block, read_blocks
from features.tender.clauses import extract_requirements
from features.tender.evaluate import load_gold, same_clause, score
from features.tender.export import write_xlsx
from features.tender.matrix import analyse_tender, report_to_dict
from tests.conftest import ROOT, TEST_DATA

TENDERS = ROOT / "corpus" / "tenders"


@pytest.mark.parametrize("name", ["heldout_zh_bank", "heldout_en_retail"])
@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_extraction_meets_targets_on_held_out_tenders(name, ext):
    gold = load_gold(TENDERS / "gold_heldout.jsonl")[name]
    s = score(extract_requirements(read_blocks(TENDERS / f"{name}.{ext}")), gold)
    assert s["recall"] >= 0.85 and s["precision"] >= 0.85, s


def test_clause_numbers_sections_and_kinds():
    blocks = [
        Block("heading", "3 Technical requirements", 1),
        Block("para", "3.1 The system shall support 500 concurrent users."),
        Block("para", "3.2 The bidder shall meet all of the following:"),
        Block("para", "(a) ISO 27001 certification;"),
        Block("para", "(b) three references since 2020."),
        Block("para", "3.3 Bids are opened in public on 3 May."),
        Block("para", "3.4 A single vendor is preferred and will score higher."),
        Block("para", "Table 3-1 Evaluation"),
        Block("row", "Criterion | Points", cells=("Criterion", "Points"), table=0),
        Block("row", "Price | 30", cells=("Price", "30"), table=0),
    ]
    reqs = {r.clause: r for r in extract_requirements(blocks)}
    assert set(reqs) == {"3.1", "3.2(a)", "3.2(b)", "3.4", "Table 3-1 Evaluation row 1"}
    assert reqs["3.1"].kind == "mandatory" and reqs["3.1"].section == "3 Technical requirements"
    assert reqs["3.2(b)"].kind == "mandatory"  # inherits the force of its lead-in
    assert reqs["3.4"].kind == "scored"
    assert reqs["Table 3-1 Evaluation row 1"].text == "Price | 30"


def test_same_clause_tolerates_pdf_wraps_but_not_other_text():
    assert same_clause("The supplier shall deliver 40 units.", "The supplier shall deliver 40\nunits.")
    assert not same_clause("The supplier shall deliver 40 units.", "Bids are opened on 3 May.")


def test_matrix_with_notes_links_needs_to_clauses(classifier, small_library, tmp_path):
    notes = ["- The CIO needs fast Wi-Fi roaming for clinical handsets on every ward.\n"
             "- Their group was fined by the regulator for a data breach last year.\n"]
    report = analyse_tender(TENDERS / "tender_en_hospital.docx", classifier, small_library, notes)
    out = report_to_dict(report)
    assert len(out["requirements"]) > 60
    row = out["requirements"][0]
    assert {"clause", "section", "text", "kind", "label", "matches"} <= set(row)
    assert row["matches"] and {"id", "title", "outcome", "score"} <= set(row["matches"][0])
    found_needs = len(out["matched"]) + len(out["uncovered_needs"])
    assert found_needs == 2  # each need is either matched to a clause or reported as uncovered
    assert out["unexplained_clauses"]  # most clauses have no need from two notes behind them

    xlsx = tmp_path / "matrix.xlsx"
    write_xlsx(report, xlsx)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Requirements"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.cell(1, 1).value == "Clause" and ws.max_row == len(out["requirements"]) + 1
    assert "Traceability" in wb.sheetnames


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed on this machine")
def test_excel_opens_in_libreoffice(classifier, tmp_path):
    report = analyse_tender(TENDERS / "tender_en_energy.docx", classifier, None, [])
    xlsx = tmp_path / "matrix.xlsx"
    write_xlsx(report, xlsx)
    subprocess.run(["soffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(xlsx)],
                   check=True, capture_output=True, timeout=120)
    csv_text = (tmp_path / "matrix.csv").read_text(encoding="utf-8", errors="replace")
    assert "Clause" in csv_text and report.rows[0].requirement.clause in csv_text


def test_tender_without_clauses_offers_passages(classifier, tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("Dear colleagues,\n\nThank you for the meeting last week.\n\nKind regards\n", encoding="utf-8")
    out = report_to_dict(analyse_tender(path, classifier, None, []))
    assert out["requirements"] == [] and "No requirement clauses" in out["message"] and out["passages"]


@pytest.mark.parametrize("name", ["corrupt.pdf", "encrypted.pdf", "scanned.pdf"])
def test_bad_tender_files_give_one_sentence(name):
    if not (TEST_DATA / name).exists():
        pytest.skip(f"{name} not made on this machine")
    with pytest.raises(UnreadableFile) as err:
        read_blocks(TEST_DATA / name)
    assert "\n" not in str(err.value) and name in str(err.value)


def test_cli_tender_json_and_xlsx(run_cli, tmp_path):
    xlsx = tmp_path / "m.xlsx"
    r = run_cli("tender", str(TENDERS / "tender_zh_network.pdf"), "--json", "--xlsx", str(xlsx))
    assert r.returncode == 0, r.stderr
    import json

    out = json.loads(r.stdout)
    assert len(out["requirements"]) > 60 and xlsx.exists()
    assert any(req["kind"] == "mandatory" and "★" in req["text"] for req in out["requirements"])


def test_cli_tender_missing_file(run_cli):
    r = run_cli("tender", "no-such-tender.pdf")
    assert r.returncode == 2 and "Traceback" not in r.stderr.decode() and r.stderr.strip()


def test_docx_and_pdf_give_the_same_clauses():
    a = extract_requirements(read_blocks(TENDERS / "tender_en_energy.docx"))
    b = extract_requirements(read_blocks(TENDERS / "tender_en_energy.pdf"))
    matched = sum(any(same_clause(x.text, y.text) for y in b) for x in a)
    assert matched / len(a) > 0.95


def test_unknown_tender_format():
    with pytest.raises(UnreadableFile):
        read_blocks(Path(TEST_DATA / "unsupported.rtf"))
