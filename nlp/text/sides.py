"""Which side a note lists its people on: the heads of attendee lists (`我方：`, `Us:`, `客户 – A, B`, `Owner:`), the
names under each head, a line that only lists people, and from all of it the names of our own people in the note;
also whose turn each code of a log is, where its legend names the parties (`Key: Q = question from <the issuer>`)."""
from __future__ import annotations

import re

from nlp.people import people_in
from nlp.records import Line, Person
from nlp.text.our_company import company_people, our_companies
from nlp.text.senders import chat_sender, forwarder_domain

# a side's head in an attendee list: `Us:`, `我方：`, or a capitalised head and a dash (`客户 – A, B；Us – C, D`)
# (a CRM record's owner, a ticket's assignee and a note's writer are our own people: `Owner: Hannah Cole`, `Assignee: Jun Park`,
# `记录人：顾晨`)
US_HEAD = re.compile(r"(?:(?:我方|我们这边|本方|our side|our team|ours(?: also)?(?: present| attending)?|us|vendor side|from us|"
                      r"(?:opportunity |account )?owner|assignee|assigned to|minutes by|notes by|note-?taker|vendor (?:present|attending)(?: for [^:：\n]{1,24})?|"
                      r"记录人|拜访人|填写人|处理人|勘查人|调研人|走访人)\s*(?:人员|参会)?\s*[:：]|我方[ \t]?(?=[\u4e00-\u9fff]{2,4}(?:\s?[（(][^）)\n]{1,30}[）)])?\s?[、，,])"
                      r"|(?<!\w)(?-i:Us|Our side|Our team)[ \t]*[–—][ \t]|(?:我方|本方)[ \t]*[–—])", re.I)
CUSTOMER_HEAD = re.compile(r"(?:(?:客户方|客户|对方|甲方|customer|client|them|attendees|participants|present|参会人员|参会|与会人员|与会|人员|met)"
                            r"[^:：;；\n]{0,14}[:：]|(?<!\w)(?-i:Customer|Client)[ \t]*[–—][ \t]|(?:客户方|客户|甲方)[ \t]*[–—])", re.I)


def is_list(body: str) -> bool:
    """An attendee line: after its head(s), only short items (names, roles), no sentence."""
    parts = re.split(US_HEAD.pattern + "|" + CUSTOMER_HEAD.pattern, body, flags=re.I)
    items = [x.strip(" -*•\t") for p in parts if p for x in re.split(r"[、，,;；/]| and |和", re.sub(r"[（(][^）)]*[）)]", "", p))]
    items = [x for x in items if x]
    def name_like(x: str) -> bool:
        if re.search(r"[\u4e00-\u9fff]", x):
            return len(x) <= 14
        words = x.split()
        return len(words) <= 5 and all(w[:1].isupper() or w in ("of", "de", "van", "von", "da", "the", "and", "for")
                                       or not w[:1].isalpha() for w in words)
    return bool(items) and not re.search(r"[?？!！]\s*$", body) and all(name_like(x) for x in items)


def only_names(body: str, at: int, people: list[Person]) -> bool:
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


# a kanban card's or a ticket's id before its text (`[卡片 #12] 每批…`, `[Card #15] Label printing must…`)
CARD_ID = re.compile(r"^[ \t>*\-•]*[\[【](?:卡片|卡|(?i:card|ticket|issue|story|task)|工单)?[ \t]*#?[A-Z]{0,5}-?\d{1,6}[\]】][ \t]*")
_CARD_LINE = re.compile("(?m)" + CARD_ID.pattern + ".*$")


def list_sides(text: str, people: list[Person]) -> tuple[set[str], set[str]]:
    """Names (person names and raw list items) on our side and on the customer's, from the note's lists."""
    from nlp.text.names import NOT_SPEAKERS

    ours, theirs = set(), set()
    # a kanban card's or a ticket's fields name its owner (`[Card #15] … | Owner: Lorraine`), not one of ours
    text = _CARD_LINE.sub(lambda m: " " * len(m.group()), text)
    for line in re.finditer(r"[^\n]+", text):
        body, base = line.group(), line.start()
        # a list after a sentence on its line: `Workshop at the Johor showroom. Present: A, B; ours: C`,
        head = min((m.start() for m in (US_HEAD.search(body), CUSTOMER_HEAD.search(body)) if m), default=0)
        # or after another field of a header line: `Date 日期: 2026-06-16 | 我方: Kelvin 陈凯文`, `勘查日期：…　勘查人：…`
        if head and re.search(r"(?:[.。!?！？;；|\t]|　)\s*$", body[:head]):
            body, base = body[head:], base + head
        if not is_list(body):
            # a list that a sentence follows on its line: `(Orbisys = us: Ivan 黄立 and Dinesh Kumaran. Everyone else ...)`
            cut = re.search(r"[.。](?=\s+[A-Z\u4e00-\u9fff])", body)
            if not cut or not (US_HEAD.search(body, 0, cut.start()) or CUSTOMER_HEAD.search(body, 0, cut.start())) \
                    or not is_list(body[:cut.start()]):
                continue
            body = body[:cut.start()]
        us = [(m.start(), m.end(), "us") for m in US_HEAD.finditer(body)]
        marks = sorted(us + [(m.start(), m.end(), "them") for m in CUSTOMER_HEAD.finditer(body)  # not `present:` of
                             if not US_HEAD.match(body, m.start())  # `Ours also present:`
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
    ours |= {next(g for g in m.groups() if g) for m in _MARKED_OURS.finditer(text)} | handed_over(text)
    return ours, theirs


_NAME = r"([\u4e00-\u9fff]{2,4}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
# one of ours, even on a header line that is no list: whoever exported a chat into our notes (`导出人：郑晓岚`), the
# writer naming themselves (`Speaker 1 = me (Ben Arkwright)`, `我（韩磊）`), a CRM record's owner and pre-sales
_MARKED_OURS = re.compile(rf"(?:导出人|(?i:exported by))[ \t]*[:：]?[ \t]*(?!我方){_NAME}|(?<![A-Za-z])(?:me|myself|我)[ \t]*[（(][ \t]*{_NAME}[ \t]*[）)]|"
                          rf"{_NAME}[ \t]*[（(](?:me|myself|我|本人)[）)]|"
                          rf"(?m:(?:^|\|)[ \t]*(?:(?i:opportunity |account |deal )?(?i:owner)|(?i:pre-?sales|solutions? (?:engineer|architect)|sales engineer|"
                          rf"account executive)|SE|AE|商机负责人)[ \t]*[:：][ \t]*){_NAME}|"
                          # `Aaron Goh from our side also there`; the writer introducing themselves: `我是启衡物联华南区的客户经理邓涛`
                          rf"{_NAME}[ \t]+(?:from|on) our side|"
                          # whoever wrote the record up, at a line's or a field's start: `Saved to CRM by Callum Reid (…)`,
                          # `Recorded by Callum Reid;`, `· Completed by: Hannah Pike`, `(copied into CRM by Callum, …)`
                          rf"(?m:(?:^|[|·(（])[ \t]*)(?i:saved(?: to (?:the )?crm)?|recorded|logged|written(?: up)?|completed|prepared|"
                          rf"minuted|copied into (?:the )?crm|typed up|compiled)[ \t]+by[ \t]*[:：]?[ \t]*{_NAME}|"
                          # the author of a rep's report, named in its title: `# 周报（第 19 周）钱磊 · 澄川数智 西北区客户经理`
                          rf"\A[ \t#]*[^\n]*?(?:周报|日报|月报|(?i:weekly report|weekly update))[^\n]*?[）)·|—\- \t][ \t]*{_NAME}(?![\u4e00-\u9fff])|"
                          # one of our roles before a name: `导出人: 我方实施 Leo 石`, `我方售前 何婷`
                          rf"我方(?:实施|售前|销售|工程师|项目经理|实施顾问|顾问|客户经理|技术)[ \t]*([A-Z][a-z]+ [\u4e00-\u9fff]{{1,2}}|"
                          rf"[\u4e00-\u9fff]{{2,3}}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?![\u4e00-\u9fff])|我是[^，。,\n]{{0,16}}?(?:大客户经理|客户经理|销售经理|销售代表|售前工程师|售前|销售)[ \t]?{_NAME}")
# a hand-over note passes the account from one of our reps to another: `客户交接说明（邓涛 → 乔雨）`, `ACCOUNT HAND-OVER NOTE`
# with `From: Priya Nair | To: Ben Aldous`
_HANDOVER = re.compile(r"交接|(?i:hand-?over)")
_HANDED = re.compile(rf"{_NAME}[ \t]*(?:→|->|=>)[ \t]*{_NAME}|(?i:from)[ \t]*[:：][ \t]*{_NAME}[ \t]*[|;；,，\n][ \t]*(?i:to)[ \t]*[:：][ \t]*{_NAME}")


def handed_over(text: str) -> set[str]:
    """Both reps of a hand-over note, when its first lines say it is one."""
    head = "\n".join(text.lstrip().splitlines()[:3])
    if not _HANDOVER.search(head):
        return set()
    return {g for m in _HANDED.finditer(head) for g in m.groups() if g}


# a group of listed names closed by a bracket naming our side, the line's groups cut by semicolons: `Tom Becker, Rui
# Santos (our side); Dr Priya Raman, ...` (without the semicolons, `A, B (us)` says only that B is ours)
_OUR_GROUP_END = re.compile(r"[（(](?:our side|ours|(?-i:us)|our team|我方|我司)[）)]\s*[;；]?\s*$", re.I)
OUR_ROLE = re.compile(r"^(?:our|us)\b|^(?:我方|我司|本公司)", re.I)  # `Lukas (our SE)`, `小王（我方售前）`


def our_people(text: str, people: list[Person], lines: list[Line]) -> set[str]:
    """Names of the people on our own side: listed under `我方` / `our side`, speaking on our side, or given one of our
    roles (`Lukas (our SE)`)."""
    ours, _ = list_sides(text, people)
    names = {ln.speaker for ln in lines if ln.side == "us" and ln.speaker}
    senders = [chat_sender(m.group()) for m in re.finditer(r"[^\n]+", text)]
    domain = forwarder_domain(text, senders)  # whoever forwarded a chain, and their colleagues
    names |= {x.name for x in senders if x and x.name and domain and (x.note or "").lower() == domain}
    # a listed item may give a name with the English one a colleague goes by (`Ivan 黄立`)
    found = {p.name for p in people if p.name in names or set(p.forms) & ours or OUR_ROLE.match(p.role or "")
             or any(p.name in o.split() for o in ours if " " in o)}
    # a listed name the finders missed (`ours: Kelvin, 小周, Arthit`) is ours as written
    found |= {n for n in ours if re.fullmatch(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2}|[\u4e00-\u9fff]{2,4}", n)}
    found |= _marked_at_use(text, people)
    # colleagues named by our company alone (`云拓：周凯、何工`) where the note says which company is ours
    return found | company_people(text, our_companies(text, found))


# a person written straight after 我方 (`我方吴悦一起去的`), or a to-do marked as ours (`Next: 郭可欣 to send … (our action)`)
_OUR_ACTION = re.compile(r"[（(](?:our action|our to-?do|ours|我方待办|我方行动|我方跟进)[）)]", re.I)


def _marked_at_use(text: str, people: list[Person]) -> set[str]:
    out = {p.name for p in people for f in p.forms if len(f) >= 2 and re.search(
        r"我方(?:实施|售前|销售|工程师|项目经理|顾问|客户经理)?[ \t]*" + re.escape(f), text)}
    for line in re.finditer(r"[^\n]+", text):
        if _OUR_ACTION.search(line.group()):
            lead = re.match(r"[ \t>*\-•]*(?:[^:：\n]{1,12}[:：])?[ \t]*", line.group()).end()
            first = people_in(people, line.start() + lead, line.start() + lead + 12)
            out |= {first[0].name} if first else set()
    return out


# the parties of a log: the customer issues (`Issuer: Halden Crewe`, 采购人：…), we respond (`Respondent: Pellworth`)
_ISSUER = re.compile(r"(?:issuer|issued by|client|customer|buyer|purchaser|招标人|采购人|甲方)[ \t]*[:：][ \t]*([^|;；\n]{2,60})", re.I)
_RESPONDENT = re.compile(r"(?:respondent|bidder|vendor|supplier|投标人|供应商|乙方)[ \t]*[:：][ \t]*([^|;；\n]{2,60})", re.I)
# a legend's entry: `Q = question from Halden Crewe`, `D为我方拟答` (a Chinese legend writes 为 for `=`)
_LEGEND_ENTRY = re.compile(r"(?:^|[:：;；,，][ \t]*)([\w\u4e00-\u9fff]{1,3}?)[ \t]*(?:[=＝]|(?<=[A-Za-z])[ \t]*为)[ \t]*([^;；,，\n]+)")
LEGEND = re.compile(r"^[ \t>*\-•]*(?:key|legend|codes|图例|说明)[ \t]*[:：][ \t]*(?:[\w\u4e00-\u9fff]{1,3}[ \t]*[=＝]|[A-Za-z]{1,2}[ \t]*为)",
                    re.I | re.M)
# the customer's side and ours as a legend names them when no issuer or respondent line does
_THEIR_PARTY = re.compile(r"采购人|招标人|甲方|业主|客户|采购代理|代理机构|\b(?:customer|client|buyer|purchaser|issuer)\b", re.I)
_OUR_PARTY = re.compile(r"\bour\b|\bus\b|我方|我们|我司|本公司")


def legend_sides(text: str) -> dict[str, str]:
    """{turn code: side} from a log's legend that names the parties: `Key: Q = question from Halden Crewe; A =
    Pellworth response` with `Issuer: Halden Crewe | Respondent: Pellworth` makes Q the customer's and A ours (an RFI
    whose issuer asks); so does `说明：Q为采购人澄清函原文编号，D为我方拟答，R为采购代理机构的回复`, which names both sides
    itself. Without such a legend a log's 问 / Q is ours and 答 / A the customer's, as in an interview."""
    legend = LEGEND.search(text)
    if not legend:  # most notes: no legend, and no need to look for the parties
        return {}
    issuer, respondent = _ISSUER.search(text), _RESPONDENT.search(text)
    line = text[legend.start():text.find("\n", legend.start()) if "\n" in text[legend.start():] else len(text)]
    theirs, ours = _first_word(issuer), _first_word(respondent)
    out = {}
    for code, desc in _LEGEND_ENTRY.findall(line):
        desc = desc.lower()
        if theirs and theirs in desc:
            out[code.lower()] = "customer"
        elif (ours and ours in desc) or _OUR_PARTY.search(desc):
            out[code.lower()] = "us"
        elif _THEIR_PARTY.search(desc):  # `Q为采购人澄清函原文编号`, `R为采购代理机构焦工的…回复`
            out[code.lower()] = "customer"
    # without an issuer or respondent line, a legend counts only when it names both sides
    return out if issuer or respondent or {"us", "customer"} <= set(out.values()) else {}


def _first_word(party: re.Match | None) -> str | None:
    """`halden` of `Issuer: Halden Crewe Brokers`: enough to find the party in a legend's words."""
    return party.group(1).strip().split()[0].lower() if party and party.group(1).strip() else None
