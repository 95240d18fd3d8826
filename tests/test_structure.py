"""nlp/text/markup.py and nlp/text/structure.py: markup blanked in place, lines given kind, section, speaker and side."""
from __future__ import annotations

import pytest

from nlp.people import find_people
from nlp.text.markup import blank_markup
from nlp.text.sides import our_people
from nlp.text.structure import read_structure


def _by_line(text: str, field: str) -> dict:
    """{the line's text: that field of its Line} for a note."""
    clean, lines = _lines(text)
    return {clean[ln.start:ln.end].strip(): getattr(ln, field) for ln in lines}


def _lines(text: str):
    clean, headings = blank_markup(text)
    return clean, read_structure(clean, headings, find_people(clean))


@pytest.mark.parametrize("text", [
    "<p>Budget&nbsp;is <b>frozen</b> &amp; tight</p>",
    "## Needs\n- **SSO** via [Azure AD](https://example.com/x)\n",
    "<style>.a{color:red}</style><div>一、竞争情况</div>",
    "plain text, no markup at all",
])
def test_blanking_keeps_every_offset(text):
    clean, _ = blank_markup(text)
    assert len(clean) == len(text)
    for i, ch in enumerate(clean):
        assert ch in (" ", "\n", text[i]) or text[i] == "&"


def test_html_and_markdown_residue_is_gone():
    clean, headings = blank_markup('<h2>需求</h2><p style="font-family:Arial;">要支持数字人民币</p>\n## People\n**Ines** is new')
    assert "font-family" not in clean and "<" not in clean and "#" not in clean and "**" not in clean
    assert len(headings) == 2


def test_kinds_sections_speakers_and_sides():
    note = ("拜访纪要 2026-11-02\n参会：周立新（信息中心主任）；我方：梁博\n【需求】\n周立新：核心系统必须在年底前完成迁移。\n"
            "梁博：预算批了吗？\n下一步：\n梁博周五前发方案。\n")
    clean, lines = _lines(note)
    got = [(ln.kind, ln.side, ln.speaker, ln.section) for ln in lines]
    assert got[0][0] == "metadata"
    assert got[1][0] == "attendees"
    assert got[2][0] == "heading"
    assert got[3] == ("statement", "customer", "周立新", "【需求】")
    assert got[4][:3] == ("question", "us", "梁博")
    assert got[-1][0] == "todo"
    assert clean[lines[3].start:lines[3].end].startswith("核心系统")  # the label is not part of the content


@pytest.mark.parametrize("line, kind", [
    ("Open points:", "heading"),
    ("四、竞争情况", "heading"),
    ("Date: 3 March, 10:00", "metadata"),
    ("Action: send the SOW by Friday", "todo"),
    ("We will send the deck tomorrow.", "todo"),
    ("They lost two large accounts to a rival last quarter.", "statement"),
])
def test_single_line_kinds(line, kind):
    _, lines = _lines(line + "\nThe customer needs SSO.\n")
    assert lines[0].kind == kind


def test_caption_turns_are_customer_speech():
    _, lines = _lines(">> WE ARE REQUESTING TWO MORE STAFF POSITIONS\n>> THANK YOU CHAIR\n")
    assert all(ln.kind == "statement" and ln.side == "customer" for ln in lines)


def test_footnotes_and_reference_sections_carry_no_need():
    note = ("## Findings\nThe agency wants the code in escrow.\n[1] Figure taken from the annual report.\n"
            "## Footnotes\n2 The term covers every permit type.\n")
    clean, lines = _lines(note)
    kinds = {clean[ln.start:ln.end].strip(): ln.kind for ln in lines}
    assert kinds["The agency wants the code in escrow."] == "statement"
    assert kinds["[1] Figure taken from the annual report."] == "metadata"
    assert kinds["2 The term covers every permit type."] == "metadata"


def test_department_then_name_is_a_speaker_turn():
    note = "我方 Eric：方案今天下午发您\n放射科 Dr. Tang：胶片成本太高了\n信息科 刘主任：存储又快满了\n"
    clean, lines = _lines(note)
    got = [(ln.speaker, ln.side, clean[ln.start:ln.end]) for ln in lines]
    assert got[0][1] == "us"
    assert got[1][1] == "customer" and got[1][2] == "胶片成本太高了" and "Tang" in got[1][0]
    assert got[2][1] == "customer" and got[2][2] == "存储又快满了"


def test_hard_wrapped_prose_is_read_as_whole_sentences():
    from nlp.reading import read_note

    note = ("There were several other projects discussed, mostly involving the\n"
            "website and the intake form. One idea was a rules-based questionnaire.\n"
            "Next line starts a new sentence.\n")
    texts = [st.text for st in read_note(note).statements]
    assert texts[0] == "There were several other projects discussed, mostly involving the website and the intake form."
    assert "Next line starts a new sentence." in texts


def test_lines_a_person_ended_are_not_joined_as_a_wrap():
    from nlp.reading import read_note

    # a dictated memo: each line is a paragraph the speaker ended, none cut at a column, all starting in lower case
    memo = ("[Voice memo 2 - transcribed - 3 Dec 2026 - 2:10]\n"
            "ok so just left the depot they want contactless payment on every bus and the board wants it before the "
            "summer timetable change\n"
            "side note everyone in the region is doing this\n"
            "and the finance lead said the grant runs out in two years so cost per trip has to come down fast or the "
            "whole programme stalls\n")
    texts = [st.text for st in read_note(memo).statements]
    assert not any("\n" in t or ("memo" in t and "depot" in t) for t in texts)
    assert any(t.startswith("side note everyone") for t in texts)


def test_dash_headed_sides_and_our_people_asking_are_our_side():
    note = ("Present: Customer – Hanna Berg (CFO), Omar Haddad (IT); Us – Petra Lind, Jonas Falk\n\n"
            "Omar wants single sign-on before the pilot.\n"
            "Jonas asked whether the pilot needs its own tenant.\n"
            "Petra will send the pricing sheet.\n"
            "Omar asked for a fixed price.\n")
    side = _by_line(note, "side")
    assert side["Jonas asked whether the pilot needs its own tenant."] == "us"
    assert side["Petra will send the pricing sheet."] == "us"
    assert side["Omar wants single sign-on before the pilot."] != "us"
    assert side["Omar asked for a fixed price."] != "us"  # the customer asking is a request, not our line
    _, plain = _lines("They told us – again – that the budget is fixed.\n")
    assert plain[0].kind == "statement" and plain[0].side != "us"


def test_a_line_that_only_lists_people_is_an_attendee_line():
    note = ("Follow-up call, 10 April\nFerreira, Okonkwo, Weiss + a new face: Tobias Lang (procurement)\n"
            "Ferreira: single sign-on is still priority one.\nBerlin, Munich and Hamburg need the new scanners first.\n")
    clean, lines = _lines(note)
    kinds = {clean[ln.start:ln.end][:12]: ln.kind for ln in lines}
    assert kinds["Ferreira, Ok"] == "attendees"
    assert kinds["Berlin, Muni"] != "attendees"  # places with a verb are a statement


def test_a_person_given_one_of_our_roles_is_on_our_side():
    from nlp.text.sides import our_people

    note = "Attendees: Priya Raman (Head of Ops), Lukas Brandt (our SE)\nLukas Brandt will send the architecture.\n"
    clean, lines = _lines(note)
    assert our_people(clean, find_people(clean), lines) == {"Lukas Brandt"}


@pytest.mark.parametrize("note, ours", [
    ("Key: Speaker 1 = me (Ben Arkwright), Speaker 2 = Simon Hartley (Head of Technical Services)\n", {"Ben Arkwright"}),
    ("Owner: Ben Arkwright | Pre-sales: Nadia Flores\nDecision maker: Margaret Doyle, MD\n", {"Ben Arkwright", "Nadia Flores"}),
    ("我（韩磊）和宋总通了电话，宋立群说预算没变。\n", {"韩磊"}),
])
def test_the_writer_naming_themselves_and_a_records_owner_are_on_our_side(note, ours):
    from nlp.text.sides import our_people

    clean, lines = _lines(note)
    assert our_people(clean, find_people(clean), lines) == ours


def test_numbered_titles_over_body_text_are_headings_and_numbered_lists_are_not():
    note = ("4. Why the old system failed\nThe vendor stopped patching it and the county had no money to replace it.\n"
            "5 What they want now\nThey asked for single sign-on with their Azure AD and a mobile app for field staff.\n"
            "Open items\n1. Needs SSO with Azure AD\n2. Wants pricing by seat\n"
            "三 下一步\n我们下周把方案发给刘处，他说月底前要定下来。\n")
    expected = dict.fromkeys(("4. Why the old system failed", "5 What they want now", "Open items", "三 下一步"), "heading")
    expected |= dict.fromkeys(("1. Needs SSO with Azure AD", "2. Wants pricing by seat"), "statement")
    kinds = _by_line(note, "kind")
    assert {line: kinds[line] for line in expected} == expected


def test_a_chat_export_gives_each_message_its_sender():
    note = ("项目群聊天记录\nMarkus Schneider 14:20\nThe UI has to be in English and Chinese.\n\n钱工 14:31\n"
            "现在每条线报工还是手填 Excel，OEE 算不准\n补充：集团 target 75%\n\nMarkus Schneider 2026/11/12 15:05\nThanks.\n")
    clean, lines = _lines(note)
    got = {clean[ln.start:ln.end].strip(): (ln.kind, ln.speaker) for ln in lines}
    assert got["Markus Schneider 14:20"][0] == "metadata"
    assert got["The UI has to be in English and Chinese."] == ("statement", "Markus Schneider")
    assert got["现在每条线报工还是手填 Excel，OEE 算不准"][1] == "钱工"
    assert got["补充：集团 target 75%"][1] == "钱工"
    assert got["Thanks."][1] == "Markus Schneider"


def test_a_teams_export_with_bracketed_times_knows_our_sender_by_the_bracket():
    note = ("[24/11 08:12] Shauna Pryce (Northwall)\ncan the scanners work offline in the cold store?\n"
            "[24/11 08:20] Tariq Bell (us)\nyes, I'll send the spec sheet tonight.\n"
            "[24/11 08:31] Shauna Pryce (Northwall)\nfinance wants the licence under 40k a year\n")
    got = {line: (kind, speaker, side) for line, (kind, speaker, side) in
           zip(*_fields(note, "kind", "speaker", "side"))}
    assert got["[24/11 08:12] Shauna Pryce (Northwall)"][0] == "metadata"
    assert got["can the scanners work offline in the cold store?"][1:] == ("Shauna Pryce", "customer")
    assert got["yes, I'll send the spec sheet tonight."][1:] == ("Tariq Bell", "us")
    assert got["finance wants the licence under 40k a year"][1:] == ("Shauna Pryce", "customer")


def test_a_ticket_thread_gives_each_message_its_writer_and_keeps_the_internal_note_ours():
    note = ("Ticket #1182 | Priority: P2\n"
            "--- 2026-11-17 09:14 | Mei Ling Goh (Harbourview, Ops Manager) wrote:\n"
            "We will also expect a credit on this month's invoice.\n"
            "--- 2026-11-17 10:02 | Wen Hui (support) wrote:\nWe have reproduced it.\n"
            "--- 2026-11-17 11:40 | Dr Lim Boon Kiat (Harbourview, Medical Director) wrote:\n"
            "Patient data has to stay in Singapore.\n"
            "--- Internal note (not visible to customer) | Darren Koh:\nA rival demoed to the partners last week.\n")
    got = {line: (kind, speaker, side) for line, (kind, speaker, side) in
           zip(*_fields(note, "kind", "speaker", "side"))}
    assert got["We will also expect a credit on this month's invoice."] == ("statement", "Mei Ling Goh", "customer")
    assert got["We have reproduced it."][1:] == ("Wen Hui", "us")
    assert got["Patient data has to stay in Singapore."][2] == "customer"
    assert got["A rival demoed to the partners last week."][2] == "us"


@pytest.mark.parametrize("line", ["On Tue, 17 Nov 2026 at 10:02, Wen Hui <wen@example.com> wrote:", "李娜 写道：",
                                  "Joanne Teo wrote:"])
def test_a_reply_header_names_the_writer_of_the_quoted_lines(line):
    note = f"Thanks, see below.\n\n{line}\n> the portal has to support single sign-on\n"
    got = dict(zip(*_fields(note, "speaker")))
    assert got["the portal has to support single sign-on"][0] in line


def test_our_heads_in_a_crm_line_owner_and_ours_also_present():
    clean, lines = _lines("Date: 3 Mar 2026 | Owner: Hannah Cole | Ours also present: Marek Nowicki\n"
                          "Customer: Douglas Fairley (Director), Priya Natarajan (Head of Quality)\n- Douglas wants tracking.\n")
    ours = our_people(clean, find_people(clean), lines)
    assert {"Hannah Cole", "Marek Nowicki"} <= ours and not {"Douglas Fairley", "Priya Natarajan"} & ours


def test_a_lowercase_word_before_a_colon_is_not_a_speaker():
    note = "From Marisol\n- so: weekly counts exported in the county's template\n- fyi: the basement has no signal\n"
    speakers = _by_line(note, "speaker")
    assert speakers["- so: weekly counts exported in the county's template"] not in ("so", "So")
    assert speakers["- fyi: the basement has no signal"] not in ("fyi", "Fyi")


@pytest.mark.parametrize("line, blank", [("|---|:--:|", True), ("---------- Forwarded message ---------", True),
                                         ("--- 2026-11-17 09:14 | Joanne Teo wrote:", False)])
def test_rules_and_separator_rows_are_blanked_but_a_dashed_thread_header_is_kept(line, blank):
    clean, _ = blank_markup(line)
    assert (clean.strip(" \n") == "") == blank


def _fields(text: str, *names: str):
    """The lines' texts, then one tuple per line of the named fields."""
    clean, lines = _lines(text)
    return [clean[ln.start:ln.end].strip() for ln in lines], [tuple(getattr(ln, n) for n in names) for ln in lines]


def test_one_time_of_day_is_not_a_chat_export():
    clean, lines = _lines("Meeting with Harbourline at 14:00\nMarkus Schneider 14:20\nThey want SSO.\n")
    assert all(ln.speaker is None for ln in lines if ln.kind == "statement")


def test_a_customers_plan_under_next_steps_is_a_statement_and_our_send_stays_a_todo():
    note = ("区数据局工作例会纪要\n一 当前问题\n窗口办件数据仍需人工导入。\n二 下一步工作\n"
            "一是承建单位要在8月底前完成与省平台的对接。\n我们计划年内上线统一预约系统。\n我方周五前把方案发给数据局。\n")
    kinds = _by_line(note, "kind")
    assert kinds["一是承建单位要在8月底前完成与省平台的对接。"] == "statement"
    assert kinds["我们计划年内上线统一预约系统。"] == "statement"
    assert kinds["我方周五前把方案发给数据局。"] == "todo"


@pytest.mark.parametrize("line, kind", [
    ("I'll be honest, I backed the last vendor and it cost me.", "statement"),
    ("WE'LL NEED TWO MORE AGENTS BEFORE SUMMER.", "statement"),
    ("I'll send the revised quote on Monday.", "todo"),
])
def test_saying_is_not_a_todo(line, kind):
    assert _by_line("Call with the county\n\n" + line + "\n", "kind")[line] == kind


def test_an_auto_transcript_q_and_a_log_and_survey_give_numbered_turns():
    note = ("[00:00:20] Speaker 2: Right. The slot plan lives on a whiteboard.\n[00:01:15] (inaudible)\n"
            "[00:01:30] Speaker 3: From the stores side, parts kill us.\n问1：是否接受SaaS方式？\n答1：不接受，平台须部署于学校数据中心。\n"
            "R08: Offline mode!!! no signal\n")
    lines = dict(zip(*_fields(note, "kind", "speaker", "side")))
    assert lines["Right. The slot plan lives on a whiteboard."][:2] == ("statement", "Speaker 2")
    assert lines["[00:01:15] (inaudible)"][0] != "heading"
    assert lines["From the stores side, parts kill us."][1] == "Speaker 3"
    assert lines["是否接受SaaS方式？"][2] == "us" and lines["不接受，平台须部署于学校数据中心。"][2] == "customer"
    assert lines["Offline mode!!! no signal"][1] == "R08"


def test_a_forwarded_chain_gives_the_customers_mail_its_writer_and_keeps_the_cover_note_as_narration():
    note = ("From: Kevin Adair <k.adair@rollcall.example>\nTo: Mara Quint\nSubject: FW: Attendance sync\n\n"
            "Mara, see below. Lorraine went out on a limb for us at the board vote.\n\n"
            "From: Lorraine Bexley <lbexley@millford.example>\nTo: Kevin Adair\nSent: Monday, November 30, 2026 7:12 AM\n\n"
            "We are funded on average daily attendance, so the October count matters.\n\n"
            "From: Kevin Adair Sent: Friday, November 20, 2026 4:55 PM\nHi Lorraine, engineering found a likely cause.\n")
    clean, lines = _lines(note)
    got = {clean[ln.start:ln.end].strip(): (ln.speaker, ln.side) for ln in lines}
    assert got["Mara, see below. Lorraine went out on a limb for us at the board vote."] == (None, "unknown")
    assert got["We are funded on average daily attendance, so the October count matters."] == ("Lorraine Bexley", "customer")
    assert got["Hi Lorraine, engineering found a likely cause."][1] == "unknown"
    assert "Kevin Adair" in our_people(clean, find_people(clean), lines)


def test_a_ticket_reads_its_fields_and_dated_comment_headers():
    note = ("OPS-311  Label printing stalls at month end\n"
            "Reporter: Mara Quist (Feldhaus, logistics lead)  Assignee: Tobias Renn\n"
            "Components: label service  Created: 2026-11-02 08:40\n\n"
            "Comments\n"
            "Tobias Renn - 2026-11-03: Reproduced with their October batch.\n"
            "Mara Quist - 2026-11-04 09:15: We need the labels printed within two minutes of the pick list.\n"
            "Mara Quist, 5 Nov 2026: Month end is when the carriers collect, so a stall costs us a day.\n")
    clean, lines = _lines(note)
    got = {clean[ln.start:ln.end].strip(): (ln.kind, ln.side, ln.speaker) for ln in lines}
    assert got["Reporter: Mara Quist (Feldhaus, logistics lead)  Assignee: Tobias Renn"][0] == "metadata"
    assert got["Components: label service  Created: 2026-11-02 08:40"][0] == "metadata"
    assert got["Reproduced with their October batch."][1:] == ("us", "Tobias Renn")  # the assignee is ours
    assert got["We need the labels printed within two minutes of the pick list."][1:] == ("customer", "Mara Quist")
    assert got["Month end is when the carriers collect, so a stall costs us a day."][1:] == ("customer", "Mara Quist")


def test_a_group_closed_by_our_side_bracket_is_ours_only_where_semicolons_cut_the_groups():
    from nlp.text.sides import list_sides as _sides

    line = "Participants: Tom Becker, Rui Santos (our side); Dr Priya Raman, Hannah Walsh\n"
    ours, theirs = _sides(line, find_people(line))
    assert {"Tom Becker", "Rui Santos"} <= ours and "Hannah Walsh" in theirs and "Tom Becker" not in theirs
    line = "Attendees: Niamh Doherty, Liam Doherty, Beth Marlow (us)\n"
    ours, theirs = _sides(line, find_people(line))
    assert "Niamh Doherty" not in ours and "Niamh Doherty" in theirs


def test_a_greeting_is_not_part_of_the_name_it_greets():
    names = {p.name for p in find_people("[2 Apr 08:12] Hannah: Morning Tom. Quick one before our ops meeting.")}
    assert "Tom" in names and "Morning Tom" not in names


def test_a_list_after_a_sentence_is_read_and_our_own_mailed_report_is_narration():
    note = ("From: Emily Zhou\nTo: 李然\n\n"
            "Hi Ran, notes from today's call with the plant. Attendees: Nguyen Van Hoa (plant manager); us: Emily, Ran.\n\n"
            "Hoa said the line to Hangzhou has to stay up 99.9% of the time.\n")
    clean, lines = _lines(note)
    got = {clean[ln.start:ln.end].strip(): (ln.side, ln.speaker) for ln in lines}
    assert got["Hoa said the line to Hangzhou has to stay up 99.9% of the time."] == ("unknown", None)


def test_a_logs_legend_naming_the_parties_says_whose_turn_each_code_is():
    rfi = ("RFI-014 Platform - Clarification Log\n"
           "Issuer: Halden Crewe Brokers | Respondent: Pellworth Systems\n"
           "Key: Q = question from Halden Crewe; A = Pellworth response; F = Halden Crewe follow-up\n"
           "Q1 (IT Architecture, 12 Nov): Confirm the platform can be hosted in a UK region.\n"
           "A1: Yes, UK South and UK West.\n"
           "F1: Please be specific about the key vault.\n")
    got = {k: v for k, v in _by_line(rfi, "side").items()}
    kinds = _by_line(rfi, "kind")
    assert kinds["Key: Q = question from Halden Crewe; A = Pellworth response; F = Halden Crewe follow-up"] == "metadata"
    assert got["Confirm the platform can be hosted in a UK region."] == "customer"
    assert got["Yes, UK South and UK West."] == "us"
    assert got["Please be specific about the key vault."] == "customer"
    # no legend: a Q&A log's 问 is ours and 答 the customer's, as in an interview or a tender's 答疑
    qa = "招标答疑纪要\n问1：是否接受SaaS部署？\n答1：不接受，平台须部署于学校数据中心。\n"
    sides = _by_line(qa, "side")
    assert sides["是否接受SaaS部署？"] == "us" and sides["不接受，平台须部署于学校数据中心。"] == "customer"


def test_a_crm_records_fields_are_metadata():
    kinds = _by_line("商机名称：滨江燃气集团-智能表平台\n商机阶段：方案论证（40%）    预计金额：¥3,850,000\n"
                     "跟进记录\n老廖要求App能离线用，老小区地下室没信号。\n", "kind")
    assert kinds["商机名称：滨江燃气集团-智能表平台"] == "metadata"
    assert kinds["商机阶段：方案论证（40%）    预计金额：¥3,850,000"] == "metadata"
    assert kinds["老廖要求App能离线用，老小区地下室没信号。"] == "statement"


def test_a_pasted_spreadsheet_rows_leading_cells_are_read_like_a_label():
    text = ("时间\t地点\t参会人\t内容\n"
            "11-18 上午\t同上\t同上\t龚总：要有自动排版优化，板材利用率一年内提到八十七以上\n"
            "3\t染色配方要和坯布批号关联，出了色差能倒查\t小董\t高\n")
    clean, lines = _lines(text)
    by_text = {clean[ln.start:ln.end].strip(): ln for ln in lines}
    row = next(ln for t, ln in by_text.items() if "自动排版" in t)
    assert clean[row.start:row.end].startswith("要有自动排版") and row.speaker == "龚总" and row.side == "customer"
    assert any(t.startswith("3\t染色配方") for t in by_text)  # a numbered requirement row keeps its number
    assert "时间\t地点\t参会人\t内容" in by_text  # a header row of short cells stays whole


def test_whoever_exported_a_chat_is_on_our_side():
    text = ("钉钉群聊记录导出 群名：禾丰源 × 我方 对接群 导出人：郑晓岚 导出时间：2026-11-29\n"
            "[09:12] 郑晓岚：各位早，流程图我放群文件了\n[09:17] 老韩：今年秋季回款比去年慢了快一个月\n")
    sides = {ln.speaker: ln.side for ln in _lines(text)[1] if ln.speaker}
    assert sides["郑晓岚"] == "us" and sides["老韩"] == "customer"


def test_a_message_forwarded_into_a_chat_is_the_words_of_whoever_it_names():
    text = ("导出人：郑晓岚\n[14:20] 郑晓岚：财务那边也说了一句\n[14:21] 【转发】财务部 孟姐：\n"
            "　　「今年资金紧，明年春天之前能不能少压点钱在库存上」\n[14:25] 老韩：种子这行就是这样\n")
    clean, lines = _lines(text)
    quoted = next(ln for ln in lines if "资金紧" in clean[ln.start:ln.end])
    assert (quoted.speaker, quoted.side) == ("孟姐", "customer")
    assert next(ln for ln in lines if "转发" in clean[ln.start:ln.end]).kind == "metadata"


def test_an_agenda_items_title_is_a_heading_and_a_minutes_title_is_no_speaker():
    text = "会议纪要：配网自动化改造项目启动前沟通会\n议题一：改造范围\n周主任明确，本期改造覆盖城区42条线路。\nAgenda item 2: budget\nThe cap is 2M.\n"
    kinds = _by_line(text, "kind")
    assert kinds["议题一：改造范围"] == "heading" and kinds["Agenda item 2: budget"] == "heading"
    assert _by_line(text, "speaker")["会议纪要：配网自动化改造项目启动前沟通会"] is None
    assert _by_line(text, "section")["周主任明确，本期改造覆盖城区42条线路。"] == "议题一：改造范围"


def test_an_e_mails_fwd_subject_and_a_numbered_item_are_no_forward_and_no_agenda_heading():
    text = "Fwd: Budget approval\nItem 1: 200 units\n转发 一下这个\nThe CFO wants the rollout split in two phases.\n"
    speakers = {ln.speaker for ln in _lines(text)[1]}
    assert not speakers & {"Budget approval", "一下这个"}  # neither is someone whose forwarded words follow
    assert _by_line(text, "kind")["Item 1: 200 units"] != "heading"


def test_voice_message_tags_and_call_channel_tags_keep_the_speaker_and_the_side():
    note = ("关联客户：鸿彩印务有限公司  联系人：彭厂长\n[00:00:03][坐席] 喂 彭厂长您好 我是小滕\n"
            "[00:00:24][客户] 我们现在八台机 排机全靠调度一个人记\n")
    side = _by_line(note, "side")
    assert side["喂 彭厂长您好 我是小滕"] == "us" and side["我们现在八台机 排机全靠调度一个人记"] == "customer"
    assert _by_line(note, "kind")["关联客户：鸿彩印务有限公司  联系人：彭厂长"] == "metadata"
    chat = ("[语音 52″] 胡总：今年物业费收缴率掉得太厉害了\n我：收到胡总，明天给您方案\n"
            "[语音 22″] 胡总：巡更要改成手机扫码打卡 带定位的那种\n")
    assert _by_line(chat, "speaker")["巡更要改成手机扫码打卡 带定位的那种"] == "胡总"
    assert _by_line(chat, "side")["巡更要改成手机扫码打卡 带定位的那种"] != "us"


def test_a_legend_that_names_both_sides_itself_gives_each_code_its_side():
    log = ("货场系统 投标文件澄清往来记录\n"
           "说明：Q为采购人澄清函原文编号，D为我方拟答，R为采购代理机构的电话回复\n"
           "Q1：请确认系统可用率不低于99.9%。\n"
           "D1：可以，报价已含双机热备。\n"
           "R1：代理回复，切换期间不得停止装卸作业。\n")
    sides = _by_line(log, "side")
    assert sides["请确认系统可用率不低于99.9%。"] == "customer"
    assert sides["可以，报价已含双机热备。"] == "us"
    assert sides["代理回复，切换期间不得停止装卸作业。"] == "customer"
    # a legend naming one side only is no legend: 问 stays ours, as in an interview
    one = "说明：Q为访谈提纲编号\nQ1：您平时怎么排班？\n"
    assert _by_line(one, "side")["您平时怎么排班？"] == "us"


def test_a_markdown_tables_header_row_heads_no_section():
    table = ("| Topic | What they said | Owner | Follow-up |\n|---|---|---|---|\n"
             "| Food waste | Tomas: they bin about 9% of fresh produce every week | Meera | ask for the waste log |\n")
    clean, lines = _lines(table)
    got = {clean[ln.start:ln.end].strip(): (ln.kind, ln.side) for ln in lines}
    assert "Follow-up" not in got and "Topic" not in got  # the column names are blanked
    assert got["they bin about 9% of fresh produce every week"] == ("statement", "customer")


def test_a_list_of_our_people_that_a_sentence_follows_is_read():
    note = ("(Orbisys = us: Ivan 黄立 and Dinesh Kumaran. Everyone else is from Tianli.)\n"
            "[08/04/2026 09:14] Ivan 黄立: Morning all, can you confirm the lift count?\n"
            "[08/04/2026 09:20] Grace Lee: 2,400 units under contract.\n")
    clean, lines = _lines(note)
    ours = our_people(clean, find_people(clean), lines)
    assert {"Ivan 黄立", "Dinesh Kumaran"} <= ours and "Grace Lee" not in ours


def test_a_label_that_ends_in_wanting_names_the_person_and_keeps_the_want():
    clean, lines = _lines("拜访记录\n黄姐要：合同 开票 回款 跟项目挂在一起\n")
    line = next(ln for ln in lines if "合同" in clean[ln.start:ln.end])
    assert line.speaker == "黄姐" and clean[line.start:line.end].startswith("黄姐要：")


def test_a_demand_on_the_supplier_with_a_deadline_under_next_steps_is_no_todo():
    kinds = _by_line("三 下一步工作\n二是承建单位于5月25日前提交二期建设方案，费用要分年度单列。\n我们周五前把报价发过去。\n",
                     "kind")
    assert kinds["二是承建单位于5月25日前提交二期建设方案，费用要分年度单列。"] == "statement"
    assert kinds["我们周五前把报价发过去。"] == "todo"


@pytest.mark.parametrize("note, ours", [
    ("ACCOUNT HAND-OVER NOTE - Brindley Glass\nFrom: Priya Nair | To: Ben Aldous | 22 July 2026\nGraham wants it live.\n",
     {"Priya Nair", "Ben Aldous"}),
    ("客户交接说明（邓涛 → 乔雨）\n原因：我调去华东区。\n林董最后拍板。\n", {"邓涛", "乔雨"}),
    ("Owner: Priya Nair | Solution engineer: Marco Ruiz\nProbability: 30%\n", {"Priya Nair", "Marco Ruiz"}),
    ("(Kelvin, drawn after the kickoff, Aaron Goh from our side also there)\n", {"Aaron Goh"}),
    ("邓涛附注：我是启衡物联华南区的客户经理邓涛，导出后只删了开头几句。\n", {"邓涛"}),
    ("勘查日期：2026-04-23　勘查人：邓涛、孔令宇（我方）\n", {"邓涛", "孔令宇"}),
])
def test_a_hand_over_note_a_crm_engineer_and_a_writer_introducing_themselves_are_ours(note, ours):
    from nlp.text.sides import our_people

    clean, lines = _lines(note)
    assert our_people(clean, find_people(clean), lines) >= ours


def test_a_shared_documents_margin_comments_are_their_writers_for_their_own_line():
    note = ("TMS 需求说明 v0.3（共享文档，建议模式）\n文档所有者：运营总监 Lydia 覃 | 评论者：Bo（技术）、我方 Felix\n"
            "2.1 统一的术语库，按客户隔离。\n【评论 · Bo】说实话旧系统是我搭的，迁移出了问题最后都是我背。\n"
            "2.2 Data must be hosted in mainland China.\n【评论 · Felix（我方）】我们可以提供迁移服务。\n"
            "【评论 · Lydia 覃 → Bo】不用写，删掉。\n")
    got = _by_line(note, "speaker")
    assert got["说实话旧系统是我搭的，迁移出了问题最后都是我背。"] == "Bo"
    assert got["2.2 Data must be hosted in mainland China."] is None  # the comment's turn ends with its line
    assert _by_line(note, "side")["我们可以提供迁移服务。"] == "us"
    assert _by_line(note, "kind")["文档所有者：运营总监 Lydia 覃 | 评论者：Bo（技术）、我方 Felix"] == "metadata"


def test_a_tickets_comment_lines_and_a_cards_id_name_no_one_but_their_writer():
    note = ("工单导出 - 殡仪服务中心 试点\n导出人: 我方实施 Leo 石   Export date: 2026-12-01\n"
            "[卡片 #12] 每批都要记录温度曲线，保存三年。 标签：质量 | 负责人：老聂\n"
            "[Card #15] Label printing must switch formats without calling IT. Tag: Packaging | Owner: Lorraine\n"
            "评论 老詹: 车辆到达后要自动给家属发一条短信。\n评论 Leo 石: Known limitation of the tracker hardware.\n"
            "#21 · Lorraine (11/25)：Procurement view: payment 30/40/30.\n")
    speaker, side = _by_line(note, "speaker"), _by_line(note, "side")
    assert speaker["车辆到达后要自动给家属发一条短信。"] == "老詹"
    assert side["Known limitation of the tracker hardware."] == "us"  # `我方实施 Leo 石`: one of ours
    assert (speaker["Procurement view: payment 30/40/30."], side["Procurement view: payment 30/40/30."]) == ("Lorraine", "customer")
    card = "Label printing must switch formats without calling IT. Tag: Packaging | Owner: Lorraine"
    assert speaker[card] is None  # the card's id is left out of what the line says; its owner is not ours


def test_a_chat_exports_turns_with_sender_and_time_on_the_line():
    note = ("微信聊天记录导出（私聊）\n导出范围：2026年10月9日 - 11月27日\n—— 10月9日 周五 ——\n"
            "梁蔚 14:37 你好，记得，你们那个演示挺直观。\n梁蔚 14:39 我们今年夏天停了两次电，库里材料超温了。\n"
            "—— 10月16日 ——\n周一 09:00 开会\n")
    speaker, kind = _by_line(note, "speaker"), _by_line(note, "kind")
    assert speaker["我们今年夏天停了两次电，库里材料超温了。"] == "梁蔚"
    assert kind["导出范围：2026年10月9日 - 11月27日"] == "metadata" and kind["—— 10月16日 ——"] == "metadata"
    assert speaker["周一 09:00 开会"] is None  # a day and a time once: no sender


def test_a_chinese_dated_stamp_and_an_auto_transcripts_numbered_speaker_before_the_time():
    dm = "微信私信记录\n6月12日 21:05 Jimmy：第二季度同店销售掉了 11%。\n6月12日 21:09 我：明白。\n"
    assert _by_line(dm, "speaker")["第二季度同店销售掉了 11%。"] == "Jimmy"
    asr = ("Transcript (auto-generated)\nSpeaker 1  00:00:05  morning both thanks for making time\n"
           "Speaker 2  00:00:11  morning its Linda here\nSpeaker 2  00:01:40  we need a text when a fridge drifts\n")
    assert _by_line(asr, "speaker")["we need a text when a fridge drifts"] == "Speaker 2"
