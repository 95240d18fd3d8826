"""nlp/questions.py: which need types a note lacks, and three to five discovery questions from the bilingual bank."""
from __future__ import annotations

import re

import pytest

from nlp.questions import gaps, legitimate_wins, suggest_questions
from nlp.records import NEED_LABELS, Need, Statement


def need(label: str, stakeholder: str | None = None, text: str = "x") -> Need:
    return Need(Statement(text, 0, len(text), "en"), label, 0.9, stakeholder=stakeholder)


def test_gaps_missing_and_thin():
    needs = [need("explicit"), need("explicit"), need("organisational")]
    assert gaps(needs) == {"missing": ["personal"], "thin": ["organisational"]}
    assert gaps([]) == {"missing": list(NEED_LABELS), "thin": []}


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ([], 5),  # nothing found: ask widely
        (["explicit"], 5),
        (["explicit", "explicit", "organisational"], 4),  # one missing, one thin
        (["explicit", "explicit", "organisational", "organisational"], 3),
        (["explicit"] * 2 + ["organisational"] * 2 + ["personal"] * 2, 3),  # well covered: still three
    ],
)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_three_to_five_questions(labels, expected, language):
    questions = suggest_questions([need(lab) for lab in labels], language)
    assert len(questions) == expected
    assert 3 <= len(questions) <= 5
    assert len({q.text for q in questions}) == len(questions)
    assert all(q.need in NEED_LABELS for q in questions)


def test_missing_need_types_are_asked_about_first():
    questions = suggest_questions([need("explicit"), need("explicit")], "en")
    first_two = {q.need for q in questions[:2]}
    assert first_two == {"organisational", "personal"}
    counts = {lab: sum(q.need == lab for q in questions) for lab in NEED_LABELS}
    assert counts == {"organisational": 2, "personal": 2, "explicit": 1}  # round robin, missing types first


def test_topics_are_not_repeated_within_a_need_type():
    questions = suggest_questions([], "en", limit=5)
    pairs = [(q.need, q.topic) for q in questions]
    assert len(pairs) == len(set(pairs))


@pytest.mark.parametrize(("language", "marker"), [("en", "CFO"), ("zh", "CFO")])
def test_personal_questions_name_the_stakeholder(language, marker):
    questions = suggest_questions([need("organisational", "CFO"), need("explicit")], language)
    personal = [q for q in questions if q.need == "personal"]
    assert personal, "personal needs are missing, so a personal question must be asked"
    assert any(marker in q.text for q in personal)
    assert all("{who}" not in q.text for q in questions)


def test_a_stakeholder_on_a_none_statement_is_not_used():
    questions = suggest_questions([need("none", "CFO"), need("explicit")], "en")
    personal = [q.text for q in questions if q.need == "personal"]
    assert personal and not any("CFO" in t for t in personal)
    assert any("the key decision maker" in t for t in personal)


@pytest.mark.parametrize(("language", "script"), [("zh", "zh"), ("mixed", "zh"), ("en", "en")])
def test_question_language_follows_the_note(language, script):
    questions = suggest_questions([], language)
    has_han = [bool(re.search(r"[\u4e00-\u9fff]", q.text)) for q in questions]
    assert all(has_han) if script == "zh" else not any(has_han)


IMPROPER = ("gift", "kickback", "bribe", "cash payment", "trip", "holiday", "vacation", "commission", "school",
            "job for", "envelope", "红包", "回扣", "礼", "购物卡", "旅游", "出国", "返点", "好处费", "佣金", "入学", "安排工作")


def test_never_an_improper_benefit():
    texts = [q.text for lang in ("en", "zh") for q in suggest_questions([], lang, limit=20)]
    texts += legitimate_wins("en") + legitimate_wins("zh")
    assert len(texts) > 20
    for text in texts:
        lowered = text.lower()
        assert not [w for w in IMPROPER if w in lowered], text


def test_legitimate_wins_in_both_languages():
    en, zh = legitimate_wins("en"), legitimate_wins("zh")
    assert len(en) == len(zh) >= 3
    assert legitimate_wins("mixed") == zh
    assert all(re.search(r"[\u4e00-\u9fff]", w) for w in zh)
