"""How a Chinese surname is written in Latin letters: its Mandarin pinyin (沈 -> Shen, from pypinyin) and, for the
common surnames, the Hokkien, Teochew, Cantonese and Hakka spellings that notes from Singapore, Malaysia and Hong Kong
use (林 -> Lim, 陈 -> Tan / Chan, 黄 -> Wong / Ng). The table is our own, from the usual spellings of those surnames; a
spelling shared by two surnames (Ng: 黄 and 吴) lists both, so a caller that needs one owner still finds two. The same
for common given-name characters (志强 -> Chee Keong), to tell two namesakes apart."""
from __future__ import annotations

from functools import cache

_DIALECT = {
    "林": "Lim Lam", "陈": "Tan Chan Chin", "黄": "Wong Ng Ooi Huang", "吴": "Ng Goh Woo", "王": "Ong Wong Heng",
    "张": "Teo Cheung Chong Teoh", "许": "Koh Khor Hui", "蔡": "Chua Choy Tsai", "李": "Lee Li", "刘": "Lau Low Liew",
    "杨": "Yeo Yeung Yong", "周": "Chew Chow Chau", "郑": "Tay Teh Cheng Cheang", "叶": "Yap Yip Yeap", "何": "Ho Hoh",
    "谢": "Chia Tse Seah", "梁": "Leong Leung Neo", "郭": "Kwok Quek Kok", "沈": "Sim Shum", "曾": "Tsang Chan Tseng",
    "胡": "Foo Woo", "赖": "Lai Lye", "潘": "Poon Phua Pang", "邱": "Khoo Yau Hiew", "方": "Fong Png",
    "罗": "Law Lo Loh", "卓": "Toh", "杜": "Toh Tou", "庄": "Chong Chng", "钟": "Chung Cheong", "余": "Yee Yu",
    "苏": "Soh So", "朱": "Choo Chu", "萧": "Siew Siu", "孙": "Soon Suen", "马": "Beh Ma", "洪": "Ang Hung",
    "江": "Kang Kong", "魏": "Gwee Ngai", "翁": "Ang Yung", "石": "Chioh Shek", "符": "Foo Phu", "施": "Sze See",
}

_DIALECT_WORDS = frozenset(w for spelled in _DIALECT.values() for w in spelled.split())


@cache
def spellings(han: str) -> frozenset[str]:
    """Every Latin spelling of one Chinese surname (1-2 characters): its pinyin and the dialect ones."""
    if not han:
        return frozenset()
    from pypinyin import lazy_pinyin  # here, not at import: an English note never loads the pinyin tables

    return frozenset({"".join(lazy_pinyin(han)).capitalize(), *_DIALECT.get(han, "").split()})


def spells(han: str, latin: str) -> bool:
    """`Lim` spells 林, `Tan` spells 陈 (and 谭 by pinyin), `Shen` spells 沈."""
    return bool(latin) and latin.capitalize() in spellings(han)


def dialect_surname(word: str) -> bool:
    """`Lim`, `Tan`, `Ng`: a word that is a dialect spelling of a Chinese surname."""
    return word in _DIALECT_WORDS


# given-name characters common in Malaysian, Singaporean and Hong Kong names, with their usual dialect spellings (our own
# table; pinyin is always accepted too)
_GIVEN = {
    "志": "chee chi", "强": "keong keung kiong", "俊": "choon chun tsun", "伟": "wai wee", "明": "meng beng",
    "华": "wah hwa", "国": "kok kwok", "文": "boon man bun", "杰": "kiat kit", "玲": "leng", "美": "bee mee",
    "丽": "lee lai", "德": "teck tak tek", "健": "kian kin", "荣": "weng wing eng", "成": "seng sing shing",
    "发": "huat fatt", "金": "kim kam", "光": "kwong", "耀": "yew yiu", "辉": "fai hwee fye", "龙": "loong lung",
    "顺": "soon", "福": "hock fook", "安": "ann onn", "佩": "pui poi", "珊": "san", "慧": "wai", "秀": "siew sau",
    "家": "kah ka", "建": "kian kin", "新": "sin sun", "永": "eng wing", "宏": "wang", "兴": "heng hing",
    "敏": "mun", "芳": "fong", "雪": "suat suet", "月": "guat yuet", "春": "choon", "亮": "leong", "忠": "tiong chung",
    "益": "aik yik", "源": "guan yuen", "坤": "kuan kwan", "栋": "tong dong", "琳": "lim", "娟": "kuan", "婷": "teng",
}


def given_spelled(han_given: str, latin_given: list[str]) -> bool:
    """Whether Latin syllables spell a Chinese given name character by character, in pinyin or a usual dialect
    spelling (`Chee Keong` spells 志强; `Pei Shan` spells 佩珊), or as one pinyin word (`Peishan`)."""
    from pypinyin import lazy_pinyin

    words = [w.lower() for w in latin_given]
    syllables = lazy_pinyin(han_given)
    if len(words) == 1 and words[0] == "".join(syllables):
        return True
    return len(words) == len(han_given) and all(
        w == py or w in _GIVEN.get(ch, "").split() for w, py, ch in zip(words, syllables, han_given))
