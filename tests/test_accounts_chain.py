"""The decision chain and the relationship reading of an account: layers from roles, departments, titles,
signatures and deeds; stances and warmth in both languages; person and account trends; and one small account of
our own (written for these tests, not tuned on) read end to end with the real classifier."""
from __future__ import annotations

import pytest

from features.accounts.chain import stakeholders
from features.accounts.cues import moves, stance_of, stances_in, warmth
from features.accounts.layers import department_beside, department_layer, layer_from_deeds, person_layer
from features.accounts.mentions import mentions_in, statement_mentions
from features.accounts.records import Meeting, StoredStatement
from features.accounts.service import add_note
from features.accounts.store import AccountStore
from features.accounts.trend import account_trend, person_trend
from features.accounts.view import build_view
from nlp.people import find_people


def _st(meeting, i, text, label="none", language="en"):
    return StoredStatement(meeting, i, text, label, 0.9, language, mentions_in(text))


@pytest.mark.parametrize("role, layer", [
    ("财务部", "management"), ("finance", "management"), ("procurement", "management"), ("IT", "execution"),
    ("集团 IT", "management"), ("group IT", "management"), ("网络运维", "execution"), ("Singapore", "unknown"),
])
def test_a_department_alone_gives_a_layer(role, layer):
    assert department_layer(role) == layer


@pytest.mark.parametrize("role, layer", [
    ("Pro-Vice-Chancellor", "decision"), ("Deputy Mayor", "decision"), ("Ops Director", "management"),
    ("匈牙利工厂总经理", "decision"), ("副矿长", "management"), ("Principal Engineer", "execution"),
])
def test_layer_of_more_titles(role, layer):
    from features.accounts.layers import layer_of
    assert layer_of(role) == layer


@pytest.mark.parametrize("roles, titles, forms, clauses, layer", [
    (["钟总"], set(), ["Leo Zhong", "钟总"], [], "decision"),  # a surname with 总 decides
    (["集团 IT"], {"总"}, ["马骏", "马总"], [], "management"),  # a written role before a courtesy 总
    ([], set(), ["蔡文斌", "小蔡"], ["小蔡负责现场"], "execution"),  # 小 + surname: a junior colleague
    ([], set(), ["Kwame Asante", "Kwame"], ["Kwame from IT will join next time."], "execution"),
    ([], set(), ["Ruth Okoro"], ["People: Marcus, Hale's finance partner Ruth Okoro"], "management"),
    ([], set(), ["Priya"], ["Ask Priya who signs off spend"], "unknown"),  # a question about the decider
    ([], set(), ["许静"], ["系统上线后要有本地化运维"], "unknown"),  # her request, not her work
    ([], set(), ["Helen"], ["We have set aside 1.5 million euros for this."], "decision"),  # her own budget
    # finance holding the purse is the economic buyer; finance passing on what the group decides manages
    (["财务那边"], set(), ["钟丽萍"], ["超出九百万的部分我这边不会批"], "decision"),
    (["财务总监"], set(), ["邵静"], ["提醒一下，一千八百万是上限，不会再加"], "decision"),
    (["finance"], set(), ["Linda Chua", "Linda"], ["HQ requires payback within 30 months, otherwise 不会批"], "management"),
    (["财务部"], set(), ["罗红梅"], ["付款希望分三笔"], "management"),
    (["Procurement Manager"], set(), ["Bea"], ["Bea will not sign anything above 2M"], "management"),  # not finance
    (["理事长"], set(), ["蔡振华"], [], "decision"),
])
def test_layer_of_a_person_from_the_readings_in_order(roles, titles, forms, clauses, layer):
    assert person_layer(roles, titles, forms, clauses) == layer


def test_a_department_written_beside_a_name():
    assert department_beside(["Bea Nowak", "Bea"], ["Bea Nowak from procurement will run the paperwork."]) == "procurement"
    assert department_beside(["Tom"], ["Tom from the coffee machine said hello."]) == ""
    assert layer_from_deeds(["周涛负责外场巡检和抢修"]) == "execution"
    assert department_beside(["唐晓燕"], ["唐晓燕在财务部，说预算很紧"]) == "财务部"
    assert department_beside(["李娜"], ["集团采购部的李娜要三家报价"]) == "集团采购部"


@pytest.mark.parametrize("clause, layer", [
    ("Olga approved the budget last week", "decision"), ("the budget is approved", "unknown"),
    ("Sue chairs the steering group", "decision"), ("Ken reports to the CFO", "management"),
    ("王强向刘总汇报", "management"),
])
def test_deeds_that_place_a_person(clause, layer):
    assert layer_from_deeds([clause]) == layer


def test_an_email_signature_gives_the_role_and_layer():
    meetings = [Meeting("a", "x", "2026-01-05", "", "")]
    sts = [[_st("a", 0, "From: Maria Lopez"), _st("a", 1, "We need two sites on one network."),
            _st("a", 2, "Maria"), _st("a", 3, "Head of Logistics, Orla Foods")]]
    people, _ = stakeholders(meetings, sts)
    maria = next(p for p in people if p.name == "Maria Lopez")
    assert maria.role == "Head of Logistics" and maria.layer == "management"


def test_the_role_written_beside_a_name_is_a_role_not_another_form_of_the_name():
    leo = next(m for m in mentions_in("Attendees: Leo Zhong (钟总, 匈牙利工厂总经理), 马骏 (集团 IT)") if m.form == "Leo Zhong")
    assert leo.role == "匈牙利工厂总经理"


def test_a_line_that_starts_with_us_lists_our_own_people():
    forms = {m.form for m in mentions_in("Attendees: Grace Obi (COO), Tim Holt\nUs: Nina Park, Raj Singh\n")}
    assert {"Grace Obi", "Tim Holt"} <= forms and not forms & {"Nina Park", "Raj Singh"}
    assert "Tim Holt" in {m.form for m in mentions_in("Grace told us: Tim Holt will handle it\n")}
    forms = {m.form for m in mentions_in("Attendees: Grace Obi (COO); us: Nina Park, Raj Singh\n")}
    assert "Grace Obi" in forms and not forms & {"Nina Park", "Raj Singh"}


def test_a_speaker_label_puts_the_speaker_in_the_statement():
    text = "态度\n- 郑科：支持，主动带我们看了机房\n- Gareth Lloyd: We have 2.6 million for this.\n"
    spans = [(text.index("支持"), text.index("机房") + 2), (text.index("We have"), len(text) - 1)]
    found = statement_mentions(text, find_people(text), spans, set())
    assert [m.form for m in found[0]] == ["郑科"] and [m.form for m in found[1]] == ["Gareth Lloyd"]
    slide = "■ 关系图\n• 宋立群（老宋，总经理，拍板）：支持 → 中立；方案汇报临时取消\n"
    found = statement_mentions(slide, find_people(slide), [(slide.index("支持"), len(slide) - 1)], set())
    assert "宋立群" in [m.form for m in found[0]]  # a label with the person's role in brackets
    who = "一、关键人\n- 蔡淑芬，财务总监。一开始嫌贵，额度批下来以后口气缓和多了，算中立。\n下周再约。\n"
    spans = [(who.index("一开始"), who.index("算中立") + 4), (who.index("下周"), len(who) - 1)]
    found = statement_mentions(who, find_people(who), spans, set())
    assert [m.name for m in found[0]] == ["蔡淑芬"] and found[1] == ()  # a later sentence of her line is hers
    chat = "[10:32] Leo Zhong: the plant opens in September\n"
    found = statement_mentions(chat, find_people(chat), [(chat.index("the plant"), len(chat) - 1)], set())
    assert [m.form for m in found[0]] == ["Leo Zhong"]


@pytest.mark.parametrize("text, stance", [
    ("Helen now supportive.", "supporter"), ("Naomi strongly for us", "supporter"), ("方总态度依旧积极", "supporter"),
    ("王工很配合", "supporter"), ("Dev was cool on the whole thing", "sceptic"), ("小蔡：怀疑", "sceptic"),
    ("马总 now clearly prefers the incumbent", "sceptic"), ("Katalin 友好, but 还没表态", "neutral"),
    ("Kwame neutral to positive after the plan", "neutral"), ("钱总监态度缓和了很多", "neutral"),
    ("何院态度中立偏谨慎", "sceptic"), ("Passenger Wi-Fi on board every train.", None),
    ("Handhelds must be water-resistant.", None), ("护士夜班投诉多", None),  # a customer's own complaint
    ("Tom less enthusiastic than last time", "sceptic"), ("刘总不看好这个方案", "sceptic"),
    ("邵总监对一次投这么多钱心里没底，态度偏保守", "sceptic"), ("冯总热情明显下降，改口说要再比一比", "neutral"),
    ("谭振：项目我先旁听", "neutral"), ("林经理仍是客户内部最积极的推动者", "supporter"),
    ("保守估计每年损失三百万", None),  # a conservative estimate is no stance
    ("Nurul 对降价后的方案仍有保留。", "sceptic"), ("程秀英态度比上次松动，不再坚持压价。", "neutral"),
    ("蒋红从中立转为明显保留，她在群里两周没回。", "sceptic"), ("售票窗口至少要保留两个。", None),
    ("Kavitha 对这个数还是不太买账。", "sceptic"), ("Sally Chen (IT, now positive)", "supporter"),
    ("Eleanor said she is now fully behind it and will sign.", "supporter"), ("Nurul 对预算明显更保守。", "sceptic"),
    ("Raj less frosty, now open to it", "neutral"), ("说实话我对这个不太看好", "sceptic"),
    ("先看看再说吧", "neutral"), ("坚持先看前三个站的回本测算才谈签约", None),  # a condition, not waiting to see
])
def test_stance_words_in_both_languages(text, stance):
    assert stance_of(text) == stance


def test_in_a_persons_own_words_we_is_the_customer():
    assert stance_of("Our handlers are frustrated with the screens", own_words=True) is None
    assert stance_of("我们的护士对现在的终端很不满", own_words=True) is None
    assert stance_of("She is frustrated with our proposal", own_words=False) == "sceptic"


def test_two_attitudes_are_a_move_only_with_a_word_of_change():
    assert stances_in("Gareth moved from sceptic to supportive") == ["sceptic", "supporter"]
    assert stances_in("中立偏谨慎") == ["sceptic"]
    assert stances_in("何总支持，钟经理中立") == ["supporter", "neutral"]  # two people, two clauses


@pytest.mark.parametrize("text, label, sign", [
    ("They invited a competitor to present next week.", "none", -1), ("客户邀请友商来做演示", "none", -1),
    ("Anna introduced us to her boss and shared the budget.", "none", 1), ("He asked for a second demo.", "none", 1),
    ("钟总已经两周没有回复。", "none", -1), ("三个人都是支持态度", "none", 1), ("我们希望从被动运维转为主动运维", "explicit", 0),
    ("Two buyers charged us penalties for late shipments.", "organisational", 0),  # the customer's own "us"
    ("Our invoices were late again and she complained.", "none", -1),
    ("关系明显改善", "none", 1), ("Relationship improving after the demo", "none", 1),
])
def test_warmth_of_a_statement(text, label, sign):
    w = warmth(text, label)
    assert (w > 0) - (w < 0) == sign


def test_a_change_said_outright_moves_a_person():
    assert moves("何院比上次积极，主动问了实施周期") == 1 and moves("Fiona was cooler than before") == -1
    up = [(0, "d1", "何院态度中立偏谨慎", "none"), (1, "d2", "何院比上次积极", "none")]
    assert person_trend(up)[0] == "improving"
    quiet = [(0, "d1", "沈总态度积极，愿意推动，算支持者", "none"), (1, "d2", "沈总说二期明年再议", "explicit")]
    assert person_trend(quiet)[0] == "stable"  # nothing said of her later: no move
    careful = [(0, "d1", "高经理：支持", "none"), (1, "d2", "高经理：仍支持，但说话更小心", "none")]
    assert person_trend(careful)[0] == "slipping"
    # called a supporter twice, then cancelled and went quiet: the last meeting names no attitude, its words decide
    silent = [(0, "d1", "Rachel was very positive", "none"), (1, "d2", "Rachel supportive", "none"),
              (2, "d3", "Rachel cancelled our pilot kick-off and has not replied since.", "none")]
    assert person_trend(silent)[0] == "slipping"


def test_with_no_attitude_named_how_a_person_treats_us_gives_the_stance():
    meetings = [Meeting("a", "x", "2026-01-05", "", ""), Meeting("b", "x", "2026-02-05", "", "")]
    sts = [[_st("a", 0, "Attendees: Olga Berg (CIO), Ken Ito (Head of Network)"),
            _st("a", 1, "Olga introduced us to the CEO after the meeting.")],
           [_st("b", 0, "Ken cancelled our workshop and has not replied since."),
            _st("b", 1, "Olga wants the rollout before the summer.")]]
    people = {p.name: p for p in stakeholders(meetings, sts)[0]}
    assert people["Olga Berg"].stance == "supporter" and people["Ken Ito"].stance == "sceptic"
    assert any("introduced us" in e for e in people["Olga Berg"].stance_evidence)


def test_one_chinese_name_in_an_english_account_adds_no_empty_form():
    meetings = [Meeting("a", "x", "2026-01-05", "", "")]
    sts = [[_st("a", 0, "Attendees: Frank Meier (site head), 周婷 (QA 经理)"), _st("a", 1, "Frank wants Wi-Fi first.")]]
    people, hits = stakeholders(meetings, sts)
    assert all(p.name and all(p.forms) for p in people) and len(hits[(0, 1)]) == 1


def test_a_complaint_about_us_after_a_name_is_scepticism_and_a_speakers_own_pain_is_not():
    meetings = [Meeting("a", "x", "2026-01-05", "", "")]
    sts = [[_st("a", 0, "Attendees: Olga Berg (CIO), Ken Ito (Head of Network)"),
            _st("a", 1, "Olga met us in March."), _st("a", 2, "She is frustrated with our invoices.")]]
    assert {p.name: p for p in stakeholders(meetings, sts)[0]}["Olga Berg"].stance == "sceptic"


def test_fewer_warm_words_alone_is_no_slipping():
    assert account_trend([3, 2, 0], [])[0] == "stable"
    assert account_trend([1, -2, -2, 1], [])[0] == "slipping"
    assert account_trend([0, 2, 3], [])[0] == "improving"
    assert account_trend([2, 0, 4, 1], ["improving", "improving"])[0] == "improving"


NOTES = [
    ("2026-02-02", """Osprey Telecom Partners - first meeting, 2 Feb 2026
Attendees: Martin Greve (CTO), Lena Vos (procurement), Pieter from IT; us: Anna, Bo

- Martin: the core routers must be replaced before the autumn traffic peak
- Churn among business customers rose to 14% last year
- Pieter looks after the routers at night and is tired of the outages
- Lena wants three references from other operators

Our read
- Martin cautious, wants numbers first
- Lena neutral
"""),
    ("2026-03-10", """Osprey Telecom Partners, 10 March 2026
Present: Martin Greve, Lena Vos, Pieter; Anna

Martin: we have set aside EUR 4M for the core refresh this year.
Lena: the contract must have service credits.
Pieter: upgrades can only happen between 1 and 5 am.

Notes
- Martin warming up, asked for a second demo with his architects
- Pieter friendly, more open than last time
"""),
    ("2026-04-21", """Osprey Telecom Partners - steering, 21 April 2026
Present: Martin Greve, Lena Vos, Pieter; Anna, Bo

- Martin: the EUR 4M is confirmed, order in June
- Lena: references received, thanks
- Pieter: the night window stays

Mood
- Martin now supportive, introduced us to the CEO
- Lena still neutral
- Pieter supportive
"""),
]


def test_an_account_of_our_own_reads_layers_stances_and_trend(tmp_path, classifier):
    store = AccountStore(tmp_path / "accounts.sqlite")
    for day, text in NOTES:
        add_note(store, "osprey", text, classifier, day)
    view = build_view(store, "osprey")
    people = {p.name: p for p in view.stakeholders}
    martin, lena = people["Martin Greve"], people["Lena Vos"]
    pieter = next(p for p in view.stakeholders if "Pieter" in (p.name, *p.forms))
    assert (martin.layer, lena.layer, pieter.layer) == ("decision", "management", "execution")
    assert (martin.stance, lena.stance, pieter.stance) == ("supporter", "neutral", "supporter")
    assert martin.trend == "improving" and lena.trend == "stable"
    assert view.relationship.trend == "improving"
    store.close()


def test_a_warm_word_after_not_quite_is_negated():
    assert warmth("说句实话，上一家弄了一年半也没用起来，我对这个不太看好", "none") < 0
    assert warmth("他对我们的方案很看好", "none") > 0


def test_a_stakeholder_grids_row_and_a_chat_speakers_words_about_others_go_to_the_right_people(tmp_path, classifier):
    grid = ("# Account plan – stakeholder grid (internal)\nOwner: Daniel Ong\n\n| Person | Role | Stance | Notes |\n"
            "|---|---|---|---|\n| 林国栋 Jimmy | MD, signs | Supporter | 要先看 ROI |\n| 阿辉 | Delivery supervisor | Sceptic | 对新系统有抵触 |\n")
    chat = ("微信私信记录（Daniel Ong 整理）\n\n—— 与 林慧珊 Shirley ——\n6月20日 12:30 慧珊：陈美玲那边现在对项目很冷淡，一直说 ROI 不成立。\n"
            "7月15日 19:02 慧珊：I still want this to happen, I'll keep pushing Jimmy.\n")
    store = AccountStore(tmp_path / "accounts.sqlite")
    add_note(store, "bakery", grid, classifier, "2026-05-20")
    add_note(store, "bakery", chat, classifier, "2026-07-15")
    people = {p.name: p for p in build_view(store, "bakery").stakeholders}
    jimmy = next(p for p in people.values() if "Jimmy" in p.forms)
    shirley = people["林慧珊"]
    assert people["阿辉"].stance == "sceptic" and jimmy.stance == "supporter"  # their rows' stance cells
    assert people["陈美玲"].stance == "sceptic" and shirley.stance == "supporter"  # 慧珊 speaks of 陈美玲, then for herself
    assert "慧珊" in shirley.forms
    store.close()
