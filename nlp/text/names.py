"""Candidate person names in a note, with character spans: the raw finds that nlp/people.py groups into people, and
the tables of names, titles and roles they share. English PERSON entities and the forms beside them are found in
english_names.py; here: speaker labels (`Ines:`), attendee lists, and for Chinese jieba's person tag (`nr`), which
misses many full names, so also list items, a name before a role in brackets, role + name (`信息中心主任周立新`) and
surname + title or kinship forms (`周主任`, `老周`, `小林`) and 阿 + a given name's last character (`阿坤`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.text import jieba_dictionary
from nlp.text.language import has_han
from nlp.text.name_roles import LINE_LEAD, role_after, roster_role
from nlp.text.senders import STAMP_AHEAD

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
            "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
            "常葛温康施文牛樊乔齐殷庞耿关季柳安单祝申柏詹骆章尹毕车包计滕戚聂左俞鲁翁纪霍屈符甘路邢阎穆冉管甄谷"
            "卜蔺邬岳臧裴米虞凌伍彭梅盛舒阮卓洪倪佟宁鲍连游桂巩芦栾仇"
            "翟苗晏柴瞿茅巫艾寇阙晁敖阚饶鞠蒯逯桓")
COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "司徒")
_SUR = "(?:" + "|".join(COMPOUND) + f"|[{SURNAMES}])"


def han_surname(name: str) -> str:
    """The surname of a Chinese full name: a compound one (欧阳, 司马) or its first character."""
    return next((c for c in COMPOUND if name.startswith(c)), name[:1])

ZH_TITLES = "副总(?:经理|裁)?|科(?![长室技学研目普院里])|院(?![长里子内外方办士线])|处(?![长理于在置分罚室])|局(?![长面势部限])|总工(?![作程厂期资人艺具单])|总会计师|总(?![结体共计部量额之是算数价裁监包])|经理|处长|局长|主任|科长|院长|行长|部长|厂长|总监|书记|矿长|站长|所长|校长|馆长|董事长|理事长|社长|会长|董(?![事会])|秘书长|厅长|总裁|主席|工(?![作程厂期资人艺具单])|老师|博士|主管|班长|组长|队长|律师|会计|医生|教授|秘书|女士|先生|姐|哥"
SHORT_TITLES = {"科": "科长", "院": "院长", "处": "处长", "局": "局长", "董": "董事长"}
ZH_ROLES = ("总经理|总会计师|副总|总监|经理|主任|处长|局长|科长|院长|行长|部长|厂长|书记|护士长|矿长|站长|所长|校长|馆长|董事长|理事长|社长|会长|秘书长|厅长|"
            "总裁|主席|工程师|负责人|CIO|CTO|CFO|CEO")
_ROLES_LONGEST = sorted(ZH_ROLES.split("|"), key=len, reverse=True)
MALAY_TITLES = "Puan|Encik|Datuk|Datin"  # the Malay Mrs and Mr, and two honours, written before a name like Mr
EN_TITLES = rf"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Eng|Ing|Sir|Dame|{MALAY_TITLES})\.?"
_UP, _LO = "A-ZÀ-ÖØ-ÞĀ-Žŀ-Ł", "a-zß-öø-ÿā-žŀ-ł"  # Latin letters with accents: `Szabó`, `Łukasz`, `Müller`
_EN_WORD = rf"[{_UP}][{_LO}]+(?:-[{_UP}]?[{_LO}]+|['’][{_UP}][{_LO}]+)?"
_EN_NAME = rf"(?:{_EN_WORD}|O['’][{_UP}][{_LO}]+|Mc[{_UP}][{_LO}]+)"
_HAN = "\u4e00-\u9fff"

# words that head a line with a colon but are not speakers
NOT_SPEAKERS = {w.lower() for w in (
    "Attendees Attendee Agenda Notes Note Date Time Location Place Subject From To Cc Bcc Re Fwd Sent Topic Summary "
    "Background Context Budget Timeline Timing Next Action Actions Todo Todos TODO Us Them Customer Client Vendor "
    "Internal Participants Present Absent Apologies Minutes Decision Decisions Risks Risk Issues Questions Question "
    "Answer Q A Contact Contacts Phone Mobile Email E-mail Tel Fax Website Status Owner Owners Update Updates Comments Legend Key "
    "Stakeholder Stakeholders Strengths Strength Weaknesses Weakness Opportunities Threats Threat Swot "
    "Comment Follow Followup Met Attended Outcome Result Results Pricing Price Scope Competition Competitors People "
    "Personal Project Projects Goals Goal Pain Pains Requirements Needs Need Open Points Point Misc Other Others Ps "
    "Important Warning Tip Info Source Title Author Host Moderator Speaker Interviewer Interviewee Meeting Call Team "
    "Probability Forecast Stage Our Their Note Days Day Week Cllr Opp Observation Observations Leadership Wi-Fi Monday Tuesday Wednesday Thursday Friday Saturday Sunday Deal Account Opportunity "
    "Issue Best Practice Practices Reference References Example Examples Problem Problems Solution Solutions Recommendation "
    "Recommendations Finding Findings Lesson Lessons Takeaway Takeaways Challenge Challenges Benefit Benefits Overview "
    "Purpose Objective Objectives Conclusion Conclusions Description Definition Requirement Feedback Discussion Proposal "
    "Approach Strategy Option Options Idea Ideas Concern Concerns Caveat Quote Lessons-learned Stance Stances Overall "
    "Assessment Ours Mood Sentiment Verdict Temperature So Fyi Btw Also And But Then Plus Tbd Pls Eg Ie Nb Ok Okay Edit "
    "Last First Edited Created Modified Updated Reviewed "
    # a label that is a deed or a month (`Interviewed: Catherine Moore`, `- March: discovery with Cath`); April, May,
    # June and August are first names too, so they stay out
    "Interviewed Visited Called Emailed Joined Invited January February March July September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    # a CRM record's fields (`Champion: Simon Hartley`, `Stage: proposal`)
    "Champion Sponsor Blocker Coach Stage Competitor Influencer Detractor "
    # a chat export's or an invitation's header fields (`Chat: Tianli x Orbisys`, `Venue: head office`)
    "Chat Channel Group Venue"
).split()}
ZH_NOT_NAMES = {"高清", "管委会", "华为", "华三", "马上", "高新", "金融", "江苏", "江西", "黄金", "高端", "周末", "周期", "方案", "方面", "白天",
                "安全", "常规", "温度", "成本", "程序", "任务", "任何", "于是", "万元", "向我", "平安", "文件", "齐全",
                "关键", "单位", "季度", "康复", "钱款", "许可", "金额", "石油", "高速", "龙头", "段落", "严格", "林业", "高峰", "高度", "高层", "高于", "周边", "方向", "江湖", "顾问", "谢谢", "方正", "张江", "宁可", "连续", "路线",
                "管理", "计划", "包括", "车辆", "左右", "游戏", "章程", "申请", "纪要", "岳阳", "周转", "白皮书", "白皮", "高管",
                "毛利", "任期", "程度", "时间", "方式", "于此",
                "吴忠"}  # a city in Ningxia that the tagger reads as a person
_PLACE_END = tuple("区市县省路街镇村乡湾港")
_VERB_END = tuple("问说讲提表称让给要也就还都和跟对在是已将会刚把被追")
# last words that make an entity an organisation, place or product rather than a person
ORG_WORDS = set("Ports Port Metro Cloud Group Bank Chemie Chemicals Phosphate Energy Health Hospital Ltd Inc Corp GmbH AG "
                "Airlines Airways Systems Solutions Logistics Motors Telecom Council Authority University College Capital "
                "Partners Holdings Industries Foods Pharma Labs Networks Services Technologies Tech Software Mobile Power "
                "Water Rail Railways Steel Mining Media Insurance Finance Consulting Institute Foundation Agency Centre "
                "Center Clinic Street Road Avenue Park Station Airport City County State Region Office Team Cup "
                "Fellow Lead Manager Director Officer Item Items Chair Committee Board Department Aid Law "
                # buildings and Malaysian company forms: `Kingsway House`, `Haixin Seafood Sdn Bhd`
                "House Tower Plaza Mall Wharf Quay Seafood Sdn Bhd "
                # trades a company's name ends with: `Hexley Brewing`, `Taigang Container Leasing`
                "Brewing Brewery Leasing Containers Packaging Shipping Freight Trading Manufacturing Engineering "
                "Bakery Bakeries Dental Seeds Farms Dairy Marina Gardens Hire Storage Ferries".split())
# the first word of a Malay place name (`Batu Maung`, `Bukit Mertajam`, `Sungai Petani`): a place, not a person
PLACE_HEADS = set("Batu Bukit Sungai Kuala Kampung Kampong Pulau Tanjung Teluk Jalan Taman Bandar Pantai".split())
PRONOUNS_EN = re.compile(r"\b(?:he|she|him|her|his|hers|himself|herself)\b", re.I)
PRONOUNS_ZH = re.compile(r"[他她](?![们])")


@dataclass(frozen=True)
class Find:
    """One name-like string at a span; `kind` says how it was found, `role` what stands beside it."""

    text: str
    start: int
    end: int
    kind: str  # full | short | titled | given | email
    role: str | None = None


LINE = re.compile(r"[^\r\n]+")
# a speaker's label, after the time a chat line may write before it (senders.STAMP_AHEAD: `10:09 林美玲:`,
# `[03/06/26 09:02] 许文杰:`)
_SPEAKER_EN = re.compile(rf"^[ \t>*\-•]*{STAMP_AHEAD}(?:\*\*)?({_EN_NAME}(?: {_EN_NAME}){{0,2}})(?:\*\*)?(?: \(([^)]{{1,40}})\))?\s*:(?!//)")
_SPEAKER_ZH = re.compile(rf"^[ \t>*\-•]*{STAMP_AHEAD}({_SUR}[{_HAN}]{{1,2}})(?:[（(]([^）)]{{1,20}})[）)])?[：:]")
_LIST_HEAD = re.compile(r"^[ \t>*\-•]*(?:attendees|participants|present|met|attended|with|customer|client|us|our side|"
                        r"参会人员|参会|与会人员|与会|出席|客户方|客户|我方|对方|参加人员|人员|见到|见了|接待)[^:：\n]{0,12}[:：]", re.I)
_ITEM_SPLIT = re.compile(r"[、，,;；/]|\band\b|和|及")
EMAIL = re.compile(r"\b([A-Za-z][A-Za-z0-9._-]*)@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_TITLED_ZH = re.compile(rf"(?:{_SUR})(?:{ZH_TITLES})|[老小](?!于|程序|康|时|龙虾|米|管网|管道|管理|车(?:主|间|型|辆|队|子|位|库|况)|金库)(?:{_SUR})(?![{_HAN}]{{0,1}}(?:{ZH_TITLES}))")
# 阿坤, 阿辉: the last character of a given name after 阿, as colleagues call each other in the south and in Malaysia;
# not a kinship word or the start of a place or brand (阿姨, 阿里, 阿拉伯), and only before a speaker's colon, a verb
# of telling or punctuation
AH_NICKNAME = re.compile(rf"(?<![{_HAN}])阿(?![姨里拉伯婆公爸妈哥弟妹嫂叔婶门胶富根联尔斯克曼塞巴布])[{_HAN}]"
                         rf"(?=[：:，,。、；;\s）)]|说|讲|问|提|也|还|想|要|觉得|认为|表示|私下|在线|那边|负责|$)", re.M)
# words that are a surname and 工 but rarely mean the word in a note: a person when they speak (`石工：`, `石工提到`)
_RARE_WORDS = {"石工", "文工", "龙工", "金工"}
_NOT_TITLED = {"古董", "施工", "金工", "石工", "于部长", "文工", "龙工", "高院", "中院", "全局", "时局",
               # the ends of bureau names (公安局, 工商局, 财政局 ...): not a surname with the short title 局
               "安局", "商局", "政局", "监局", "保局", "建局", "通局", "育局", "源局", "利局", "业局", "计局", "能局", "电局", "管局"}
_SIDE_BEFORE_FANG = set("对双各我甲乙买卖他该")  # 对方董事长, 甲方经理: "the other side's", not a surname 方
_ROLE_NAME_ZH = re.compile(rf"({ZH_ROLES})({_SUR}[{_HAN}]{{1,2}}?)(?=[，,。、：:；;\s）)]|说|表|认|提|明|也|和|的|希|要|对|在|称|强|今|去|已|会|则|首|开|主|私|透|坦|补|$)")
_NAME_TITLE_ZH = re.compile(rf"(?:(?<![{_HAN}])|(?<=[和与跟同及、对向给让请被找]))({_SUR}[{_HAN}]{{1,2}})"
                            rf"(主任|总经理|副总经理|副总|经理|总监|处长|局长|科长|院长|行长|部长|厂长|书记|老师|教授|律师|医生)")
# a three-character name opening a line or clause before what a person does: `- 周立新态度明显冷淡`, `，周立新说……`
_NAME_VERB_ZH = re.compile(rf"(?:^|(?<=[\s、，,。；;：:*•\-]))({_SUR}[{_HAN}]{{2}})(?=说|讲|表示|提到|提出|认为|态度|私下|介绍|强调|"
                           r"透露|反映|问|那边|这边|对我们|希望|要求|明确|担心|觉得|打来|来电|回复)", re.M)
_END_ZH = r"(?=[、，,；;。.:：（(\s]|$)"
_AFTER_LATIN_ZH = re.compile(rf"(?<![A-Za-z]){_EN_NAME}(?: {_EN_NAME})? ?({_SUR}[{_HAN}]{{1,2}}){_END_ZH}")
# a Chinese name with an English one after it, as a speaker or a list item: `林美玲 Meiling:`, `赵欣 Xin Zhao,`
_BEFORE_LATIN_ZH = re.compile(rf"(?<![{_HAN}])({_SUR}[{_HAN}]{{1,2}}) {_EN_NAME}(?: {_EN_NAME})?(?![A-Za-z])(?=[ \t]*(?:[:：(（,，、;；]|$))", re.M)
_BEFORE_CONTACT_ZH = re.compile(rf"(?:(?<![{_HAN}])|(?<=[的和与跟]))({_SUR}[{_HAN}]{{1,2}}?)(?:的)?(?:电话|手机|邮箱|微信|工号)")
_LISTED_ZH = re.compile(rf"(?<=[\s：:])({_SUR}[{_HAN}]{{1,2}}){_END_ZH}")
_ZH_NAME_ONLY = re.compile(rf"{_SUR}[{_HAN}]{{1,2}}")


_NOT_GIVEN = ("左右", "以上", "以下", "之间", "以内", "之内", "上下", "多少", "一下", "一起")  # 米左右, 万以上: amounts


def _plausible_zh(name: str) -> bool:
    return (2 <= len(name) <= 4 and name not in ZH_NOT_NAMES and not name.endswith(_NOT_GIVEN) and bool(_ZH_NAME_ONLY.fullmatch(name))
            and not _TITLED_ZH.fullmatch(name) and not name.endswith(_PLACE_END)
            and not (len(name) > 2 and re.match(rf"(?:{_SUR})(?:总|{ZH_ROLES})", name)))  # `林总和总经理`: 林总, then 和


def structural_finds(text: str) -> list[Find]:
    """Names from the note's structure: speaker labels and attendee-list items."""
    out: list[Find] = []
    for line in LINE.finditer(text):
        s, body = line.start(), line.group()
        head = _LIST_HEAD.match(body)
        if head and not any(len(re.findall(r"(?<![\w(])[a-z]\w*", p.split("(")[0])) > 2 for p in _ITEM_SPLIT.split(body[head.end():])):
            # `Us: Noted, we'll send it` is a turn, not a list
            pos = head.end()
            for piece in _ITEM_SPLIT.split(body[pos:]):
                at = body.find(piece, pos)
                pos = at + len(piece)
                lead = len(piece) - len(piece.lstrip())
                core = re.fullmatch(rf"(?:{EN_TITLES} )?({_EN_NAME}(?: {_EN_NAME}){{0,2}}|{_SUR}[{_HAN}]{{1,2}}?)"
                                    rf"\s*(?:[（(][^）)]*[）)])?\s*[.。]?", piece.strip())
                if core and (not has_han(core.group(1)) or _plausible_zh(core.group(1))):
                    a = s + at + lead + piece.strip().find(core.group(1))
                    b = a + len(core.group(1))
                    if core.group(1).lower() not in NOT_SPEAKERS:
                        out.append(Find(core.group(1), a, b, "full", role_after(text, b)))
            continue
        m = _SPEAKER_EN.match(body) or _SPEAKER_ZH.match(body)
        # (`黄姐要：合同 开票…` is 黄姐 wanting something, not a person named 黄姐要)
        if m and not set(m.group(1).lower().split()) & NOT_SPEAKERS and m.group(1).split()[-1] not in ORG_WORDS \
                and (not has_han(m.group(1)) or _plausible_zh(m.group(1)) and not re.search(r"[要想需]$", m.group(1))):
            out.append(Find(m.group(1), s + m.start(1), s + m.end(1), "speaker", m.group(2) or roster_role(body[m.end():])))
    return out


def chinese_finds(text: str) -> list[Find]:
    """jieba person tags, role + name, a name before a bracketed role, surname + title forms."""
    out: list[Find] = []
    if not has_han(text):
        return out
    pseg = jieba_dictionary.posseg()  # here, not at import: its dictionary and tag table are for Chinese text only
    pos = 0
    for w in pseg.cut(text):
        at = text.find(w.word, pos)
        pos = at + len(w.word)
        word = w.word[:-1] if len(w.word) == 3 and w.word.endswith(_VERB_END) else w.word  # 郑凯问 -> 郑凯
        if len(word) == 3 and word.endswith("微") and text[pos:pos + 1] == "信":  # 加了方晓微信: 方晓 and WeChat
            word = word[:-1]
        if word.endswith("微信"):  # 小宋微信补了一句: 小宋's WeChat, no one called 宋微信
            word = word[:-2]
        if len(word) == 2 and len(w.word) == 2 and re.match(rf"[{_HAN}] [A-Z][a-z]", text[pos:pos + 4]) \
                and text[pos] not in _VERB_END:
            word = text[at:pos + 1]  # `林慧珊 Shirley`: jieba's 林慧 and 珊, the name written before its English one
        if w.flag == "nr" and _plausible_zh(word) and not (len(word) == 2 and text[at - 1:at] in ("老", "小")):
            # not `邹比` in `小邹比上次积极`: a nickname's surname and the next word
            out.append(Find(word, at, at + len(word), "full", role_after(text, at + len(word))))
    for m in _ROLE_NAME_ZH.finditer(text):
        if _plausible_zh(m.group(2)):
            out.append(Find(m.group(2), m.start(2), m.end(2), "full", m.group(1)))
    for m in re.finditer(rf"(?<![{_HAN}])({_SUR}[{_HAN}]{{1,2}})(?= ?[（(][^）)\n]{{1,20}}[）)])", text):
        if _plausible_zh(m.group(1)):
            out.append(Find(m.group(1), m.start(1), m.end(1), "full", role_after(text, m.end(1))))
    # a who-is-who line opening with a name, a comma and a role: `- 蔡淑芬，财务总监，叫她蔡总监就行`
    for m in re.finditer(rf"(?m)^{LINE_LEAD}({_SUR}[{_HAN}]{{1,2}})(?=[，,])", text):
        role = role_after(text, m.end(1))
        if role and _plausible_zh(m.group(1)):
            out.append(Find(m.group(1), m.start(1), m.end(1), "full", role))
    for pattern in (_AFTER_LATIN_ZH, _BEFORE_LATIN_ZH, _BEFORE_CONTACT_ZH):  # `Frank Li 李明哲`; `林美玲 Meiling:`; `何婷婷电话：`
        for m in pattern.finditer(text):
            if _plausible_zh(m.group(1)):
                out.append(Find(m.group(1), m.start(1), m.end(1), "full", None))
    for line in LINE.finditer(text):  # an attendee list: `区域总 司马乾、大客户经理 章文茜`
        if _LIST_HEAD.match(line.group()):
            for m in _LISTED_ZH.finditer(line.group()):
                if _plausible_zh(m.group(1)):
                    out.append(Find(m.group(1), line.start() + m.start(1), line.start() + m.end(1), "full", None))
    for m in _NAME_VERB_ZH.finditer(text):  # not `张总还问` (a titled form and an adverb)
        if _plausible_zh(m.group(1)) and m.group(1)[-1] not in "还也就又都再才却便只" \
                and not re.match(rf"[{_HAN}]{{0,2}}?(?:{ZH_TITLES})", m.group(1)[1:]):
            out.append(Find(m.group(1), m.start(1), m.end(1), "full", None))
    for m in _NAME_TITLE_ZH.finditer(text):  # 周立新主任说: a full name written straight before its title
        if _plausible_zh(m.group(1)):
            out.append(Find(m.group(1), m.start(1), m.end(1), "full", m.group(2)))
    for m in _TITLED_ZH.finditer(text):
        speaking = m.group() in _RARE_WORDS and re.match(r"[：:]|提到|提醒|说|表示|认为|补充|问", text[m.end():m.end() + 2])
        if (m.group() in _NOT_TITLED and not speaking) or (m.group()[0] == "方" and text[m.start() - 1:m.start()] in _SIDE_BEFORE_FANG):
            continue
        title = next((r for r in _ROLES_LONGEST if m.group().endswith(r)), m.group()[-1])
        title = SHORT_TITLES.get(title, title)  # 郑科 is 郑科长, 何院 何院长: the short forms people say
        out.append(Find(m.group(), m.start(), m.end(), "titled", title if m.group()[0] not in "老小" else None))
    out += [Find(m.group(), m.start(), m.end(), "titled", None) for m in AH_NICKNAME.finditer(text)]
    return out
