"""Our own company as a note names it, and the people a note ties to it: a rep writes who we are once (`云拓工业科技有限公司
（我方）`, `Corvane Systems (us)`, or beside one of our people: `exported by Tom Beckett (Account Manager, Corvane
Systems)`) and then names colleagues by the company alone (`云拓：周凯、何工`, `Tom Beckett and Aisha Rahman (Corvane)`)."""
from __future__ import annotations

import re

_OURS_WORD = r"(?:我方|我司|本方|(?i:us|our side|ours|our team|we))"
# a company's name: Latin words with capitals (`Corvane Systems`), or Han characters (`云拓工业科技有限公司`)
_CO = r"((?:[A-Z][\w&'’.-]*[ \t]?){1,4}|[\u4e00-\u9fff]{2,16})"
# `云拓工业科技有限公司（我方）`, `Corvane Systems (us)`, `Corvane = us`, `我方（云拓）`, `我方=云拓`
_MARKED = re.compile(rf"{_CO}[ \t]*(?:[（(][^（()）\n]{{0,8}}?(?<![A-Za-z]){_OURS_WORD}(?![A-Za-z])[^（()）\n]{{0,8}}[）)]|[=＝][ \t]*{_OURS_WORD}(?![\w\u4e00-\u9fff]))|"
                     rf"(?:我方|我司|(?-i:Us|We))[ \t]*(?:[（(][ \t]*{_CO}[ \t]*[）)]|[=＝][ \t]*{_CO})")
# words that end a company's name without being its own part
_SUFFIX = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团|公司)$|(?:\s+(?:Systems|Solutions|Group|Ltd|Limited|Inc|GmbH|"
                     r"Technologies|Technology|Software|Consulting|Services|Corp|Corporation|plc|LLC|AG|SA|BV)\.?)+$")
_ZH_COMPANY = re.compile(r"公司|集团|科技|股份|工业|软件|信息|技术|智能|系统|网络|咨询|电子")
_NOT_COMPANY = {"我方", "我司", "客户", "甲方", "乙方", "对方", "The", "Our", "Us", "We", "Notes", "Attendees", "Present"}


def short_forms(company: str) -> set[str]:
    """`Corvane` and `Corvane Systems` of `Corvane Systems`; `云拓` and the full name of `云拓工业科技有限公司`."""
    company = company.strip(" \t.,")
    if not company or company in _NOT_COMPANY:
        return set()
    forms = {company, _SUFFIX.sub("", company).strip()}
    if re.match(r"[\u4e00-\u9fff]", company) and not _common_word(company[:2]):
        forms.add(company[:2])  # a Chinese company goes by its first two characters (云拓, 丰茂; not 中国 of 中国电信)
    else:
        forms.add(company.split()[0])
    return {f for f in forms if len(f) >= 2 and f not in _NOT_COMPANY}


def _common_word(word: str) -> bool:
    """中国, 上海, 华为: a word jieba's dictionary counts 100 times or more (云拓 0, 丰茂 47), too common to stand for us."""
    from nlp.text import jieba_dictionary

    return jieba_dictionary.ready().FREQ.get(word, 0) >= 100


def our_companies(text: str, ours: set[str]) -> set[str]:
    """The names this note gives our own company: marked as us, or in brackets beside one of our people."""
    found: set[str] = set()
    for m in _MARKED.finditer(text):
        name = next(g for g in m.groups() if g).strip()
        # a company, not one of our people marked as ours (`Rui Santos (our side)`, `赵一鸣（我方）`) or a heading
        # (`Actions (us):`): a Chinese name with a company word, a Latin one with its suffix or set equal to us
        if re.match(r"[\u4e00-\u9fff]", name):
            if not _ZH_COMPANY.search(name):
                continue
        elif not (_SUFFIX.search(name) or ("=" in m.group() and " " not in name)):
            continue
        found |= short_forms(name)
    for name in ours:
        if len(name) < 2:
            continue
        # `Tom Beckett (Account Manager, Corvane Systems)`: the company is the bracket's last part
        for m in re.finditer(rf"{re.escape(name)}[ \t]*[（(]([^）)\n]{{2,60}})[）)]", text):
            last = re.split(r"[,，、/|]| at | @ ", m.group(1))[-1].strip()
            if re.fullmatch(r"(?:[A-Z][\w&'’.-]*[ \t]?){1,4}", last) and _SUFFIX.search(last):
                found |= short_forms(last)
    return found


_NAME = re.compile(r"(?:[A-Z][\w'’.-]+[ \t]?){1,3}$|[\u4e00-\u9fff]{2,4}$")


def company_people(text: str, companies: set[str]) -> set[str]:
    """Names the note lists under our company (`云拓：周凯、何工`) or closes with it in brackets (`Tom Beckett and Aisha
    Rahman (Corvane)`)."""
    if not companies:
        return set()
    co = "|".join(re.escape(c) for c in sorted(companies, key=len, reverse=True))
    out: set[str] = set()
    # a head: `云拓：周凯、何工；` up to the next semicolon or the line's end
    for m in re.finditer(rf"(?:^|[;；|，,。]|[:：][ \t]*)[ \t]*(?:{co})(?:方面|一方|方|团队|team)?[ \t]*[:：]([^;；\n]+)", text, re.M):
        out |= _items(m.group(1))
    # a bracket that closes a run of names: back to the line's start or the last colon, semicolon or full stop
    # (the company ends the bracket: `(Corvane)`, `(Account Manager, Corvane Systems)`, not `(Corvane's sponsor)`)
    for m in re.finditer(rf"[（(][^（()）\n]{{0,40}}(?<![\w\u4e00-\u9fff])(?:{co})[ \t]*(?:team|团队|方)?[ \t]*[）)]", text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start:m.start()]
        cut = max(before.rfind(c) for c in ":：;；。|") + 1
        run = before[cut:]
        run = run[max((x.end() for x in re.finditer(r"\. ", run)), default=0):]  # not across a sentence's end
        out |= _items(run)
    return out - companies


def _items(run: str) -> set[str]:
    """Names in a run of names: `Presented by Tom Beckett and Aisha Rahman` -> Tom Beckett, Aisha Rahman."""
    out = set()
    for item in re.split(r"[、，,/&+]| and |和|及|以及", re.sub(r"[（(][^）)]*[）)]", "", run)):
        item = item.strip(" \t-*•")
        if re.fullmatch(r"[\u4e00-\u9fff]{1,2}(?:工|总|经理|主管)", item):
            out.add(item)
            continue
        m = _NAME.search(item)
        if m and (m.start() == 0 or item[m.start() - 1] in " \t"):
            out.add(m.group().strip())
    return out


def account_ours(texts: list[str], ours: set[str]) -> set[str]:
    """Across all meetings of an account: our company's names and the people any meeting ties to it (one note says
    who we are, the next names a colleague by the company alone)."""
    companies = set().union(*(our_companies(t, ours) for t in texts)) if texts else set()
    return companies | set().union(*(company_people(t, companies) for t in texts)) if companies else set()
