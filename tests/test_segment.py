"""nlp/text: segmentation into statements with offsets, normalisation, language per statement."""
from __future__ import annotations

import pytest

from nlp.text.language import detect_language, has_han
from nlp.text.normalise import bullet_length, normalise
from nlp.text.segment import MAX_CHARS, segment

ODD_INPUTS = [
    pytest.param("", 0, id="empty"),
    pytest.param("   \n\t \u3000 \r\n", 0, id="whitespace only"),
    pytest.param("😀😀 🎉", 0, id="emoji only"),
    pytest.param("... ！！ ；", 0, id="punctuation only"),
    pytest.param("- \n• \n1. ", 0, id="bullets without text"),
    pytest.param("🚀 The customer needs 5G 🚀", 1, id="emoji around words"),
    pytest.param("客户要求年底前上线；财务总监担心预算……他们希望先试点！", 3, id="chinese semicolon, ellipsis, bang"),
    pytest.param("The CFO needs it by May. The CTO wants 99.9% uptime!", 2, id="english sentences, decimal kept"),
    pytest.param("Mixed 中文 and English 句子 together.", 1, id="mixed scripts in one sentence"),
    pytest.param("Hello\u2028world\r\nagain\rend", 4, id="unicode and CR line breaks"),
    pytest.param("1. First item\n2) second item\n• 第三条\n（4）第四条", 4, id="numbered and bulleted lines"),
    pytest.param("ＡＢＣ公司需要１２３台设备", 1, id="full-width letters and digits"),
    pytest.param("a\u200bb needs\u00a0it", 1, id="invisible characters"),
    pytest.param("x" * 3000, 1, id="very long line without commas"),
    pytest.param("这是一个很长的句子，" * 40, 5, id="very long chinese line cut at commas"),
    pytest.param("word, " * 200 + "end.", None, id="very long english line cut at commas"),
]


def check_offsets(text, statements):
    previous_end = 0
    for st in statements:
        assert 0 <= st.start < st.end <= len(text)
        assert st.start >= previous_end, "statements overlap or are out of order"
        assert normalise(text[st.start : st.end]) == st.text
        assert st.text and st.text == st.text.strip()
        assert st.language in ("zh", "en", "mixed")
        previous_end = st.end


@pytest.mark.parametrize(("text", "count"), ODD_INPUTS)
def test_segment_odd_inputs_keep_offsets_into_the_original(text, count):
    statements = segment(text)
    if count is not None:
        assert len(statements) == count
    check_offsets(text, statements)


def test_chinese_clause_split_at_sentence_punctuation():
    texts = [s.text for s in segment("客户要求年底前上线；财务总监担心预算……他们希望先试点！")]
    assert texts == ["客户要求年底前上线；", "财务总监担心预算……", "他们希望先试点！"]


def test_bullets_and_numbers_are_boundaries_and_are_dropped_from_text():
    text = "1. First item\n2) second item\n• 第三条\n（4）第四条"
    statements = segment(text)
    assert [s.text for s in statements] == ["First item", "second item", "第三条", "第四条"]
    assert text[statements[0].start : statements[0].end] == "First item"


def test_long_clauses_are_cut_at_commas_within_the_limit():
    for text, lang in (("这是一个很长的句子，" * 40, "zh"), ("word, " * 200 + "end.", "en")):
        statements = segment(text)
        assert len(statements) > 1
        assert all(len(text[s.start : s.end]) <= MAX_CHARS[lang] for s in statements)
        # nothing is lost: the pieces cover the text up to whitespace
        assert "".join(text[s.start : s.end] for s in statements).replace(" ", "") == text.replace(" ", "")


def test_language_per_statement():
    statements = segment("The CFO wants a pilot.\n客户要求年底前上线。\nMixed 中文 and English 句子 together.")
    assert [s.language for s in statements] == ["en", "zh", "mixed"]


def test_segment_is_deterministic():
    text = "客户要求年底前上线；The CFO needs it by May.\n- 采购经理: 下周提交报价"
    assert segment(text) == segment(text)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("ＡＢＣ１２３", "ABC123"),
        ("客户，需要。", "客户，需要。"),  # CJK punctuation carries structure and stays
        ("（括号）", "（括号）"),
        ("a\u200bb\u200c\u200dc\ufeffd\u00ade", "abcde"),
        ("two\u3000words", "two words"),
        ("  many   spaces\tand\u00a0tabs  ", "many spaces and tabs"),
        ("- a bullet", "a bullet"),
        ("• 要点", "要点"),
        ("3) third", "third"),
        ("（2）第二", "第二"),
        ("① 第一", "第一"),
        ("b) option", "option"),
        ("3.5% growth is the target", "3.5% growth is the target"),
        ("12.5 million users", "12.5 million users"),
        ("2024年上线", "2024年上线"),
        ("", ""),
    ],
)
def test_normalise(raw, clean):
    assert normalise(raw) == clean


def test_normalise_keeps_a_leading_minus_sign():
    assert normalise("-5% margin is what worries the CFO") == "-5% margin is what worries the CFO"


@pytest.mark.parametrize(("line", "length"), [("- item", 2), ("  1. item", 5), ("item", 0), ("①项目", 1)])
def test_bullet_length(line, length):
    assert bullet_length(line) == length


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("", "en"),
        ("The CFO needs it by May.", "en"),
        ("客户要求年底前上线。", "zh"),
        ("华为的CFO说需要5G核心网", "zh"),  # one acronym does not make a Chinese sentence mixed
        ("Mixed 中文 and English 句子 together.", "mixed"),
        ("The customer in 北京 needs a complete replacement of the billing platform", "en"),
        ("12345 !!!", "en"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_has_han():
    assert has_han("abc 中 def") and not has_han("abc def 123")


@pytest.mark.parametrize("langs, expected", [
    (["en", "en", "zh"], "en"), (["zh", "mixed", "en"], "zh"), (["en", "zh"], "en"), ([], "en"),
])
def test_majority_language(langs, expected):
    from nlp.text.language import majority_language

    assert majority_language(langs) == expected


def test_a_pronoun_led_clause_after_a_semicolon_stays_with_the_person_it_is_about():
    from nlp.text.segment import segment

    joined = segment("Rosa is keen to run the data platform herself; she hopes it leads to a head-of role.")
    assert len(joined) == 1 and "head-of role" in joined[0].text
    assert len(segment("主任很看重这次试点；他明年想评正高。")) == 1
    assert [s.text for s in segment("Price agreed; delivery in May.")] == ["Price agreed;", "delivery in May."]
    assert len(segment("Pilot first; here the scope is two plants.")) == 2  # `here` is no pronoun


def test_a_caption_run_without_punctuation_is_cut_where_the_speaker_turns_to_the_next_clause():
    run = ("um we have been looking at the scanner situation and honestly it is costing us a lot every week the floor "
           "team is frustrated so we need something that works with our sap system by the second quarter also the "
           "board cut our capital budget so we are thinking about leasing options maybe monthly payments ") * 3
    pieces = [s.text for s in segment(run)]
    assert len(pieces) >= 5 and all(len(p) <= MAX_CHARS["en"] for p in pieces)
    openers = ("so ", "also ", "and ", "um ", "but ", "because ", "then ", "well ", "now ", "plus ")
    assert sum(p.startswith(openers) for p in pieces[1:]) >= len(pieces[1:]) - 1  # not mid-phrase
    assert "".join(p.replace(" ", "") for p in pieces) == run.replace(" ", "")  # nothing lost


def test_a_file_name_is_not_cut_at_its_dot():
    text = "请大家 review [文件] MES_workshop_v1.pdf"
    assert [text[s.start:s.end] for s in segment(text, [(0, len(text))])] == [text]


def test_an_english_sentence_naming_a_chinese_body_keeps_englishs_limit():
    line = ("Description: Death certificate number must be checked against the civil affairs system before a "
            "cremation slot is confirmed, as the 民政局 audit requires.")
    assert len(line) > MAX_CHARS["zh"]
    assert [s.text for s in segment(line)] == [line]  # not cut at its colon as a Chinese clause of that length would be
    chinese = "客户要求系统支持多院区统一预约，" * 8
    assert len(segment(chinese)) > 1  # a Chinese run still is
