"""Markup pasted with a note (HTML from a wiki or an e-mail, Markdown) blanked out without moving any character.

`blank_markup(text)` returns a string of the same length in which tags, style and script bodies,
Markdown marks and link targets are spaces, block-level tags are line breaks and entities are their
character padded with spaces; so every span found in the result is also a span of the pasted text.
It also returns where heading lines start (`<h2>`, `## `, a line that is all bold).
"""
from __future__ import annotations

import html
import re

_HIDDEN = re.compile(r"<(style|script|head)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BLOCK = re.compile(r"</?(?:p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|section|article|blockquote|pre|hr)\b[^>]*>", re.I)
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,5}|[A-Za-z]{2,8});")
_HTML_HEADING = re.compile(r"<h[1-6]\b[^>]*>", re.I)
_MD_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+", re.M)
_MD_BOLD_LINE = re.compile(r"^[ \t]*(\*\*|__)([^*\n]{1,200})\1[ \t]*:?[ \t]*$", re.M)
_MD_TABLE_ROW = re.compile(r"^[ \t]*\|[^\n]*\|[^\n]*$|^[^\n|]+(?:\|[^\n|]*){2,}$", re.M)
_MD_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|")  # the line under a Markdown table's header row
_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", re.S)
_MD_EMPH = re.compile(r"(\*\*|__|~~|`)")
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,200})\]\(([^)\n]{0,500})\)")
_MD_QUOTE = re.compile(r"^[ \t]*>(?!>)[ \t]?", re.M)
# a rule, a table's separator row (`|---|:--:|`), or a marker between dashes (`---------- Forwarded message ---------`);
# not a thread's header that opens with dashes (`--- 2026-11-17 09:14 | Joanne Teo wrote:`)
_MD_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$|^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$|"
                      r"^[ \t]*-{3,}[^\n]*-{3,}[ \t]*$", re.M)
_CSS_PROP = r"(?:font|color|margin|padding|background|border|text|line|width|height|display|mso|letter|white|vertical)[\w-]*"
_CSS = re.compile(rf"(?:{_CSS_PROP}[ \t]*:[ \t]*[^;:\n<>]{{1,80}};[ \t]*)+|^[ \t]*[.#]?[\w-]+[ \t]*\{{[^}}\n]*\}}[ \t]*$", re.M | re.I)


def _blank(chars: list[str], a: int, b: int, first: str = " ") -> None:
    for i in range(a, b):
        if chars[i] != "\n":
            chars[i] = " "
    if a < b and first != " ":
        chars[a] = first


def blank_markup(text: str) -> tuple[str, set[int]]:
    """The text with its markup blanked (same length), and the start offsets of lines that markup makes headings."""
    chars = list(text)
    heading_at: set[int] = set()
    looks_html = bool(_TAG.search(text))
    if looks_html:
        for m in _HTML_HEADING.finditer(text):
            heading_at.add(m.start())
        for m in _HIDDEN.finditer(text):
            _blank(chars, m.start(), m.end())
        for m in _BLOCK.finditer(text):
            _blank(chars, m.start(), m.end(), "\n")
        for m in _TAG.finditer(text):
            if chars[m.start()] == "<":
                _blank(chars, m.start(), m.end())
        for m in _ENTITY.finditer(text):
            ch = html.unescape(m.group())
            _blank(chars, m.start(), m.end(), ch if len(ch) == 1 and ch.strip() and ch != "\u00a0" else " ")
    m = _FRONT_MATTER.match(text)
    if m:  # YAML front matter of a wiki page: metadata, not statements
        _blank(chars, m.start(), m.end())
    for m in _MD_HEADING.finditer(text):
        heading_at.add(m.start())
        _blank(chars, m.start(1), m.end())
    for m in _MD_BOLD_LINE.finditer(text):
        heading_at.add(m.start())
    for m in _MD_LINK.finditer(text):
        _blank(chars, m.start(), m.start(1))
        _blank(chars, m.end(1), m.end())
    for m in _MD_EMPH.finditer(text):
        _blank(chars, m.start(), m.end())
    for pat in (_MD_QUOTE, _MD_RULE, _CSS):
        for m in pat.finditer(text):
            _blank(chars, m.start(), m.end())
    for m in _MD_TABLE_ROW.finditer(text):  # a Markdown table: each cell on a line of its own
        if _MD_TABLE_RULE.match(text, m.end() + 1):
            # its header row names columns, and a column named `Follow-up` or `Next step` would head the rows as a
            # section of to-dos: blanked
            _blank(chars, m.start(), m.end())
            continue
        for i in range(m.start(), m.end()):
            if text[i] == "|":
                chars[i] = "\n"
    out = "".join(chars)
    # a heading tag's text starts after the line break the tag became: find each heading's line start in `out`
    starts = set()
    for a in heading_at:
        i = a
        while i < len(out) and out[i] in " \n":
            i += 1
        starts.add(out.rfind("\n", 0, i) + 1)
    return out, starts
