"""Which lines of a note are headings.

A heading is a short line that titles what follows: `四、竞争情况`, `【需求】`, `Open points:`, a numbered title over body
text (`4. Why the old system failed`, `三 下一步`), a short line over a list (`Open items`).
(A chat export's or e-mail thread's sender lines: nlp/text/senders.py.)
"""
from __future__ import annotations

import re

_HEADING_ZH = re.compile(r"^[ \t]*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[部分章节])"
                         r"[^。；;，,！？!?]{1,20}$")
_NUMBERED = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)、]?|[一二三四五六七八九十]{1,3})[ \t]+(\S.*)$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+\S")
_HEADING_BRACKET = re.compile(r"^[ \t]*[【\[][^】\]\n]{1,24}[】\]][ \t]*$")
_HEADING_WORDS = re.compile(r"(?:情况|背景|需求|问题|人员|进展|计划|事项|总结|关键人|竞争|下一步|待办|风险|预算|决策链|痛点|"
                            r"个人|机会|现状|概况|备注|其他|要点|结论)[:：]?$")


def _numbered_heading(s: str, prev_line: str | None, next_line: str | None) -> bool:
    """`4. Why the old system failed`, `2.1 Scope`, `三 下一步`: a short numbered title over body text, not one item of a list."""
    m = _NUMBERED.match(s)
    if not m or next_line is None or re.search(r"[.。!?！？;；,，:：]$", s):
        return False
    arabic = s[:1].isdigit()
    for other in (next_line, prev_line):  # a run of lines numbered the same way is a list
        if other is not None and _NUMBERED.match(other.strip()) and other.strip()[:1].isdigit() == arabic:
            return False
    title, body = m.group(1), next_line.strip()
    if re.search(r"[\u4e00-\u9fff]", title):
        short = len(title) <= 12
    else:
        short = len(title.split()) <= 8 and len(title) <= 60 and title[:1].isupper()
    return short and len(body) > len(s)


def is_heading(line: str, next_line: str | None, prev_line: str | None = None) -> bool:
    """Whether `line` titles what follows it (`next_line`; `prev_line` tells a numbered title from a list item)."""
    s = line.strip()
    if re.match(r"\[?\d{1,2}:\d{2}", s):  # a transcript's timed line (`[00:01:15] (inaudible)`) titles nothing
        return False
    if not s or _HEADING_ZH.match(s) or _HEADING_BRACKET.match(s):
        return bool(s)
    if _numbered_heading(s, prev_line, next_line):
        return True
    words = s.rstrip(":：").split()
    if re.search(r"[:：]$", s) and len(words) <= 5 and len(s) <= 40:
        return True
    if re.search(r"[.。!?！？;；,，]$", s) or next_line is None:
        return False
    if re.fullmatch(r"[\u4e00-\u9fff]{2,8}", s) and _HEADING_WORDS.search(s):
        return True
    if _LIST_ITEM.match(next_line) and 1 <= len(words) <= 4 and s[:1].isupper() and not re.search(r"\d", s):
        return True  # `Open items` over a list
    return 1 <= len(words) <= 4 and len(s) <= 40 and all(w[:1].isupper() or not w[:1].isalpha() for w in words) \
        and not re.search(r"[\u4e00-\u9fff]", s)
