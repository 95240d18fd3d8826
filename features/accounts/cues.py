"""Word lists for stance toward us and the warmth of a relationship, English and Chinese (our own lists)."""
from __future__ import annotations

import re

STANCE_CUES = {
    "supporter": ["supporter", "supporters", "supports", "supported", "backs", "backed", "champion", "keen on", "in favour", "in favor", "likes our",
                  "thanked", "pushes for us", "offered to introduce", "on our side", "positive about", "happy with",
                  "impressed", "vouched", "sponsor", "advocate", "convinced", "enthusiastic", "big fan",
                  "supportive", "very positive", "strongly positive", "positive on", "backing us", "now positive",
                  "strongly for us", "firmly for us", "clearly for us", "all for us", "now on board", "fully on board",
                  "on board with us", "our ally",
                  "支持", "认可", "力推", "赞同", "满意", "站在我们", "帮我们", "愿意安排", "感谢", "看好", "肯定了", "信任", "推荐我们",
                  "态度积极", "很积极", "非常积极", "依旧积极", "一直积极", "积极支持", "积极推动", "很配合", "积极配合",
                  "cooperative", "很热情", "非常热情", "赞成", "拥护", "力挺", "帮着我们", "替我们说话", "偏向我们", "给我们站台",
                  "推动者", "最积极", "表态支持",
                  # round 14: "fully behind it"
                  "fully behind", "firmly behind", "squarely behind", "right behind it", "now behind",
                  # round 16: a champion's own words, "I still want this to happen, I'll keep pushing Jimmy"
                  "keep pushing", "want this to happen", "继续推动", "我会继续推"],
    "sceptic": ["sceptic", "skeptic", "sceptics", "skeptics", "sceptical", "skeptical", "doubts", "doubtful", "complained", "prefers the competitor", "pushes back",
                "pushed back", "against our", "opposes", "opposed", "unhappy", "frustrated", "critical of", "worried about our",
                "questioned", "distrust", "cold", "dismissive", "blocked", "less enthusiastic", "lukewarm", "hesitant",
                "not convinced", "burned by", "burnt by", "cautious", "wary", "cool on", "cool toward", "cool towards",
                "prefers the incumbent", "prefers the rival", "prefers the other vendor", "favours the incumbent",
                "favors the incumbent", "against us", "has reservations", "blocks",
                "质疑", "疑虑", "不满", "抱怨", "反对", "倾向友商", "偏向友商", "冷淡", "不信任", "挑剔", "拍桌子", "投诉", "阻挠", "不太热情", "兴趣不大", "犹豫",
                "怀疑", "抵触", "谨慎", "排斥", "不看好", "不支持", "不太支持", "反感", "唱反调", "保留意见", "倾向原厂商", "更想用", "偏向原有", "不认可",
                "态度偏保守", "态度保守", "比较保守", "心里没底", "态度强硬", "态度更硬", "态度比上次更硬", "不买账",
                # round 10: "Martin is the blocker now", "the main obstacle", 成了拦路虎
                "the blocker", "a blocker", "main obstacle", "拦路虎", "卡着不放",
                # round 11: 仍有保留, 对全IP化有保留 (reservations, as "has reservations" above)
                "有保留", "明显保留", "持保留", "保留态度",
                # round 13: 还是不太买账
                "不太买账", "不怎么买账",
                # round 14: 对预算明显更保守
                "更保守", "明显保守", "趋于保守", "不太看好", "不怎么看好"],
    "neutral": ["neutral", "undecided", "wait and see", "on the fence", "non-committal", "noncommittal", "reserved",
                "wants to see", "first see", "中立", "观望", "态度中立", "不表态", "先看看", "未表态", "没表态", "没意见", "无所谓", "不冷不热", "态度一般",
                # a sceptic who softens is not yet a supporter: 态度缓和, 松口, softened
                "缓和", "松口", "松动", "softened", "thawing",
                # a supporter who cools is not yet a sceptic: 热情下降, 再比一比; one who only listens: 先旁听
                "热情下降", "热情明显下降", "没那么积极", "再比一比", "旁听", "先听听", "cooled", "less keen",
                # round 14: a sceptic who is "open to it" now, "less frosty"
                "open to it", "less frosty",
                # round 16: a sponsor who would put the project on hold, 项目可能要先缓一缓
                "缓一缓"],
}
WARM = ["warmer", "improved", "friendlier", "back on track", "relationship is good", "rebuilt trust",
        "关系改善", "回暖", "缓和", "更融洽", "关系更近", "thanked", "thank", "invited", "welcomed", "praised", "satisfied", "happy with", "agreed", "supports", "backs",
        "keen", "trust", "warm", "introduced", "extended", "signed", "approved", "impressed",
        "感谢", "邀请", "认可", "满意", "同意", "信任", "热情", "积极", "表扬", "肯定", "顺利", "愿意",
        # how people treat us when they warm up: our own bilingual list (the brief's "invited us, shared the budget,
        # introduced us to the boss, asked for a second demo"; chosen on corpus/accounts + heldout + blind 1-3)
        "warming up", "warmed up", "warming", "came round", "come round", "coming round", "softened", "positive about",
        "positive on", "very positive", "more positive", "cautiously positive", "to positive", "strongly positive",
        "supportive", "more open", "opened up", "stayed for", "volunteered", "offered to", "introduce us", "introduced us",
        "second demo", "another demo", "shared the budget", "now on board",
        "松口", "更开放", "引荐", "会推荐", "愿意推荐", "带我们", "介绍给", "介绍我们", "很感兴趣", "非常感兴趣", "整体向好", "越来越好", "再演示", "第二次演示", "透露了预算"]
# cold words that speak of how people treat us whatever the statement is about
COLD = ["colder", "strained", "tense", "slipping", "deteriorat", "lost trust", "关系紧张", "疏远",
        "no reply", "did not reply", "ignored", "threatened", "competitor invited", "re-tender", "retender",
        "pushed back", "doubts", "sceptical", "skeptical", "less enthusiastic", "lukewarm", "hesitant", "cold",
        "冷淡", "质疑", "疑虑", "换供应商", "不回", "拒绝", "不太热情", "兴趣不大", "重新招标",
        # going quiet, cooling, a rival brought in (our own list, chosen on the same five sets)
        "gone quiet", "went quiet", "went silent", "gone silent", "cooling", "cooled", "no new date", "careful with you",
        "prefers the incumbent", "invited a competitor", "brought in a competitor", "not replied", "hasn't replied",
        "has not answered", "no answer", "stopped answering", "invited another vendor", "invited a rival",
        "没回", "不回复", "没有回复", "未回复", "冷下来", "变冷", "降温", "没有下文", "邀请了友商", "邀请友商", "请了友商",
        "另找", "拖着", "友商也来", "推掉",
        # round 16: a sponsor putting the project on hold (项目可能要先缓一缓)
        "缓一缓", "on hold"]
# a meeting called off is cold when it is a meeting with us (a tender postponed is the customer's own timing)
CANCELLED = ["cancelled", "canceled", "postponed", "called off", "取消", "推迟", "改期"]
# words a customer also uses for its own pains ("our system keeps failing", "投诉率要下降30%", "预算被砍"): cold only
# when the statement is about us, our offer or a vendor, or is the note-taker's own observation (labelled none)
PAIN = ["worse", "complaint", "complaints", "complained", "escalated", "frustrated", "disappointed", "unhappy", "late",
        "delay", "angry", "blame", "恶化", "变差", "投诉", "不满", "失望", "抱怨", "拍桌子", "不顺畅", "故障", "延误", "追责"]


def _compile(words: list[str]) -> re.Pattern:
    en = [re.escape(w) for w in words if w.isascii()]
    zh = [re.escape(w) for w in words if not w.isascii()]
    parts = ([rf"\b(?:{'|'.join(en)})\b"] if en else []) + ([f"(?:{'|'.join(zh)})"] if zh else [])
    return re.compile("|".join(parts), re.I)


_STANCE = {k: _compile(v) for k, v in STANCE_CUES.items()}
_WARM, _COLD, _CANCELLED, _PAIN = _compile(WARM), _compile(COLD), _compile(CANCELLED), _compile(PAIN)
# 主动 + a deed toward us (主动带我们看机房, 主动问了实施周期, 主动约): warm; 主动运维 (proactive maintenance) is a need
_WARM_DEEDS = re.compile(r"主动(?:带|说|提|问|约|邀|联系|介绍|安排|帮|推荐|要求)")
_RELATION_DOWN = re.compile(r"(?:relationship|relations|关系)[\w\s]{0,12}?(?:worse|down|下滑|变差|恶化|紧张)", re.I)
_RELATION_UP = re.compile(r"(?:relationship|relations|关系)[\w\s]{0,12}?(?:improv\w*|better|warmer|stronger|好转|改善|升温|拉近|更近)", re.I)
_MEETING = re.compile(r"\b(?:meeting|visit|call|demo|workshop|presentation|review|session)s?\b|会议|会面|见面|拜访|汇报|交流|"
                      r"演示|约见|沟通会", re.I)
_NEGATED = re.compile(r"\b(?:not|no longer|never|don't|doesn't)\s+\w*\s*$|(?:不|没有|并不|不再|不太|不怎么|不大|没那么|不是很)$", re.I)


# "a commitment backed by penalties"; a cold-chain customer, a cold room: goods, not people; an e-mail address or a
# link (`lily.wong@hanbing-cold.example`): an address, not a mood
_NOT_STANCE = re.compile(r"\bbacked by\b|\bsupported by\b|\bcold[- ](?:chain|rooms?|stores?|storage|start)|"
                         r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\bhttps?://\S+", re.I)


# a complaint is scepticism toward us only when it is about us, a vendor or an offer: nurses complaining about today's
# terminals (夜班投诉多) or a director unhappy with the old system are the customer's pain, not a stance
_COMPLAINT = _compile(["complained", "complaints", "unhappy", "frustrated", "不满", "投诉", "抱怨", "拍桌子"])
_TOWARD_US = re.compile(r"\b(?:us|our|we|you|your|vendors?|suppliers?|proposal|solution|offer|quote|demo|bid)\b|"
                        r"我们|我方|我司|你们|贵司|方案|报价|演示|厂家|厂商|供应商|乙方|服务商", re.I)


def _blank(text: str) -> str:
    """The text with goods that only sound like attitudes (cold chain, backed by penalties) blanked, same length."""
    return _NOT_STANCE.sub(lambda m: " " * len(m.group(0)), text)


def _stance_hits(text: str, own_words: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, stance) of every attitude a statement names, negated ones left out; a complaint counts as
    scepticism only when the statement is about us, a vendor or an offer (in a person's `own_words`, "we" and "our"
    are the customer's: "our handlers are frustrated" is their pain)."""
    text = _blank(text)
    about_us = bool(_TOWARD_US.search(_FIRST_PLURAL.sub(" ", text) if own_words else text))
    hits = []
    for stance, pattern in _STANCE.items():
        for m in pattern.finditer(text):
            if stance == "sceptic" and not about_us and _COMPLAINT.fullmatch(m.group(0)):
                continue
            if not _NEGATED.search(text[max(0, m.start() - 12):m.start()]):
                hits.append((m.start(), m.end(), stance))
    # "less enthusiastic" is one sceptic word, not a sceptic and a supporter one
    return sorted(h for h in hits if not any(o != h and o[0] <= h[0] and h[1] <= o[1] for o in hits))


def stance_of(text: str, own_words: bool = False) -> str | None:
    """supporter / sceptic / neutral when a statement says so, else None; "now backs" after doubts counts as support.
    `own_words`: the statement is the person's own speech (a speaker's line), where "we" is the customer."""
    hits = _stance_hits(text, own_words)
    # the last-mentioned attitude wins: "was sceptical, now backs us" is support
    return hits[-1][2] if hits else None


# our own to-dos ("Next: send the RFP list", "待办：5月15日前提交方案", "propose a pilot"): not the customer's words,
# so they take no part in merging needs (needs.py) and their words say nothing of the relationship
OUR_TODO = re.compile(r"^\W*(?:next(?: steps?)?|to ?do|action(?: items?)?|follow[- ]?up|下一步|待办|后续|行动项)\s*[:：]|"
                       r"^\W*(?:we|our team|我方|我们)\s*(?:will|to|send|prepare|propose|会|将|准备|提交)|"
                       r"^\W*(?:send|prepare|propose|draft|book|schedule|提交|准备|安排)\b|"
                       r"^\W*[\d一二三四五六七八九十]+月[^，,。]{0,4}前(?:提交|准备|安排|发|整理|给)", re.I)
_ABOUT_US = re.compile(r"\b(?:us|our|you|your|vendors?|suppliers?|proposal|solution|offer|quote|demo|bid|pilot|"
                       r"invoices?|contract)\b|我方|我司|你们|贵司|方案|报价|演示|厂家|厂商|供应商|乙方|服务商|合同", re.I)


_FIRST_PLURAL = re.compile(r"\b(?:us|our|we)\b|我们", re.I)


def _unnegated(pattern: re.Pattern, text: str) -> list[re.Match]:
    return [m for m in pattern.finditer(text) if not _NEGATED.search(text[max(0, m.start() - 12):m.start()])]


def cold_cues(text: str, label: str | None = None) -> list[str]:
    """The words of a statement that show coldness toward us: relationship words always; a meeting called off when
    it is a meeting; pain words (complaint, delay, 投诉, 故障) only when the statement is about us or our offer or
    is the note-taker's own observation (label none), never a customer's complaint about its own situation."""
    text = _NOT_STANCE.sub(" ", text)
    found = [m.group(0) for m in _COLD.finditer(text)]
    found += [m.group(0) for m in _RELATION_DOWN.finditer(text)]
    about_us = bool(_ABOUT_US.search(text))
    if label in ("explicit", "organisational") and about_us and not _ABOUT_US.search(_FIRST_PLURAL.sub(" ", text)):
        about_us = False  # a customer's own words: "charged us penalties" is their "us", a pain of theirs
    if about_us or _MEETING.search(text):
        found += [m.group(0) for m in _CANCELLED.finditer(text)]
    if (about_us or label == "none") and not OUR_TODO.search(text):
        found += [m.group(0) for m in _PAIN.finditer(text) if not _RELATION_DOWN.search(text)]
    return found


def warmth(text: str, label: str | None = None) -> int:
    """+1 per warm cue (not negated: 不满意 is not 满意), -1 per cold cue toward us (`cold_cues`); in the note-taker's
    own remarks (labelled none or personal, where stance remarks sit) an attitude named outright counts too:
    +1 a supporter word, -1 a sceptic word, where no warm or cold cue already covers it ("三个人都是支持态度")."""
    cold = [m.span() for m in _COLD.finditer(_blank(text))]
    warm = []
    found = _unnegated(_WARM, text) + list(_WARM_DEEDS.finditer(text)) + list(_RELATION_UP.finditer(text))
    for m in sorted(found, key=lambda m: (m.start(), -m.end())):
        # 主动带我们 is one cue, not two; "invited a competitor" is cold, not an invitation
        if (not warm or m.start() >= warm[-1].end()) and not any(a < m.end() and m.start() < b for a, b in cold):
            warm.append(m)
    score = len(warm) - len(cold_cues(text, label))
    if label in ("none", "personal"):
        covered = [m.span() for m in warm] + cold
        for at, end, stance in _blended(_stance_hits(text), text):
            if stance != "neutral" and not any(a < end and at < b for a, b in covered):
                score += 1 if stance == "supporter" else -1
    return score


# words that say an attitude changed between two stances named in one statement ("from sceptic to neutral",
# "转为支持"); without one, two stances side by side are one blended attitude ("中立偏谨慎"), read as the last
_MOVED = re.compile(r"\b(?:from|to|now|moved|turned|became|changed|after)\b|->|→|转为|变成|变为|改为|现在|后来|已经", re.I)


def stances_in(text: str) -> list[str]:
    """The attitudes a statement names, in order: "moved from sceptic to neutral" gives [sceptic, neutral];
    "中立偏谨慎" (no word of change) gives its last, [sceptic]."""
    return [s for _, _, s in _blended(_stance_hits(text), text)]


def _blended(hits: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Of two attitudes in one clause with no word of change between them ("中立偏谨慎"), the last."""
    out = []
    for hit in hits:
        if out:
            between = text[out[-1][1]:hit[0]]
            if not re.search(r"[，,;；。]", between) and not _MOVED.search(between + " " + text[:out[-1][0]][-12:]):
                out.pop()
        out.append(hit)
    return out


# a change said outright, for one person between meetings ("比上次积极", "warming up", "cooler than before")
_MOVE_UP = _compile(["warmer", "warming up", "warmed up", "came round", "come round", "coming round", "more positive",
                     "more open", "softened", "opened up", "比上次积极", "比上次好", "更积极", "更配合", "回暖", "缓和",
                     "松口", "松动", "转为支持", "转为认可", "态度转好", "好转", "更主动"])
_MOVE_DOWN = _compile(["cooler", "colder", "less warm", "cooling", "cooled", "less enthusiastic", "less keen",
                       "more careful", "more guarded", "冷淡了", "变冷", "降温", "不如上次", "比上次冷淡", "态度变差",
                       "变得谨慎", "不太热情了", "更小心", "更谨慎"])


def moves(text: str) -> int:
    """+1 per word of warming, -1 per word of cooling (not negated) a statement says of someone."""
    return len(_unnegated(_MOVE_UP, text)) - len(_unnegated(_MOVE_DOWN, text))


# how a person treats us, for one whose notes name no attitude at all (our own bilingual list, the brief's examples)
_TREATS_WELL = _compile(["invited us", "introduced us", "shared the budget", "second demo", "another demo",
                         "offered to introduce", "took us to", "vouched for us", "邀请我们", "介绍我们", "引荐",
                         "透露了预算", "再演示", "带我们去见", "帮我们约"])
_TREATS_BADLY = _compile(["went silent", "gone quiet", "went quiet", "not replied", "no reply", "did not reply",
                          "invited a competitor", "complained about us", "complained about our", "cancelled our",
                          "canceled our", "没回", "没有回复", "不回复", "邀请了友商", "邀请友商", "投诉我们", "取消了我们"])


def treatment(text: str) -> int:
    """+1 per deed of goodwill toward us (invited us, introduced us to the boss, 主动约), -1 per deed of distance
    (went silent, cancelled our demo, invited a competitor), negated ones left out."""
    return len(_unnegated(_TREATS_WELL, text)) + len(_WARM_DEEDS.findall(text)) - len(_unnegated(_TREATS_BADLY, text))
