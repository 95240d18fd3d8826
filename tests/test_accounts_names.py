"""How an account tells people apart and keeps them together across notes: our own staff, namesakes, pet forms, a
name a note says someone goes by, titles and roles standing for a person."""
from __future__ import annotations

from features.accounts.chain import stakeholders
from features.accounts.mentions import mentions_in
from features.accounts.name_forms import short_form_of
from features.accounts.records import Meeting, StoredStatement
from features.accounts.service import add_note, forget_meeting
from features.accounts.store import AccountStore
from features.accounts.view import build_view
from nlp.people import find_people


def _st(meeting, i, text, label="none", language="en"):
    return StoredStatement(meeting, i, text, label, 0.9, language, mentions_in(text))


def _people(notes: list[list[str]]) -> dict:
    meetings = [Meeting(f"m{i}", "x", f"2026-0{i + 1}-05", "", "") for i in range(len(notes))]
    sts = [[_st(f"m{i}", j, t) for j, t in enumerate(note)] for i, note in enumerate(notes)]
    return {p.name: p for p in stakeholders(meetings, sts)[0]}


GAS_VISIT = "拜访纪要 2026-03-02\n在场：孟庆山（总经理）、江涛（信息科科长）、孟凡；我方：赵一鸣、方晓\n- 江涛说数据只能放在自己机房\n- 会后加了方晓微信\n"
GAS_CHAT = ("微信群聊天记录 2026-03-20\n\n赵一鸣 09:15\n收到，我们按这个数做配置\n孟庆山 10:05\n方案先按一期做，平台要能接三家表厂的表\n"
            "小孟 10:30\n调压站那边我下周带方工再跑一遍\n方晓 10:32\n好的，周二上午可以\n")


def test_people_one_meeting_shows_on_our_side_stay_ours_in_the_next_and_forgetting_that_meeting_forgets_it(tmp_path, classifier):
    store = AccountStore(tmp_path / "accounts.sqlite")
    first = add_note(store, "瑞阳燃气", GAS_VISIT, classifier).meeting
    add_note(store, "瑞阳燃气", GAS_CHAT, classifier)
    assert store.our_names("瑞阳燃气") >= {"赵一鸣", "方晓"}
    names = {p.name for p in build_view(store, "瑞阳燃气").stakeholders}
    assert {"孟庆山", "孟凡"} <= names and not names & {"赵一鸣", "方晓", "方晓微"}
    forget_meeting(store, "瑞阳燃气", first.id)
    assert store.our_names("瑞阳燃气") == set()
    assert "赵一鸣" in {p.name for p in build_view(store, "瑞阳燃气").stakeholders}  # the chat alone does not say so


def test_a_junior_nickname_goes_to_the_junior_namesake_though_its_own_note_names_only_the_senior(tmp_path, classifier):
    store = AccountStore(tmp_path / "accounts.sqlite")
    add_note(store, "瑞阳燃气", GAS_VISIT, classifier)
    add_note(store, "瑞阳燃气", GAS_CHAT, classifier)
    people = {p.name: p for p in build_view(store, "瑞阳燃气").stakeholders}
    assert "小孟" in people["孟凡"].forms and "小孟" not in people["孟庆山"].forms


def test_mr_and_ms_pick_the_namesake_whose_first_name_fits():
    people = _people([["Present: Gareth Pryce (Chief Executive), Helen Pryce (Head of Terminal Operations)."],
                      ["Mr Pryce said the board has cut the budget.", "Ms Pryce wants the stands covered first."]])
    assert "Mr Pryce" in people["Gareth Pryce"].forms and "Ms Pryce" in people["Helen Pryce"].forms
    assert "Pryce" not in people


def test_the_name_a_note_says_someone_goes_by_and_that_name_with_the_surname_are_one_person():
    found = find_people("Present: Zhou Jianping (IT manager, goes by Jimmy), Helen Pryce.")
    assert any({"Zhou Jianping", "Jimmy"} <= set(p.forms) for p in found)
    people = _people([["Present: Zhou Jianping (IT manager, goes by Jimmy), Helen Pryce.", "Jimmy walked the apron with us."],
                      ["Attendees: Jimmy Zhou, Helen Pryce.", "Jimmy asked for four-hour response on site."]])
    assert "Jimmy Zhou" in people["Zhou Jianping"].forms and "Jimmy Zhou" not in people


def test_pet_forms_the_nickname_list_lacks():
    assert short_form_of("Bernie", "Bernadette") and short_form_of("Tom", "Thomas")
    assert not short_form_of("Kelly", "Kevin") and not short_form_of("Ben", "Bernadette")
    assert short_form_of("Raj", "Rajesh") and not short_form_of("Ra", "Rajesh")  # the first name cut short


def test_a_name_written_both_ways_is_one_person_under_either_half_in_other_notes():
    people = _people([["10:05 Victor Lim 林国栋: 两个干船坞都要覆盖。", "10:09 林美玲 Meiling: 去年出过两起事故。"],
                      ["Attendees: Victor Lim, Rajesh Kumar", "Victor Lim: We need coverage on the whole quay."],
                      ["林国栋这次明确表态支持。"]])
    assert "Victor Lim" in people["林国栋"].forms and "Victor Lim" not in people
    assert len(people["林国栋"].mentions) == 3


def test_an_english_title_with_a_spelled_surname_and_a_role_alone_find_their_person():
    people = _people([["客户：周立新（集团董事长）、唐俊（信息部）", "周董：明年一月开学前必须能用"],
                      ["Attendees: Siti Rahman (Bursar), Tang Jun.", "Chairman Zhou will visit in August.",
                       "The Bursar is reading the five-year cost table."]])
    assert "周董" in people["周立新"].forms and "Zhou" in " ".join(people["周立新"].forms)
    assert people["Siti Rahman"].role == "Bursar" and "Bursar" not in people


def test_dong_is_a_chairman_and_a_department_before_a_titled_surname_is_the_role():
    assert [(p.name, p.role) for p in find_people("周董介绍了项目。")] == [("周董", "董事长")]
    assert find_people("古董店的老板来了。") == []
    people = _people([["赵一鸣约财务韩总监下周谈预算。", "韩雪梅：付款要分批验收。"], ["财务那边口气松了一点。"]])
    assert people["韩雪梅"].role == "财务总监" and "财务那边" in people["韩雪梅"].forms


def test_the_customer_company_and_places_are_not_people_but_a_place_that_is_a_first_name_is():
    from features.accounts.not_people import is_place, names_the_account

    assert is_place("Abuja") and is_place("Debrecen") and is_place("Khon Kaen") and not is_place("Florence") and not is_place("Mr Austin")
    assert names_the_account("Hollin Regional Airport", "en-hollin-airport") and names_the_account("Tidewater", "Tidewater Ferries")
    assert names_the_account("金桥", "金桥电力") and names_the_account("金桥", "zh-jinqiao-power")
    assert not names_the_account("Gareth Pryce", "Hollin Airport") and not names_the_account("王敏", "zh-yunshan-mobile")


def test_a_stance_line_and_a_company_before_a_colon_are_not_speakers():
    names = {p.name for p in find_people("Hollin Regional Airport: Sunil Mehta (CFO), Bernadette Kelly\n"
                                         "Stance: Gareth from sceptic to neutral.\nOverall: warmer than March.")}
    assert {"Sunil Mehta", "Bernadette Kelly"} <= names and not names & {"Hollin Regional Airport", "Stance", "Overall"}


def _account_people(tmp_path, classifier, notes: list[str]) -> dict:
    """{name: stakeholder} of an account built from `notes` in a fresh store."""
    store = AccountStore(tmp_path / "accounts.sqlite")
    for note in notes:
        add_note(store, "acct", note, classifier)
    return {p.name: p for p in build_view(store, "acct").stakeholders}


def test_our_people_named_by_first_name_in_one_meeting_and_in_full_in_another_stay_ours(tmp_path, classifier):
    names = set(_account_people(tmp_path, classifier, [
        "Visit, 2026-03-02\nPresent: Gareth Pryce (Chief Executive); us: Olivia, Tomasz\n"
        "- Gareth wants the apron covered before winter.\n- Tomasz walked the apron after lunch.\n",
        "Call, 2026-04-10\nAttendees: Gareth Pryce\nTomasz Nowak: We'll send the survey plan.\n"
        "Gareth Pryce: The board wants a second quote.\n"]))
    assert "Gareth Pryce" in names and not any(n.startswith(("Tomasz", "Olivia")) for n in names)


def test_a_common_chinese_word_tagged_as_a_name_is_no_stakeholder_but_a_name_absent_from_the_dictionary_is():
    from features.accounts.not_people import dictionary_word

    assert dictionary_word("安排") and dictionary_word("黄金周") and not dictionary_word("孟凡") and not dictionary_word("韩雪梅")


def test_our_side_after_wofang_with_a_space_and_a_bracketed_english_name():
    from nlp.text.sides import list_sides as _sides

    text = "参会：Grace Tang, Siti Rahman (Bursar), 唐俊；我方 陈可 (Kelly Chen), Farid\n"
    ours, theirs = _sides(text, find_people(text))
    assert {"陈可", "Kelly Chen", "Farid"} <= ours and "Grace Tang" in theirs and not ours & {"Grace Tang", "Siti Rahman"}


def test_a_role_alone_in_a_list_is_someone_else_and_a_finance_role_nobody_holds_is_who_sets_the_budget():
    assert [(p.name, p.role) for p in find_people("Present: Vincent Xu, The CFO, Ms Lan; ours: Eric")][0] == ("Vincent Xu", None)
    people = _people([["Attendees: Alasdair Munro, Kirsty Bain.", "Kirsty has set aside £900,000 for the barge network in 2026.",
                       "Alasdair Munro wants the cameras on every barge."],
                      ["The CFO: We need to see the support costs for five years."]])
    assert "The CFO" in people["Kirsty Bain"].forms and "CFO" not in people


def test_the_place_and_first_name_lists_are_read_back_from_their_plain_copies(tmp_path, monkeypatch):
    import tempfile

    from features.accounts import not_people
    from nlp.text import first_names

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    not_people._places.cache_clear()
    first_names.sexes.cache_clear()
    try:
        places, sexes = not_people._places(), first_names.sexes()
        assert list(tmp_path.glob("places-*.txt")) and list(tmp_path.glob("first-names-*.txt"))
        not_people._places.cache_clear()
        first_names.sexes.cache_clear()
        assert not_people._places() == places and first_names.sexes() == sexes
        assert "abuja" in places and sexes["gareth"] == "male"
    finally:
        not_people._places.cache_clear()
        first_names.sexes.cache_clear()


def test_a_short_form_alone_a_self_introduction_and_the_fd_find_their_person():
    people = _people([["Customer: Douglas Fairley (Base Maintenance Director), Tom Whitlock (Finance Director)",
                       "10:15 阿辉: 我是电气组黄志辉，大家叫我阿辉就好。"],
                      ["- Doug is clearly behind us now.", "- the FD has trimmed the envelope to £1.2 million.",
                       "09:17 Kevin葛宏伟：技术路线我这边支持。", "- 12 Dec: Fairley signs off."]])
    assert "Doug" in people["Douglas Fairley"].forms and "Doug" not in people
    assert "the FD" in people["Tom Whitlock"].forms
    assert "阿辉" in people["黄志辉"].forms and "葛宏伟" in people
    assert not any(p.name == "Dec" or "Dec" in p.forms for p in people.values())


def test_a_dialect_spelled_surname_joins_its_chinese_name_unless_a_line_lists_both():
    people = _people([["[03/06/26 09:10] Jason Tan: 客户资料必须放在新加坡本地机房", "[03/06/26 16:07] 林志强: 好，就按这个推进"],
                      ["陈国栋说他想借这个项目考云架构师证书。"]])
    assert "Jason Tan" in people["陈国栋"].forms and "Jason Tan" not in people  # Tan is how Hokkien writes 陈
    assert "林志强" in people  # a speaker after a WhatsApp stamp with its date is found
    listed = _people([["Present: Alicia Ng (CFO), 黄志明 (plant manager)"], ["黄志明说包装线要先做预测性维护。"]])
    assert "Alicia Ng" in listed and "Alicia Ng" not in listed["黄志明"].forms  # listed together: two people


def test_the_english_name_a_note_gives_and_a_chief_accountant_title_find_their_person():
    people = _people([["对方：杜国平（总经理）、郑浩（信息科工程师）", "财务那边今天没人来，杜总说邵总会计师那关不好过。"],
                      ["然后郑浩 他英文名叫Kevin 说系统可用性要做到四个九", "邵敏邵总会计师 说话很冲"],
                      ["| 3 | 调度平台要求四个九的可用性 | Kevin | 确认 |"]])
    assert "Kevin" in people["郑浩"].forms and "Kevin" not in people
    assert "邵总会计师" in people["邵敏"].forms and people["邵敏"].mentions == ("m0", "m1")  # the meetings naming her


def test_an_english_name_glued_before_a_chinese_speaker_is_that_person():
    people = _people([["09:12 Kevin葛宏伟：测温一天得自动测四遍以上。", "09:31 Kevin葛宏伟：我们信息中心统共就三个人。"],
                      ["葛宏伟说运维要驻场。"]])
    assert "Kevin" in people["葛宏伟"].forms and "Kevin" not in people and "Kevin葛宏伟" not in people


def test_a_sender_naming_their_own_role_is_who_a_role_alone_means_elsewhere(tmp_path, classifier):
    people = _account_people(tmp_path, classifier, [
        "Call 2026-03-02\nAttendees: Niamh Doherty (ops), Beth Marlow (us)\n"
        "Niamh Doherty: Our Finance Director will want to see the numbers first.\n",
        "From: Graham Sills <g.sills@greyhaven.example>\nSent: 2026-03-20\nSubject: Outline\n\n"
        "A few points from my side as FD.\nThe capital stays at £480k this year.\n\nGraham\n"])
    assert any("Finance Director" in f for f in people["Graham Sills"].forms)
    assert not any("Finance Director" in name for name in people) and people["Graham Sills"].layer == "decision"


def test_a_western_name_starting_with_a_dialect_surname_keeps_its_last_surname_and_our_one_syllable_name_is_no_customer(
        tmp_path, classifier):
    from features.accounts.name_forms import latin_surname

    assert latin_surname("Lim Chee Keong") == "Lim" and latin_surname("Lee Ann Smith") == "Smith"
    people = _account_people(tmp_path, classifier, [
        "Visit 2026-03-02\n客户：李军（信息科科长）；ours: Jun, Priya\n- 李军说网络要双链路。\n",
        "Call 2026-04-10\n李军：预算今年定了。\n"])
    assert "李军" in people  # our rep Jun is not the customer's 李军 (Jun in pinyin)


def test_ah_and_a_given_names_last_character_is_that_person_in_either_script():
    people = _people([["Customer: 黄德明（Managing Director）, 郑坤（IT engineer）", "- 阿坤: we need Wi-Fi inside the freezer rooms."],
                      ["[09:31] 阿坤: 冷冻库里面扫描枪一进去就掉线"], ["Penang 本季度平均响应 2.5 小时，Ah Kun 也确认了 AP 位置。"]])
    assert {"阿坤", "Ah Kun"} <= set(people["郑坤"].forms) and not {"阿坤", "Ah Kun", "Kun"} & set(people)
    assert people["郑坤"].mentions == ("m0", "m1", "m2")
    # two known names ending in the same character: 阿明 is nobody's for certain
    two = _people([["参会：黄志明、陈晓明"], ["阿明说机房要扩容"]])
    assert "阿明" not in two["黄志明"].forms and "阿明" not in two["陈晓明"].forms


def test_a_name_in_brackets_after_a_name_is_the_same_person_and_the_rest_is_the_role():
    people = _people([["主要联系人：叶思雨（设备技术科科长）；罗斌（Ben，设备技术科工程师）"],
                      ["> Max Liang (Liang Mingxuan) | OT Security Lead", "Max wants the tool network segmented."],
                      ["- Leo (listed as Zhou Lei on the org chart) wants 99.9% availability."]])
    assert "Ben" in people["罗斌"].forms and people["罗斌"].role == "设备技术科工程师"
    assert "Liang Mingxuan" in people["Max Liang"].forms and "Liang Mingxuan" not in people
    assert "Leo" in people["Zhou Lei"].forms and "Leo" not in people


def test_an_english_name_written_before_a_titled_chinese_form_takes_that_form_not_a_glued_name(tmp_path, classifier):
    chat = ("WhatsApp: Hanbing ops group, 11 Jun 2026\n"
            "[09:15] Lily Wong: Thanks. Priority one for me is still live temperature from all 180 reefer trucks\n"
            "[09:33] 阿坤: @David Wong 黄总，AP 的位置图在 survey 第三页，你有空看一下\n"
            "[10:12] Farah Ismail: On budget, RM3.2M is too much this year, the board will approve RM2.6M\n"
            "[10:40] David Wong: Farah 说的对，二百六十万就二百六十万\n")
    store = AccountStore(tmp_path / "accounts.sqlite")
    add_note(store, "Hanbing", chat, classifier, "2026-06-11")
    add_note(store, "Hanbing", "Hanbing 拜访记录 2026-07-02\n- 黄总说下一期他心里的数大概是三百二十万令吉\n", classifier)
    people = {p.name: p for p in build_view(store, "Hanbing").stakeholders}
    assert "黄总" in people["David Wong"].forms and not {"David Wong 黄总", "黄总"} & set(people)
    assert len(people["David Wong"].mentions) == 2  # 黄总 in the next note is him too


def test_a_chairman_called_dong_and_zong_is_one_person_beside_a_junior_namesake_with_an_english_name():
    people = _people([["客户参会\t邹建华（董事长）、邹敏（信息部经理，英文名Amy）", "邹总口头说今年先按八百万准备"],
                      ["小邹在群里又提了一次防爆交换机", "老邹今天没露面"], ["邹董确认联网是一期的核心", "Amy提出要驻场一个月"]])
    assert {"邹总", "老邹", "邹董"} <= set(people["邹建华"].forms) and "邹总" not in people
    assert {"小邹", "Amy"} <= set(people["邹敏"].forms) and "Amy" not in people


def test_a_who_is_who_list_item_gives_the_name_its_role_and_the_name_it_signs_with():
    note = ("Who is who\n- Priya Shah, Finance Director. She holds the money.\n"
            "- Vivian Li, IT manager. Signs her e-mails Li Wen. Quiet, sharp.\n")
    found = {p.name: p for p in find_people(note)}
    assert found["Priya Shah"].role == "Finance Director"
    assert "Li Wen" not in found and any(note[a:b] == "Li Wen" for a, b in found["Vivian Li"].mentions)


def test_a_malay_honorific_stays_outside_the_name_and_initials_are_a_given_names_short_form():
    people = _people([["Present: 陈国华 (MD), Puan Nurul Huda (CFO), 蔡俊杰", "Puan Nurul asked for a monthly subscription."],
                      ["JJ: guest data must stay in a data centre in Malaysia.", "JJ asked again about local hosting."]])
    assert "Nurul Huda" in people and "Puan Nurul Huda" not in people and "Puan Nurul" in people["Nurul Huda"].forms
    assert "JJ" in people["蔡俊杰"].forms and "JJ" not in people


def test_the_english_first_name_of_a_name_written_both_ways_is_that_person_alone_in_another_note():
    people = _people([["[09:15] Lily Wong 黄丽娟: Priority one is live temperature from all trucks"],
                      ["Lily is the sceptic today; she and David share an office."]])
    assert "Lily" in people["黄丽娟"].forms and "Lily" not in people and people["黄丽娟"].stance == "sceptic"


def test_in_a_run_on_line_naming_several_people_each_takes_the_attitude_written_after_their_name(tmp_path, classifier):
    store = AccountStore(tmp_path / "accounts.sqlite")
    add_note(store, "鸿达", "拜访纪要 2026-06-03\n参会：林志强（董事长）、林佩珊（运营经理）、Rajesh Kumar（财务）\n"
                           "- 林佩珊：预约系统我还是有保留，之前那家做的根本没人用\n", classifier)
    add_note(store, "鸿达", "Review 2026-09-09\n- 态度方面 林董 still supportive 佩珊从怀疑变成支持了 Raj 中立 没有反对也没有很热\n",
             classifier)
    stance = {p.name: p.stance for p in build_view(store, "鸿达").stakeholders}
    assert stance["林佩珊"] == "supporter" and stance["Rajesh Kumar"] == "neutral"


def test_a_dialect_spelled_given_name_and_a_titles_sex_tell_chinese_namesakes_apart():
    people = _people([["参会：林志强（董事长）、林佩珊（运营经理）"], ["Ms Lim asked for the booking app to work offline."],
                      ["Lim Chee Keong wants the showroom Wi-Fi fixed first."]])
    assert "Lim Chee Keong" in people["林志强"].forms and "Ms Lim" in people["林佩珊"].forms
    assert "Lim Chee Keong" not in people and "Lim" not in people


def test_a_deed_or_a_month_before_a_colon_is_no_person_but_a_month_that_is_a_first_name_can_be():
    names = {p.name for p in find_people("Interviewed: Catherine Moore (Chief Operating Officer)\n"
                                         "- March: discovery with Cath. Headline ask: one network for all clinics.\n"
                                         "April: we need the quote by Friday, she said.\n")}
    assert "Catherine Moore" in names and not names & {"Interviewed", "March"}


def test_a_titled_form_two_notes_join_to_two_namesakes_goes_to_the_one_the_title_fits():
    # the first note says 宋佳 shares the surname of 宋总 (the GM, 宋立群); the last names only 宋佳 beside 宋总
    people = _people([["客户陪同：宋佳（集控中心通信专责，跟宋总同姓，不是亲戚）", "说明：宋立群总经理没来，宋总的意思是数据都要回集控。"],
                      ["工单提交人：宋佳", "宋总最近两次约好的电话都改了期。"]])
    assert "宋总" in people["宋立群"].forms and "宋总" not in people["宋佳"].forms


def test_a_chinese_title_joins_the_namesake_whose_english_role_holds_it_and_ah_joins_a_dialect_given_name():
    people = _people([["Contacts met: Winnie Wong 黄慧玲 (QA Manager); 黄国伟 (maintenance and IT)."],
                      ["Ah Wai asked about cable trays.", "黄经理 walked us out.", "黄工说电缆路由图下周给。"]])
    assert "黄经理" in people["黄慧玲"].forms
    assert {"Ah Wai", "黄工"} <= set(people["黄国伟"].forms)


def test_a_full_name_with_a_pet_first_name_is_the_person_another_note_names_in_full():
    people = _people([["Last updated after the steering meeting with Margaret Doyle."],
                      ["Decision maker: Maggie Doyle, supportive since the pilot plan."]])
    assert "Maggie Doyle" in people["Margaret Doyle"].forms and "Maggie Doyle" not in people


def test_regions_company_sites_and_hyphenated_headings_are_not_people():
    from features.accounts.not_people import is_place, names_the_account, not_a_person
    from features.accounts.records import Stakeholder

    assert is_place("West Midlands") and is_place("Greater Manchester") and not is_place("West")
    assert names_the_account("Millrace Wolverhampton", "en-millrace-linen")
    assert not names_the_account("Millrace Smith", "en-millrace-linen")
    fields = {f: () for f in Stakeholder.__dataclass_fields__}
    wrap = Stakeholder(**{**fields, "name": "Wrap-up", "role": "", "layer": "unknown", "stance": "unknown",
                          "forms": ("Wrap-up",)})
    assert not_a_person(wrap, "en-millrace-linen")
    from features.accounts.not_people import named_as_a_company

    def bare(name, role=""):
        return Stakeholder(**{**fields, "name": name, "role": role, "layer": "unknown", "stance": "unknown", "forms": (name,)})
    notes = ["In January Hexley Brewing found glass on a pallet.", "Everything stays on servers at the Knottingley plant."]
    assert named_as_a_company(bare("Hexley"), notes) and named_as_a_company(bare("Knottingley"), notes)
    assert not named_as_a_company(bare("Graham"), notes + ["Graham asked for the plan."])
    assert not named_as_a_company(bare("Hexley", "buyer"), notes)  # a role the notes give makes a person


def test_an_english_name_with_a_chinese_surname_spelled_is_the_person_a_note_wrote_both_ways():
    from features.accounts.name_forms import tied_first
    from features.accounts.records import PersonMention

    grace = PersonMention("Grace Lee", "full", name="Grace Lee", surname="Lee")
    both = PersonMention("李美琪 Grace", "full", name="李美琪", surname="李", role="Service Manager")
    other = PersonMention("李振邦", "full", name="李振邦", surname="李")
    assert tied_first(grace, [(0, 1, grace), (2, 6, both), (1, 3, other)]) == both  # Lee spells 李
    assert tied_first(PersonMention("Grace Wong", "full", name="Grace Wong", surname="Wong"), [(2, 6, both)]) is None


def test_colleagues_named_by_our_company_alone_are_ours_once_any_note_says_which_company_is_ours(tmp_path, classifier):
    from nlp.text.our_company import account_ours, company_people, our_companies

    minutes = ("会议纪要\n参会单位：丰茂饲料集团；云拓工业科技有限公司（我方）\n"
               "参会人员：丰茂：温建平（总经理）、罗秀兰（财务总监）；云拓：周凯、何工\n- 温总要求五月底前上线。\n")
    assert our_companies(minutes, set()) >= {"云拓", "云拓工业科技有限公司"}
    assert company_people(minutes, {"云拓"}) == {"周凯", "何工"}
    # one note says who we are beside one of our people; the next names a colleague by the company alone
    first = "LinkedIn thread exported by Tom Beckett (Account Manager, Corvane Systems)\nEleanor Platt: Send me the deck.\n"
    later = "QBR deck, presented by Tom Beckett and Aisha Rahman (Corvane) to Eleanor Platt and Raj Kumar.\n"
    assert account_ours([first, later], {"Tom Beckett"}) >= {"Corvane", "Tom Beckett", "Aisha Rahman"}
    assert "Eleanor Platt" not in account_ours([first, later], {"Tom Beckett"})
    # one of our people marked as ours, or a heading, names no company of ours
    assert our_companies("Rui Santos (our side), Dr Priya Raman\nActions (us):\n", set()) == set()
    # a common word is no short form of ours (中国 of 中国电信), and a bracket that goes on past our name is no tie
    assert "中国" not in our_companies("参会单位：中国电信股份有限公司（我方）\n", set())
    assert company_people("Eleanor Platt (Corvane's sponsor); Tom Beckett (Corvane)\n", {"Corvane"}) == {"Tom Beckett"}
    store = AccountStore(tmp_path / "accounts.sqlite")
    add_note(store, "Millrace", first, classifier)
    add_note(store, "Millrace", later, classifier)
    names = {p.name for p in build_view(store, "Millrace").stakeholders}
    assert "Eleanor Platt" in names and not names & {"Aisha Rahman", "Corvane", "Tom Beckett"}


def test_a_who_is_who_line_ties_what_people_call_someone_and_that_tie_wins_over_a_surname_guess():
    people = _people([["林佳慧：时间上，林董的意思是春节前一定要用起来。"],
                      ["【微信语音 · 转文字】林佳慧 Jenny → 邓涛", "林董亲自过问了这个项目。"],
                      ["- 林国栋，董事长，一般叫林董，老员工私下喊老林。", "- 林佳慧，生产部经理，我们内部叫小林。"]])
    assert {"林董", "老林"} <= set(people["林国栋"].forms)
    assert "小林" in people["林佳慧"].forms and "林董" not in people["林佳慧"].forms


def test_a_speaker_or_a_message_writer_is_not_the_titled_namesake_they_talk_about():
    assert "林董" not in next(p for p in find_people("林佳慧：林董的意思是春节前要用起来。\n") if p.name == "林佳慧").forms
    found = find_people("【微信语音转文字】Shirley 黄丽珊 → Kelvin 陈凯文\n黄总的意思很清楚，六千个冷箱都要装。\n")
    assert {p.name for p in found} == {"黄丽珊", "陈凯文", "黄总"}  # and no 黄丽 read inside 黄丽珊


def test_an_english_name_written_before_the_chinese_one_and_its_first_name_alone_are_that_person():
    people = _people([["[09:21] Grace Lee: William wants a sensor box on every lift."],
                      ["Attendees：William Chan 陈伟明 (MD)；Suresh Pillai (Head of Field Ops)"]])
    assert "William" not in people and {"William Chan", "William"} <= set(people["陈伟明"].forms)


def test_a_two_letter_pet_form_with_the_same_surname_is_that_person():
    people = _people([["Champion: Fiona Hale, Quality Manager"], ["- Fi Hale (Quality): still our champion."]])
    assert "Fi Hale" in people["Fiona Hale"].forms and "Fi Hale" not in people
    assert not short_form_of("Fi", "Fiona")  # alone, without the surname, two letters are too few


def test_a_titled_form_of_our_own_surname_is_ours_unless_a_customer_person_holds_the_surname():
    from features.accounts.our_staff import without_our_people

    sts = [[_st("m0", 0, "孔工出接线图，王建国看过了。", language="zh")]]
    kept = {m.form for m in without_our_people(sts, {"孔令宇"})[0][0].people}
    assert "孔工" not in kept and "王建国" in kept
    theirs = [[_st("m0", 0, "孔工出接线图，孔德明看过了。", language="zh")]]
    assert "孔工" in {m.form for m in without_our_people(theirs, {"孔令宇"})[0][0].people}


def test_a_zong_title_goes_to_the_chairman_or_chief_executive_namesake_not_a_department_head():
    from nlp.text.seniority import title_clash

    people = _people([["Present: Raymond Wong 黄志豪 (CEO), Shirley Wong 黄丽珊 (Head of Fleet Operations)"],
                      ["黄总的意思很清楚，六千个冷箱都要装 tracker。"]])
    assert "黄总" in people["黄志豪"].forms and "黄总" not in people["黄丽珊"].forms
    assert not title_clash("总", "Chair 主席") and not title_clash("总", "董事长") and title_clash("总", "信息科科长")


def test_our_writer_and_our_to_dos_name_our_people_wherever_a_note_writes_them():
    from nlp.text.sides import our_people

    notes = {
        "# 周报（第 19 周）钱磊 · 澄川数智 西北区客户经理\n- 上午见总经理唐建华，我方吴悦一起去的。\n": {"钱磊", "吴悦"},
        "Saved to CRM by Callum Reid (Account Manager), 19 Mar 2026\nRakesh Shah confirmed the budget.\n": {"Callum Reid"},
        "Owner: Daniel Ong\nNext: 郭可欣 to send the phase plan by 27 May (our action).\n林国栋说要先做中央厨房。\n": {"郭可欣"},
    }
    for text, ours in notes.items():
        found = our_people(text, find_people(text), [])
        assert ours <= found and not found & {"唐建华", "Rakesh Shah", "林国栋"}, text


def test_an_english_name_two_clauses_on_and_one_in_brackets_after_a_nickname_are_that_persons():
    people = _people([["唐静是实际推动人，大家都叫她小唐，她英文名 Grace，在外企干过。"], ["Grace 说温室要先上线。"]])
    assert "Grace" in people["唐静"].forms and "Grace" not in people and "唐静是" not in people
    in_note = {p.name: p.forms for p in find_people("| 小林 (Shirley) | Central kitchen ops manager |\n—— 与 林慧珊 Shirley ——\n")}
    assert {"小林", "Shirley", "林慧珊"} <= set(in_note["林慧珊 Shirley"]) and "林慧" not in in_note  # one person


def test_a_titled_surname_with_a_role_goes_to_the_namesake_whose_role_is_not_known_yet():
    people = _people([["Cc: Rakesh Shah", "Rakesh (Head of Finance) confirmed £95,000.", "Dr Anita Shah wants the steriliser logs."],
                      ["Dr Shah (Clinical Director) asked for one log per practice."]])
    assert "Dr Shah" in people["Anita Shah"].forms and "Dr Shah" not in people["Rakesh Shah"].forms and "Shah" not in people


def test_a_full_name_with_accents_whose_first_name_is_one_of_ours_is_ours():
    from features.accounts.our_staff import without_our_people

    sts = [[_st("m0", 0, "Cc: Bence Tóth; Katalin Szabó")]]
    kept = {m.form for m in without_our_people(sts, {"Bence", "Jason"})[0][0].people}
    assert "Bence Tóth" not in kept and "Katalin Szabó" in kept
