"""Sender lines of chat exports and e-mail or ticket threads: the line that says who wrote the lines under it.

A chat export (WeChat, Teams, Slack) writes each sender on a line of its own with the time (`Markus Schneider 14:20`,
`14:02 Tony Wu`, `[24/11 08:12] Shauna Pryce (Corrbridge)`); an e-mail or ticket thread heads each message with
`Joanne Teo (Renan, Ops Manager) wrote:`, `On Tue, 17 Nov 2026, Wen Hui <wen@x.com> wrote:` or `李娜 写道：`; a
ticket's internal note (`Internal note (not visible to customer) | Darren Koh:`) is our own side writing. The bracket
after a name says which side the sender is on when it names one of our roles (`(us)`, `(support)`, `(account
manager)`) or the customer's organisation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_DAY = r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}(?:[-/.]\d{2,4})?|(?:\d{4}年)?\d{1,2}月\d{1,2}日)"
_CLOCK = rf"(?:{_DAY}[ \t,]+)?\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[ \t]?[AaPp][Mm])?"
# the time stamp a chat export or a transcript writes before a speaker's name (`10:09 `, `[00:01:46] `, `[03/06/26 09:02] `,
# `[03/06/2026, 09:02:11] `, `2026-06-03 09:02 `); shared with the speaker readers (nlp/text/names.py, structure.py)
# A voice message turned into text carries a tag there too (`[语音 52″] 胡总：`, `[Voice message 0:41] Tom:`)
_MEDIA = r"[\[【](?:语音|(?i:voice(?: message| note)?|audio))(?:[ \t]*\d{1,2}:\d{2}|[ \t]*\d{1,3}(?:[″\"”'’s]|秒)?)?[\]】][ \t]*"
STAMP_AHEAD = rf"(?:[\[【]?{_CLOCK}(?:[.,]\d{{1,3}})?[\]】]?[ \t]*(?:[-–—][ \t]*)?[ \t]+)?(?:{_MEDIA})?"
_NOTE = r"(?:[ \t]*[（(](?P<note>[^）)\n]{1,40})[）)])?"
_CHAT_HEAD = re.compile(rf"^[ \t]*(?:{_CLOCK}[ \t]+(?P<a>[^\d\s:：][^\d:：\n]{{0,23}}?)|(?P<b>[^\d\s:：\[【#>*-][^\d:：\n]{{0,23}}?)[ \t]+{_CLOCK})[ \t]*$")
# `[24/11 08:12] Shauna Pryce (Corrbridge)`: the time in brackets, the name, then an optional bracket
_BRACKET_HEAD = re.compile(rf"^[ \t]*[\[【]{_CLOCK}[\]】][ \t]+(?P<c>[^\d\s:：(（\[][^\d:：()（）\n]{{0,23}}?){_NOTE}[ \t]*$")
# `--- 2026-11-17 09:14 | Joanne Teo (Renan, Ops Manager) wrote:`, `On Tue, 17 Nov 2026 at 10:02, Wen Hui <w@x.com> wrote:`
_WROTE = re.compile(rf"^[ \t>\-—=*]*(?:[^|\n]{{0,60}}\|[ \t]*)?(?:On [^\n]{{0,60}}?,[ \t]*)?(?P<c>[^\d\s:：(（<|,\-][^\d:：()（）<|,\n]{{0,23}}?)"
                    rf"{_NOTE}(?:[ \t]*<[^>\n]{{1,60}}>)?[ \t]*(?:wrote|写道)[ \t]*[:：]?[ \t]*$", re.I)
# `--- Internal note (not visible to customer) | Darren Koh:`, `内部备注（客户不可见）：`
_INTERNAL = re.compile(r"^[ \t>\-—=*]*(?:internal(?: note| comment| only)?|内部备注|内部记录)[ \t]*(?:[（(][^）)\n]{0,40}[）)])?"
                       r"[ \t]*(?:\|[ \t]*(?P<c>[^\d\s:：(（][^\d:：()（）\n]{0,23}?))?[ \t]*[:：]?[ \t]*$", re.I)
# an e-mail header's sender, in a forwarded chain too: `From: Lorraine Bexley <lb@millfordusd.org>`, Outlook's
# one-line `From: Kevin Adair Sent: Friday, November 20, 2026 4:55 PM`, `发件人：李娜`
_FROM = re.compile(r"^[ \t>*]*(?:From|发件人)[ \t]*[:：][ \t]*(?P<c>[^<>\d:：\n,;]{2,30}?)[ \t]*(?:<[^@<>\s]+@(?P<note>[^<>\s]+)>)?"
                   r"(?:[ \t]+(?:Sent|Date|发送时间)[ \t]*[:：].*)?[ \t]*$", re.I)
_FORWARD = re.compile(r"^[ \t>*]*(?:Subject|主题)[ \t]*[:：][ \t]*(?:FW|Fwd|转发)[ \t]*[:：]", re.I | re.M)
_NAME_WORD = r"[A-ZÀ-Þ][\w'’.-]*"
# a bracket naming our side: `(us)`, `(our SE)`, `(support)`, `(account manager)`, `（我方售前）`
OUR_NOTE = re.compile(r"^(?:us|we|our\b.*|me|vendor|support(?: engineer| team| desk)?|helpdesk|account (?:manager|executive)|"
                      r"customer success(?: manager)?|csm|sales|solutions? engineer|presales|pre-sales|"
                      r"我方.*|我司.*|售前|销售|客服|技术支持)$", re.I)


@dataclass(frozen=True)
class Sender:
    name: str | None  # None: an internal note that names no one
    at: int  # where the name starts in the line
    note: str | None  # the bracket after the name (`Corrbridge`, `support`), "internal" for an internal note
    kind: str = "chat"  # "chat" (a chat export's time and name), "mail" (`... wrote:`) or "internal"

    @property
    def ours(self) -> bool:
        return self.note == "internal" or bool(self.note and OUR_NOTE.match(self.note.strip()))


def _a_name(name: str) -> bool:
    name = re.sub(r"^(?:Dr|Mr|Mrs|Ms|Prof|Miss)\.?[ \t]+", "", name)  # `Dr Lim Boon Kiat`
    return bool(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name) or re.fullmatch(rf"(?:{_NAME_WORD})(?: {_NAME_WORD}){{0,2}}", name))


def chat_sender(body: str) -> Sender | None:
    """The sender of the lines under `body` when `body` is a sender line, the sender written as a name: capitalised
    words or a short Chinese name."""
    m = _INTERNAL.match(body)
    if m:
        name = (m.group("c") or "").strip()
        return Sender(name if _a_name(name) else None, m.start("c") if name else 0, "internal", "internal")
    for pattern in (_BRACKET_HEAD, _WROTE, _FROM, _CHAT_HEAD):
        m = pattern.match(body)
        if not m:
            continue
        group = next(g for g in ("a", "b", "c") if g in pattern.groupindex and m.group(g))
        name = m.group(group).strip()
        note = m.group("note") if "note" in pattern.groupindex else None
        if _a_name(name):
            return Sender(name, m.start(group), note.strip() if note else None,
                          "chat" if pattern in (_BRACKET_HEAD, _CHAT_HEAD) else "mail")
    return None


def forwarder_domain(text: str, senders: list[Sender | None]) -> str | None:
    """In a forwarded chain (`Subject: FW: ...`), the mail domain of the first sender: the one who forwarded it into
    the notes, our side; everyone writing from that domain is ours."""
    first = next((x for x in senders if x and x.kind == "mail"), None)
    if not _FORWARD.search(text) or first is None or not first.note or "." not in first.note:
        return None
    return first.note.lower()
