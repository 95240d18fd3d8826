"""The structure of a note before any need is read: headings, metadata, attendee lists, to-dos, speaker turns.

`read_structure(text, headings, people)` takes the note with its markup blanked (nlp/text/markup.py)
and gives one Line per non-empty line: its kind, the section heading above it, the speaker of a
`Name:` turn and which side that speaker is on. Our own side is learned from the note itself
(`我方：陈浩、许诺`, `our side: Lena`, `Us:`); a named speaker not on our side is the customer.
Headings, metadata, attendee lists, our to-dos and our own lines carry no customer need.
"""
from __future__ import annotations

import re
from collections import Counter

from nlp.people import people_in
from nlp.records import Line, Person
from nlp.text.headings import is_heading
from nlp.text.segment import ITEM_NUMBER
from nlp.text.senders import STAMP_AHEAD, chat_sender, forwarder_domain
from nlp.text.sides import (
    CARD_ID,
    CUSTOMER_HEAD,
    LEGEND,
    OUR_ROLE,
    US_HEAD,
    is_list,
    legend_sides,
    list_sides,
    only_names,
)
from nlp.text.wrapped import join_wrapped

_US_LABELS = {"us", "we", "me", "our side", "vendor", "rep", "sales", "ae", "se", "interviewer", "q", "question", "问",
              "记者", "我方", "我", "我们", "主持人", "journalist", "reporter", "moderator", "销售", "售前", "坐席", "客服", "agent"}
_CUSTOMER_LABELS = {"customer", "client", "them", "they", "a", "answer", "答", "客户", "对方", "客户方", "受访者", "甲方"}
# a line that opens with one of our people doing something (`Cindy asked whether ...`, `Leo will ...`) is our side
_OUR_DEED = re.compile(r"[ \t]*(?:asked|asks|offered|offers|suggested|suggests|proposed|explained|presented|showed|demoed|"
                       r"promised|will|问|建议|介绍|演示|承诺|会)")
_DEPT_NAME = r"[\u4e00-\u9fff]{2,6} (?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}|[\u4e00-\u9fff]{1,5})"  # `放射科 Dr. Tang：`
# a turn's label, after a time where a transcript writes one (`[00:01:46] Speaker 3:`, `00:02:15 Victor Lim:`); a numbered
# label of an auto-transcript, a Q&A log or a survey (`Speaker 2`, `发言人1`, `问3`, `答3`, `Q3`, `R08`) counts too
_NUMBERED_LABEL = r"(?:Speaker|Participant|Spk|Respondent|发言人|说话人|受访者)[ \t]?\d{1,2}|[问答QAR][ \t]?\d{1,3}"
# a ticket's or a forum's comment header dates the label after it (`Ellie Tan - 2026-11-21:`, `Jun Park, 24 Nov 2026 10:15:`)
_DATED = (r"(?:[ \t]*[-–—,|][ \t]*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[ \t]+[A-Z][a-z]{2,8}\.?(?:[ \t]+\d{4})?|"
          r"\d{1,2}/\d{1,2}(?:/\d{2,4})?)(?:[ \t]+\d{1,2}:\d{2})?)?")
_LABEL = re.compile(r"^[ \t>*\-•]*" + STAMP_AHEAD + r"(" + _NUMBERED_LABEL + r"|" + _DEPT_NAME +
                    r"|(?:[A-Z][\w.'-]*|[a-z]{1,3})(?: [A-Z][\w.'-]*){0,3}|[\u4e00-\u9fffA-Za-z]{1,8})"
                    r"(?:\s*[（(][^）)\n]{1,30}[）)])?" + _DATED + r"\s*[:：](?!//)")
# a call recording's channel tag after its time, no colon (`[00:00:24][客户] 嗯 对`, `[00:01:02] [Agent] Hi`)
_CHANNEL = re.compile(r"^[ \t]*(?:[\[【]\d{1,2}:\d{2}(?::\d{2})?[\]】][ \t]*)?[\[【](坐席|客服|客户|(?i:agent|customer))[\]】][ \t]*")
# a shared document's margin comment or tracked change, named for its writer (`【评论 · Bo】`, `【修订 · 阿珍】`,
# `【评论 · Lydia 覃 → Bo】` answering Bo, `[Comment · Felix (us)]`): the writer's turn, for that line
_COMMENT = re.compile(r"^[ \t>*\-•]*[\[【](?:评论|批注|修订|回复|意见|(?i:comment|reply|suggestion|edit))[ \t]*[·・:：|\-–—][ \t]*"
                      r"([^\]】→\n]{1,30}?)[ \t]*(?:(?:→|->)[^\]】\n]{1,30})?[\]】][ \t]*")
# a ticket's or a review's comment line, unbracketed (`评论 老詹: 不能关`, `Comment by Jun Park: …`, `回复 Wendy 包：`)
# or a card's comment numbered for its card (`#12 · 老聂 (11/22)：温度曲线…`)
_COMMENT_LINE = re.compile(r"^[ \t>*\-•]*(?:(?:评论|批注|回复|留言|(?i:comment(?:ed)?(?: by| from)?|reply(?: from)?))[ \t]+|"
                           r"#\d{1,5}[ \t]*[·・|\-–—][ \t]*)([^:：\n\[【（(#]{1,24}?)" + _DATED +
                           r"(?:[ \t]*[（(][^）)\n]{1,20}[）)])?[ \t]*[:：](?!//)[ \t]*")
# a chat export's turn with its sender and time on the line (`梁蔚 14:39 我们今年夏天…`, `Dana 09:12 fine by me`): the
# sender's turn when the same sender opens two lines so or the sender is a person the note names; an auto-transcript's
# `Speaker 2  00:00:11  morning Callum` too
_TIMED_TURN = re.compile(r"^[ \t>*\-•]*(" + _NUMBERED_LABEL + r"|[\u4e00-\u9fff]{2,4}|[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2})[ \t]+"
                         r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ \t]+)?\d{1,2}:\d{2}(?::\d{2})?[ \t]+(?=\S)")
_NUMBERED_FIELD = re.compile(ITEM_NUMBER.pattern + r"\s")
_TURN = re.compile(r"^[ \t]*>>")
_META = re.compile(r"^[ \t>*\-•]*(?:date|time|when|where|location|venue|place|subject|from|to|cc|bcc|sent|re|fwd|dial-in|"
                   r"duration|updated|author|account|opportunity|stage|reporter|assignee|components?|labels|created|resolution|"
                   r"priority|issue type|提单人|处理人|优先级|日期|时间|地点|主题|发件人|收件人|抄送|会议时间|会议地点|"
                   r"更新人|更新时间|记录人|记录|整理人|客户名称|项目名称|商机|"
                   # a CRM opportunity record's fields (round 11)
                   r"商机(?:名称|阶段|编号|来源)|预计(?:金额|签约|成交)\w{0,4}|销售阶段|赢单率|赢率|成交概率|创建人|创建时间|最后跟进|"
                   r"所属行业|客户等级|close date|forecast category|lead source|probability|"
                   # a call centre's recording header (round 13)
                   r"关联客户|联系人|客户号码|呼叫方向|通话时长|"
                   # a shared document's header (round 15)
                   r"文档所有者|所有者|评论者|审阅人|批注人|document owner|reviewers?|commenters?|"
                   # a chat export's header (round 16)
                   r"导出范围|导出时间|导出日期|export(?:ed)? (?:range|date|on)|filter)\s*[:：]|^[ \t]*(?:日期|时间|地点)\s", re.I)
# a date alone on its line, a chat export's day separator (`—— 10月16日 周五 ——`, `--- 2026-11-03 ---`)
_DATE_LINE = re.compile(r"^[\s\-—–=*#·]*(?:\d{4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?(?:[\s,，]*(?:周|星期)[一二三四五六日天])?[\s\-—–=*#·]*$")
_DATE = re.compile(r"\d{4}[-/.年]\d{1,2}|\d{1,2}[/月]\d{1,2}|\b\d{1,2}:\d{2}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
_RECORD = re.compile(r"(?i)minutes|notes|call|meeting|visit|纪要|记录|拜访|会议|通话|访谈|interview|sync|catch-up|review|debrief|"
                     r"recap|dry run|workshop|复盘|周报")
_TODO = re.compile(r"^[ \t>*\-•\d.、)]*(?:action(?: items?)?|actions|ai|todo|to-do|to do|next steps?|follow[- ]?ups?|owner|"
                   r"待办|下一步|跟进|后续|行动项|会后)\s*[:：]|^[ \t>*\-•\d.、)]*(?:(?:we(?:'ll| will| shall| to)|i(?:'ll| will))(?!\s+(?:say|be honest|be frank|be blunt|"
                   r"admit|tell you|put it|note|repeat|remind|need|have to|not)\b)|"
                   r"(?:will |to )?(?:send|share|prepare|schedule|set up|book|follow up|draft|circulate)\b|我方|我们(?:会|将|下周|回去|负责)|"
                   r"(?:负责人|owner)\s*[:：])", re.I)
# a line under a next-steps heading that is the customer's own plan or a demand on its supplier is a statement, not a
# to-do: a customer's work minutes end in 下一步工作 (一是承建单位要…前完成…, 承建单位于5月25日前提交…), an interview
# in 下一步打算 (我们计划…)
_CUSTOMER_PLAN = re.compile(r"(?:承建单位|中标单位|供应商|厂商|服务商|乙方)[^，。,；;]{0,6}(?:要|须|必须|应当?|需要?|于(?=[^，。,；;]{0,12}前))|希望(?:合作)?厂商|"
                            r"我们计划|计划(?:今年|明年|年内|下半年|上半年)|要能|须能|必须|"
                            r"\b(?:vendors?|suppliers?|contractors?|providers?)\b[^.;,]{0,20}\b(?:must|shall|needs? to|has to|is required to)\b|"
                            r"\b(?:we plan to|we intend to|the (?:system|platform|solution) (?:must|shall|needs to))\b", re.I)
_NEXT_SECTION = re.compile(r"(?i)next steps?|action items?|actions|to-?dos?|follow[- ]?ups?|待办|待跟进|下一步|后续|行动|跟进事项")
_NOT_SPEAKERS_ZH = set("会议纪要 纪要 会议记录 议题 议程 备注 说明 背景 需求 问题 结论 注意 提醒 原话 联系方式 电话 手机 邮箱 地址 预算 竞争 风险 决策 目标 痛点 进展 现状 "
                       "计划 要求 建议 补充 总结 客户 对方".split()) - {"客户", "对方"}
# a name of two characters or more before the verb: 摘要 / 需要 are no person wanting something
_WANTS_LABEL = re.compile(r"[\u4e00-\u9fff]{2}(?:要的是|要求|希望|想要|需要|要|强调)$")
_ATTENDEE_SECTION = re.compile(r"(?i)\s*(?:attendees|participants|present|who|参会|与会|出席|人员)")
_QUESTION_END = re.compile(r"[?？]\s*$")
# footnotes and references cite sources; they carry no one's need (`[2] See ...`, a `Footnotes` section)
_REFERENCE_SECTION = re.compile(r"(?i)^[#*' ]*(?:foot ?notes?|references|bibliography|citations|endnotes|参考文献|参考资料|注释|资料来源)[*' ]*$")
_FOOTNOTE = re.compile(r"^[ \t]*\[\d{1,3}\][ \t]|^[ \t]*\^\d")
# a row of a table pasted from a spreadsheet (`11-18 上午<TAB>同上<TAB>同上<TAB>龚总：要有…`): its leading cells (date, place,
# ditto marks) are read like a speaker label, outside the statement, so the model and the speaker finder see the cell
# that says something; a row whose cells are all short (a header row) stays whole, and so does a numbered one (`3<TAB>
# 染色配方要…<TAB>小董<TAB>高`: a requirement list's item number is part of what the model reads as a requirement)
# a message forwarded into a chat, whose lines below are the words of whoever it names: `[14:21] 【转发】财务部 孟姐：`,
# `【转发】齐总在「管理层」群里说：`, `Forwarded from Lina Haddad:`
_FORWARDED = re.compile(r"^[ \t>*\-•]*" + STAMP_AHEAD + r"(?:【转发】|\[转发\]|(?i:forwarded(?: message)? from|\[forwarded\]))"
                        r"[ \t]*(?:[\u4e00-\u9fff]{2,4}部[ \t]*)?([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z .'-]{0,20}?)"
                        r"(?:在[^：:\n]{0,20}?说)?[ \t]*[:：][ \t]*$")
# an agenda item's title is a heading, not a speaker's turn: `议题一：改造范围`, `Agenda item 2: budget`
_AGENDA = re.compile(r"^[ \t>*\-•]*(?:议题|议程|(?i:agenda item|topic))[ \t]*(?:[一二三四五六七八九十]{1,3}|\d{1,2})"
                     r"[ \t]*[:：、.][ \t]*[^，,。.;；:：]{1,16}$")
CELL_MIN = 12  # characters of the longest cell for a row to be read that way
_ITEM_NUMBER = re.compile(r"\s*(?:[A-Za-z]{1,4}[-.]?)?\d{1,3}(?:\.\d{1,3})*[.)、]?\s*")


def content_cell(body: str) -> int:
    """Offset in `body` of a tab-separated row's longest cell, when it is long and follows short cells; else 0."""
    if body.count("\t") < 2 or _ITEM_NUMBER.fullmatch(body.split("\t", 1)[0]):
        return 0
    cells, at = [], 0
    for cell in body.split("\t"):
        cells.append((at, cell))
        at += len(cell) + 1
    where, longest = max(cells, key=lambda c: len(c[1].strip()))
    if len(longest.strip()) < CELL_MIN or where == 0:
        return 0
    return where + len(longest) - len(longest.lstrip())


_OURS_MARK = re.compile(r"[（(][ \t]*(?:我方|我司|本方|(?i:us|our side|ours))[ \t]*[）)]")


def _side(label: str, person: Person | None, ours: set[str], theirs: set[str], codes: dict[str, str] | None = None) -> str:
    low = re.sub(r"^([问答a-z])[ \t]?\d{1,3}$", r"\1", label.lower())  # 问3 is 问, A3 is A, F3 is F, D1 is D
    if codes and low in codes:  # a log's legend says whose turn a code is (sides.legend_sides)
        return codes[low]
    names = {label} | ({person.name, *person.forms} if person else set())
    if _OURS_MARK.search(label) or (person and OUR_ROLE.match(person.role or "")):  # `Felix（我方）`, `Tariq (us)`
        return "us"
    if low in _US_LABELS or low.split()[0] in _US_LABELS or names & ours or any(label in o or o in label for o in ours if len(o) >= 2):
        return "us"
    if low in _CUSTOMER_LABELS or names & theirs or any(label in t for t in theirs if len(t) >= 2):
        return "customer"
    return "customer" if (person or ours) and low not in _US_LABELS else "unknown"


def read_structure(text: str, headings: set[int], people: list[Person]) -> list[Line]:
    """One Line per non-empty line of `text` (a note with its markup blanked), in order."""
    from nlp.text.names import NOT_SPEAKERS

    raw = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    ours, theirs = list_sides(text, people)
    codes = legend_sides(text)
    out: list[Line] = []
    section, speaker, side, chat = None, None, "unknown", False
    senders = [chat_sender(text[a:b]) for a, b in raw]
    # two chat sender lines make a chat export; one `... wrote:` or internal-note line is a thread on its own
    chat_export = sum(s is not None for s in senders) >= 2 or any(s and s.kind != "chat" for s in senders)
    # a sender whose bracket names our side (`Tariq Bell (us)`, `Wen Hui (support)`) is ours throughout; so is one
    # writing from the domain of whoever forwarded the chain, whose cover lines are the rep's narration about the
    # customer (an observation there can be a need), not a turn of ours
    our_domain = forwarder_domain(text, senders) if chat_export else None
    narrators = {x.name for x in senders if x and our_domain and (x.note or "").lower() == our_domain}
    # one e-mail, not a thread, that one of our people wrote: the rep's report of a meeting (`From: Emily Zhou`, `us:
    # Emily, Ran`), whose lines are narration about the customer, not our side's turn
    mailers = {x.name for x in senders if x and x.kind == "mail" and x.name}
    if len(mailers) == 1 and all(x is None or x.kind == "mail" for x in senders):
        if _side(next(iter(mailers)), None, ours, theirs) == "us":
            narrators = narrators | mailers
    if chat_export:
        ours = ours | {s.name for s in senders if s and s.ours and s.name} | narrators
    timed = Counter(m.group(1) for m in (_TIMED_TURN.match(text[a:b]) for a, b in raw) if m)
    for i, (a, b) in enumerate(raw):
        a += content_cell(text[a:b])
        body = text[a:b]
        nxt = text[raw[i + 1][0]:raw[i + 1][1]] if i + 1 < len(raw) else None
        prev = text[raw[i - 1][0]:raw[i - 1][1]] if i else None
        gap = i > 0 and "\n\n" in text[raw[i - 1][1]:a].replace(" ", "")
        bare_head = bool(re.fullmatch(r"[^:：]{1,30}[:：]\s*", body))  # `Next steps:` heads a section
        forwarded = _FORWARDED.match(body)
        if forwarded:  # the forwarded words are that person's, whoever posted them
            person = next(iter(people_in(people, a + forwarded.start(1), a + forwarded.end(1))), None)
            speaker = person.name if person else forwarded.group(1).strip()
            side, chat = _side(speaker, person, ours, theirs), True
            out.append(Line(a, b, "metadata", section))
            continue
        if chat_export and senders[i]:
            sender = senders[i]
            person = next(iter(people_in(people, a + sender.at, b)), None) if sender.name else None
            speaker = person.name if person else sender.name
            side = "us" if sender.ours else _side(sender.name, person, ours, theirs)
            if sender.name in narrators:
                speaker, side = None, "unknown"
            chat = True
            out.append(Line(a, b, "metadata", section))
            continue
        if a in headings or _AGENDA.match(body) or (is_heading(body, nxt, prev) and not _META.match(body) and (bare_head or not _TODO.match(body))
                             and not US_HEAD.search(body) and not CUSTOMER_HEAD.search(body)):
            section = body.strip().rstrip(":：").strip() or section
            out.append(Line(a, b, "heading", section))
            speaker, side = None, "unknown"
            continue
        if _FOOTNOTE.match(body) or (section and _REFERENCE_SECTION.match(section)):
            out.append(Line(a, b, "metadata", section))
            continue
        if _META.match(body) or LEGEND.match(body) or _DATE_LINE.match(body) or (i == 0 and _DATE.search(body) and (_RECORD.search(body)
                                                                     or len(_DATE.sub(" ", body).split()) <= 2)):
            out.append(Line(a, b, "metadata", section))
            continue
        if (US_HEAD.search(body) or re.match(r"^[ \t>*\-•]*" + CUSTOMER_HEAD.pattern, body, re.I)) and is_list(body):
            out.append(Line(a, b, "attendees", section))
            continue
        if (section and _ATTENDEE_SECTION.match(section) and len(body.split()) <= 12 and not _QUESTION_END.search(body)) \
                or only_names(body, a, people):
            out.append(Line(a, b, "attendees", section))
            continue
        start = a
        m = _COMMENT.match(body) or _COMMENT_LINE.match(body) or _LABEL.match(body) or _CHANNEL.match(body) \
            or _timed_turn(body, a, timed, people)
        label = m.group(1).strip() if m else None
        if label and (label.lower() in NOT_SPEAKERS - {"q", "a", "us", "them", "customer", "client"} or label in _NOT_SPEAKERS_ZH
                      or _NUMBERED_FIELD.match(label)):  # `B3b. Context:`, `C2. Reason:`: a form's field, no speaker
            label = None
        if label:
            person = next(iter(people_in(people, a + m.start(1), a + m.end(1))), None)
            if person or label.lower() in _US_LABELS | _CUSTOMER_LABELS or len(label) <= 4 or label[0].isupper() \
                    or re.fullmatch(_DEPT_NAME, label):
                # `黄姐要：合同 开票 回款…`: a label that ends in a verb of wanting names the person, but the want is
                # part of what they said, so the statement keeps it
                wants = _WANTS_LABEL.search(label)
                speaker = person.name if person else label[:wants.start() + 2] if wants else label
                side = _side(label, person, ours, theirs, codes)
                start = a if wants else a + m.end()
        elif CARD_ID.match(body):  # a card's or a ticket's id: no one's turn, and not part of what it says
            speaker, side = None, "unknown"
            start = a + CARD_ID.match(body).end()
        elif _TURN.match(body):
            speaker, side = None, "customer" if not ours else "unknown"
            start = a + _TURN.match(body).end()
        elif not chat and (gap or (out and out[-1].kind != "statement")):
            speaker, side = None, "unknown"
        content = text[start:b]
        here = "us" if not label and _our_deed(content, ours) else side  # this line only; the turn's side goes on
        if (_TODO.match(content) and here != "customer") or (section and _NEXT_SECTION.search(section)
                                                             and not (here != "us" and _CUSTOMER_PLAN.search(content))):
            kind = "todo"
        elif _QUESTION_END.search(content) and here == "us":
            kind = "question"
        else:
            kind = "statement"
        out.append(Line(start, b, kind, section, speaker, "us" if kind == "todo" and here == "unknown" else here))
        if m and m.re in (_COMMENT, _COMMENT_LINE):  # a comment is its writer's for its own line only
            speaker, side = None, "unknown"
    return join_wrapped(text, out)


def _timed_turn(body: str, at: int, timed: Counter, people: list[Person]) -> re.Match | None:
    m = _TIMED_TURN.match(body)
    if m and (timed[m.group(1)] >= 2 or people_in(people, at + m.start(1), at + m.end(1))):
        return m
    return None


def _our_deed(content: str, ours: set[str]) -> bool:
    body = content.lstrip(" \t>*-•")
    names = {n for o in ours for n in (o, o.split()[0], o.split()[-1]) if len(n) >= 2}
    return any(body.startswith(n) and _OUR_DEED.match(body, len(n)) for n in names)
