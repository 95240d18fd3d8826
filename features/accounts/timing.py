"""Money and time in notes: amounts (800万, 2.4M EUR, USD 18M), when (明年一季度, Q3 2026, H2, next year) resolved
against the meeting date, and the date a note was written."""
from __future__ import annotations

import re
from datetime import date

_CUR = {"usd": "USD", "us$": "USD", "$": "USD", "dollars": "USD", "dollar": "USD", "eur": "EUR", "€": "EUR",
        "euro": "EUR", "euros": "EUR", "gbp": "GBP", "£": "GBP", "pounds": "GBP", "sgd": "SGD", "s$": "SGD",
        "cny": "CNY", "rmb": "CNY", "¥": "CNY", "元": "CNY", "人民币": "CNY", "美元": "USD", "欧元": "EUR",
        "英镑": "GBP", "新币": "SGD", "新加坡元": "SGD", "hkd": "HKD", "hk$": "HKD", "港币": "HKD", "港元": "HKD",
        "jpy": "JPY", "日元": "JPY", "aud": "AUD", "a$": "AUD", "chf": "CHF", "myr": "MYR", "rm": "MYR",
        "ringgit": "MYR", "令吉": "MYR", "马币": "MYR", "inr": "INR", "₹": "INR", "thb": "THB", "idr": "IDR",
        "cad": "CAD", "nzd": "NZD", "aed": "AED", "sar": "SAR", "brl": "BRL", "zar": "ZAR", "krw": "KRW", "韩元": "KRW",
        "baht": "THB", "泰铢": "THB", "rupees": "INR", "卢比": "INR", "rupiah": "IDR", "印尼盾": "IDR", "yen": "JPY",
        "won": "KRW", "dirhams": "AED", "迪拉姆": "AED", "riyals": "SAR", "里亚尔": "SAR", "reais": "BRL", "rand": "ZAR",
        "澳元": "AUD", "加元": "CAD", "瑞郎": "CHF", "新台币": "TWD", "twd": "TWD", "vnd": "VND", "越南盾": "VND",
        "php": "PHP", "菲律宾比索": "PHP", "mxn": "MXN", "rub": "RUB", "卢布": "RUB", "sek": "SEK", "nok": "NOK",
        "dkk": "DKK", "pln": "PLN", "兰特": "ZAR"}
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9,
          "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8}
_NUM = r"\d[\d,]*(?:\.\d+)?"
# a sum set anew (`raised to £1.1M`, `cut the envelope to £420k`, `down from 1.8 million`, `可以加到四百万`, `压到85万`):
# a budget's cue (service.py) and a revision that keeps its timing (view.py)
RESET_TO = (r"\b(?:raised|cut|increased|reduced|lowered|trimmed|upped)(?: (?:the|its|their|our|this|that|budget|envelope|"
            r"figure|cap|ceiling|sum|amount)){0,2} to\b|\b(?:down|up) from\b|(?:加|提|涨|升|降|压|砍|减|缩)到(?=[\d一二两三四五六七八九十几百千万亿])")
_CODE = (r"US\$|S\$|HK\$|A\$|USD|EUR|GBP|SGD|HKD|JPY|AUD|CHF|CNY|RMB|MYR|RM(?=\s?\d)|INR|THB|IDR|CAD|NZD|AED|SAR|BRL|"
         r"ZAR|KRW|TWD|VND|PHP|MXN|RUB|SEK|NOK|DKK|PLN|\$|€|£|¥|₹")
# longer words first: 新台币 before 台币, 人民币 before 元
_ZH_WORDS = (r"新台币|人民币|美元|欧元|英镑|新币|新加坡元|港币|港元|日元|令吉|马币|韩元|泰铢|卢比|印尼盾|迪拉姆|里亚尔|澳元|加元|瑞郎|"
             r"越南盾|菲律宾比索|卢布|兰特|元")
# an amount in Chinese numerals: 九百万, 三千五百万元, 两亿 (a numeral must lead: 千万 alone is "by all means")
_ZH_AMOUNT = re.compile(rf"(?<![零一二两三四五六七八九十百千])([一二两三四五六七八九十][零一二两三四五六七八九十百千]*(?:万|亿))"
                        rf"\s?({_ZH_WORDS})?")
_SC = r"k|K|m|M|mn|bn|million|billion|thousand|千万|百万|十万|万|亿"
_AMOUNT = re.compile(
    rf"(?P<c1>{_CODE})\s?(?P<n1>{_NUM})\s?(?P<s1>{_SC})?(?![A-Za-z0-9%])"
    rf"|(?P<n2>{_NUM})\s?(?P<s2>{_SC})\s?(?P<c2>{_CODE}|euros?|dollars?|pounds|ringgit|baht|rupees|rupiah|yen|won|dirhams|riyals|reais|rand|"
    rf"{_ZH_WORDS})?(?![A-Za-z0-9%])"
    rf"|(?P<n3>{_NUM})\s?(?P<c3>{_ZH_WORDS})", re.I)
# the amount after "to" / "到" is the one that stands: "从2000万压缩到1200万", "from USD 18M to USD 11M"
_TO = re.compile(r"(?:\bto\b|到|至|为)\s*$", re.I)

_ZH_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def _fmt(value: float, cur: str) -> str:
    if value >= 1e9:
        return f"{value / 1e9:g}B {cur}"
    if value >= 1e6:
        return f"{round(value / 1e6, 3):g}M {cur}"
    if value >= 1e3:
        return f"{round(value / 1e3, 3):g}k {cur}"
    return f"{value:g} {cur}"


def find_amounts(text: str, default_currency: str = "CNY") -> list[tuple[str, str, int]]:
    """(normalised amount, the words as written, position) for every sum of money in a text."""
    out = []
    for m in _AMOUNT.finditer(text):
        g = m.groupdict()
        num, scale, cur = (g["n1"], g["s1"], g["c1"]) if g["n1"] else (g["n2"], g["s2"], g["c2"]) if g["n2"] \
            else (g["n3"], None, g["c3"])
        if not cur and not (scale and scale in "万亿千万百万十万"):
            continue  # "40 engineers", "5k users": a number without money words is not money
        if not cur and scale and scale.lower() in ("k", "m", "mn", "bn", "million", "billion", "thousand"):
            continue
        try:
            value = float(num.replace(",", "")) * _SCALE.get((scale or "").lower(), _SCALE.get(scale or "", 1))
        except ValueError:
            continue
        code = _CUR.get((cur or "").lower(), default_currency)
        out.append((_fmt(value, code), m.group(0).strip(), m.start()))
    for m in _ZH_AMOUNT.finditer(text):
        import cn2an  # 70 ms of tables, paid only by a note that writes an amount in Chinese numerals

        try:
            value = float(cn2an.cn2an(m[1], "smart"))
        except ValueError:
            continue
        out.append((_fmt(value, _CUR.get(m[2] or "", default_currency)), m.group(0).strip(), m.start()))
    return sorted(out, key=lambda f: f[2])


def amounts_of(text: str) -> list[tuple[str, str]]:
    """Every sum a statement names as its own ("投资3500万元，分两年，今年先投2000万" gives two); a sum that
    changes ("从2000万压缩到1200万", "from USD 18M to USD 11M") gives only the one that stands."""
    found = find_amounts(text)
    target = main_amount(text)
    if target and any(_TO.search(text[max(0, pos - 6):pos]) for _, _, pos in found):
        return [target]
    return list(dict.fromkeys((norm, raw) for norm, raw, _ in found))


def main_amount(text: str) -> tuple[str, str] | None:
    """The amount a statement is about: the one after "to"/"到" when a sum changes, else the first."""
    found = find_amounts(text)
    if not found:
        return None
    for norm, raw, pos in found:
        if _TO.search(text[max(0, pos - 6):pos]):
            return norm, raw
    return found[0][0], found[0][1]


_WHEN = [
    # a span of years: 2026-27, 2026–2027, 2026至2027年 (not a date: 2026-03-02)
    (re.compile(r"(?<![\d/.-])(20\d\d)\s*(?:-|–|—|~|至|到)\s*(?:20)?(\d\d)(?![\d])(?!\s*[-/.]\s*\d)"),
     lambda m, y: f"{m[1]}-20{m[2]}"),
    # two years named together: across 2026 and 2027, 2026年和2027年
    (re.compile(r"(?<![\d/.-])(20\d\d)\s*年?\s*(?:and|&|和|及|与)\s*(20\d\d)(?![\d/.-]\d)", re.I),
     lambda m, y: f"{m[1]}-{m[2]}" if int(m[2]) == int(m[1]) + 1 else m[1]),
    # a sum spent over years: 今年投资3500万元，分两年 / over three years from 2027 (分两年摊 is amortised: no span)
    (re.compile(r"(?:分|over\s+|across\s+)(两|二|三|四|2|3|4|two|three|four)\s*(?:个)?(?:年(?!摊)|(?:financial |fiscal )?years)", re.I),
     lambda m, y: _spread(m, y)),
    (re.compile(r"(20\d\d)\s*年?\s*(?:Q|第|(?=[1-4一二三四]\s*季度))([1-4一二三四])\s*(?:季度)?", re.I), lambda m, y: f"Q{_ZH_Q[m[2]]} {m[1]}"),
    (re.compile(r"\bQ([1-4])\s*(?:of\s*)?(?:FY)?\s*'?(20\d\d)", re.I), lambda m, y: f"Q{m[1]} {m[2]}"),
    (re.compile(r"\bH([12])\s*(20\d\d)", re.I), lambda m, y: f"H{m[1]} {m[2]}"),
    (re.compile(r"(20\d\d)\s*年?\s*(上|下)半年"), lambda m, y: f"H{1 if m[2] == '上' else 2} {m[1]}"),
    (re.compile(r"(明年|今年|后年)\s*(?:第)?([一二三四1-4])\s*季度"),
     lambda m, y: f"Q{_ZH_Q[m[2]]} {y + {'今年': 0, '明年': 1, '后年': 2}[m[1]]}"),
    (re.compile(r"(明年|今年|后年)?\s*(上|下)半年"),
     lambda m, y: f"H{1 if m[2] == '上' else 2} {y + {'今年': 0, '明年': 1, '后年': 2, None: 0}[m[1]]}"),
    (re.compile(r"\bFY\s?'?(20\d\d)(?:\s*/\s*(\d\d))?", re.I), lambda m, y: f"FY{m[1]}" + (f"/{m[2]}" if m[2] else "")),
    (re.compile(r"(?<![明今后年])(?:第)?([一二三四])季度"), lambda m, y: f"Q{_ZH_Q[m[1]]} {y}"),
    (re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月"), lambda m, y: f"{m[1]}-{int(m[2]):02d}"),
    (re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(20\d\d)", re.I),
     lambda m, y: f"{m[2]}-{_MONTHS[m[1].lower()]:02d}"),
    (re.compile(r"\b(?:in|from|Q[1-4]|for|by|during)\s+(?:the\s+)?(?:[Qq][1-4]\s+(?:of\s+)?)?(?:FY)?(20\d\d)\b"), lambda m, y: m[1]),
    (re.compile(r"\bQ([1-4])\b"), lambda m, y: f"Q{m[1]} {y}"),
    (re.compile(r"\bH([12])\b"), lambda m, y: f"H{m[1]} {y}"),
    (re.compile(r"(明年|今年|后年)\s*(?:年底|年末)"), lambda m, y: f"Q4 {y + {'今年': 0, '明年': 1, '后年': 2}[m[1]]}"),
    (re.compile(r"\b(this|the current|next) (?:financial|fiscal) year\b", re.I),
     lambda m, y: f"FY{y + (m[1].lower() == 'next')}"),
    (re.compile(r"本财年|本财务年度"), lambda m, y: f"FY{y}"),
    (re.compile(r"\bnext year\b", re.I), lambda m, y: str(y + 1)),
    (re.compile(r"\b(?:this year|year[- ]end|end of the year)\b", re.I), lambda m, y: str(y)),
    (re.compile(r"明年"), lambda m, y: str(y + 1)),
    (re.compile(r"后年"), lambda m, y: str(y + 2)),
    (re.compile(r"今年|年底|年内"), lambda m, y: str(y)),
    (re.compile(r"(20\d\d)\s*年"), lambda m, y: m[1]),
    (re.compile(r"(?<![\d-])(20\d\d)(?![\d/.-]\d|\s*(?:万|亿|千|百|元|[kKmM]\b))"), lambda m, y: m[1]),
]


_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "2": 2, "3": 3, "4": 4, "two": 2, "three": 3, "four": 4}


def _spread(m: re.Match, year: int) -> str:
    """The years a sum spread over N years covers, from the year the statement names (明年, 2027) or this one."""
    named = re.search(r"(?<!\d)(20\d\d)(?!\d|\s*(?:万|亿|千|百|元|[kKmM]\b))|(明年|next year|后年)", m.string, re.I)
    start = int(named[1]) if named and named[1] else year + (2 if named and named[2] == "后年" else 1 if named else 0)
    return f"{start}-{start + _COUNT[m[1].lower()] - 1}"


def find_when(text: str, meeting_date: str) -> tuple[str, str] | None:
    """(normalised time, the words as written) of the first time expression, the most specific kind first."""
    year = int(meeting_date[:4]) if re.match(r"\d{4}", meeting_date or "") else date.today().year
    for pattern, make in _WHEN:
        m = pattern.search(text)
        if m:
            return make(m, year), m.group(0).strip()
    return None


_DATES = [
    (re.compile(r"(20\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"), lambda m: (m[1], m[2], m[3])),
    (re.compile(r"\b(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(20\d\d)", re.I),
     lambda m: (m[3], _MONTHS[m[2].lower()], m[1])),
    (re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(20\d\d)", re.I),
     lambda m: (m[3], _MONTHS[m[1].lower()], m[2])),
]


def note_date(text: str) -> str | None:
    """The date written at the top of a note (first five non-empty lines), else anywhere in it, else None."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    for chunk in ("\n".join(lines[:5]), text):
        for pattern, parts in _DATES:
            for m in pattern.finditer(chunk):
                y, mo, d = (int(x) for x in parts(m))
                try:
                    return date(y, mo, d).isoformat()
                except ValueError:
                    continue
    return None
