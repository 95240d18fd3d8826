"""The structure of a note before any need is read: headings, metadata, attendee lists, to-dos, speaker turns.

`read_structure(text, headings, people)` takes the note with its markup blanked (nlp/text/markup.py)
and gives one Line per non-empty line: its kind, the section heading above it, the speaker of a
`Name:` turn and which side that speaker is on. Our own side is learned from the note itself
(`我方：陈浩、许诺`, `our side: Lena`, `Us:`); a named speaker not on our side is the customer.
Headings, metadata, attendee lists, our to-dos and our own lines carry no customer need.
"""
from __future__ import annotations

import re

from nlp.people import people_in
from nlp.records import Line, Person
from nlp.text.headings import is_heading
from nlp.text.senders import STAMP_AHEAD, chat_sender, forwarder_domain
from nlp.text.wrapped import join_wrapped

_US_LABELS = {"us", "we", "me", "our side", "vendor", "rep", "sales", "ae", "se", "interviewer", "q", "question", "问",
              "记者", "我方", "我", "我们", "主持人", "journalist", "reporter", "moderator", "销售", "售前"}
_CUSTOMER_LABELS = {"customer", "client", "them", "they", "a", "answer", "答", "客户", "对方", "客户方", "受访者", "甲方"}
# a side's head in an attendee list: `Us:`, `我方：`, or a capitalised head and a dash (`客户 – A, B；Us – C, D`)
# (a CRM record's owner, a ticket's assignee and a note's writer are our own people: `Owner: Hannah Cole`, `Assignee: Jun Park`,
# `记录人：顾晨`)
_US_HEAD = re.compile(r"(?:(?:我方|我们这边|本方|our side|our team|ours(?: also)?(?: present| attending)?|us|vendor side|from us|"
                      r"(?:opportunity |account )?owner|assignee|assigned to|记录人|拜访人|填写人|处理人)\s*(?:人员|参会)?\s*[:：]|我方[ \t]?(?=[\u4e00-\u9fff]{2,4}(?:\s?[（(][^）)\n]{1,30}[）)])?\s?[、，,])"
                      r"|(?<!\w)(?-i:Us|Our side|Our team)[ \t]*[–—][ \t]|(?:我方|本方)[ \t]*[–—])", re.I)
_CUSTOMER_HEAD = re.compile(r"(?:(?:客户方|客户|对方|甲方|customer|client|them|attendees|participants|present|参会人员|参会|与会人员|与会|人员|met)"
                            r"[^:：;；\n]{0,14}[:：]|(?<!\w)(?-i:Customer|Client)[ \t]*[–—][ \t]|(?:客户方|客户|甲方)[ \t]*[–—])", re.I)
# a line that opens with one of our people doing something (`Cindy asked whether ...`, `Leo will ...`) is our side
_OUR_DEED = re.compile(r"[ \t]*(?:asked|asks|offered|offers|suggested|suggests|proposed|explained|presented|showed|demoed|"
                       r"promised|will|问|建议|介绍|演示|承诺|会)")
_DEPT_NAME = r"[\u4e00-\u9fff]{2,6} (?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}|[\u4e00-\u9fff]{1,5})"  # `放射科 Dr. Tang：`
# a turn's label, after a time where a transcript writes one (`[00:01:46] Speaker 3:`, `00:02:15 Victor Lim:`); a numbered
# label of an auto-transcript, a Q&A log or a survey (`Speaker 2`, `发言人1`, `问3`, `答3`, `Q3`, `R08`) counts too
_CLOCK_LABEL = STAMP_AHEAD
_NUMBERED_LABEL = r"(?:Speaker|Participant|Spk|Respondent|发言人|说话人|受访者)[ \t]?\d{1,2}|[问答QAR][ \t]?\d{1,3}"
# a ticket's or a forum's comment header dates the label after it (`Ellie Tan - 2026-11-21:`, `Jun Park, 24 Nov 2026 10:15:`)
_DATED = (r"(?:[ \t]*[-–—,|][ \t]*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[ \t]+[A-Z][a-z]{2,8}\.?(?:[ \t]+\d{4})?|"
          r"\d{1,2}/\d{1,2}(?:/\d{2,4})?)(?:[ \t]+\d{1,2}:\d{2})?)?")
_LABEL = re.compile(r"^[ \t>*\-•]*" + _CLOCK_LABEL + r"(" + _NUMBERED_LABEL + r"|" + _DEPT_NAME +
                    r"|(?:[A-Z][\w.'-]*|[a-z]{1,3})(?: [A-Z][\w.'-]*){0,3}|[\u4e00-\u9fffA-Za-z]{1,8})"
                    r"(?:\s*[（(][^）)\n]{1,20}[）)])?" + _DATED + r"\s*[:：](?!//)")
_TURN = re.compile(r"^[ \t]*>>")
_META = re.compile(r"^[ \t>*\-•]*(?:date|time|when|where|location|venue|place|subject|from|to|cc|bcc|sent|re|fwd|dial-in|"
                   r"duration|updated|author|account|opportunity|stage|reporter|assignee|components?|labels|created|resolution|"
                   r"priority|issue type|提单人|处理人|优先级|日期|时间|地点|主题|发件人|收件人|抄送|会议时间|会议地点|"
                   r"更新人|更新时间|记录人|记录|整理人|客户名称|项目名称|商机)\s*[:：]|^[ \t]*(?:日期|时间|地点)\s", re.I)
_DATE = re.compile(r"\d{4}[-/.年]\d{1,2}|\d{1,2}[/月]\d{1,2}|\b\d{1,2}:\d{2}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
_RECORD = re.compile(r"(?i)minutes|notes|call|meeting|visit|纪要|记录|拜访|会议|通话|访谈|interview|sync|catch-up|review|debrief|"
                     r"recap|dry run|workshop|复盘|周报")
_TODO = re.compile(r"^[ \t>*\-•\d.、)]*(?:action(?: items?)?|actions|ai|todo|to-do|to do|next steps?|follow[- ]?ups?|owner|"
                   r"待办|下一步|跟进|后续|行动项|会后)\s*[:：]|^[ \t>*\-•\d.、)]*(?:(?:we(?:'ll| will| shall| to)|i(?:'ll| will))(?!\s+(?:say|be honest|be frank|be blunt|"
                   r"admit|tell you|put it|note|repeat|remind|need|have to|not)\b)|"
                   r"(?:will |to )?(?:send|share|prepare|schedule|set up|book|follow up|draft|circulate)\b|我方|我们(?:会|将|下周|回去|负责)|"
                   r"(?:负责人|owner)\s*[:：])", re.I)
# a line under a next-steps heading that is the customer's own plan or a demand on its supplier is a statement, not a
# to-do: a customer's work minutes end in 下一步工作 (一是承建单位要…前完成…), an interview in 下一步打算 (我们计划…)
_CUSTOMER_PLAN = re.compile(r"(?:承建单位|中标单位|供应商|厂商|服务商|乙方)[^，。,；;]{0,6}(?:要|须|必须|应当?|需要?)|希望(?:合作)?厂商|"
                            r"我们计划|计划(?:今年|明年|年内|下半年|上半年)|要能|须能|必须|"
                            r"\b(?:vendors?|suppliers?|contractors?|providers?)\b[^.;,]{0,20}\b(?:must|shall|needs? to|has to|is required to)\b|"
                            r"\b(?:we plan to|we intend to|the (?:system|platform|solution) (?:must|shall|needs to))\b", re.I)
_NEXT_SECTION = re.compile(r"(?i)next steps?|action items?|actions|to-?dos?|follow[- ]?ups?|待办|待跟进|下一步|后续|行动|跟进事项")
_NOT_SPEAKERS_ZH = set("备注 说明 背景 需求 问题 结论 注意 提醒 原话 联系方式 电话 手机 邮箱 地址 预算 竞争 风险 决策 目标 痛点 进展 现状 "
                       "计划 要求 建议 补充 总结 客户 对方".split()) - {"客户", "对方"}
_ATTENDEE_SECTION = re.compile(r"(?i)\s*(?:attendees|participants|present|who|参会|与会|出席|人员)")
_QUESTION_END = re.compile(r"[?？]\s*$")
# footnotes and references cite sources; they carry no one's need (`[2] See ...`, a `Footnotes` section)
_REFERENCE_SECTION = re.compile(r"(?i)^[#*' ]*(?:foot ?notes?|references|bibliography|citations|endnotes|参考文献|参考资料|注释|资料来源)[*' ]*$")
_FOOTNOTE = re.compile(r"^[ \t]*\[\d{1,3}\][ \t]|^[ \t]*\^\d")


def _is_list(body: str) -> bool:
    """An attendee line: after its head(s), only short items (names, roles), no sentence."""
    parts = re.split(_US_HEAD.pattern + "|" + _CUSTOMER_HEAD.pattern, body, flags=re.I)
    items = [x.strip(" -*•\t") for p in parts if p for x in re.split(r"[、，,;；/]| and |和", re.sub(r"[（(][^）)]*[）)]", "", p))]
    items = [x for x in items if x]
    def name_like(x: str) -> bool:
        if re.search(r"[\u4e00-\u9fff]", x):
            return len(x) <= 14
        words = x.split()
        return len(words) <= 5 and all(w[:1].isupper() or w in ("of", "de", "van", "von", "da", "the", "and", "for")
                                       or not w[:1].isalpha() for w in words)
    return bool(items) and not re.search(r"[?？!！]\s*$", body) and all(name_like(x) for x in items)


def _only_names(body: str, at: int, people: list[Person]) -> bool:
    """A line that only lists people (`Scott Friedman (PM), Micah Mutrux (Lead)`, `周立新、刘婷`) is an attendee line."""
    named = people_in(people, at, at + len(body))
    if not named:
        return False
    forms = {f for p in named for f in p.forms}
    # `Ferreira, Okonkwo, Weiss + a new face: Tobias Lang (procurement)`: a short lead-in before a name still lists it
    items = [re.sub(r"^[^:：]{0,24}[:：]\s*", "", re.sub(r"[（(][^）)]*[）)]", "", x)).strip(" -*•\t.")
             for x in re.split(r"[、，,;；/+&]| and |和|以及", body)]
    items = [x for x in items if x]
    # bare surnames the finder could not tell on their own count when a found person is listed with them
    capitalised = [x for x in items if x not in forms and re.fullmatch(r"(?:[A-Z][\w'’.-]+ ?){1,3}", x)]
    return all(x in forms for x in items) or (len(items) >= 3 and len(capitalised) < len(items)
                                               and all(x in forms or x in capitalised for x in items))


def _sides(text: str, people: list[Person]) -> tuple[set[str], set[str]]:
    """Names (person names and raw list items) on our side and on the customer's, from the note's lists."""
    from nlp.text.names import NOT_SPEAKERS

    ours, theirs = set(), set()
    for line in re.finditer(r"[^\n]+", text):
        body, base = line.group(), line.start()
        # a list after a sentence on its line: `Workshop at the Johor showroom. Present: A, B; ours: C`
        head = min((m.start() for m in (_US_HEAD.search(body), _CUSTOMER_HEAD.search(body)) if m), default=0)
        if head and re.search(r"[.。!?！？;；]\s*$", body[:head]):
            body, base = body[head:], base + head
        if not _is_list(body):
            continue
        us = [(m.start(), m.end(), "us") for m in _US_HEAD.finditer(body)]
        marks = sorted(us + [(m.start(), m.end(), "them") for m in _CUSTOMER_HEAD.finditer(body)  # not `present:` of
                             if not _US_HEAD.match(body, m.start())  # `Ours also present:`
                             and not any(a <= m.start() < b for a, b, _ in us)])
        for i, (_a, b, side) in enumerate(marks):
            stop = marks[i + 1][0] if i + 1 < len(marks) else len(body)
            at = b
            groups = re.split(r"(?<=[;；])", body[b:stop])  # `Tom Becker, Rui Santos (our side); Dr Priya Raman, ...`
            for seg in groups:
                items = {re.sub(r"[（(].*", "", x).strip() for x in re.split(r"[、，,;；/]| and |和", seg) if x.strip()}
                items |= {p.name for p in people_in(people, base + at, base + at + len(seg))}
                # the name in brackets beside a listed one: `陈可 (Kelly Chen)`, not a role such as `(our SE)`
                items |= {m.group(1) for m in re.finditer(r"[（(]((?:[A-Z][a-z]+ ?){1,2})[）)]", seg)
                          if m.group(1).split()[0].lower() not in NOT_SPEAKERS}
                ours_here = side == "us" or (len(groups) > 1 and bool(_OUR_GROUP_END.search(seg)))
                (ours if ours_here else theirs).update(i for i in items if i)
                at += len(seg)
    return ours, theirs


# a group of listed names closed by a bracket naming our side, the line's groups cut by semicolons: `Tom Becker, Rui
# Santos (our side); Dr Priya Raman, ...` (without the semicolons, `A, B (us)` says only that B is ours)
_OUR_GROUP_END = re.compile(r"[（(](?:our side|ours|(?-i:us)|our team|我方|我司)[）)]\s*[;；]?\s*$", re.I)
_OUR_ROLE = re.compile(r"^(?:our|us)\b|^(?:我方|我司|本公司)", re.I)  # `Lukas (our SE)`, `小王（我方售前）`


def our_people(text: str, people: list[Person], lines: list[Line]) -> set[str]:
    """Names of the people on our own side: listed under `我方` / `our side`, speaking on our side, or given one of our
    roles (`Lukas (our SE)`)."""
    ours, _ = _sides(text, people)
    names = {ln.speaker for ln in lines if ln.side == "us" and ln.speaker}
    senders = [chat_sender(m.group()) for m in re.finditer(r"[^\n]+", text)]
    domain = forwarder_domain(text, senders)  # whoever forwarded a chain, and their colleagues
    names |= {x.name for x in senders if x and x.name and domain and (x.note or "").lower() == domain}
    found = {p.name for p in people if p.name in names or set(p.forms) & ours or _OUR_ROLE.match(p.role or "")}
    # a listed name the finders missed (`ours: Kelvin, 小周, Arthit`) is ours as written
    return found | {n for n in ours if re.fullmatch(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2}|[\u4e00-\u9fff]{2,4}", n)}


def _side(label: str, person: Person | None, ours: set[str], theirs: set[str]) -> str:
    low = re.sub(r"(?<=[问答qa])[ \t]?\d{1,3}$", "", label.lower())  # 问3 is 问, A3 is A
    names = {label} | ({person.name, *person.forms} if person else set())
    if low in _US_LABELS or low.split()[0] in _US_LABELS or names & ours or any(label in o or o in label for o in ours if len(o) >= 2):
        return "us"
    if low in _CUSTOMER_LABELS or names & theirs or any(label in t for t in theirs if len(t) >= 2):
        return "customer"
    return "customer" if (person or ours) and low not in _US_LABELS else "unknown"


def read_structure(text: str, headings: set[int], people: list[Person]) -> list[Line]:
    """One Line per non-empty line of `text` (a note with its markup blanked), in order."""
    from nlp.text.names import NOT_SPEAKERS

    raw = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    ours, theirs = _sides(text, people)
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
    for i, (a, b) in enumerate(raw):
        body = text[a:b]
        nxt = text[raw[i + 1][0]:raw[i + 1][1]] if i + 1 < len(raw) else None
        prev = text[raw[i - 1][0]:raw[i - 1][1]] if i else None
        gap = i > 0 and "\n\n" in text[raw[i - 1][1]:a].replace(" ", "")
        bare_head = bool(re.fullmatch(r"[^:：]{1,30}[:：]\s*", body))  # `Next steps:` heads a section
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
        if a in headings or (is_heading(body, nxt, prev) and not _META.match(body) and (bare_head or not _TODO.match(body))
                             and not _US_HEAD.search(body) and not _CUSTOMER_HEAD.search(body)):
            section = body.strip().rstrip(":：").strip() or section
            out.append(Line(a, b, "heading", section))
            speaker, side = None, "unknown"
            continue
        if _FOOTNOTE.match(body) or (section and _REFERENCE_SECTION.match(section)):
            out.append(Line(a, b, "metadata", section))
            continue
        if _META.match(body) or (i == 0 and _DATE.search(body) and (_RECORD.search(body)
                                                                     or len(_DATE.sub(" ", body).split()) <= 2)):
            out.append(Line(a, b, "metadata", section))
            continue
        if (_US_HEAD.search(body) or re.match(r"^[ \t>*\-•]*" + _CUSTOMER_HEAD.pattern, body, re.I)) and _is_list(body):
            out.append(Line(a, b, "attendees", section))
            continue
        if (section and _ATTENDEE_SECTION.match(section) and len(body.split()) <= 12 and not _QUESTION_END.search(body)) \
                or _only_names(body, a, people):
            out.append(Line(a, b, "attendees", section))
            continue
        start = a
        m = _LABEL.match(body)
        label = m.group(1).strip() if m else None
        if label and (label.lower() in NOT_SPEAKERS - {"q", "a", "us", "them", "customer", "client"} or label in _NOT_SPEAKERS_ZH):
            label = None
        if label:
            person = next(iter(people_in(people, a + m.start(1), a + m.end(1))), None)
            if person or label.lower() in _US_LABELS | _CUSTOMER_LABELS or len(label) <= 4 or label[0].isupper() \
                    or re.fullmatch(_DEPT_NAME, label):
                speaker = person.name if person else label
                side = _side(label, person, ours, theirs)
                start = a + m.end()
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
    return join_wrapped(text, out)


def _our_deed(content: str, ours: set[str]) -> bool:
    body = content.lstrip(" \t>*-•")
    names = {n for o in ours for n in (o, o.split()[0], o.split()[-1]) if len(n) >= 2}
    return any(body.startswith(n) and _OUR_DEED.match(body, len(n)) for n in names)
