"""Language of a statement or a text: zh, en, or mixed, from the share of Han characters."""
from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """'zh' when Han characters dominate, 'en' when there are none, 'mixed' in between.

    Latin letters are counted at a third of a Han character, since one Han character carries
    about as much as a short English word's letters; a Chinese sentence with one acronym stays zh.
    """
    han = len(_HAN.findall(text))
    latin = len(_LATIN.findall(text))
    if han == 0:
        return "en"
    share = han / (han + latin / 3)
    if share >= 0.75:
        return "zh"
    if share <= 0.15:
        return "en"
    return "mixed"


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def majority_language(languages: list[str]) -> str:
    """'zh' or 'en': the language most statements are in (mixed ones count as Chinese)."""
    zh = sum(lang != "en" for lang in languages)
    return "zh" if zh > len(languages) - zh else "en"
