"""The role a note writes beside a person's name, before it (`CFO Paul Grant`) or after it (`Tom Baker (procurement)`,
`Mark Olsen, Head of Procurement`)."""
from __future__ import annotations

import re

_ROLE_AFTER = re.compile(r"^\s*[（(]([^()（）\n]{1,60})[)）]")
# `, Head of Procurement`; a signature's or a record's `| Head of Technical Services`, `– Head of Technical Services`
# or a profile's `· Operations Director at Millrace`
_ROLE_COMMA = re.compile(r"^(?:,|[ \t]+[|–—·-])\s*((?:the |our |their )?(?:[A-Z][\w&/-]*|head|chief|director|manager|lead|officer|vp)"
                         r"[\w&/ -]{0,40}?)(?=[,.;)\n·]|$)")
# what follows an apposition (`Raj, their CFO, signed`): a lower-case word, not the next name of a list
_CLAUSE_GOES_ON = re.compile(r"\s*,\s+[a-z]")


# a Chinese role after a space in a list: `见到：贺长林 总经理；贺倩 生产技术部副主任；石磊 设备科`
_ROLE_SPACE_ZH = re.compile(r"^[ \t]+((?:(?![说是的了在和与也])[\u4e00-\u9fff]){0,10}?(?:总经理|副?总裁|副?总监|副?主任|副?经理|书记|主管|负责人|主席|会计|长|员|师|"
                            r"[科部处室组]|中心))(?=[；;，,、。\n]|[ \t]*$)")


# a who-is-who line's role after a comma: `- 林佳慧，生产部经理，英文名 Jenny`, `蔡淑芬，财务总监，叫她蔡总监就行`
_ROLE_COMMA_ZH = re.compile(r"^[，,][ \t]*((?:(?![说是的了在和与也])[\u4e00-\u9fff]){0,10}?(?:董事长|总经理|副?总裁|副?总监|副?主任|"
                            r"副?经理|书记|主管|负责人|主席|会计|[厂部科处所院馆站]长|工程师))(?=[；;，,、。\n]|[ \t]*$)")
LINE_LEAD = r"[ \t]*(?:[-*•·]|\d{1,2}[.、)])?[ \t]*"  # a line's indent and its bullet or item number
_WHO_LINE_START = re.compile(rf"(?:^|\n){LINE_LEAD}[\u4e00-\u9fff]{{2,4}}$")


def role_after(text: str, end: int) -> str | None:
    """The role written right after a name: `(plant manager)`, `, Head of Procurement`, ` 总经理；` in a list, `，生产部经理，`
    after a name that opens a who-is-who line."""
    if end and re.match(r"[\u4e00-\u9fff]", text[end - 1]):
        m = _ROLE_SPACE_ZH.match(text[end:end + 24])
        if m:
            return m.group(1)
        m = _ROLE_COMMA_ZH.match(text[end:end + 24])
        if m and _WHO_LINE_START.search(text[max(0, end - 12):end]):
            return m.group(1)
    m = _ROLE_AFTER.match(text[end:end + 64])
    if m:  # `(plant manager, everyone calls him Ah Ming)`: the role is what comes before the nickname
        role = m.group(1)
        nick = re.search(r"[,，;；][^,，;；]*(?:\bcalls?\b|\bcalled\b|known as|\baka\b|叫他|叫她|人称|又称)", role, re.I)
        return (role[:nick.start()] if nick else role).strip()
    m = _ROLE_COMMA.match(text[end:end + 50])
    # (`Raj, their CFO, signed`, `Ellen, the buyer, said` go on; `Ellie, our MD, has` stays out: in a customer's own
    # words `our` is theirs, in ours it is ours)
    if m and re.match(r"(?i)\s*(?:the|our|their)\b", m.group(1)) and not (
            _CLAUSE_GOES_ON.match(text[end + m.end():]) and re.match(r"(?i)\s*(?:the|their)\b", m.group(1))):
        return None  # `Vincent Xu, The CFO, Ms Lan`: the next item of a list is someone else, named by role
    if m and re.search(r"(?i)\b(?:the|all|\d+|two|three|four|five|six|seven|eight|nine|ten)\b[\w ]{0,24}"
                       r"(?:manager|director|engineer|officer|lead|head|buyer)s\b", m.group(1)):
        return None  # `Lisa, Raj Kumar and the six plant managers`: a list goes on; one person's role is singular
    if m and re.search(r"(?i)head|chief|director|manager|lead|officer|vp|c[eiotf]o|engineer|nurse|counsel|buyer|\b(?:md|gm)\b",
                       m.group(1)):
        return m.group(1).strip()
    return None


# a role written right before an English name: `CFO Paul Grant`, `Head of IT Mark Evans`, `plant manager Tom Baker`
_ROLE_BEFORE = re.compile(r"(?:^|[\s(,;:])((?:C[EIFTOM]O|CISO|CHRO|VP(?: of)? [A-Z][\w&]*|[Hh]ead of [A-Z]?[\w&]+|"
                          r"(?:(?!(?:the|our|their|a|an|and|with|met|told) )[A-Za-z][\w&]+ )?(?:[Dd]irector|[Mm]anager|[Ll]ead|[Oo]fficer)))\s+$")


# a roster line: a label names the person and the words after it open with their role, up to a comma (`- Marco Silva:
# GM, signs off anything over 50k`, `- Ines Duarte: head of guest services, wants WhatsApp`); not in Chinese, where a
# turn opening with a title is often someone greeted (`冯晓琳：欢迎谭主任，…`)
_ROSTER_EN = re.compile(r"^\s*((?:the |our )?(?:[A-Za-z&/-]+ ){0,3}?(?:GM|CEO|CFO|CIO|CTO|COO|MD|FD|VP|[Dd]irector|[Mm]anager|"
                        r"[Hh]ead|[Ll]ead|[Oo]fficer|[Ee]ngineer|[Cc]ontroller|[Pp]artner|[Bb]uyer|[Oo]wner|[Cc]hair|[Pp]resident)"
                        r"(?: of [A-Za-z&/ -]{1,30}?)?)\s*(?=[,，;；]|\s[-–—]\s)")


def roster_role(content: str) -> str | None:
    """The role a roster line gives after its label (`GM`, `head of guest services`), else None."""
    m = _ROSTER_EN.match(content)
    return m.group(1).strip() if m else None


def role_before(text: str, start: int) -> str | None:
    """The role written right before a name: `CFO Paul Grant`, `plant manager Tom Baker`."""
    m = _ROLE_BEFORE.search(text[max(0, start - 40):start])
    return m.group(1) if m else None
