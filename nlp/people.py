"""The people a note names: candidate names grouped into persons, short forms and pronouns resolved within the note.

`find_people(text)` gives one Person per individual: `Ines Ferreira` with the forms `Ines`,
`Ferreira`, `Dr. Ferreira` and the names in `ines.ferreira@...`; `周立新` with `周主任`, `老周`,
`立新` and `zhoulixin@...`. A short form joins the one person it fits (surname, given name,
romanised pinyin); when two fit, the one mentioned last before it. A pronoun (he / she / 他 / 她)
goes to the person named last before it, within a few lines, not counting the line's own speaker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.people_ties import ah_owner, merge_bilingual, tie_forms, vice_titled
from nlp.records import Person
from nlp.text.english_names import english_finds
from nlp.text.first_names import pronoun_fits, pronoun_matches
from nlp.text.language import has_han
from nlp.text.names import (
    AH_NICKNAME,
    COMPOUND,
    MALAY_TITLES,
    PRONOUNS_EN,
    PRONOUNS_ZH,
    ZH_TITLES,
    Find,
    chinese_finds,
    han_surname,
    structural_finds,
)
from nlp.text.seniority import by_seniority, title_clash

_TITLE_FIRST = re.compile(rf"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Eng|Ing|{MALAY_TITLES})\b")  # a form that starts with a title


def lazy_pinyin(text: str) -> list[str]:
    """pypinyin's toneless syllables; imported on first use (its phrase tables take ~0.5 s), for Chinese names only."""
    if not has_han(text):
        return [text] if text else []  # what pypinyin gives for text without Han characters
    from pypinyin import lazy_pinyin as convert

    return convert(text)


PRONOUN_REACH = 300  # characters back to look for the person a pronoun stands for


@dataclass
class _Draft:
    name: str
    role: str | None = None
    forms: set[str] = field(default_factory=set)
    emails: list[tuple[int, int]] = field(default_factory=list)
    speaker_spans: set[tuple[int, int]] = field(default_factory=set)

    @property
    def han(self) -> bool:
        return has_han(self.name)

    def surname(self) -> str:
        if self.han:
            return han_surname(self.name)
        return self.name.split()[-1]

    def tokens(self) -> set[str]:
        if self.han:
            sur = self.surname()
            return {"".join(lazy_pinyin(sur)), "".join(lazy_pinyin(self.name[len(sur):]))}
        return {t.lower() for t in self.name.split()}


def _accept_speakers(finds: list[Find], english: list[Find], propn: set[int]) -> list[Find]:
    """A one-word English speaker label is a name if it recurs, is a proper noun, or the model tagged it PERSON."""
    labels = [f.text for f in finds if f.kind == "speaker"]
    ner = {(f.start, f.end) for f in english}
    keep = []
    for f in finds:
        if f.kind == "speaker" and not has_han(f.text) and " " not in f.text:
            if labels.count(f.text) < 2 and f.start not in propn and (f.start, f.end) not in ner:
                continue
        keep.append(f)
    return keep


def _pick(hits: list[_Draft], last_seen: dict[int, int]) -> _Draft | None:
    """The one person a short form fits; of several, the one mentioned last."""
    if len(hits) > 1:
        hits.sort(key=lambda d: -last_seen.get(id(d), -1))
    return hits[0] if hits else None


def _ah_draft(form: str, drafts: list[_Draft]) -> _Draft | None:
    """The draft of the one Chinese full name that `阿坤` shortens (people_ties.ah_owner), else None."""
    han = [d for d in drafts if d.han]
    name = ah_owner(form, [d.name for d in han])
    return next(d for d in han if d.name == name) if name else None


# the writer of a message a note holds, in its header: `【微信语音 · 转文字】林佳慧 Jenny → 邓涛`
_AUTHOR = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,4})(?:[ \t]+[A-Z][a-z]+)?[ \t]*(?:→|->)")


def _group(finds: list[Find], text: str) -> list[_Draft]:
    drafts: list[_Draft] = []
    role_of: dict[str, str] = {}
    # of two Chinese names read at one place (黄丽 and 黄丽珊 of `Shirley 黄丽珊`), the longer
    longest = {}
    for f in finds:
        if f.kind == "full" and has_han(f.text):
            longest[f.start] = max(longest.get(f.start, 0), len(f.text))
    finds = [f for f in finds if not (f.kind == "full" and has_han(f.text) and len(f.text) < longest[f.start])]
    for f in finds:
        if f.kind in ("full", "speaker") and f.role:
            role_of.setdefault(f.text, f.role)
    # Chinese names first (so `Yang Hui` finds 杨辉), then longest first (so `Ines` finds `Ines Ferreira`)
    names = sorted({f.text for f in finds if f.kind in ("full", "speaker")}, key=lambda n: (not has_han(n), -len(n), n))
    for n in names:  # longest first, so a short form finds the full name it belongs to
        if has_han(n):
            owner = _pick([d for d in drafts if d.han and len(d.name) > len(n) == 2 and d.name.endswith(n)], {})
            if AH_NICKNAME.fullmatch(n):  # the speaker 阿坤 is the one 郑坤 of the note
                owner = _ah_draft(n, drafts)
        else:
            toks = n.lower().split()
            fit = [d for d in drafts if not d.han and set(toks) < d.tokens() | set(d.name.lower().split())]
            said = set(re.findall(r"[a-z]+", (role_of.get(n) or "").lower())) - {"the", "our", "their", "of"}
            # `Okafor (the CTO)` with Chidi and Ngozi Okafor in the note: the namesake whose role the note wrote
            owner = _pick([d for d in fit if said & set(re.findall(r"[a-z]+", (d.role or "").lower()))] or fit, {})
            owner = owner or _pick([d for d in drafts if d.han and len(toks) == 2 and set(toks) == d.tokens()], {})
        if owner:
            owner.forms.add(n)
            owner.role = owner.role or role_of.get(n)
        else:
            drafts.append(_Draft(n, role=role_of.get(n), forms={n}))
    last_seen: dict[int, int] = {}
    authors = set(_AUTHOR.findall("\n".join(text.lstrip().splitlines()[:3])))
    for f in sorted(finds, key=lambda f: f.start):
        by_form = next((d for d in drafts if f.text in d.forms), None)
        if by_form:
            last_seen[id(by_form)] = f.start
            if f.kind == "speaker":
                by_form.speaker_spans.add((f.start, f.end))
            continue
        if f.kind == "titled":
            core = f.text.split(" ", 1)[1] if " " in f.text else f.text
            if has_han(core) and AH_NICKNAME.fullmatch(core):  # 阿坤 is the one 郑坤 of the note
                d = _ah_draft(core, drafts)
            elif has_han(core):
                sur = core[1:] if core[0] in "老小" else core[:2] if core[:2] in COMPOUND else core[0]
                same = [d for d in drafts if d.han and d.surname() == sur]
                # 林董 in 林佳慧's own turn (`林佳慧：林董的意思是…`) or message (`林佳慧 Jenny → 邓涛`) is someone else:
                # no one calls themselves by title
                line_start = text.rfind("\n", 0, f.start) + 1
                same = [d for d in same if not any(line_start <= a < f.start for a, _ in d.speaker_spans)
                        and not d.forms & authors]
                if core[0] in "老小":  # of two 赵, 老赵 is the senior one and 小赵 the junior; 小赵 is never 赵总
                    same = by_seniority(same, core[0] == "小", lambda d: (d.role or "") + " " + " ".join(sorted(d.forms)))
                else:  # 冯总 is not the 冯 the note calls 冯科长
                    same = [d for d in same if not title_clash(f.role, d.role)]
                # 王经理 goes to the 王 whose role holds 经理, else to the one 王 with no role, before a 王 with another
                # role; two 王 and nothing to tell them apart: a person of its own, for the reader (or an account
                # that knows more) to resolve, rather than a guess
                free = [d for d in same if not d.role]
                # a role that names this very form is someone else's (宋佳（跟宋总同姓，不是亲戚）is not 宋总)
                d = _pick([d for d in same if f.role and f.role in (d.role or "").replace(core, "")], last_seen) \
                    or (free[0] if len(free) == 1 else None) or (same[0] if len(same) == 1 else None)
            else:
                low = core.lower()
                same = [d for d in drafts if low in d.tokens()]
                d = _pick([d for d in same if low in (d.surname().lower(), "".join(lazy_pinyin(d.surname())))],
                          last_seen) or _pick(same, last_seen)
            if d is None:
                d = _Draft(f.text, role=f.role)
                drafts.append(d)
            d.forms.add(f.text)
            d.role = d.role or None
            last_seen[id(d)] = f.start
        elif f.kind == "email":
            parts = [p for p in re.split(r"[._\-\d]+", f.text.lower()) if p]
            d = _pick([d for d in drafts if bool(parts) and (set(parts) <= d.tokens() or f.text.lower() in _joined(d))], last_seen)
            if d:
                d.emails.append((f.start, f.end))
    for d in drafts:
        d.role = next((role_of[n] for n in sorted(d.forms, key=len, reverse=True) if n in role_of), None) or d.role
        if d.role is None:  # a Chinese title form carries a role: 周主任 -> 主任
            d.role = next((f.role for f in finds if f.kind == "titled" and f.text in d.forms and f.role), None)
    return drafts


def _add_parts(text: str, drafts: list[_Draft]) -> None:
    """A full name's parts that also stand alone in the note become forms: `Blake`, `Jordan`, `立新`."""
    for d in drafts:
        if _TITLE_FIRST.match(d.name):
            continue  # known only with a title
        if d.han:
            rest = d.name[len(d.surname()):]
            # 周主任 is a surname and a title: its "given name" 主任 is a role, not a form of the person
            parts = [rest] if len(rest) == 2 and not re.fullmatch(ZH_TITLES, rest) else []
            # and the parts of its romanised form: `Sun` of `孙立 Sun Li` in `Sun's card`
            parts += [w for f in d.forms if not has_han(f) and not _TITLE_FIRST.match(f)
                      and len(f.split()) == 2 for w in f.split()]
        else:
            parts = d.name.split() if len(d.name.split()) >= 2 else []
            # the given name of the Chinese half of a name written both ways: `慧珊：` of `林慧珊 Shirley`
            parts += [f[1:] for f in d.forms if re.fullmatch(r"[\u4e00-\u9fff]{3}", f) and not re.fullmatch(ZH_TITLES, f[1:])]
        others = {f for o in drafts if o is not d for f in o.forms}
        for part in parts:
            if part in others or any(part in f and f != part for o in drafts if o is not d for f in o.forms):
                continue
            rest = re.sub("|".join(re.escape(f) for f in sorted(d.forms, key=len, reverse=True)), " ", text)
            han = has_han(part)
            pat = re.escape(part) if han else rf"(?<![\w.@]){re.escape(part)}(?![\w@])(?! [A-Z][a-z])"
            # `Lincoln` of `Lincoln Hayes` is no form where it only stands in another proper name (`Lincoln County`)
            if any(han or not re.search(r"[A-Z][a-z]+ $", rest[:m.start()]) for m in re.finditer(pat, rest)):
                d.forms.add(part)


def _joined(d: _Draft) -> set[str]:
    """Ways a name is written inside an e-mail address: ines.ferreira, iferreira, zhoulixin, lixin.zhou."""
    toks = d.name.lower().split() if not d.han else ["".join(lazy_pinyin(d.surname()))] + [
        "".join(lazy_pinyin(d.name[len(d.surname()):]))]
    if len(toks) < 2:
        return set(toks)
    first, last = (toks[0], toks[-1]) if not d.han else (toks[1], toks[0])
    return {first + last, last + first, first[0] + last, last + first[0], first + "." + last}


def _spans(text: str, drafts: list[_Draft]) -> dict[int, list[tuple[int, int]]]:
    """Every occurrence of every form, longest form first, never overlapping."""
    forms = sorted(((f, i) for i, d in enumerate(drafts) for f in d.forms), key=lambda x: -len(x[0]))
    taken: list[tuple[int, int]] = []
    out: dict[int, list[tuple[int, int]]] = {i: [] for i in range(len(drafts))}
    for form, i in forms:
        # a Latin form stands between non-letters, a Chinese character too (`他英文名叫Kevin 说`)
        pat = re.escape(form) if has_han(form) else rf"(?<![^\W\u4e00-\u9fff]|[.@]){re.escape(form)}(?![^\W\u4e00-\u9fff]|@|\.\w)"
        for m in re.finditer(pat, text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            out[i].append(m.span())
    return out


def _pronouns(text: str, drafts: list[_Draft], spans: dict[int, list[tuple[int, int]]]) -> dict[int, list[tuple[int, int]]]:
    refs: dict[int, list[tuple[int, int]]] = {i: [] for i in spans}
    marks = sorted((a, i) for i, ss in spans.items() for a, _ in ss)
    for m in [*PRONOUNS_EN.finditer(text), *PRONOUNS_ZH.finditer(text)]:
        line_start = text.rfind("\n", 0, m.start()) + 1
        best, sure = None, None
        for a, i in marks:
            if a >= m.start():
                break
            own_speaker = a >= line_start and any(s == a for s, _ in drafts[i].speaker_spans)
            if m.start() - a <= PRONOUN_REACH and not own_speaker and pronoun_fits(m.group(), drafts[i].name):
                best = i
                if a >= line_start and pronoun_matches(m.group(), drafts[i].name):
                    sure = i
        # on the pronoun's own line, a name of its sex before a nearer one that could be either: `Danny Hale: no
        # relation to Fi. He has cooled` is Danny
        if best is not None and sure is not None and not pronoun_matches(m.group(), drafts[best].name):
            best = sure
        if best is not None:
            refs[best].append(m.span())
    return refs


def find_people(text: str) -> list[Person]:
    """The people named in `text`, in order of first mention, each with forms, role, mentions and pronoun references."""
    if not text.strip():
        return []
    english, propn = english_finds(text)
    finds = _accept_speakers(structural_finds(text), english, propn) + english + vice_titled(text, chinese_finds(text))
    drafts = tie_forms(text, merge_bilingual(text, _group(finds, text)), _Draft)
    _add_parts(text, drafts)
    spans = _spans(text, drafts)
    refs = _pronouns(text, drafts, spans)
    people = []
    for i, d in enumerate(drafts):
        mentions = sorted(spans[i] + d.emails)
        if not mentions:
            continue
        forms = tuple(sorted(d.forms, key=lambda f: (-len(f), f)))
        both = [f for f in forms if has_han(f) and re.search("[A-Za-z]", f)]  # `Kevin 王凯` names both ways
        name = both[0] if both else next((f for f in forms if f.lower() == d.name.lower()), forms[0])
        people.append(Person(name, d.role, forms, tuple(mentions), tuple(sorted(refs[i]))))
    people.sort(key=lambda p: p.mentions[0])
    return people


def people_in(people: list[Person], start: int, end: int) -> list[Person]:
    """The people a span of the text names or refers to, in order of appearance."""
    def first(p: Person) -> int:
        return min((a for a, b in (*p.mentions, *p.references) if a < end and start < b), default=-1)
    return sorted((p for p in people if first(p) >= 0), key=first)
