"""Word automatic numbering rendered as printed: the "1.", "（一）", "3.2.1" or "a)" that Word draws before a list
paragraph but that is not in the paragraph's text.

python-docx exposes the numbering part's XML; this walks it (w:num -> w:abstractNum -> w:lvl with start, numFmt
and lvlText), follows numbering set on paragraph styles, and keeps one counter per list and level in
document order. No maintained PyPI library renders these labels on top of python-docx (docx2python parses
the whole file a second time and has no Chinese counting formats), hence this small module.
"""
from __future__ import annotations

import re

from docx.oxml.ns import qn

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"),
          (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_CN = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _chinese(n: int) -> str:
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        r = _roman(n)
        return r.upper() if fmt == "upperRoman" else r
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt.startswith("chineseCounting") or fmt in ("japaneseCounting", "koreanCounting", "taiwaneseCounting"):
        return _chinese(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN[int(d)] for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen" and 0 < n <= 20:
        return _PAREN[n - 1]
    if fmt == "ideographTraditional" and 0 < n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _val(el, tag: str, default=None):
    child = el.find(qn(tag)) if el is not None else None
    return child.get(qn("w:val")) if child is not None else default


class Numbering:
    """Renders the label of each numbered paragraph; call `label` once per paragraph, in document order."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[int, str, str, bool]]] = {}  # numId -> ilvl -> (start, fmt, text, legal)
        self.abstract_of: dict[str, str] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            num_id, abs_id = num.get(qn("w:numId")), _val(num, "w:abstractNumId")
            levels = self._levels(abstract.get(abs_id))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels.update(self._levels_of([lvl]))
                start = _val(override, "w:startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl] = (int(start),) + levels[ilvl][1:]
            self.levels[num_id] = levels
            self.abstract_of[num_id] = abs_id
        for style in document.styles.element.findall(qn("w:style")):
            ppr = style.find(qn("w:pPr"))
            numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
            if numpr is not None and _val(numpr, "w:numId"):
                self.style_num[style.get(qn("w:styleId"))] = (_val(numpr, "w:numId"), int(_val(numpr, "w:ilvl", "0")))

    def _levels(self, abstract) -> dict[int, tuple[int, str, str, bool]]:
        return self._levels_of(abstract.findall(qn("w:lvl"))) if abstract is not None else {}

    @staticmethod
    def _levels_of(lvls) -> dict[int, tuple[int, str, str, bool]]:
        out = {}
        for lvl in lvls:
            out[int(lvl.get(qn("w:ilvl"), "0"))] = (int(_val(lvl, "w:start", "1") or 1), _val(lvl, "w:numFmt", "decimal"),
                                                      _val(lvl, "w:lvlText", "") or "", lvl.find(qn("w:isLgl")) is not None)
        return out

    def label(self, p_element, style_id: str | None) -> tuple[str, int]:
        """(rendered label, level) for a paragraph element, or ("", -1) when it is not numbered."""
        ppr = p_element.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id, ilvl = (_val(numpr, "w:numId"), _val(numpr, "w:ilvl")) if numpr is not None else (None, None)
        if num_id is None and style_id in self.style_num:
            num_id, style_lvl = self.style_num[style_id]
            ilvl = ilvl if ilvl is not None else style_lvl
        if not num_id or num_id == "0" or num_id not in self.levels:
            return "", -1
        level, levels = int(ilvl or 0), self.levels[num_id]
        if level not in levels:
            return "", -1
        key = self.abstract_of.get(num_id, num_id)
        counts = self.counters.setdefault(key, {})
        counts[level] = counts.get(level, levels[level][0] - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        start, fmt, text, _ = levels[level]
        if fmt == "bullet":
            return "", level

        def sub(m: re.Match) -> str:
            i = int(m.group(1)) - 1
            if i not in levels:
                return ""
            n = counts.get(i, levels[i][0])
            return str(n) if levels[level][3] else format_number(n, levels[i][1])

        return re.sub(r"%(\d)", sub, text).strip(), level
