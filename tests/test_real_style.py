"""nlp/needs/notes.py: the real-style notes become training rows from their train part only, cut the way `analyse` cuts."""
from __future__ import annotations

import pytest

from nlp.needs.notes import REAL_STYLE, labelled_statements, locate, note_names, real_style_rows
from nlp.needs.signals import general_remark

pytestmark = pytest.mark.skipif(not (REAL_STYLE / "split.json").exists(), reason="corpus/needs/real_style is absent")


def test_parts_are_disjoint_and_test_notes_are_never_training_rows():
    train, dev, test = (set(note_names(p)) for p in ("train", "dev", "test"))
    assert train and dev and test
    assert not (train & dev) and not (train & test) and not (dev & test)
    with pytest.raises(ValueError):
        labelled_statements("test")


def test_every_key_finds_its_statement_in_a_test_note():
    name = note_names("test")[0]
    rows = [r for r in real_style_rows() if r.note == name]
    text = (REAL_STYLE / "notes" / name).read_text(encoding="utf-8")
    located = locate(text, rows)
    found = [idx for _, idx, _ in located if idx is not None]
    assert len(found) >= 0.9 * len(rows)
    for r, idx, reading in located:
        if idx is not None and r.kind == "statement":
            st = reading.statements[idx]
            assert text.find(r.key) < st.end and st.start <= text.find(r.key) + len(r.key)


def test_dev_rows_come_from_dev_notes_only():
    dev_rows = labelled_statements("dev")
    test_texts = set()
    for name in note_names("test"):
        test_texts |= {r.key for r in real_style_rows() if r.note == name}
    assert dev_rows
    assert not any(key in row.text for row in dev_rows for key in test_texts if len(key) >= 12)


@pytest.mark.parametrize("text", ["电商这个行当都这样，旺季拼命招人，淡季养不起人。", "现在搞农业的都一样，种菜不难。",
                                  "It is an industry-wide issue, every mid-size insurer has the same backlog."])
def test_a_remark_about_a_whole_sector_is_a_general_remark(text):
    assert general_remark(text)


def test_a_key_that_starts_a_table_row_names_the_rows_content_cell():
    from nlp.needs.notes import key_statement

    text = "| R1 | 规则引擎可视化配置，业务人员自己改规则 | 郑总 | Must |\n普通一行。\n"
    spans = [(text.index(c), text.index(c) + len(c)) for c in ("R1", "规则引擎可视化配置，业务人员自己改规则", "郑总", "Must", "普通一行。")]
    assert key_statement(text, "| R1 | 规则引擎可视化", spans) == 1
    assert key_statement(text, "普通一行", spans) == 4
    assert key_statement(text, "不在这里", spans) is None


def test_an_rfi_answers_item_numbers_stay_with_their_text_and_are_no_speaker():
    from nlp.reading import read_note

    note = "Section B - Requirements\nB1. We need one subscriber record across venues.\nB3b. Context: last year's return took two weeks.\nB4. Web integration is needed.\n"
    r = read_note(note)
    assert [s.text for s in r.statements][1] == "B1. We need one subscriber record across venues."
    assert not any(ln.speaker for ln in r.lines)
