"""What a note itself says about who is who, for the person finder (nlp/people.py): forms it ties to one person
(`王经理（王建国）`, `Kevin Tan（CTO，内部大家叫他陈总）`, `Ngozi (Mrs. Okafor)`), an English and a Chinese name written
side by side (`Kevin 王凯`), and roles standing alone in place of a name (`the CIO`, `财务总监`), which an account
later joins to the person holding the role."""
from __future__ import annotations

import re

from nlp.text.names import AH_NICKNAME, COMPOUND, MALAY_TITLES, SURNAMES, ZH_NOT_NAMES, Find, han_surname
from nlp.text.surname_spellings import spells

_S = f"(?:{'|'.join(COMPOUND)}|[{SURNAMES}])"
_ALIAS = re.compile(r"(?:叫他|叫她|称他|称她|人称|又称|aka|a\.k\.a\.|known as|goes by|go by|called|calls? (?:him|her)|"
                    r"listed as|registered as)\s*[\"“]?"
                    r"([A-Z][a-z]+ [A-Z][a-z]+(?=[\s，,。；;）)\"”]|$)|[^\s，,。；;）)\"”]{2,16})", re.I)
_TIED = re.compile(r"((?:[A-Z][a-z]+\s+){0,2}[^\s（(，,。；;：:、]{2,24})\s*[（(]([^）)]{2,60})[）)]")
_ZH_ROLE_ALONE = re.compile(r"(财务总监|财务负责人|财务那边|财务那头|总会计师|总经理|董事长|总裁|一把手|技术总监|运营总监|采购总监|"
                            r"(?<![A-Za-z])(?:CFO|CIO|CEO|CTO|COO)(?![A-Za-z]))")
_EN_ROLE_ALONE = re.compile(
    r"\b(?:the|their|our|his|her|its)\s+((?:CIO|CFO|CEO|CTO|COO|CISO|FD|MD)|(?:chief \w+ officer)|(?:head of [a-z]+)"
    r"|(?:(?:IT|finance|financial|procurement|operations|network|technical|managing)\s+(?:director|head|manager|lead|controller)))\b",
    re.I)
_SPELLED_OUT = {"FD": "Finance Director", "MD": "Managing Director"}  # the FD, the MD (British board titles)
_EN_PLACE_ROLE = re.compile(r"\b[Tt]he ((?:[A-Z][a-z]+ ){1,2}(?:director|manager|head|lead))\b")
_VICE = re.compile(rf"(?<![分主兼])(?:{'|'.join(COMPOUND)}|{_S})副(?:院长|厂长|局长|处长|科长|行长|部长|主任|总监|经理|书记|校长|所长|主席|矿长|站长|馆长|厅长|秘书长)")
_PROMOTED = re.compile(r"(?:副|竞聘|升|提拔|当上?|成为|接任|晋升|新任的?)$")


def is_full_name(form: str) -> bool:
    """周立新 or Ines Ferreira, not 周主任, 老周 or Ferreira."""
    if re.fullmatch(rf"{_S}[\u4e00-\u9fff]{{1,2}}", form):
        return form not in COMPOUND and not re.search(r"(?:总|工|董|经理|主任|总监|处长?|科长?|部长|局长?|行长|院长?|书记|老师|博士|"
                                                      r"[校厂矿所站馆厅社会]长|理事长|主席)$", form)
    if re.match(rf"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|{MALAY_TITLES})\b\.?\s+[A-Z][a-z]+$", form):
        return False  # `Mr Lloyd` is a titled surname: the person whose full name ends in Lloyd
    return bool(re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?)+", form))


def ah_owner(form: str, names: list[str]) -> str | None:
    """The one Chinese full name among `names` that `阿坤` (阿 with the given name's last character) or `Ah Kun` (that
    character's pinyin after Ah) shortens, else None: 郑坤 for both."""
    if AH_NICKNAME.fullmatch(form):
        owners = [n for n in names if is_full_name(n) and n.endswith(form[1])]
    elif re.fullmatch(r"Ah [A-Z][a-z]+", form):
        from pypinyin import lazy_pinyin  # its tables load only for a note that names someone `Ah ...`

        owners = [n for n in names if is_full_name(n) and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", n)
                  and lazy_pinyin(n[-1])[0] == form[3:].lower()]
    else:
        return None
    return owners[0] if len(owners) == 1 else None


def _person_like(form: str) -> bool:
    """A form that can name a person: a full name, 周主任 / 陈总, 老周 / 小陈, Mrs. Okafor, Kevin."""
    return is_full_name(form) or bool(
        re.fullmatch(rf"{_S}(?:副?总(?:经理|监|裁)?|工|董|经理|主任|处长?|科长?|部长|局长?|行长|院长?|书记|老师|博士|[校厂矿所站馆厅]长|主席)"
                     rf"|[老小]{_S}", form)
        or re.fullmatch(rf"(?:(?:Mr|Mrs|Ms|Dr|{MALAY_TITLES})\.?\s+)?[A-Z][a-z]+", form))


def vice_titled(text: str, finds: list[Find]) -> list[Find]:
    """`何副院长`, `何副厂长`: a surname with a vice title is one titled form; the name finders read `何副` as a full name
    before the title or missed it."""
    vice = [m for m in _VICE.finditer(text)]
    kept = [f for f in finds if not any(m.start() <= f.start < m.end() for m in vice)]
    return kept + [Find(m.group(), m.start(), m.end(), "titled", m.group()[m.group().index("副"):]) for m in vice]


# a self-introduction with the name to use: `我是电气组黄志辉，大家叫我阿辉就好`, `I'm Rajesh Kumar, call me Raj`
_SELF_NAMED = re.compile(rf"我是[^，,。\n]{{0,12}}?({_S}[\u4e00-\u9fff]{{1,2}})[，,。 ]?[^。\n]{{0,10}}?叫我[\"“]?([^\s，,。；;”\"]{{2,4}}?)"
                         rf"(?=就好|就行|吧|[，,。；;”\"]|$)|\b(?:I'm|I am)\s+([A-Z][a-z]+ [A-Z][a-z]+)[,.]?\s+(?:just\s+|please\s+)?"
                         rf"call me\s+([A-Z][a-z]+)\b", re.M)


# the English name a note says a Chinese colleague goes by: `郑浩 他英文名叫Kevin`, `郑浩（英文名 Kevin）`, `邹敏（信息部经理，
# 英文名Amy）`, `唐静是实际推动人，大家都叫她小唐，她英文名 Grace` (two clauses on); or writes
# glued before the Chinese name, as chat exports show a display name: `Kevin葛宏伟：`, `Tony郝建：`
_ENGLISH_NAME = re.compile(rf"({_S}[\u4e00-\u9fff]{{1,2}})(?=[\s，,（(他她的英是])[\s，,（(]*(?:[^，,（()）\n]{{1,12}}[，,]\s*){{0,2}}(?:他|她)?的?英文名字?(?:叫|是)?\s*"
                           r"([A-Z][a-z]+)(?![A-Za-z])")
_GLUED_ENGLISH = re.compile(rf"(?<![A-Za-z])([A-Z][a-z]{{1,11}})({_S}[\u4e00-\u9fff]{{1,2}})(?=[：:（(，,\s])")


# an English name written just before the Chinese one, its surname spelling the Chinese surname: `William Chan 陈伟明`
# (the name finders miss the English half beside Chinese characters)
_SPACED_ENGLISH = re.compile(rf"(?<![A-Za-z])([A-Z][a-z]+ ([A-Z][a-z]+))[ \t]+((?:{_S})[\u4e00-\u9fff]{{1,2}})(?![\u4e00-\u9fff])")


# a who-is-who line that says what the person is called: `林国栋，董事长，一般叫林董，老员工私下喊老林`, `蔡淑芬，财务总监，叫她蔡总监就行`
_WHO_LINE = re.compile(rf"^[ \t]*[-*•·]?[ \t]*((?:{_S})[\u4e00-\u9fff]{{1,2}})[，,（(]([^。\n]{{0,60}})", re.M)
_CALLED = re.compile(r"(?:叫|喊|称呼?)(?:他|她)?(?:为|作)?[ \t]*[“\"「]?((?:老|小|阿)?[\u4e00-\u9fff]{1,4}?)(?=[”\"」]|就|吧|[，,。；;）)]|$)")


def called(text: str) -> list[tuple[str, str]]:
    """(full name, the form the line says people call them), the form holding the full name's surname."""
    out = []
    for m in _WHO_LINE.finditer(text):
        full = m.group(1)
        if not is_full_name(full):
            continue
        surname = han_surname(full)
        out += [(full, c.group(1)) for c in _CALLED.finditer(m.group(2))
                if re.fullmatch(rf"(?:老|小|阿)?{surname}[\u4e00-\u9fff]{{0,2}}", c.group(1)) and c.group(1) != full]
    return out


# a who-is-who line that says another name the same person uses: `- Vivian Li, IT manager. Signs her e-mails Li Wen.`
_LINE_ALIAS = re.compile(r"^[ \t]*[-*•·]?[ \t]*([A-Z][a-z]+ [A-Z][a-z]+)\b[^\n]{0,80}?\b(?:[Ss]igns (?:her|his) (?:e-?mails|messages|mails)"
                         r"(?: as)?|[Gg]oes by|[Kk]nown as)\s+[\"“]?([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b", re.M)


def aliases(text: str) -> list[tuple[str, str]]:
    """Pairs of forms a note says are one person, full name first where one is."""
    out = [(m.group(1) or m.group(3), m.group(2) or m.group(4)) for m in _SELF_NAMED.finditer(text)]
    out += [(m.group(1), m.group(2)) for m in _ENGLISH_NAME.finditer(text) if is_full_name(m.group(1))]
    out += [(m.group(2), m.group(1)) for m in _GLUED_ENGLISH.finditer(text) if is_full_name(m.group(2))]
    out += [(m.group(1), m.group(2)) for m in _LINE_ALIAS.finditer(text) if m.group(1) != m.group(2)]
    out += called(text)
    out += [(m.group(3), m.group(1)) for m in _SPACED_ENGLISH.finditer(text)
            if is_full_name(m.group(3)) and spells(han_surname(m.group(3)), m.group(2))]
    for m in _TIED.finditer(text):
        outer, inner = m.group(1).strip(), m.group(2).strip()
        alias = _ALIAS.search(inner)
        if alias:
            pair = (outer, alias.group(1))
        elif re.fullmatch(r"(?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z][a-z]+", inner) and re.fullmatch(r"[A-Z][a-z]+", outer):
            pair = (f"{outer} {inner.split()[-1]}", inner)  # Ngozi (Mrs. Okafor)
        elif re.fullmatch(rf"{_S}[\u4e00-\u9fff]{{1,2}}", re.split(r"[，,;；]", inner)[0].strip()):
            pair = (outer, re.split(r"[，,;；]", inner)[0].strip())  # Daniel Lau（刘志强，IT总监）
        elif re.fullmatch(r"(?:Ah )?[A-Z][a-z]+", first := re.split(r"[，,;；]", inner)[0].strip()) and \
                (re.fullmatch(rf"{_S}[\u4e00-\u9fff]{{1,2}}", outer) or re.fullmatch(r"[\u4e00-\u9fff]{2,3}", outer) and _person_like(outer)):
            # 吴美玲 (Mei), 罗斌（Ben，工程师）, 黄俊（Ah Chun）, 小林 (Shirley), 林总 (Jimmy): the name a Chinese colleague goes by
            pair = (outer, first)
        elif is_full_name(inner) and is_full_name(outer) and inner.isascii() and outer.isascii() \
                and set(inner.split()) & set(outer.split()):
            pair = (outer, inner)  # Max Liang (Liang Mingxuan): the name on paper beside the one used
        else:
            continue
        if not (_person_like(pair[0]) and _person_like(pair[1])) or ZH_NOT_NAMES & set(pair):
            continue  # `林工（方案）`: 方案 is the work he does, not another name
        out.append(pair if is_full_name(pair[0]) or not is_full_name(pair[1]) else (pair[1], pair[0]))
    return out


def role_mentions(text: str) -> list[tuple[str, int, int]]:
    """(role, start, end) for each role standing alone where a person is meant: "the CIO said", "财务总监认为"."""
    out = []
    for m in _EN_ROLE_ALONE.finditer(text):
        if not re.match(r"\s+(?:role|job|position|seat|post)\b", text[m.end():]):  # "the COO role" is a job
            out.append((_SPELLED_OUT.get(m.group(1).upper(), m.group(1)), m.start(), m.end()))
    for m in _EN_PLACE_ROLE.finditer(text):  # "the South Terminal director"
        if not any(a <= m.start() < b for _, a, b in out):
            out.append((m.group(1), m.start(), m.end()))
    for m in _ZH_ROLE_ALONE.finditer(text):
        if not _PROMOTED.search(text[max(0, m.start() - 3):m.start()]) and not any(a <= m.start() < b for _, a, b in out):
            out.append((m.group(1), m.start(), m.end()))
    return sorted(out, key=lambda r: r[1])


def merge_bilingual(text: str, drafts: list) -> list:
    """`Kevin 王凯`, `赵欣 Xin Zhao`, `Amy 黄`: an English and a Chinese name written side by side are one person."""
    for lat in [d for d in drafts if not d.han]:
        for form in sorted(lat.forms, key=len, reverse=True):
            m = re.search(rf"(?<![\w]){re.escape(form)} ?([{SURNAMES}][\u4e00-\u9fff]{{0,2}})(?![\u4e00-\u9fff])", text) \
                or re.search(rf"(?<![\u4e00-\u9fff])([{SURNAMES}][\u4e00-\u9fff]{{1,2}}) ?{re.escape(form)}(?![\w])", text)
            if not m:
                continue
            han = next((d for d in drafts if d.han and m.group(1) in d.forms), None)
            if han is None and len(m.group(1)) > 1:
                continue
            if han is not None and han is not lat:
                lat.forms |= han.forms
                lat.emails += han.emails
                lat.speaker_spans |= han.speaker_spans
                lat.role = lat.role or han.role
                drafts.remove(han)
            if is_full_name(m.group(1)) or len(m.group(1)) == 1:
                lat.forms.add(m.group())  # `Kevin 王凯`, `Amy 黄`; `@David Wong 黄总` only ties the titled form 黄总
            break
    return drafts


def tie_forms(text: str, drafts: list, new) -> list:
    """Forms the note itself ties to one person (`Kevin Tan（内部大家叫他陈总）`) become one draft (nlp/people.py's
    _Draft; `new` makes one for a full name the finders missed)."""
    for full, other in aliases(text):
        owner = next((d for d in drafts if full in d.forms), None)
        if owner is None:
            owner = new(full, forms={full})
            drafts.append(owner)
        twin = next((d for d in drafts if other in d.forms and d is not owner), None)
        if twin is not None:
            owner.forms |= twin.forms
            owner.emails += twin.emails
            owner.speaker_spans |= twin.speaker_spans
            owner.role = owner.role or twin.role
            drafts.remove(twin)
        owner.forms.add(other)
        if owner.role and (other in owner.role or _ALIAS.search(owner.role)):  # the bracket held the other name
            cue = _ALIAS.search(owner.role)  # `IT manager, goes by Jimmy`: the role is what comes before the cue
            rest = owner.role[:cue.start()] if cue else owner.role.replace(other, " ", 1)
            owner.role = re.sub(r"^[\s，,;；:：]+|[\s，,;；:：]+$", "", rest) or None
    return drafts
