"""Masking of people, phone numbers, e-mail addresses and ID-like numbers in what leaves the app."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from features.privacy_eval import evaluate_privacy
from nlp.redact import contact_spans, plan_masking, redact

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("text, gone, kept", [
    ("Attendees: CFO Li Na, CTO Mark Evans, Mr. Smith.\nLi Na asked for the pricing.",
     ["Li Na", "Mark Evans", "Smith"], ["CFO", "CTO", "Attendees"]),
    ("Mail li.na@nw-telecom.com or call +86 138 1234 5678.", ["li.na@", "1234 5678"], ["Mail", "call"]),
    ("手机13812345678，邮箱wang@example.cn", ["13812345678", "wang@example.cn"], ["手机", "邮箱"]),
    ("参会：信息中心主任周立新、采购部刘婷\n周主任说预算200万，老周很着急。", ["周立新", "刘婷", "周主任", "老周"],
     ["信息中心主任", "采购部", "预算200万"]),
    ("The deadline is 2026-06-30 and the budget 4,860,000; clause 3.1.2 asks 99.95% uptime.",
     [], ["2026-06-30", "4,860,000", "3.1.2", "99.95%"]),
    ("周总结会上确认了方案，周一再议。", [], ["周总结会上", "周一"]),
    ("授权代表身份证号 32010619900214062X，工号 HX-20931", ["32010619900214062X", "HX-20931"], ["身份证号", "工号"]),
])
def test_redaction(text, gone, kept):
    out = redact(text)
    for g in gone:
        assert g not in out, out
    for k in kept:
        assert k in out, out


def test_one_person_one_placeholder_in_every_string_taken_from_the_note():
    note = "Attendees: Ines Ferreira (CIO), Tom Baker\nInes: we need the migration by June.\nDr. Ferreira hopes for a promotion."
    masking = plan_masking(note, "en")
    out = masking.apply(note)
    assert "Ines" not in out and "Ferreira" not in out and "Tom Baker" not in out
    ines = {p for p, forms in masking.persons if "Ines Ferreira" in forms}
    assert len(ines) == 1
    placeholder = ines.pop()
    assert out.count(placeholder) == 3 and "(CIO)" in out and "Dr. " + placeholder in out
    # a statement or stakeholder string cut from the note gets the same placeholder
    assert masking.apply("Dr. Ferreira hopes for a promotion.") == f"Dr. {placeholder} hopes for a promotion."
    assert masking.apply("Ferreira hopes for a promotion.") == f"{placeholder} hopes for a promotion."
    zh = plan_masking("周立新：我们要在六月前上线。\n周主任希望年底能升职。", "zh")
    assert re.fullmatch(r"\[人物A\]：我们要在六月前上线。\n\[人物A\]主任希望年底能升职。", zh.apply("周立新：我们要在六月前上线。\n周主任希望年底能升职。"))


def test_hundreds_of_names_and_names_in_addresses_do_not_break_it():
    given = ["Anna", "Ben", "Clara", "David", "Emma", "Felix", "Grace", "Hugo", "Iris", "Jonas"]
    family = ["Meyer", "Schmidt", "Novak", "Rossi", "Jensen", "Dubois", "Kowalski", "Silva", "Weber", "Larsen",
              "Moreau", "Fischer", "Costa", "Berg", "Horvat", "Nielsen", "Lambert", "Keller", "Bauer", "Vidal"]
    names = [f"{g} {f}" for f in family for g in given]  # 200 people
    note = "Attendees: " + ", ".join(names) + "\n" + "\n".join(f"{n}: agreed." for n in names[:50])
    note += "\nMail rose.bill@example.com about the unpaid bill; rose bushes at the gate."
    masking = plan_masking(note, "en")
    out = masking.apply(note)
    assert not any(n in out for n in names)
    assert "rose.bill@" not in out and "unpaid bill" in out and "rose bushes" in out
    report = masking.report(note)
    assert report["persons"] >= 190 and report["email"] == 1


def test_contacts_keep_dates_amounts_and_clause_numbers():
    text = "Call (404) 555-0187 or +44 161 496 0734 by 2026-11-18; budget 1,200,000 USD, clause 4.2.1, ISO-27001."
    kinds = [text[a:b] for a, b, _ in contact_spans(text)]
    assert sorted(kinds) == ["(404) 555-0187", "+44 161 496 0734"]


@pytest.mark.slow
def test_gold_set_targets():
    totals = evaluate_privacy(ROOT / "corpus" / "privacy")
    assert totals["all"]["recall"] >= 0.97 and totals["all"]["precision"] >= 0.90
    for lang in ("zh", "en", "mixed"):
        assert totals[lang]["recall"] >= 0.95 and totals[lang]["precision"] >= 0.90, (lang, totals[lang])


def test_sign_in_sheet_and_one_word_names_on_a_roster_line():
    sheet = "签到：\n" + "\n".join("、".join(s + g for g in ("子轩", "梓涵", "浩然", "欣怡")) for s in "王李张刘陈")
    sheet += "\nOn the call: Will Brandt (plant manager), April Chen (finance), Grant (EHS)\nGrant said audits get stricter."
    sheet += "\n参会部门：信息部、采购部、财务部"
    out = redact(sheet)
    assert not re.search(r"[王李张刘陈](子轩|梓涵|浩然|欣怡)", out), out
    assert "Grant" not in out and "Will Brandt" not in out and "信息部、采购部、财务部" in out


def test_a_latin_name_glued_to_chinese_text_is_masked():
    out = redact("Emma（集团IT）：暑假进场。\nEmma 说预算已经批了。\n我方和Emma确认了机房位置。")
    assert "Emma" not in out, out


def test_a_shop_named_like_a_person_stays_but_a_shop_manager_goes():
    out = redact("地点：王府井店三楼会议室\n先在王府井店试点。\n参会：店长刘芳、采购 白雪\n刘芳店长说月底前要上线。")
    assert "王府井店" in out and "刘芳" not in out and "白雪" not in out, out


@pytest.mark.slow
def test_second_held_out_set_targets():
    totals = evaluate_privacy(ROOT / "corpus" / "privacy_heldout2")  # tuned on after its blind run: a regression guard
    assert totals["all"]["recall"] >= 0.98 and totals["all"]["precision"] >= 0.95, totals["all"]
