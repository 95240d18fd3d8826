"""People a note names: full names, short forms, titles, speakers, attendee lists, e-mails, pronouns (own examples)."""
from __future__ import annotations

import pytest

from nlp.people import find_people, people_in

EN_NOTE = """Call with Harbourline Ports, 3 March
Attendees: Dr. Ines Ferreira (CIO), Tom Baker (procurement), our side: Lena Voss
Ines: we need single sign-on with Azure AD before the summer.
Ferreira said she is under pressure from the board.
Tom Baker asked about deferred payment. He wants a quote by Friday.
Contact: ines.ferreira@harbourline.example, t.baker@harbourline.example
"""

ZH_NOTE = """拜访纪要 11月2日 周一
参会：周立新（信息中心主任）、韩雪（采购部）；我方：梁博
周立新：核心系统必须在年底前完成迁移。
周主任会后说，他今年考核压力很大。
老周希望方案先给立新过目。
韩雪：采购走公开招标。联系：zhoulixin@example.cn
"""


def _by_name(people):
    return {p.name: p for p in people}


def test_english_full_names_short_forms_titles_and_roles():
    people = _by_name(find_people(EN_NOTE))
    ines = people["Ines Ferreira"]
    assert ines.role == "CIO"
    assert {"Ines", "Ferreira"} <= set(ines.forms)
    texts = [EN_NOTE[a:b] for a, b in ines.mentions]
    assert "ines.ferreira" in texts and "Ines" in texts  # the speaker label and the e-mail count as mentions
    assert people["Tom Baker"].role == "procurement"
    assert "Lena Voss" in people
    assert not {"Attendees", "Contact", "Azure AD", "Harbourline Ports"} & set(people)


def test_pronouns_resolve_to_the_person_named_just_before():
    people = _by_name(find_people(EN_NOTE))
    she = EN_NOTE.index("she is")
    he = EN_NOTE.index("He wants")
    assert (she, she + 3) in people["Ines Ferreira"].references
    assert (he, he + 2) in people["Tom Baker"].references


def test_chinese_full_name_title_kinship_and_given_name_forms_are_one_person():
    people = _by_name(find_people(ZH_NOTE))
    zhou = people["周立新"]
    assert {"周主任", "老周", "立新"} <= set(zhou.forms)
    assert zhou.role == "信息中心主任"
    assert "zhoulixin" in [ZH_NOTE[a:b] for a, b in zhou.mentions]  # pinyin in the e-mail address
    he = ZH_NOTE.index("他今年")
    assert (he, he + 1) in zhou.references
    assert people["韩雪"].role == "采购部"
    assert "梁博" in people
    assert "周一" not in {f for p in people.values() for f in p.forms}  # a weekday, not 周 + title


@pytest.mark.parametrize("text, expected", [
    ("Kevin 王凯 wants the pilot in Q2.\nKevin will decide.", {"Kevin 王凯"}),
    ("Met Ms. Rao from finance. Ms. Rao asked for the price list.", {"Ms. Rao"}),
    ("Priya: the audit found gaps.\nMarco: we lost two clients.\nPriya: budget is fixed.", {"Priya", "Marco"}),
    ("Mark the date: review on May 3.", set()),
    ("吴主任说预算已经批了。", {"吴主任"}),
    ("", set()),
])
def test_odd_inputs(text, expected):
    assert {p.name for p in find_people(text)} == expected


def test_people_in_a_span_include_pronoun_references():
    people = find_people(EN_NOTE)
    start = EN_NOTE.index("He wants")
    assert [p.name for p in people_in(people, start, start + 20)] == ["Tom Baker"]


def test_short_chinese_titles_are_the_person_and_bureau_names_are_not():
    found = {p.name: p for p in find_people("在场：郑凯（信息科科长）、何丽萍副院长。\n- 郑科说无线要全覆盖。\n- 何院说预算已到位。\n"
                                          "- 市公安局和工商局也在用这套系统，高院没有。")}
    assert "郑科" in found["郑凯"].forms and "何院" in found["何丽萍"].forms
    assert not {"安局", "商局", "高院", "公安局"} & {f for p in found.values() for f in p.forms}


def test_a_nickname_in_the_role_brackets_is_the_same_person_and_not_the_role():
    found = find_people("Present: 黄志明 (plant manager, everyone calls him Ah Ming), Ravi Kumar (IT)\n- Ah Ming: OEE is low.")
    huang = next(p for p in found if p.name == "黄志明")
    assert huang.role == "plant manager" and "Ah Ming" in huang.forms and len(found) == 2


def test_a_bare_chinese_name_before_what_the_person_does_is_found():
    text = "2026-11-20 电话\n- 周立新态度明显冷淡，说上次方案报价超了预算。\n- 王建国那边还没回复。\n- 高层表示支持，方案说明书要求齐全。"
    assert sorted(p.name for p in find_people(text)) == ["周立新", "王建国"]


def test_headings_with_a_colon_placeholders_and_amounts_are_not_people():
    text = ("Issue: Open source needs no licence talks\nBest Practice: Become a trusted partner\n张总还问能否分期。\n老管网改造要提前。\n"
            "Vendor Name will provide advice to Client.\n病房面积在20平米左右，徐德林主任说要改。")
    assert [p.name for p in find_people(text)] == ["张总", "徐德林"]  # 张总, not 张总还


def test_accented_latin_names_are_whole_names():
    people = find_people("Attendees: Katalin Szabó (plant IT), Jürgen Müller\nKatalin said the data must stay in the EU.")
    names = {p.name for p in people}
    assert {"Katalin Szabó", "Jürgen Müller"} <= names
    kati = next(p for p in people if p.name == "Katalin Szabó")
    assert "Katalin" in kati.forms


def test_a_titled_surname_before_a_conjunction_is_not_a_three_character_name():
    people = find_people("原计划给林总和总经理汇报方案，老林最近很少回消息。")
    assert [p.name for p in people] == ["林总"]
    assert "老林" in people[0].forms


def test_a_titled_surname_is_not_a_full_name():
    from nlp.people_ties import is_full_name
    assert is_full_name("Gareth Lloyd") and not is_full_name("Mr Lloyd") and not is_full_name("Dr. Ferreira")


def test_a_role_written_before_an_english_name_is_its_role():
    roles = {p.name: p.role for p in find_people("Attendees: CFO Li Na, CTO Mark Evans. We met plant manager Tom Baker.")}
    assert roles == {"Li Na": "CFO", "Mark Evans": "CTO", "Tom Baker": "plant manager"}
    # an officer's title before two capitalised words finds the person the English model missed, not a building
    assert [(p.name, p.role) for p in find_people("- CFO Paul Grant joined for the first time.")] == [("Paul Grant", "CFO")]
    assert find_people("The CIO Office Building is closed on Fridays.") == []


def test_heads_of_mines_schools_and_boards_are_titled_people_and_the_other_side_is_not():
    from nlp.people import find_people

    people = {p.name: p for p in find_people("客户：常振海（矿长）、贺云鹏\n常矿长：要覆盖5G信号。\n"
                                             "杜建成（安全副矿长）参会。杜副矿长：要联动。\n刘董事长说要上市，对方董事长没表态。")}
    assert set(people["常振海"].forms) >= {"常振海", "常矿长"} and people["常振海"].role == "矿长"
    assert "杜副矿长" in people["杜建成"].forms
    assert people["刘董事长"].role == "董事长"
    assert not any(n.startswith("方") for n in people)  # 对方董事长: the other side's chairman


@pytest.mark.parametrize("text,names", [
    ("- Somchai: we should start in Hat Yai and Khon Kaen.", ["Somchai"]),
    ("Next week Somchai will drive to Khon Kaen with Arthit.", []),  # the model takes only the town for a person
    ("Lina can go with 小周 to Hat Yai next week.", ["小周"]),
    ("We met Helen Ward in London.", ["Helen Ward"]),
    ("The review was moved at Tom Baker's request.", ["Tom Baker"]),
])
def test_a_place_after_in_or_a_journeys_to_is_no_person(text, names):
    from nlp.people import find_people

    assert [p.name for p in find_people(text)] == names


def test_a_nicknames_surname_and_the_next_word_are_no_full_name():
    from nlp.people import find_people

    assert [(p.name, p.forms) for p in find_people("小邹比上次积极，主动约了第二次演示。")] == [("小邹", ("小邹",))]


def test_roles_after_a_space_in_a_chinese_list_tell_namesakes_apart():
    people = {p.name: p for p in find_people(
        "见到：贺长林 总经理；贺倩 生产技术部副主任；石磊 设备科\n- 贺总原话：七公里要全覆盖。\n- 老贺先带我们转了一圈。\n"
        "- 石工提到中控室看不到火焰。\n- 三路高清摄像头。\n")}
    assert people["贺长林"].role == "总经理" and {"贺总", "老贺"} <= set(people["贺长林"].forms)
    assert people["贺倩"].role == "生产技术部副主任" and people["石磊"].role == "设备科"
    assert "石工" in {f for p in people.values() for f in p.forms} and "高清" not in people


def test_a_roster_line_gives_the_role_after_the_name_and_a_committee_is_no_one():
    people = {p.name: p.role for p in find_people("People\n- Marco Silva: GM, signs off anything over 50k\n"
                                                     "- Ines Duarte: head of guest services, wants WhatsApp\n"
                                                     "Tom Baker: Manager said no, sadly.\n")}
    assert people["Marco Silva"] == "GM" and people["Ines Duarte"] == "head of guest services"
    assert people.get("Tom Baker") is None  # a turn about someone's manager, not his role
    assert "管委会" not in {p.name for p in find_people("高律师：管委会主任，最后拍板的人。")}


@pytest.mark.parametrize("text, names", [
    ("00:09:30 Victor Lim: OK. Ah Hui will help your team with power on the quay.", {"Victor Lim", "Ah Hui"}),
    ("Ah OK, I see. Ah Well, the sites are fine.", set()),  # a sigh, not a name
    ("参会：黄俊（Ah Chun）、郭美华", {"黄俊", "郭美华"}),
    ("客户：郑坤（IT）\n- 阿坤：要有能用的 Wi-Fi\n- 阿姨说食堂要换卡。阿里云的报价更低。", {"郑坤"}),
    ("在场：黄伟强（播出工程师）\n3. 阿强想借这个项目考一张认证。", {"黄伟强"}),
])
def test_ah_names_are_people_and_join_the_name_they_shorten(text, names):
    found = find_people(text)
    assert {p.name for p in found} == names
    assert all(f in p.forms for p in found for f in ("Ah Chun", "阿坤", "阿强") if f in text
               and p.name in ("黄俊", "郑坤", "黄伟强"))


@pytest.mark.parametrize("text, absent", [
    ("（挂电话后小宋微信补了一句：他想借这个项目调去集团。）", "宋微信"),  # 小宋's WeChat
    ("地点：红寺堡200MW电站（吴忠）", "吴忠"),  # a city
    ("去年西北能源监管局来查，开了整改通知。", "管局"),  # the end of a bureau's name
    ("Account: Haixin Seafood Sdn Bhd (Batu Maung, Penang)", "Batu Maung"),  # a Malay place name
    ("Tenants at Kingsway House are holding back £340k of service charge.", "Kingsway House"),
    ("Champion: Simon Hartley – Head of Technical Services", "Champion"),  # a CRM field
])
def test_places_buildings_fields_and_a_wechat_are_no_people(text, absent):
    assert absent not in {f for p in find_people(text) for f in p.forms}


def test_a_role_after_a_dash_or_a_signatures_bar_is_the_persons():
    for text in ("Champion: Simon Hartley – Head of Technical Services", "Simon Hartley | Head of Technical Services"):
        assert [p.role for p in find_people(text) if p.name == "Simon Hartley"] == ["Head of Technical Services"]


def test_roles_after_a_middle_dot_and_an_apposition_and_no_role_from_a_list_that_goes_on():
    from nlp.text.name_roles import role_after

    profile = "With: Craig Dunmore · Operations Director at Millrace Linen · Walsall"
    assert role_after(profile, profile.index(" ·")) == "Operations Director at Millrace Linen"
    assert role_after("Raj, their CFO, signed it off.", 3) == "their CFO"
    assert role_after("Vincent Xu, The CFO, Ms Lan", 10) is None  # a list: the next item is someone else
    assert role_after("Ellie, our MD, has pencilled in 850k", 5) is None  # `our` may be the customer's own words
    assert role_after("Craig, Lisa, Raj Kumar and the six plant managers; Eleanor", 11) is None


def test_a_pronoun_skips_a_person_of_the_other_sex_and_prefers_one_of_its_own_on_its_line():
    text = "Met Gareth Pryce and his deputy Helen. She wants weekly reports. Mark joined later; he said she is careful.\n"
    refs = {p.name: [text[a:b] for a, b in p.references] for p in find_people(text)}
    assert refs["Helen"] == ["She", "she"] and refs["Mark"] == ["he"]
    from nlp.text.first_names import pronoun_fits, pronoun_matches

    assert pronoun_fits("he", "Fi Hale") and not pronoun_matches("he", "Fi Hale") and pronoun_matches("He", "Danny Hale")
    assert not pronoun_fits("she", "Mark") and not pronoun_fits("him", "Helen")


def test_a_who_is_who_line_gives_the_role_after_the_name_and_its_comma():
    text = "一、关键人\n- 林佳慧，生产部经理，英文名 Jenny，我们内部叫小林。\n- 林国栋，董事长，一般叫林董。\n王建国，你好，明天见。\n"
    roles = {p.name: p.role for p in find_people(text)}
    assert roles["林佳慧"] == "生产部经理" and roles["林国栋"] == "董事长"
    assert not roles.get("王建国")  # a greeting after a comma is no role


def test_a_who_is_who_line_opening_with_a_name_and_a_role_finds_the_person():
    text = "一、关键人\n- 蔡淑芬，财务总监，叫她蔡总监就行。\n- 王丽娟，采购部经理。\n王建国，你好。\n"
    found = {p.name: p.role for p in find_people(text)}
    assert found["蔡淑芬"] == "财务总监" and found["王丽娟"] == "采购部经理"


def test_an_e_mails_to_and_cc_fields_and_a_long_bracket_after_a_name_give_people():
    note = ("From: Dr Anita Shah <a.shah@calderbrook.example>\nTo: Callum Reid\nCc: Rakesh Shah; Linda Okoro <l.okoro@x.example>\n"
            "Subject: RE: next steps\n\nRakesh (Head of Finance, and no relation, before you ask) has confirmed the budget.\n")
    people = {p.name: p for p in find_people(note)}
    assert {"Callum Reid", "Rakesh Shah", "Linda Okoro"} <= set(people)
    assert "Rakesh" in people["Rakesh Shah"].forms and people["Rakesh Shah"].role.startswith("Head of Finance")
