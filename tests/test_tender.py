"""Tender analysis: clause extraction on our tenders (docx and pdf), the matrix, traceability, Excel export."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from corpus.errors import UnreadableFile
from corpus.readers.blocks import Block
from corpus.readers.dispatch import read_blocks
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
    head = [c.value for c in ws[1]]
    assert head[4:6] == ["Points", "Disqualifying"]
    scored = [i for i, r in enumerate(out["requirements"], 2) if r["points"] is not None]
    assert scored and all(ws.cell(i, 5).value == out["requirements"][i - 2]["points"] for i in scored)
    flagged = {i for i, r in enumerate(out["requirements"], 2) if r["disqualifying"]}
    assert all((ws.cell(i, 6).value == "yes") == (i in flagged) for i in range(2, ws.max_row + 1))
    assert [f["name"] for f in out["key_facts"]] and wb["Key facts"].max_row == len(out["key_facts"]) + 1


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
    assert "0 tables" in out["message"] and "paragraphs" in out["message"]  # says which structure was found


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


# --- real tenders: numbering schemes, outline, tables, points, key facts ---

from features.tender.facts import key_facts  # noqa: E402
from features.tender.real_eval import evaluate_real, load_real_gold, real_docs_folder, score_document  # noqa: E402
from features.tender.structure import marker, outline  # noqa: E402

REAL_DOCS = real_docs_folder(ROOT)


@pytest.mark.parametrize("line, scheme, label", [
    ("第三章 技术要求", "chapter", "第三章"), ("一、投标人资格要求", "cn", "一、"), ("（二）商务要求", "cn_paren", "（二）"),
    ("3.1.2 The system shall", "dotted3", "3.1.2"), ("2.5. Offerors are required", "dotted2", "2.5."),
    ("1．资质要求：", "dotted1", "1．"), ("4) Price", "num_paren_r", "4)"), ("（3）须提供", "num_paren", "（3）"),
    ("⑵有串通投标", "num_paren", "⑵"), ("③时效性要求", "circle", "③"), ("b. Provide the name", "alpha", "b."),
    ("C. The Offeror shall", "ALPHA", "C."), ("ii. Optional", "roman", "ii."), ("Section 3.01 Scope", "dotted2", "Section 3.01"),
    ("• Attachment A1", "bullet", "•"),
])
def test_numbering_schemes(line, scheme, label):
    m = marker(line)
    assert m is not None and (m.scheme, m.label) == (scheme, label)


def test_no_marker_on_plain_sentences_and_years():
    assert marker("2024年企业实缴资本不少于200万元") is None
    assert marker("The bidder shall deliver 40 units.") is None
    assert marker("★一、技术要求").flag == "★"


def test_outline_nests_any_scheme_and_lists_inside_sections():
    blocks = [Block("para", t) for t in (
        "第一章 招标公告", "二、投标人资格要求", "1．资质要求：", "1.1投标人必须是法人单位；", "1.2在中国境内注册的企业。",
        "2．业绩要求：投标人须提供1份同类业绩。", "SECTION THREE", "APPLICATION FORMAT AND CONTENT", "3.01 INTRODUCTION",
        "Information required will include the following.", "1. Transmittal letter (upload).", "2. Applicant Form (upload).",
        "3.02 PRICING")]
    units = {u.text: u for u in outline(blocks)}
    assert units["1.2在中国境内注册的企业。"].section == "第一章 招标公告 > 二、投标人资格要求 > 1．资质要求："
    assert units["2．业绩要求：投标人须提供1份同类业绩。"].section == "第一章 招标公告 > 二、投标人资格要求"
    assert units["2. Applicant Form (upload)."].section == "SECTION THREE > APPLICATION FORMAT AND CONTENT > 3.01 INTRODUCTION"
    assert units["3.02 PRICING"].heading and units["3.02 PRICING"].section.endswith("APPLICATION FORMAT AND CONTENT")
    reqs = extract_requirements(blocks)
    texts = [r.text for r in reqs]
    assert "1.2 在中国境内注册的企业。" in texts  # no modal verb: it takes the force of its lead-in
    assert any(t.startswith("1. Transmittal letter") for t in texts) and not any("3.02" in t for t in texts)


def test_scoring_rows_give_points_and_sub_criteria():
    header = ("序号", "评分项", "评分标准")
    rows = [("1", "企业资信（2分）", "依法登记，具有独立承担民事责任能力的得2分。"),
            ("2", "管理思路（5分）", "1.设置安全管理部门的得2分；\n2.建立岗位责任制的得3分。")]
    blocks = [Block("para", "技术部分评分标准："), Block("row", " | ".join(header), cells=header, table=0, header=header)]
    blocks += [Block("row", " | ".join(r), cells=r, table=0, header=header) for r in rows]
    reqs = extract_requirements(blocks)
    assert [(r.kind, r.points) for r in reqs] == [("scored", 2), ("scored", 2), ("scored", 3)]
    assert reqs[2].text.endswith("2.建立岗位责任制的得3分。")


def test_price_schedules_and_marking_notes_are_not_requirements():
    header = ("Item", "Description", "Unit price")
    blocks = [Block("heading", "Appendix A Requirements pricing", 1),
              Block("para", "Requirements marked with an asterisk (*) are mandatory."),
              Block("row", "x", cells=header, table=0, header=header),
              Block("row", "x", cells=("1", "Core switches including optics", ""), table=0, header=header)]
    assert extract_requirements(blocks) == []


def test_disqualifying_and_points_fields():
    blocks = [Block("heading", "Evaluation criteria", 1),
              Block("para", "1) Cost of services [ 30 ]"),
              Block("para", "2) Bids without a signed form shall be rejected."),
              Block("para", "★（3）须提供营业执照。")]
    reqs = {r.clause: r for r in extract_requirements(blocks)}
    assert reqs["1)"].kind == "scored" and reqs["1)"].points == 30 and not reqs["1)"].disqualifying
    assert reqs["2)"].kind == "mandatory" and reqs["2)"].disqualifying and reqs["2)"].points is None
    assert reqs["（3）"].disqualifying


def test_key_facts_from_sentences_and_tables():
    blocks = [Block("para", "7.1投标有效期为从投标截止之日起90天。"),
              Block("para", "本次招标采取综合评分办法，评标采用百分制，商务部分为70分；技术部分为30分。"),
              Block("row", "8 | 投标保证金 | 人民币伍万元整", cells=("8", "投标保证金", "人民币伍万元整"), table=0),
              Block("para", "Proposals must be received no later than June 3, 2026 at 2:00 PM.")]
    facts = {f.name: f for f in key_facts(blocks)}
    assert facts["bid_validity"].value.endswith("90天。") and facts["bid_validity"].clause == "7.1"
    assert "伍万元" in facts["bid_bond"].value and facts["bid_bond"].clause == "8"
    assert facts["evaluation_method"].value.startswith("本次招标采取综合评分办法")
    assert "June 3, 2026" in facts["bid_deadline"].value
    assert {"technical_points", "price_points"} <= set(facts)


def test_real_gold_scoring_counts_each_row_once():
    from features.tender.kinds import Requirement

    gold = [{"type": "scope", "heading": "二、资格要求"},
            {"type": "clause", "kind": "mandatory", "points": None, "key": "具有 独立法人"},
            {"type": "clause", "kind": "mandatory", "points": None, "key": "良好信誉"},
            {"type": "clause", "kind": "scored", "points": 5, "key": "业绩"},
            {"type": "fact", "name": "budget", "key": "预算100万元"}]
    reqs = [Requirement("1", "第一章 > 二、资格要求", "具有独立法人资格和良好信誉。", "mandatory"),
            Requirement("2", "第四章", "同类业绩每个得1分", "scored", 5),
            Requirement("3", "第一章 > 二、资格要求 > 1．", "须提供证明。", "info")]
    s = score_document(reqs, [{"name": "budget", "value": "预算 100万元", "clause": ""}], gold)
    assert (s.matched, s.gold) == (2, 3)  # one row cannot match two gold clauses
    assert (s.in_scope, s.matched_in_scope) == (2, 1) and s.kind_ok == 2 and (s.scored_gold, s.points_ok) == (1, 1)
    assert s.facts_found == 1


@pytest.mark.slow
@pytest.mark.skipif(not (REAL_DOCS / "zh_songjiang_cleaning.docx").exists(), reason="field-set tenders not on this machine")
def test_field_set_recall_and_precision_overall():
    out = evaluate_real(TENDERS / "real_gold.jsonl", REAL_DOCS)
    last = out.splitlines()[-1].split()
    assert last[0] == "all" and len(load_real_gold(TENDERS / "real_gold.jsonl")) == 5
    recall, precision, kind_acc = float(last[3]), float(last[4]), float(last[5])
    assert recall >= 0.85 and precision >= 0.8 and kind_acc >= 0.9, out


def test_scanned_pdf_says_ocr_is_not_available():
    if not (TEST_DATA / "scanned.pdf").exists():
        pytest.skip("scanned.pdf not made on this machine")
    with pytest.raises(UnreadableFile, match="OCR is not available"):
        read_blocks(TEST_DATA / "scanned.pdf")


def test_the_clause_limit_is_the_one_passed_in(classifier):
    full = analyse_tender(TEST_DATA / "spec.docx", classifier)
    assert len(full.rows) >= 2
    assert [r.requirement for r in analyse_tender(TEST_DATA / "spec.docx", classifier, max_clauses=1).rows] == \
        [full.rows[0].requirement]
