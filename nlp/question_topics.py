"""A need's topic for a question: the words of the note that say what is needed, without who said it.

`刘主任私下讲，他明年想评正高` -> `明年想评正高`; `Tom asked if we can do quarterly billing instead of upfront` ->
`quarterly billing instead of upfront`; caption capitals are lowered; a topic cut short ends in an ellipsis.
"""
from __future__ import annotations

import re

from nlp.records import Need

TOPIC_CHARS = {"en": 56, "zh": 22}
_MARKS = re.compile(r"^[\s▲△★☆●○■□◆◇*•·#>\-–—\d.、)）]+")

_FILL_EN = re.compile(r"^(?:(?:and|so|also|but|honestly|well|ok(?:ay)?|just for context|as you know|absolutely|frankly|"
                      r"i would add that|i think|to be honest),?\s+)+", re.I)
_LEAD_EN = re.compile(
    r"^(?:(?:they|we|he|she|i|the customer|customer|client)\s+)?(?:(?:really|also|still|are|is|am)\s+)?"
    r"(?:need|needs|want|wants|would like(?: to see)?|would want(?: to see)?|want to see|asked (?:us )?(?:for|about)|"
    r"require|requires|requesting|request|must have|are looking for|is looking for|expect|expects|"
    r"could you(?: also)?|can you(?: also)?)\s+(?:to\s+)?", re.I)
_REPORT_EN = re.compile(r"^(?:[A-Z][\w.'-]*\s+){1,3}(?:(?:keeps|kept)\s+)?(?:said|says|asked|asks|mentioned|noted|explained|"
                        r"told us|pushed|pushing|complained|raised|thinks)\s+(?:(?:if|whether|that|about|for|on)\s+)?"
                        r"(?:(?:we|they|you)\s+(?:can|could|would|will)\s+(?:do|get|have|offer|provide)\s+)?")
_CUT_EN = re.compile(r"(?<=\w)[.;:!?(]|, (?:and|but|so|which|because)\b| - ")

_LEAD_ZH = re.compile(r"^(?:[，,\s]*(?:另外|还有|而且|就是|说实话|第一个事情|客户|对方|他们|我们|他|她))*[，,\s]*"
                      r"(?:明确)?(?:要求|希望|需要|想要|提出|必须)?")
_VERBS_ZH = "说(?![明服法])|讲(?![解究座])|提到|提出|表示|透露|私下讲|私下说|认为|反映|强调|指出|抱怨|问|明确|表态|确认|交代|介绍|补充|提了一句|问了一句"
# a clause that only says who spoke or that something follows: `刘主任私下讲`, `我这边就一个要求`
_FRAME_ZH = re.compile(rf"[\u4e00-\u9fffA-Za-z·]{{0,8}}(?:(?:{_VERBS_ZH})(?:道|了|过)?|(?:一个|几个|两个|三个|一点|几点)?"
                       r"(?:要求|需求|问题|想法|意见))")
_REPORT_ZH = re.compile(rf"^(?:[\u4e00-\u9fffA-Za-z·]{{1,6}}?(?:{_VERBS_ZH}|要求)|问|顺便)(?:道|了|过)?[：:，,]?(?=.{{4}})")
_CLAUSE_ZH = re.compile(r"[，,。；;！？!?（(\s]+")


def topic_of(need: Need, lang: str) -> str:
    """The need in the note's words, cut at a clause: `SSO with our Azure AD`, `护士站的移动护理终端老是掉线`."""
    text = _MARKS.sub("", need.statement.text.strip())
    if text.isupper() and not re.search(r"[\u4e00-\u9fff]", text):
        text = text.lower()
    text = _zh_topic(text) if lang == "zh" else _en_topic(text)
    limit = TOPIC_CHARS[lang]
    if len(text) <= limit:
        return text.strip(" ,，")
    head = text[:limit + 1]
    if lang == "zh":
        return head[:limit].strip(" ,，") + "…"
    cut = max(head.rfind(", "), head.rfind(" and "), head.rfind(" with "))
    if cut > limit // 2:
        return head[:cut].strip(" ,")
    return (head.rsplit(" ", 1)[0] if " " in head else head[:limit]).strip(" ,") + "…"


def _en_topic(text: str) -> str:
    return _CUT_EN.split(_LEAD_EN.sub("", _FILL_EN.sub("", _REPORT_EN.sub("", text))))[0]


def _zh_topic(text: str) -> str:
    head, _, tail = (re.split(r"([：:])", text, maxsplit=1) + ["", ""])[:3]
    if tail and len(head) <= 10 and len(tail.strip()) >= 4:  # `我这边就一个要求：切换时间……` -> what follows the colon
        text = tail
    clauses = [c for c in _CLAUSE_ZH.split(_LEAD_ZH.sub("", text)) if c.strip()]
    kept = [_REPORT_ZH.sub("", c) for c in clauses if not _FRAME_ZH.fullmatch(c.strip())] or clauses
    return _LEAD_ZH.sub("", kept[0]) if kept else ""
