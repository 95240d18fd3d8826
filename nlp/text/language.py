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
    share = han_share(text)
    if share == 0.0:
        return "en"
    if share >= 0.75:
        return "zh"
    if share <= 0.15:
        return "en"
    return "mixed"


def han_share(text: str) -> float:
    """Han characters' share of a text's meaning, Latin letters counted at a third of one (0.0 with no Han)."""
    han = len(_HAN.findall(text))
    return han / (han + len(_LATIN.findall(text)) / 3) if han else 0.0


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def majority_language(languages: list[str]) -> str:
    """'zh' or 'en': the language most statements are in (mixed ones count as Chinese)."""
    zh = sum(lang != "en" for lang in languages)
    return "zh" if zh > len(languages) - zh else "en"
