"""nlp/text/phrases.py and the stakeholder lookup: bilingual phrase matching, English by word, Chinese by character."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from nlp.needs.signals import find_stakeholder
from nlp.text.phrases import PhraseIndex, phrase_index

TABLE = {
    "_about": "ignored",
    "money": {"en": ["cash", "cash flow", "budget"], "zh": ["现金流", "预算"]},
    "people": {"en": ["cfo", "finance team"], "zh": ["财务总监", "总监"]},
}


@pytest.fixture(scope="module")
def index():
    return PhraseIndex(TABLE)


def test_keys_skip_the_about_entry(index):
    assert index.keys == ("money", "people")


def test_english_is_matched_case_insensitively_by_whole_word(index):
    text = "Our Cash Flow worries the CFO; cashflow and cashier are not cues."
    hits = index.find(text)
    assert [(h.key, h.phrase) for h in hits] == [("money", "Cash Flow"), ("people", "CFO")]
    for h in hits:
        assert text[h.start : h.end] == h.phrase


def test_a_phrase_inside_a_longer_phrase_of_the_same_key_counts_once(index):
    hits = index.find("cash flow")
    assert [(h.key, h.phrase) for h in hits] == [("money", "cash flow")]


def test_chinese_is_matched_by_character_whatever_the_word_boundaries(index):
    text = "公司财务总监说明年预算里现金流最紧张"
    hits = index.find(text)
    found = {(h.key, h.phrase) for h in hits}
    assert {("people", "财务总监"), ("money", "预算"), ("money", "现金流")} <= found
    assert ("people", "总监") not in found  # inside 财务总监, same key
    for h in hits:
        assert text[h.start : h.end] == h.phrase


def test_english_cues_between_spaces_are_found_in_chinese_text(index):
    assert [h.key for h in index.find("我们的 CFO 很关注现金流")] == ["people", "money"]


def test_no_hits_in_unrelated_text(index):
    assert index.find("The weather was fine and we had lunch.") == []
    assert index.find("") == []


def test_phrase_index_is_built_once_per_resource():
    assert phrase_index("stakeholders.json") is phrase_index("stakeholders.json")


def test_phrase_index_is_thread_safe(index):
    texts = ["Our cash flow worries the CFO.", "公司财务总监说明年预算紧张", "nothing here"] * 20
    expected = [index.find(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(index.find, texts)) == expected


@pytest.mark.parametrize(
    ("text", "stakeholder"),
    [
        ("The CFO wants the payback period under three years.", "CFO"),
        ("The finance director and the CTO both joined the call.", "CFO"),  # the earliest role mentioned
        ("采购经理要求下周提交报价。", "Procurement"),
        ("我们的CFO很关注回款周期。", "CFO"),  # Latin acronyms inside Chinese come from the zh list
        ("网络部主任希望先做试点。", "Network director"),
        ("Mr. Smith from procurement wants a discount.", "Mr. Smith (Procurement)"),
        ("王总经理说下周要看到方案。", "王总 (CEO)"),
        ("李处长关心验收标准。", "李处长"),
        ("The weather was fine.", None),
        ("", None),
    ],
)
def test_find_stakeholder(text, stakeholder):
    assert find_stakeholder(text) == stakeholder


def test_a_time_of_day_is_not_a_stakeholder():
    assert find_stakeholder("Please send the revised quote before 5 pm on Friday.") is None
