"""Normalisation of statement text: full-width letters and digits, invisible characters, bullets, whitespace."""
from __future__ import annotations

import re

# Full-width ASCII letters, digits and a few signs become their half-width forms; CJK punctuation
# such as ，。；： stays, since it carries sentence structure for Chinese.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in "，。；：！？（）"}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

BULLET = re.compile(
    r"^[ \t\u3000]*(?:[-*+]+(?=[ \t\u3000])|[•·▪●◦○■□◆◇▶►➢✓✔→—–]+|\d{1,2}[.)、](?!\d)|[（(]\d{1,2}[)）]|[a-zA-Z][.)](?=\s)|[①-⑳])[ \t\u3000]*"
)
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


def normalise(text: str) -> str:
    """One statement's text as the classifier sees it."""
    text = text.translate(_FULLWIDTH).translate(_INVISIBLE)
    text = BULLET.sub("", text, count=1)
    return _SPACES.sub(" ", text).strip()


def bullet_length(line: str) -> int:
    """Length of a leading list marker (and the spaces around it) on a line, 0 if none."""
    m = BULLET.match(line)
    return m.end() if m else 0
