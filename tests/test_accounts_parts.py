"""Accounts without a model: money and dates, people forms and merging, cues, the store's transactions."""
from __future__ import annotations

import re
import sqlite3
import threading

import numpy as np
import pytest

from corpus.errors import InputError
from features.accounts.cues import stance_of
from features.accounts.layers import layer_of
from features.accounts.mentions import mentions_in
from features.accounts.needs import cluster
from features.accounts.people import merge_people
from features.accounts.records import Meeting, StoredStatement
from features.accounts.store import AccountStore, UnknownAccount
from features.accounts.timing import RESET_TO, find_when, main_amount, note_date


@pytest.mark.parametrize("text, amount, when", [
    ("明年一季度预算800万", "8M CNY", "Q1 2027"),
    ("从2000万压缩到1200万", "12M CNY", None),
    ("capex of 2.4M EUR for Q3 2026", "2.4M EUR", "Q3 2026"),
    ("cut from USD 18M to USD 11M next year", "11M USD", "2027"),
    ("GBP 650k is set aside", "650k GBP", None),
    ("下半年再批 SGD 1.8M", "1.8M SGD", "H2 2026"),
    ("40 engineers, 10% more", None, None),
    ("another HKD 2.5M is planned for 2027", "2.5M HKD", "2027"),
    ("今年配网自动化投资3500万元，分两年，今年先投2000万。", "35M CNY", "2026-2027"),  # 2000万 is no year
    ("明年起分三年投入6000万", "60M CNY", "2027-2029"),
    ("EUR 5M over two years from 2028", "5M EUR", "2028-2029"),
    ("the board approved A$1.4M of capital for this financial year", "1.4M AUD", "FY2026"),
    ("本财年预算500万", "5M CNY", "FY2026"),
])
def test_amounts_and_timing(text, amount, when):
    found = main_amount(text)
    assert (found[0] if found else None) == amount
    w = find_when(text, "2026-03-01")
    assert (w[0] if w else None) == when


def test_note_date_from_the_top_of_a_note():
    assert note_date("# 拜访纪要\n\n日期：2026年1月12日\n- 内容") == "2026-01-12"
    assert note_date("Harbor Logistics session, 2026-03-19\nPresent: ...") == "2026-03-19"
    assert note_date("no date here at all") is None


def _st(meeting, i, text, language="zh", label="none"):
    return StoredStatement(meeting, i, text, label, 0.9, language, mentions_in(text))


def test_chinese_forms_merge_into_one_person_and_namesakes_stay_apart():
    meetings = [Meeting("a", "x", "2026-01-01", "", ""), Meeting("b", "x", "2026-02-01", "", "")]
    sts = [[_st("a", 0, "网络部主任周立新表示，考核压力很大。"), _st("a", 1, "王敏（无线优化中心工程师）担心被批评。"),
            _st("a", 2, "采购部经理王建国要求分期付款。")],
           [_st("b", 0, "周主任这次很支持我们。"), _st("b", 1, "老周说下个月再谈。"), _st("b", 2, "王工希望减少夜班。"),
            _st("b", 3, "王经理对价格有疑虑。")]]
    people, _ = merge_people(meetings, sts)
    forms = {p.name: set(p.forms) for p in people}
    assert forms["周立新"] >= {"周立新", "周主任", "老周"}
    assert "王工" in forms["王敏"] and "王经理" in forms["王建国"]
    assert len(people) == 3


def test_english_surname_and_role_join_the_full_name():
    meetings = [Meeting("a", "x", "2026-01-01", "", "")]
    sts = [[_st("a", 0, "Met Dr. Ines Ferreira (CIO) and Mark Olsen, Head of Procurement.", "en"),
            _st("a", 1, "Ferreira said outages hurt sales.", "en"), _st("a", 2, "The CIO wants a pilot first.", "en")]]
    people, _ = merge_people(meetings, sts)
    ines = next(p for p in people if p.name == "Ines Ferreira")
    assert {"Ferreira", "The CIO"} <= set(ines.forms)
    assert layer_of("Head of Procurement") == "management" and layer_of("CIO") == "decision"
    assert layer_of("运维组工程师") == "execution" and layer_of("") == "unknown"


def test_a_nickname_tied_in_one_meeting_is_the_person_in_the_next():
    meetings = [Meeting("a", "x", "2026-01-01", "", ""), Meeting("b", "x", "2026-02-01", "", "")]
    sts = [[_st("a", 0, "Present: 黄志明 (plant manager, everyone calls him Ah Ming), Ravi Kumar (IT)", "en")],
           [_st("b", 0, "Ah Ming: OEE is still at 62%.", "en"), _st("b", 1, "Ravi wants alerts for the cold rooms.", "en")]]
    people, _ = merge_people(meetings, sts)
    assert {p.name for p in people} == {"黄志明", "Ravi Kumar"}
    assert "Ah Ming" in next(p for p in people if p.name == "黄志明").forms


def test_stance_cues_take_the_latest_attitude():
    assert stance_of("Olsen was sceptical but now backs our proposal.") == "supporter"
    assert stance_of("孙丽对报价有疑虑") == "sceptic"
    assert stance_of("态度中立，想先看试点效果") == "neutral"
    assert stance_of("Meeting moved to Thursday.") is None


def test_clustering_joins_close_vectors_only():
    a = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    b = np.array([0.99, 0.14, 0.0], dtype=np.float32)
    c = np.array([0.0, 0.0, 1.0], dtype=np.float32)
    vecs = np.vstack([v / np.linalg.norm(v) for v in (a, b, c)])
    ids = cluster(vecs, 0.9)
    assert ids[0] == ids[1] != ids[2]


def test_unknown_account_names_close_ones(tmp_path):
    store = AccountStore(tmp_path / "accounts.sqlite")
    store.add_meeting(Meeting("m-1", "Yunshan Mobile", "2026-01-01", "t", "now"), "text", [], [])
    with pytest.raises(UnknownAccount, match="Yunshan Mobile"):
        store.require("Yunshan Mobil")
    assert isinstance(UnknownAccount("x"), InputError)


def test_two_writers_lose_nothing_and_a_repeat_is_ignored(tmp_path):
    path = tmp_path / "accounts.sqlite"
    AccountStore(path).close()

    def write(n):
        store = AccountStore(path)
        for i in range(10):
            st = StoredStatement(f"m-{n}-{i}", 0, "text", "none", 0.5, "en")
            store.add_meeting(Meeting(f"m-{n}-{i}", "acc", "2026-01-01", "t", "now"), "text", [st], [None])
        store.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store = AccountStore(path)
    assert len(store.meetings("acc")) == 20
    assert not store.add_meeting(Meeting("m-0-0", "acc", "2026-01-01", "t", "now"), "text", [], [])
    store.forget_meeting("acc", "m-0-0")
    assert len(store.meetings("acc")) == 19
    con = sqlite3.connect(path)
    assert con.execute("SELECT COUNT(*) FROM statements WHERE meeting = 'm-0-0'").fetchone()[0] == 0


def test_a_note_that_ties_two_forms_together_is_believed():
    meetings = [Meeting("a", "x", "2026-01-01", "", "")]
    sts = [[_st("a", 0, "参会：王敏、王建国（采购部经理，首次参会）"), _st("a", 1, "王工（王敏）很配合。"),
            _st("a", 2, "Attendees: Kevin Tan（CTO，内部大家叫他陈总）", "mixed"), _st("a", 3, "陈总一开场就投诉。")]]
    people, _ = merge_people(meetings, sts)
    forms = {p.name: set(p.forms) for p in people}
    assert "王工" in forms["王敏"] and "陈总" in forms["Kevin Tan"]
    assert next(p for p in people if p.name == "王建国").role() == "采购部经理"


@pytest.mark.parametrize("role, layer", [
    ("Operations Director", "management"), ("CTO", "decision"), ("信息科技部副总经理", "management"),
    ("分管网络的副总经理", "decision"), ("总工程师", "decision"), ("运维组工程师", "execution"), ("", "unknown"),
])
def test_layer_from_role(role, layer):
    assert layer_of(role) == layer


def test_lexical_overlap_counts_shared_words_and_character_pairs():
    from features.accounts.need_scores import lexical_overlap

    m = lexical_overlap(["They need the POS rollout before Black Friday", "POS rollout must finish before Black Friday",
                         "客户要求九月底上线", "九月底之前必须上线", "Budget is tight this year"])
    assert m[0, 1] > m[0, 4] and m[2, 3] > m[2, 4] and m[0, 0] == 0.0


@pytest.mark.parametrize("moments, trend", [
    ([(0, "d1", "Olsen was sceptical of our price."), (1, "d2", "Olsen now backs our proposal.")], "improving"),
    ([(0, "d1", "Kevin 从 sceptic 变成 neutral，说至少你们很诚实。")], "improving"),
    ([(0, "d1", "赵总很满意，当场表示感谢。"), (1, "d2", "赵总取消了会议，对延误很失望。")], "slipping"),
    ([(0, "d1", "Met Tom."), (1, "d2", "Tom asked about the timeline.")], "stable"),
    ([(0, "d1", "郭董带我们看了榨油厂。"), (1, "d2", "郭董 still supports，说这是今年最要紧的事。")], "stable"),  # kept
    ([(0, "d1", "程会计坚持压价。"), (1, "d2", "程秀英态度比上次松动，不再坚持压价。")], "improving"),
])
def test_person_trend_from_attitude_and_warmth(moments, trend):
    from features.accounts.trend import person_trend

    found, evidence = person_trend(moments)
    assert found == trend
    assert (trend == "stable") or evidence


def test_amounts_in_chinese_numerals_other_currencies_and_spans_of_years():
    from features.accounts.timing import find_amounts

    assert [a for a, _, _ in find_amounts("今年信息化专项预算九百万，二期三千五百万元")] == ["9M CNY", "35M CNY"]
    assert [a for a, _, _ in find_amounts("the board approved MYR 1.5M; RM 200k more later")] == ["1.5M MYR", "200k MYR"]
    assert find_amounts("千万不要拖到年底") == []  # "by all means", not ten million
    assert [a for a, _, _ in find_amounts("一期预算 4500 万泰铢，另有 12 million baht 备用")] == ["45M THB", "12M THB"]
    assert [a for a, _, _ in find_amounts("印度工厂预算 2 亿卢比")] == ["200M INR"]
    assert find_when("GBP 3.2M sits in the 2026-27 plan", "2026-02-03")[0] == "2026-2027"
    assert (find_when("kick-off on 2026-03-02", "2026-02-03") or ("",))[0] != "2026-2003"  # a date is no span
    assert find_when("we can spend it across 2026 and 2027", "2026-02-03")[0] == "2026-2027"
    assert find_when("预算在2026年和2027年各用一半", "2026-02-03")[0] == "2026-2027"
    assert find_when("launch in 2025 and review in 2027", "2026-02-03")[0] == "2025"  # two years apart: no span
    assert find_when("PO 推到 2027 年一季度", "2026-02-03")[0] == "Q1 2027"


def test_a_surname_with_a_vice_title_is_one_person():
    from nlp.people import find_people

    people = {p.name: set(p.forms) for p in find_people("约分管副院长何院见面。何副院长说预算九百万。何丽萍副院长也在。")}
    assert any({"何副院长", "何院"} <= forms for forms in people.values())
    assert not any(f in ("何副", "管副院长") for forms in people.values() for f in forms)  # 分管 is no surname 管
    found = find_people("何副厂长: 切换只能在春节做。何建军说人手不够。")
    assert any({"何副厂长", "何建军"} <= set(p.forms) for p in found) or any("何副厂长" in p.forms for p in found)


def test_forms_tied_in_one_note_and_a_title_with_only_one_namesake_join_across_meetings():
    meetings = [Meeting("a", "x", "2026-01-01", "", ""), Meeting("b", "x", "2026-02-01", "", "")]
    sts = [[_st("a", 0, "Attendees: David Chua (蔡总), 吴美玲 (Mei), 何建军", "mixed"), _st("a", 1, "罗红梅：预算八百万。")],
           [_st("b", 0, "蔡总：OEE 上不去，压力很大。"), _st("b", 1, "Mei：三号厂房的专网十月前上线。", "mixed"),
            _st("b", 2, "罗总监问了三次审计留痕。"), _st("b", 3, "何副厂长说切换只能在国庆做。")]]
    people, _ = merge_people(meetings, sts)
    forms = {p.name: set(p.forms) for p in people}
    assert {"蔡总", "David Chua"} <= forms["David Chua"]  # not a new 蔡 of his own in the second note
    assert "Mei" in forms["吴美玲"]
    assert "罗总监" in forms["罗红梅"]  # the only 罗 of the account, whose role says nothing against 总监
    assert "何副厂长" in forms["何建军"]
    assert len(people) == 4


def test_each_sum_of_a_statement_keeps_its_own_time():
    from features.accounts.service import investment_of
    from features.accounts.view import investments

    text = "今年配网自动化投资3500万元，分两年，今年先投2000万。"
    inv = investment_of(text, "2026-03-05")
    st = StoredStatement("a", 0, text, "explicit", 0.9, "zh", (), inv)
    found = {i.amount: i.when for i in investments([Meeting("a", "x", "2026-03-05", "", "")], {"a": [st]})}
    assert found == {"35M CNY": "2026-2027", "20M CNY": "2026"}
    assert investment_of("Budget is USD 1.2M, capex in FY2026, 但要分两年摊。", "2026-03-12")["when"] == "FY2026"  # amortised


@pytest.mark.parametrize("text, amount", [
    ("Paul: any spend above EUR 500k needs board approval, next board is in June", None),  # a threshold
    ("500万以上的项目要上党委会。", None),
    ("要求我们把一期拆成两期，第一期控制在2000万以内。", "20M CNY"),  # a cap is what the offer must fit
    ("The board approved EUR 2M for 2027.", "2M EUR"),
    ("黄总说下一期他心里的数大概是三百二十万令吉，但财务那边还没看过。", "3.2M MYR"),  # the sum he has in mind
    ("Priya gave a ballpark of GBP 400k.", "400k GBP"),
    ("Two engineers spent 3 days on site.", None),
])
def test_approval_thresholds_are_not_investments_and_caps_are(text, amount):
    from features.accounts.service import investment_of

    found = investment_of(text, "2026-05-01")
    assert (found["amount"] if found else None) == amount


@pytest.mark.parametrize("text, label, cold", [
    ("去年核心系统宕机，运营部接了两百多个投诉。", "organisational", False),  # the customer's own pain
    ("Every month of delay costs them subscribers.", "organisational", False),
    ("They need three references from cold-chain customers.", "none", False),  # goods, not people
    ("马副总投诉我方热线六个小时才派人到场。", "personal", True),  # a complaint about us
    ("Sam complained twice about response times.", "none", True),  # the note-taker's observation
    ("The review meeting with the CFO was cancelled at short notice.", "none", True),
    ("招标推迟到明年一季度。", "organisational", False),  # the customer's own timing
    ("整体关系明显下滑。", "organisational", True),
    ("3月底前提交故障复盘报告；", "none", False),  # our own to-do
    ("From: Lily Wong <lily.wong@hanbing-cold.example>", "none", False),  # an address, not a mood
    ("Lily was cold with us today.", "none", True),
])
def test_coldness_is_how_people_treat_us_not_the_customers_pains(text, label, cold):
    from features.accounts.cues import cold_cues

    assert bool(cold_cues(text, label)) == cold


def test_warm_words_under_a_negation_are_not_warm():
    from features.accounts.cues import warmth

    assert warmth("老板很不满意这个结果", "organisational") == 0
    assert warmth("老板很满意这个结果", "none") == 1


@pytest.mark.parametrize("per_meeting, people, trend", [
    ([1, 0, 0], [], "stable"),  # one warm sentence then silence is no trend
    ([0, -2], [], "slipping"),  # two cold cues in the second of two meetings
    ([1, -4, -1, -1], [], "slipping"),  # warm first, cold since
    ([-1, 1, 1, 1], [], "improving"),
    ([0, 0, 0], ["improving"], "stable"),  # one person moving is half a vote
    ([0, 0, 0], ["improving", "improving", "stable"], "improving"),
    ([1, -2, 0, -2], ["slipping"], "slipping"),
])
def test_account_trend_from_later_meetings_against_the_first_and_people_who_moved(per_meeting, people, trend):
    from features.accounts.trend import account_trend

    assert account_trend(per_meeting, people)[0] == trend


def test_a_person_called_the_same_first_and_last_has_not_moved():
    from features.accounts.trend import person_trend

    moments = [(0, "d1", "Alan is a sceptic.", "none"), (1, "d2", "Alan agreed to look again; Alan sceptic.", "personal")]
    assert person_trend(moments)[0] == "stable"


@pytest.mark.parametrize("clauses, layer", [
    (["Ruth signs off anything above the framework."], "decision"),
    (["最后还是陈总拍板"], "decision"),
    (["Omar runs the migration project day to day with four people."], "management"),
    (["许工负责这个项目的整体推进"], "management"),
    (["小李负责机房运维，夜里值班"], "execution"),  # the charge says what it is: hands-on work
    (["Sam maintains the branch routers."], "execution"),
    (["Met Tom at the coffee machine."], "unknown"),
])
def test_layer_of_a_person_without_title_from_what_the_notes_say_they_do(clauses, layer):
    from features.accounts.layers import layer_from_deeds

    assert layer_from_deeds(clauses) == layer


def test_a_pinyin_spelling_a_given_name_and_a_titled_surname_in_english_join_the_chinese_name():
    meetings = [Meeting("a", "x", "2026-01-01", "", ""), Meeting("b", "x", "2026-02-01", "", ""),
                Meeting("c", "x", "2026-03-01", "", "")]
    sts = [[_st("a", 0, "参会：沈佳怡（IT总监）、苏晓雯（信息中心主任）"), _st("a", 1, "沈佳怡说专线必须做到99.9%。")],
           [_st("b", 0, "Attendees: Jiayi Shen, Gareth Lloyd (finance)", "en"), _st("b", 1, "Jiayi wants one console.", "en")],
           [_st("c", 0, "晓雯说会议改期了。"), _st("c", 1, "Mr Lloyd asked for a monthly fee.", "en")]]
    people, _ = merge_people(meetings, sts)
    forms = {p.name: set(p.forms) for p in people}
    assert {"Jiayi Shen", "Jiayi"} <= forms["沈佳怡"]
    assert "晓雯" in forms["苏晓雯"]
    assert "Mr Lloyd" in forms["Gareth Lloyd"]
    assert set(forms) == {"沈佳怡", "苏晓雯", "Gareth Lloyd"}


def test_an_english_name_with_the_pinyin_of_one_chinese_surname_is_that_person():
    meetings = [Meeting("a", "x", "2026-01-01", "", ""), Meeting("b", "x", "2026-02-01", "", ""),
                Meeting("c", "x", "2026-03-01", "", "")]
    sts = [[_st("a", 0, "参会：欧阳昊（CEO）、梁志远（IT 总监）"), _st("a", 1, "欧阳昊说首批站点十月前上线。")],
           [_st("b", 0, "Present: Howard Ouyang, Priya Raman", "en"), _st("b", 1, "Howard Ouyang wants 40 sites live.", "en")],
           [_st("c", 0, "Howard said the board backs the plan.", "en")]]
    people, _ = merge_people(meetings, sts)
    forms = {p.name: set(p.forms) for p in people}
    assert {"欧阳昊", "Howard Ouyang", "Howard"} <= forms["欧阳昊"]
    assert "Priya Raman" in forms and "梁志远" in forms and len(forms) == 3


def test_two_english_names_on_one_chinese_surname_stay_apart():
    meetings = [Meeting("a", "x", "2026-01-01", "", ""), Meeting("b", "x", "2026-02-01", "", "")]
    sts = [[_st("a", 0, "参会：陈浩（采购经理）")],
           [_st("b", 0, "Present: Kevin Chen, Rachel Chen", "en")]]
    people, _ = merge_people(meetings, sts)
    assert {p.name for p in people} == {"陈浩", "Kevin Chen", "Rachel Chen"}


def test_the_finance_side_and_the_cfo_alone_are_the_one_finance_person():
    meetings = [Meeting("a", "x", "2026-01-01", "", ""), Meeting("b", "x", "2026-02-01", "", "")]
    sts = [[_st("a", 0, "参会：郑丽（集团财务部）、常振海（矿长）")],
           [_st("b", 0, "财务那边说预算要压缩到1200万。")]]
    people, _ = merge_people(meetings, sts)
    forms = {p.name: set(p.forms) for p in people}
    assert "财务那边" in forms["郑丽"] and len(forms) == 2


@pytest.mark.parametrize("line,customers", [
    ("Present: Malcolm Reid, Lucy Marsh (procurement), Owen; Dan, Felix, Anja (our bid manager)",
     ["Malcolm Reid", "Lucy Marsh", "Owen"]),
    ("Present: Priya Raman (our champion); Tom Owen", ["Priya Raman", "Tom Owen"]),  # a customer on our side
    ("Us: Ken, Amy Lee; them: Tom Baker, Ruth Okoro", ["Tom Baker", "Ruth Okoro"]),  # `us:` heads its own part only
])
def test_a_part_of_an_attendee_line_naming_our_own_job_lists_our_people(line, customers):
    assert [m.form for m in mentions_in(line)] == customers


def test_a_first_names_short_form_is_the_one_person_with_that_first_name():
    meetings = [Meeting("a", "x", "2026-01-01", "", ""), Meeting("b", "x", "2026-02-01", "", "")]
    sts = [[_st("a", 0, "Present: Thomas Baker (plant manager), Elizabeth Grant", "en")],
           [_st("b", 0, "Tom: the line stops twice a week.", "en"), _st("b", 1, "Liz asked for a fixed price.", "en")]]
    people, _ = merge_people(meetings, sts)
    forms = {p.name: set(p.forms) for p in people}
    assert "Tom" in forms["Thomas Baker"] and "Liz" in forms["Elizabeth Grant"] and len(forms) == 2


def test_the_reps_verdict_on_the_whole_account_is_its_trend():
    from features.accounts.trend import said_trend

    assert said_trend(["态度方面 林董 still supportive", "整体来说跟七月差不多 稳的"])[0] == "stable"
    assert said_trend(["Summary: the account has cooled since March."])[0] == "slipping"
    assert said_trend(["- 和上次比差不多，节奏没变，等客户挂标"])[0] == "stable"
    assert said_trend(["系统要稳定，不能掉线。", "Overall the relationship is warmer than in spring."])[0] == "improving"
    assert said_trend(["系统要稳定，不能掉线。"]) is None  # a need, not a verdict


def test_an_account_trend_follows_the_last_meetings_verdict(tmp_path, classifier):
    from features.accounts.service import add_note
    from features.accounts.store import AccountStore
    from features.accounts.view import build_view

    store = AccountStore(tmp_path / "a.sqlite")
    add_note(store, "hongda", "拜访 2026-06-03\n林董很支持，感谢我们的方案，邀请我们下周再来。\n", classifier)
    add_note(store, "hongda", "拜访 2026-07-15\n林董还是支持。\n", classifier)
    add_note(store, "hongda", "拜访 2026-09-09\n林董 still supportive\n整体来说跟七月差不多 稳的\n", classifier)
    rel = build_view(store, "hongda").relationship
    assert rel.trend == "stable" and any("稳的" in e for e in rel.evidence)


def test_a_budget_cut_or_raised_keeps_the_timing_of_the_sum_it_replaces():
    from features.accounts.records import Meeting, StoredStatement
    from features.accounts.view import investments

    meetings = [Meeting("m1", "x", "2026-03-01", "", ""), Meeting("m2", "x", "2026-06-01", "", "")]
    first = StoredStatement("m1", 0, "The programme has £1.8M across three years.", "explicit", 0.9, "en",
                            investment={"amount": "1.8M GBP", "when": "2026-2029"})
    cut = StoredStatement("m2", 0, "The budget is cut from £1.8M to £1.4M.", "explicit", 0.9, "en",
                          investment={"amount": "1.4M GBP", "when": ""})
    other = StoredStatement("m2", 1, "Support costs another £0.2M.", "explicit", 0.9, "en",
                            investment={"amount": "0.2M GBP", "when": ""})
    found = {i.amount: i.when for i in investments(meetings, {"m1": [first], "m2": [cut, other]})}
    assert found == {"1.8M GBP": "2026-2029", "1.4M GBP": "2026-2029", "0.2M GBP": ""}
    # the words of a revision as field notes write them: a noun between, `down from`, 加到 / 压到
    for text, amount in [("Anjali has cut the envelope to £420k.", "0.42M GBP"),
                         ("Approved at US$1.65 million (down from 1.8 million).", "1.65M USD"),
                         ("三个基地一起做的话可以加到四百万。", "4M CNY"), ("同意，预算压到85万。", "0.85M CNY")]:
        revised = StoredStatement("m2", 0, text, "explicit", 0.9, "en", investment={"amount": amount, "when": ""})
        assert {i.amount: i.when for i in investments(meetings, {"m1": [first], "m2": [revised]})}[amount] == "2026-2029"
    assert not re.search(RESET_TO, "We cut costs to the bone.")


def test_finance_is_the_gate_the_money_passes_unless_a_body_above_holds_it():
    from features.accounts.layers import holds_the_purse

    assert holds_the_purse(["邹敏说钱的事最后要过财务总监那一关"])
    assert holds_the_purse(["财务那边（卢慧）重申：验收合格后付款，预付款一分不给"])
    assert not holds_the_purse(["这个方案最后要过集团那一关"])  # the group above, not finance
    assert not holds_the_purse(["卢慧说下周把付款流程发过来"])


def test_a_tender_price_cap_a_working_budget_and_a_raised_sum_are_investments():
    from features.accounts.service import investment_of

    assert investment_of("本项目最高限价调整为600万元。", "2026-08-05")["amount"] == "6M CNY"
    assert investment_of("陈总说先按一百六十万令吉来做，财务那边还没看过", "2026-04-08")["amount"] == "1.6M MYR"
    assert investment_of("Raised to £1.1M now the hospital contract is won", "2026-07-15")["amount"] == "1.1M GBP"
    assert investment_of("We shipped 1.1M pieces last year", "2026-07-15") is None
