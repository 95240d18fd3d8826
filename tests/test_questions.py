"""nlp/questions.py: three to five questions built from what a note found and leaves open, naming its people and topics."""
from __future__ import annotations

import re

import pytest

from nlp.questions import gaps, legitimate_wins, suggest_questions
from nlp.records import NEED_LABELS, Need, Person, Statement


def need(label: str, stakeholder: str | None = None, text: str = "x", speaker: str | None = None, side: str = "customer") -> Need:
    return Need(Statement(text, 0, len(text), "en"), label, 0.9, stakeholder=stakeholder, speaker=speaker, side=side)


INES = Person("Ines Ferreira", "CIO", ("Ines Ferreira", "Ines"), ((0, 13),))
TOM = Person("Tom Baker", None, ("Tom Baker",), ((20, 29),))
ZHOU = Person("周立新", "信息中心主任", ("周立新",), ((0, 3),))


def test_gaps_missing_and_thin():
    needs = [need("explicit"), need("explicit"), need("organisational")]
    assert gaps(needs) == {"missing": ["personal"], "thin": ["organisational"]}
    assert gaps([]) == {"missing": list(NEED_LABELS), "thin": []}


@pytest.mark.parametrize("labels", [[], ["explicit"], ["explicit", "organisational"],
                                    ["explicit"] * 2 + ["organisational"] * 2 + ["personal"] * 2])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_three_to_five_distinct_questions(labels, language):
    questions = suggest_questions([need(lab) for lab in labels], language)
    assert 3 <= len(questions) <= 5
    assert len({q.text for q in questions}) == len(questions)
    assert all(q.need in NEED_LABELS for q in questions)
    assert all("{who}" not in q.text and "{topic}" not in q.text for q in questions)


def test_questions_name_the_people_and_topics_of_the_note():
    needs = [need("explicit", "Ines Ferreira (CIO)", "We need SSO with our Azure AD for every app."),
             need("personal", "Tom Baker", "Tom is new and this is his first project here.")]
    questions = suggest_questions(needs, "en", people=[INES, TOM], text="We need SSO with our Azure AD.")
    assert any("Tom Baker" in q.text for q in questions if q.need == "personal")
    assert any("SSO with our Azure AD" in q.text for q in questions)
    assert all(q.about for q in questions)


def test_a_topic_the_note_already_covers_is_not_asked_again():
    needs = [need("explicit", "Ines Ferreira (CIO)", "We need SSO before the end of February.")]
    covered = suggest_questions(needs, "en", people=[INES], text="Go-live before the end of February; the budget is approved.")
    open_ = suggest_questions(needs, "en", people=[INES], text="We need SSO.")
    assert "timing" not in {q.topic for q in covered} and "budget" not in {q.topic for q in covered}
    assert {"timing", "budget"} & {q.topic for q in open_}


def test_different_notes_get_different_questions():
    a = suggest_questions([need("explicit", "Ines Ferreira (CIO)", "We need SSO with Azure AD.")], "en", people=[INES])
    b = suggest_questions([need("explicit", "周立新 (信息中心主任)", "核心系统必须在年底前完成迁移。")], "zh", people=[ZHOU])
    assert not {q.text for q in a} & {q.text for q in b}
    assert any("周立新" in q.text for q in b)


def test_our_own_people_are_not_asked_about():
    lena = Person("Lena Voss", None, ("Lena Voss",), ((40, 49),))
    needs = [need("none", None, "I'll send the deck.", speaker="Lena Voss", side="us"),
             need("explicit", "Ines Ferreira (CIO)", "We need SSO.")]
    questions = suggest_questions(needs, "en", people=[lena, INES])
    assert not any("Lena" in q.text for q in questions)


@pytest.mark.parametrize(("language", "script"), [("zh", "zh"), ("mixed", "zh"), ("en", "en")])
def test_question_language_follows_the_note_or_the_ui(language, script):
    questions = suggest_questions([], language)
    has_han = [bool(re.search(r"[\u4e00-\u9fff]", q.text)) for q in questions]
    assert all(has_han) if script == "zh" else not any(has_han)


IMPROPER = ("gift", "kickback", "bribe", "cash payment", "trip", "holiday", "vacation", "commission", "school",
            "job for", "envelope", "红包", "回扣", "礼", "购物卡", "旅游", "出国", "返点", "好处费", "佣金", "入学", "安排工作")


def test_never_an_improper_benefit():
    labels = ["explicit", "personal"]
    texts = [q.text for lang in ("en", "zh") for q in suggest_questions([need(lab, "Tom Baker") for lab in labels], lang,
                                                                          people=[TOM], limit=5)]
    texts += legitimate_wins("en") + legitimate_wins("zh")
    assert len(texts) > 10
    for text in texts:
        lowered = text.lower()
        assert not [w for w in IMPROPER if w in lowered], text


def test_legitimate_wins_in_both_languages():
    en, zh = legitimate_wins("en"), legitimate_wins("zh")
    assert len(en) == len(zh) >= 3
    assert legitimate_wins("mixed") == zh
    assert all(re.search(r"[\u4e00-\u9fff]", w) for w in zh)


def test_the_topic_is_what_was_said_not_who_said_it():
    zh = [need("personal", "刘建国 (信息科主任)", "刘主任私下讲，他明年想评正高。"),
          need("organisational", "孙敏 (护理部)", "孙敏提到护士站的移动护理终端老是掉线，夜班投诉多。")]
    liu, sun = Person("刘建国", "信息科主任", ("刘建国",), ((0, 3),)), Person("孙敏", "护理部", ("孙敏",), ((5, 7),))
    texts = " ".join(q.text for q in suggest_questions(zh, "zh", people=[liu, sun]))
    assert "「护士站的移动护理终端老是掉线」" in texts
    assert "私下讲" not in texts and "孙敏提到" not in texts
    en = [need("explicit", "Tom Baker", "Tom asked if we can do quarterly billing instead of upfront.")]
    texts = " ".join(q.text for q in suggest_questions(en, "en", people=[TOM]))
    assert "'quarterly billing instead of upfront'" in texts and "Tom asked" not in texts


def test_a_budget_or_a_rival_is_not_the_subject_of_another_topic():
    needs = [need("explicit", "Ines Ferreira (CIO)", "We need SSO with our Azure AD for every app."),
             need("organisational", "Ines Ferreira (CIO)", "They are also talking to a rival vendor."),
             need("explicit", "Ines Ferreira (CIO)", "The budget is about 2 million for next year.")]
    for q in suggest_questions(needs, "en", people=[INES], text="SSO"):
        if q.topic not in ("budget", "competition"):
            assert "rival" not in q.text and "2 million" not in q.text, q.text
