"""corpus/readers: one tiny real file per format under tests/data, plus broken ones that must be refused by name."""
from __future__ import annotations

import shutil

import pytest

from corpus.errors import TooLarge, UnreadableFile
from corpus.readers import SUPPORTED, iter_files, read_path
from corpus.readers.common import read_bytes
from corpus.records import content_hash
from tests.conftest import ROOT, TEST_DATA


def read_one(name: str):
    cases = read_path(TEST_DATA / name)
    assert len(cases) == 1
    return cases[0]


def test_markdown_front_matter_is_coerced_into_the_case():
    case = read_one("case_front_matter.md")
    assert case.id == "billing-cutover-test"
    assert case.title == "Billing cut-over in one weekend"
    assert case.industry == "telecom"  # lower-cased so filters match
    assert case.outcome == "won"
    assert case.year == 2019  # a quoted year becomes an int
    assert case.tags == ("billing", "cut-over", "night-work")
    assert case.translation == "billing-cutover-test-zh"
    assert case.kind == "case"
    assert case.extra == {"sponsor": "Ms. Okafor"}  # unknown keys are kept, not dropped
    assert case.source == "case_front_matter.md"
    assert case.source_hash == content_hash((TEST_DATA / "case_front_matter.md").read_bytes())
    assert not case.text.startswith("---")
    assert "id: billing-cutover-test" not in case.text
    assert case.text.lstrip().startswith("## Situation")


def test_markdown_without_front_matter_takes_id_from_file_and_title_from_first_line():
    case = read_one("no_front_matter.md")
    assert case.id == "no_front_matter"
    assert case.title == "Plain notes without metadata"
    assert "The customer wants a pilot first." in case.text
    assert case.outcome == "" and case.year is None and case.tags == ()


def test_markdown_with_broken_yaml_is_refused_by_name():
    with pytest.raises(UnreadableFile, match="bad_yaml.md has front matter that is not valid YAML"):
        read_path(TEST_DATA / "bad_yaml.md")


def test_reading_the_same_file_twice_gives_the_same_case_and_hash():
    assert read_one("case_front_matter.md") == read_one("case_front_matter.md")


def test_txt_in_gbk_is_decoded():
    case = read_one("notes_gbk.txt")
    assert case.text.splitlines() == ["客户要求年底前上线新的计费系统。", "财务总监担心现金流压力。", "采购经理希望下周收到报价。"]
    assert case.kind == "document"
    assert case.title == "客户要求年底前上线新的计费系统。"


def test_docx_headings_paragraphs_and_table_rows_in_order():
    case = read_one("spec.docx")
    lines = [ln for ln in case.text.splitlines() if ln.strip()]
    assert lines == [
        "# Billing migration requirements",
        "The operator needs the new billing platform live before the end of the year.",
        "## Service levels",
        "Availability must be at least 99.99 percent, measured monthly.",
        "Item | Requirement",
        "Response time | 4 hours",
        "Spare parts | Stocked in Lagos",
    ]
    assert case.kind == "document"
    assert case.title == "Billing migration requirements"


def test_docx_zip_bomb_is_refused_before_unpacking():
    with pytest.raises(UnreadableFile, match="zipbomb.docx unpacks to 300 MB, over the 200 MB limit"):
        read_path(TEST_DATA / "zipbomb.docx")


def test_docx_that_is_not_a_zip_is_refused(tmp_path):
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"this is plain text pretending to be Word")
    with pytest.raises(UnreadableFile, match="fake.docx is not a valid Word file"):
        read_path(fake)


def test_pdf_text_and_table_rows():
    case = read_one("spec.pdf")
    assert "The operator needs the new billing platform live before the end of the year." in case.text
    assert "Response time | 4 hours" in case.text
    assert "Spare parts | Stocked in Lagos" in case.text
    assert case.text.count("Stocked in Lagos") == 1  # table text is not repeated as page text
    assert case.kind == "document"


def test_corrupt_pdf_is_refused_by_name():
    with pytest.raises(UnreadableFile) as err:
        read_path(TEST_DATA / "corrupt.pdf")
    assert str(err.value) == "corrupt.pdf is not a readable PDF (corrupt or truncated)."


def test_pdf_without_text_layer_is_reported_as_scanned():
    with pytest.raises(UnreadableFile, match="scanned.pdf has no text layer"):
        read_path(TEST_DATA / "scanned.pdf")


def test_encrypted_pdf_is_reported_as_encrypted():
    with pytest.raises(UnreadableFile, match="encrypted.pdf is encrypted"):
        read_path(TEST_DATA / "encrypted.pdf")


def test_encrypted_pdf_is_at_least_refused_cleanly():
    with pytest.raises(UnreadableFile, match="^encrypted.pdf "):
        read_path(TEST_DATA / "encrypted.pdf")


def test_csv_one_case_per_row_with_text_and_rows_without_text_skipped():
    cases = read_path(TEST_DATA / "cases.csv")
    assert [c.id for c in cases] == ["csv-fibre", "csv-hospital"]
    fibre, hospital = cases
    assert fibre.text == "The operator requires fibre backhaul to 200 sites, no later than June."
    assert fibre.tags == ("fibre", "backhaul")
    assert fibre.year == 2021 and fibre.outcome == "won" and fibre.industry == "telecom"
    assert hospital.outcome == "ongoing"
    assert fibre.source_hash != hospital.source_hash  # rows of one file keep distinct hashes


def test_csv_without_a_text_column_lists_the_names_it_accepts():
    with pytest.raises(UnreadableFile) as err:
        read_path(TEST_DATA / "wrong_columns.csv")
    message = str(err.value)
    assert message.startswith("wrong_columns.csv has no text column")
    for name in ("text", "body", "content", "summary", "description"):
        assert name in message
    assert "found: amount, date, name" in message


def test_jsonl_reads_body_column_and_skips_blank_lines():
    cases = read_path(TEST_DATA / "cases.jsonl")
    assert [c.id for c in cases] == ["jl-erp", "jl-noc"]
    assert cases[0].text == "The CFO needs month-end close in three days instead of ten."
    assert cases[0].tags == ("erp", "finance")
    assert cases[1].language == "zh"
    assert cases[1].text == "运维中心希望把夜班监控外包出去。"


def test_jsonl_with_a_broken_line_names_the_line():
    with pytest.raises(UnreadableFile, match="broken.jsonl line 2 is not valid JSON"):
        read_path(TEST_DATA / "broken.jsonl")


def test_xlsx_header_is_case_insensitive_and_empty_rows_are_ignored():
    cases = read_path(TEST_DATA / "cases.xlsx")
    assert [c.id for c in cases] == ["xl-cloud", "xl-power"]
    assert cases[0].title == "Cloud migration for a bank"
    assert cases[0].tags == ("cloud", "banking")
    assert cases[0].year == 2024
    assert cases[1].outcome == "lost"  # "Lost" in the sheet


def test_unsupported_extension_lists_supported_ones():
    with pytest.raises(UnreadableFile) as err:
        read_path(TEST_DATA / "unsupported.rtf")
    for ext in SUPPORTED:
        assert ext in str(err.value)


@pytest.mark.parametrize("name", ["empty.md", "empty.txt", "empty.csv", "empty.pdf", "empty.docx"])
def test_empty_files_are_refused_as_empty(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"  \n")
    with pytest.raises(UnreadableFile, match=f"{name} is empty"):
        read_path(path)


def test_read_bytes_applies_its_size_limit(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * 3 * 1024 * 1024)
    with pytest.raises(TooLarge, match="big.md is 3.0 MB; the limit is 2 MB"):
        read_bytes(path, limit=2 * 1024 * 1024)


def test_iter_files_walks_folders_sorted_and_skips_hidden_and_unsupported(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    shutil.copy(TEST_DATA / "no_front_matter.md", tmp_path / "b" / "z.md")
    shutil.copy(TEST_DATA / "cases.csv", tmp_path / "a.csv")
    shutil.copy(TEST_DATA / "no_front_matter.md", tmp_path / ".hidden" / "secret.md")
    shutil.copy(TEST_DATA / "unsupported.rtf", tmp_path / "notes.rtf")
    named = tmp_path / "notes.rtf"  # a file named directly is passed on, so the reader can refuse it by name
    found = list(iter_files([tmp_path, named]))
    assert found == [tmp_path / "a.csv", tmp_path / "b" / "z.md", named]


# --- one parse per format: blocks with rendered Word numbers feed tender analysis and ingest alike ---


def _numbered_docx(path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("Qualification", style="Heading 1")
    for text in ("The bidder shall hold ISO 9001.", "The bidder shall have five years in business."):
        doc.add_paragraph(text, style="List Number")
    doc.save(str(path))


def test_word_automatic_numbers_are_rendered_once_for_tender_and_ingest(tmp_path):
    from corpus.readers.dispatch import read_blocks
    from corpus.readers.docx import read_docx

    path = tmp_path / "numbered.docx"
    _numbered_docx(path)
    items = [b for b in read_blocks(path) if b.number]
    assert [b.number for b in items] == ["1.", "2."]
    assert items[1].text.startswith("2. The bidder shall have") and items[0].list_level == 0
    assert "2. The bidder shall have five years" in read_docx(path)[0].text  # ingest sees the same numbers


@pytest.mark.parametrize("n, fmt, shown", [
    (1, "chineseCounting", "一"), (12, "chineseCounting", "十二"), (20, "chineseCountingThousand", "二十"),
    (3, "decimalEnclosedCircle", "③"), (4, "lowerRoman", "iv"), (28, "upperLetter", "BB"), (2, "ideographTraditional", "乙"),
    (7, "decimalFullWidth", "７"), (5, "bullet", "5"),
])
def test_word_number_formats(n, fmt, shown):
    from corpus.readers.numbering import format_number

    assert format_number(n, fmt) == shown


def test_pdf_blocks_carry_table_headers_and_pages():
    from corpus.readers.dispatch import read_blocks

    rows = [b for b in read_blocks(ROOT / "corpus" / "tenders" / "tender_en_hospital.pdf") if b.kind == "row"]
    assert rows and all(b.header and b.page >= 1 for b in rows)
    assert any(b.cells != b.header for b in rows)
