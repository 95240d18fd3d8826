"""corpus/passages.py: cutting cases into passages along headings and paragraphs, with limits, overlap and stable ids."""
from __future__ import annotations

import pytest

from corpus.passages import MAX_CHARS, OVERLAP, make_passages
from corpus.readers import read_path
from corpus.records import Case
from tests.conftest import CASES


def case_of(text: str, case_id: str = "c1") -> Case:
    return Case(id=case_id, title="t", text=text)


def sentences(n: int, lang: str = "en") -> str:
    if lang == "zh":
        return "".join(f"第{i}条：客户要求在第{i}个站点部署新的传输设备并按期验收。" for i in range(n))
    return " ".join(f"Sentence number {i} says the operator needs site {i} upgraded before the summer." for i in range(n))


@pytest.mark.parametrize("name", ["hyperinflation-local-currency-prepayment-en", "hyperinflation-local-currency-prepayment-zh"])
def test_builtin_case_passages_respect_the_length_budget(name):
    case = read_path(CASES / f"{name}.md")[0]
    lang = name.rsplit("-", 1)[1]
    passages = make_passages(case)
    assert len(passages) >= 5
    assert all(0 < len(p.text) <= MAX_CHARS[lang] for p in passages)
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    assert all(p.case_id == case.id for p in passages)


def test_headings_become_section_paths_and_not_passage_text():
    text = "# Deal\n\n## Situation\nThe operator is short of cash.\n\n## Result\nWe won the tender.\n"
    passages = make_passages(case_of(text))
    assert [(p.section, p.text) for p in passages] == [
        ("Deal > Situation", "The operator is short of cash."),
        ("Deal > Result", "We won the tender."),
    ]


def test_sibling_sections_are_not_nested_when_headings_start_at_level_two():
    # the built-in cases start at "##": a later "##" is a sibling, not a child, of the first one
    text = "## Situation\nThe operator is short of cash.\n\n## Needs found\n### Explicit\n- Prepayment terms.\n\n## Result\nWe won.\n"
    sections = [p.section for p in make_passages(case_of(text))]
    assert sections == ["Situation", "Needs found > Explicit", "Result"]


def test_long_section_is_split_with_overlap_from_the_previous_passage():
    paragraphs = "\n\n".join(sentences(3).replace("site", f"site {n}-") for n in range(8))  # ~250-character paragraphs
    passages = make_passages(case_of("# Notes\n" + paragraphs))
    assert len(passages) >= 3
    assert all(len(p.text) <= MAX_CHARS["en"] for p in passages)
    for before, after in zip(passages, passages[1:]):
        tail = before.text[-OVERLAP["en"]:].strip()
        assert after.text.startswith(tail)
        assert after.section == before.section == "Notes"


def test_no_overlap_is_carried_across_sections():
    text = "# Doc\n## A\n" + sentences(12) + "\n\n## B\nThe CFO wants a pilot first."
    passages = make_passages(case_of(text))
    last = passages[-1]
    assert last.section == "Doc > B"
    assert last.text == "The CFO wants a pilot first."


def test_chinese_text_uses_the_chinese_budget():
    passages = make_passages(case_of("## 需求\n" + sentences(30, "zh")))
    assert len(passages) >= 3
    assert all(len(p.text) <= MAX_CHARS["zh"] for p in passages)
    assert max(len(p.text) for p in passages) > MAX_CHARS["zh"] // 2  # pieces are filled, not one sentence each


def test_every_sentence_survives_the_cut():
    text = "## Notes\n" + sentences(25)
    joined = " ".join(p.text for p in make_passages(case_of(text)))
    for i in range(25):
        assert f"Sentence number {i} says the operator needs site {i} upgraded before the summer." in joined


def test_list_items_stay_separate_lines_in_one_passage():
    text = "## Needs\n- First need.\n- Second need.\n1. Third need.\n"
    passages = make_passages(case_of(text))
    assert len(passages) == 1
    assert passages[0].text.splitlines() == ["- First need.", "- Second need.", "1. Third need."]


def test_a_single_sentence_longer_than_the_budget_is_cut_mid_sentence():
    passages = make_passages(case_of("x" * 2000))
    assert len(passages) >= 3
    assert all(len(p.text) <= MAX_CHARS["en"] for p in passages)


@pytest.mark.parametrize("text", ["", "\n\n  \n", "# Only a heading\n"])
def test_text_without_paragraphs_has_no_passages(text):
    assert make_passages(case_of(text)) == []


def test_passage_ids_are_stable_and_depend_on_content():
    text = "## A\nFirst paragraph.\n\n## B\nSecond paragraph."
    first = [p.id for p in make_passages(case_of(text))]
    again = [p.id for p in make_passages(case_of(text))]
    changed = [p.id for p in make_passages(case_of(text.replace("Second", "Other")))]
    other_case = [p.id for p in make_passages(case_of(text, case_id="c2"))]
    assert first == again
    assert len(set(first)) == len(first)
    assert first[0] == changed[0] and first[1] != changed[1]
    assert not set(first) & set(other_case)
