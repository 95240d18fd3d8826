"""nlp/analyse.py and nlp/serialise.py: a note in, statements with offsets, labels, gaps and questions out."""
from __future__ import annotations

import numpy as np
import pytest

from corpus.errors import TooLarge
from nlp.analyse import analyse
from nlp.serialise import analysis_to_dict
from nlp.text.normalise import normalise

NOTE = """Meeting with the operator, 12 May
- The tender requires 99.99% availability and a four-hour on-site response.
- Churn has risen to 3% a month because of dropped calls in the capital.
• 网络部主任想借这个项目在集团里露脸，争取明年提拔。
  We had lunch near the hotel and talked about football.
客户要求年底前完成核心网割接；财务总监担心预算。
"""

CONTRACT = {"text", "label", "confidence", "evidence", "stakeholder", "compliance_risk"}


@pytest.fixture(scope="module")
def analysis(classifier):
    return analyse(NOTE, classifier)


def test_offsets_point_back_into_the_original(analysis):
    assert len(analysis.needs) >= 6
    for need in analysis.needs:
        st = need.statement
        assert normalise(NOTE[st.start : st.end]) == st.text
    starts = [n.statement.start for n in analysis.needs]
    assert starts == sorted(starts)


def test_labels_of_a_mixed_note(analysis):
    by_text = {n.statement.text: n for n in analysis.needs}
    assert by_text["The tender requires 99.99% availability and a four-hour on-site response."].label == "explicit"
    assert by_text["网络部主任想借这个项目在集团里露脸，争取明年提拔。"].label == "personal"
    assert by_text["网络部主任想借这个项目在集团里露脸，争取明年提拔。"].stakeholder == "Network director"
    assert by_text["We had lunch near the hotel and talked about football."].label == "none"
    assert analysis.language in ("en", "mixed")


def test_gaps_questions_and_wins_follow_the_needs(analysis):
    found = [n for n in analysis.needs if n.label != "none"]
    for label in analysis.gaps["missing"]:
        assert all(n.label != label for n in found)
    assert 3 <= len(analysis.questions) <= 5
    assert any(n.label == "personal" for n in analysis.needs)
    assert analysis.wins  # personal needs were found: legitimate wins are offered


def test_one_unit_vector_per_statement(analysis, embedder):
    assert analysis.vectors.shape == (len(analysis.needs), embedder.dim)
    assert np.allclose(np.linalg.norm(analysis.vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \u3000\n", "😀 ... ！"])
def test_empty_or_blank_input_gives_an_empty_result(classifier, text):
    result = analyse(text, classifier)
    assert result.needs == () and result.questions == () and result.wins == ()
    assert result.vectors.shape[0] == 0
    out = analysis_to_dict(result)
    assert out["statements"] == [] and out["questions"] == [] and out["similar_cases"] == []


def test_too_many_statements_is_refused_with_the_limit(classifier):
    with pytest.raises(TooLarge, match="the limit is 2 per analysis"):
        analyse("One.\nTwo.\nThree.", classifier, max_statements=2)


def test_chinese_note_gets_chinese_questions(classifier):
    result = analyse("客户要求年底前完成核心网割接。\n采购经理希望下周收到报价。", classifier)
    assert result.language == "zh"
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in q.text) for q in result.questions)


def test_dict_follows_the_cli_contract(analysis):
    out = analysis_to_dict(analysis, [{"id": "x"}])
    assert {"language", "statements", "similar_cases", "questions"} <= set(out)
    assert out["similar_cases"] == [{"id": "x"}]
    assert len(out["statements"]) == len(analysis.needs)
    for st, need in zip(out["statements"], analysis.needs):
        assert CONTRACT <= set(st)
        assert st["text"] == need.statement.text and st["label"] == need.label
        assert (st["start"], st["end"]) == (need.statement.start, need.statement.end)
        assert set(st["evidence"]) == {"cues", "similar_examples"}
        assert len(st["evidence"]["similar_examples"]) == 3
        assert isinstance(st["compliance_risk"], bool)
    for q in out["questions"]:
        assert set(q) == {"text", "need", "topic", "about"}


TRANSCRIPT = """<div><h3>Call with Harbourline</h3>
<p>Attendees: Ines Ferreira (CIO), Tom Baker; our side: Lena Voss</p>
<p style="font-family:Arial;">Ines: We need single sign-on with our Azure AD before February.</p>
<p>Lena: Is the budget approved?</p>
<p>Tom: Finance froze new opex until the merger closes.</p>
<h3>Next steps</h3>
<p>Lena: I'll send the integration guide on Friday.</p></div>
"""


@pytest.fixture(scope="module")
def transcript(classifier):
    return analyse(TRANSCRIPT, classifier)


def test_markup_headings_lists_and_our_side_carry_no_need(transcript):
    texts = {n.statement.text: n for n in transcript.needs}
    assert not any("<" in t or "font-family" in t or "&" in t for t in texts)
    assert texts["Call with Harbourline"].kind == "heading" and texts["Call with Harbourline"].label == "none"
    attendees = next(n for t, n in texts.items() if t.startswith("Attendees"))
    assert attendees.kind == "attendees" and attendees.label == "none"
    ours = [n for n in transcript.needs if n.speaker == "Lena Voss"]
    assert len(ours) == 2 and all(n.side == "us" and n.label == "none" for n in ours)
    assert texts["I'll send the integration guide on Friday."].section == "Next steps"


def test_speaker_turns_keep_who_said_it(transcript):
    sso = next(n for n in transcript.needs if "single sign-on" in n.statement.text)
    assert sso.statement.text.startswith("We need")  # the speaker label is not part of the statement
    assert sso.speaker == "Ines Ferreira" and sso.side == "customer"
    assert sso.stakeholder == "Ines Ferreira (CIO)"
    assert sso.label == "explicit"
    assert sso.confidence_band in ("high", "medium", "low")
    assert {p.name for p in transcript.people} >= {"Ines Ferreira", "Tom Baker", "Lena Voss"}


def test_questions_name_the_customer_not_our_side(transcript):
    texts = " ".join(q.text for q in transcript.questions)
    assert "Lena" not in texts
    assert "Ines Ferreira" in texts or "Tom Baker" in texts


def test_a_heading_does_not_lean_a_label_a_form_decided(classifier):
    note = "Background\nSmaller banks usually lose their best engineers to fintech firms within two years.\n"
    need = next(n for n in analyse(note, classifier).needs if "banks" in n.statement.text)
    assert need.label == "none" and need.evidence.cues == ("general remark",)


TICKET = ("Ticket #2207 | Priority: P2\n"
          "--- 2026-11-17 09:14 | Mei Ling Goh (Harbourview Clinics, Ops Manager) wrote:\n"
          "Reminders stopped going out on Saturday for two of our branches.\n"
          "We will also expect a service credit on this month's invoice.\n"
          "--- 2026-11-17 10:02 | Wen Hui (support) wrote:\n"
          "We will send a credit note once the fix is out.\n")


def test_a_customers_own_request_in_a_thread_is_explicit_and_our_reply_is_not(classifier):
    needs = {n.statement.text: n for n in analyse(TICKET, classifier).needs}
    ask = needs["We will also expect a service credit on this month's invoice."]
    assert (ask.side, ask.label) == ("customer", "explicit")
    reply = needs["We will send a credit note once the fix is out."]
    assert (reply.side, reply.label) == ("us", "none")


def test_an_answer_leans_the_way_our_question_before_it_asked(classifier):
    from dataclasses import replace

    from nlp.analyse import _in_context, _prompts
    from nlp.reading import read_note

    text = ("Q: What did that mean for you personally?\nA: I had to sign the apology letters.\n"
            "Q: If you could change three things by next September, what would they be?\n## Wishes\n"
            "A: Second, marks entered once by academics directly into the system.\n")
    reading = read_note(text)
    asked = {text[ln.start:ln.end].strip(): _prompts(reading.clean, reading.lines).get(ln.start) for ln in reading.lines}
    assert asked["I had to sign the apology letters."] == "What did that mean for you personally?"
    assert asked["Second, marks entered once by academics directly into the system."] is None  # a heading came between
    need = replace(analyse(text, classifier).needs[1], label="none",
                   probabilities={"explicit": 0.05, "organisational": 0.15, "personal": 0.3, "none": 0.5})
    leant = _in_context(need, None, "What did that mean for you personally?")
    assert leant["label"] == "personal" and leant["evidence"].cues == ("question: What did that mean for you personally?",)
    assert _in_context(need, None, "Where did you park this morning?") == {}


def test_a_reps_report_of_what_the_customer_needs_is_explicit_but_their_to_do_is_not(classifier):
    labels = {n.statement.text: n.label for n in analyse(
        "- They need the migration done by June.\n- They need to send us the interface file by Friday.\n", classifier).needs}
    assert labels["They need the migration done by June."] == "explicit"
    assert labels["They need to send us the interface file by Friday."] == "none"
