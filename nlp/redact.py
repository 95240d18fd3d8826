"""Masking of personal data in whatever leaves the app: people, e-mail addresses, phone numbers, ID-like numbers.

A `Masking` is planned once per note, from the people the note names (nlp.people) and its contact
strings, and then applied to the note and to every string derived from it (statements, the
stakeholder column, questions), so one person gets one placeholder (`[Person A]` / `[人物A]`)
everywhere. Roles and titles stay: in `Dr. Priya Raman` only the name goes. Phone numbers are found
by Google's libphonenumber (`phonenumbers`, valid numbers only, so dates and amounts survive).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers

from nlp.people import find_people
from nlp.records import Person
from nlp.text.names import _plausible_zh

KINDS = ("person", "email", "phone", "id")
_WORDS = {
    "en": {"person": "Person", "email": "[email]", "phone": "[phone]", "id": "[ID]"},
    "zh": {"person": "人物", "email": "[邮箱]", "phone": "[电话]", "id": "[证件号]"},
}
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PHONE_REGIONS = ("CN", "US", "GB")  # numbers with a +country code are found under any region
_NATIONAL_ID = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")  # 18-character resident ID
_ID_WORDS = r"工号|工牌|编号|证号|身份证|员工号|\bID|\bid\b|\bIDs\b|[Bb]adge|[Ee]mployee|[Ss]taff|[Pp]ortal"
_CODE = re.compile(r"(?<![\w-])[A-Z]{1,4}(?:-[A-Z]{2,4})?-\d{3,6}(?![\w-])")  # EMP-10288, NG-PRT-00917
_NUMBER_AFTER_WORD = re.compile(rf"(?:{_ID_WORDS})[^\n\d]{{0,12}}?(\d[\d-]{{3,}}\d)(?![\d.,%])")
_ID_REACH_LINES = 2  # a code counts as an ID when an ID word is on its line or up to this many lines above
TITLE = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Eng|Ing)\.\s+")
_ZH_TITLE_END = re.compile(r"(?:总经理|总监|经理|处长|局长|主任|科长|院长|行长|部长|厂长|书记|组长|老师|教授|律师|医生|工|总)$")


def _letters(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: placeholders never run out, even for notes with hundreds of names."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def form_pattern(form: str) -> str:
    if re.search(r"[\u4e00-\u9fff]", form):
        # `周总` is no person in `周总结`, nor `孔工` in `孔工作` (the same words nlp.text.names leaves out)
        after = {"总": "[结体共计部量额之是算数价裁监包]", "工": "[作程厂期资人艺具单]"}.get(form[-1])
        return re.escape(form) + (f"(?!{after})" if after else "")
    # a Latin form matches whole words only, never inside an e-mail address or a longer word
    # after a quote mark that opens a quotation ('Kevin said ...') it is a word; after `O'` it is part of one
    # Latin word characters only: a name glued to Chinese text (`和Emma确认`) is still a word
    return (rf"(?<![A-Za-z0-9_.@-])(?<![A-Za-z0-9_]'){re.escape(form)}"
            rf"(?![A-Za-z0-9_@]|\.\w|'(?!s\b)\w)")  # `Paul's` is Paul; `O'Neil` is one word


def contact_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every e-mail address, valid phone number and ID-like number in `text`."""
    spans = [(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    for region in _PHONE_REGIONS:
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            spans.append((m.start, m.end, "phone"))
    spans += [(m.start(), m.end(), "id") for m in _NATIONAL_ID.finditer(text)]
    for m in _CODE.finditer(text):
        above = text[:m.start()].split("\n")[-1 - _ID_REACH_LINES:]
        if re.search(_ID_WORDS, "\n".join(above)):
            spans.append((m.start(), m.end(), "id"))
    spans += [(m.start(1), m.end(1), "id") for m in _NUMBER_AFTER_WORD.finditer(text)]
    return list(dict.fromkeys(spans))


def merge_spans(spans: list[tuple]) -> list[tuple]:
    """Non-overlapping spans; of two that overlap the one found first wins (contacts before names, long forms
    before short ones)."""
    kept: list[tuple] = []
    for s in spans:
        if s[0] < s[1] and not any(a < s[1] and s[0] < b for a, b, *_ in kept):
            kept.append(s)
    return sorted(kept)


@dataclass(frozen=True)
class Masking:
    """How to mask one note: each person's forms with what replaces them, in the UI language."""

    forms: tuple[tuple[str, str, str], ...] = ()  # (surface form, replacement, placeholder), longest form first
    lang: str = "en"
    persons: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)  # (placeholder, forms)

    def spans(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, replacement, what) of everything to mask in `text`; `what` is a kind or a placeholder."""
        words = _WORDS["zh" if self.lang == "zh" else "en"]
        found = [(a, b, words[kind], kind) for a, b, kind in contact_spans(text)]
        for form, repl, placeholder in self.forms:
            found += [(m.start(), m.end(), repl, placeholder) for m in re.finditer(form_pattern(form), text)]
            # a statement cut from the note may begin just after a title's full stop: `Ms.` | `Rao will review`
            tail = TITLE.match(form)
            if tail and re.match(form_pattern(form[tail.end():]), text.lstrip()):
                start = len(text) - len(text.lstrip())
                found.append((start, start + len(form) - tail.end(), placeholder, placeholder))
        return merge_spans(found)

    def apply(self, text: str | None) -> str | None:
        """`text` (the note or any string taken from it) with every person and contact masked."""
        if not text:
            return text
        out, pos = [], 0
        for a, b, repl, _ in self.spans(text):
            out += [text[pos:a], repl]
            pos = b
        return "".join(out) + text[pos:]

    def report(self, text: str) -> dict[str, int]:
        """How much masking `text` hides: persons, their mentions, e-mails, phones, IDs."""
        whats = [w for *_, w in self.spans(text)]
        people = [w for w in whats if w not in KINDS]
        return {"persons": len(set(people)), "mentions": len(people), **{k: whats.count(k) for k in ("email", "phone", "id")}}


_ROSTER_SPLIT = re.compile(r"[、，,;；|]")
_ROSTER_HEAD = re.compile(r"^[^:：|]{0,40}[:：]")
_LATIN_NAME = re.compile(r"[A-Z][a-z]+(?:[-'][A-Za-z]+)?(?: (?:van|von|der|den|de|da|di|le|la|bin|al))*"
                         r"(?: (?:[A-Z][a-z]+(?:[-'][A-Za-z]+)?|[A-Z]\.?))?")
_ROLE_TAIL = re.compile(r"\s*[（(][^()（）]{0,40}[)）]\s*$")
_NOT_ROSTER_WORDS = {"Sales", "Finance", "Legal", "Procurement", "Operations", "Marketing", "Team", "Board", "Date", "Time"}


def _roster_item(item: str) -> tuple[str, bool] | None:
    """A list item that is a bare name: (name, is_full); a role in brackets after it may stay."""
    item = _ROLE_TAIL.sub("", item).strip().rstrip(".")
    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", item):
        return (item, True) if _plausible_zh(item) else None
    if _LATIN_NAME.fullmatch(item) and not set(item.split()) & _NOT_ROSTER_WORDS:
        return item, " " in item
    return None


def roster_names(text: str) -> list[tuple[int, int]]:
    """Spans of the names on roster lines: a line (after an optional `heading:`) of at least three items split
    by commas or 、, three quarters of them bare names and half of them full names, as sign-in sheets and
    attendee lists are written. A one-word item (`Grant (EHS)`) counts only on such a line."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        body_at = line.start() + (m.end() if (m := _ROSTER_HEAD.match(line.group())) else 0)
        items, pos = [], body_at
        for piece in _ROSTER_SPLIT.split(text[body_at:line.end()]):
            lead = len(piece) - len(piece.lstrip())
            items.append((pos + lead, piece.strip(), _roster_item(piece)))
            pos += len(piece) + 1
        names = [(at, r) for at, piece, r in items if piece and r]
        if len(items) >= 3 and len(names) >= 0.75 * len(items) and sum(r[1] for _, r in names) >= len(items) / 2:
            spans += [(at, at + len(r[0])) for at, r in names]
    return spans


def _with_roster(text: str, people: list[Person]) -> list[Person]:
    """`people` plus each roster name no person's form covers; `Lerato M.` joins the person called `Lerato`."""
    people = list(people)
    for a, b in roster_names(text):
        name = text[a:b]
        if any(name == f for p in people for f in p.forms):
            continue
        first = next((i for i, p in enumerate(people) if " " in name and name.split()[0] in p.forms), None)
        if first is not None:
            p = people[first]
            people[first] = Person(p.name, p.role, (*p.forms, name), p.mentions, p.references)
        else:
            people.append(Person(name, None, (name,), ((a, b),)))
    return sorted(people, key=lambda p: p.mentions[0] if p.mentions else (0, 0))


def _replacement(form: str, placeholder: str) -> str:
    """What stands for a form: the placeholder, with the form's title kept, since roles stay (`周主任` ->
    `[人物A]主任`, `Dr. Ferreira` -> `Dr. [Person A]`)."""
    title = TITLE.match(form)
    if title:
        return title.group() + placeholder
    zh_title = _ZH_TITLE_END.search(form)
    if zh_title and len(form) - len(zh_title.group()) in (1, 2):
        return placeholder + zh_title.group()
    return placeholder


_PLACE_AFTER = re.compile(r"店(?![长员])|大街|大厦|大楼|广场|商场|百货|商圈|园区|校区|分行|支行")  # not 站, 路: `李明站起来`


def _not_places(text: str, people: list[Person]) -> list[Person]:
    """Without a Chinese 'person' every mention of whom is followed by a place word (`王府井店`, `王府井百货`):
    a shop, a street or a building, not someone."""
    def place(p: Person) -> bool:
        spans = [(a, b) for a, b in p.mentions if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", text[a:b])]
        return len(spans) == len(p.mentions) > 0 and all(_PLACE_AFTER.match(text, b) for _, b in spans)
    return [p for p in people if not place(p)]


def _with_known(people: list[Person], known) -> list[Person]:
    """`people` joined with people known from elsewhere (an account's earlier meetings), given as groups of
    forms: a group that shares a form with a person of the note adds its forms to that person (one
    placeholder); any other group becomes a person of its own, after the note's."""
    people = list(people)
    for group in known:
        group = tuple(f for f in group if f.strip())
        hits = [i for i, p in enumerate(people) if set(group) & {*p.forms, p.name}]
        if not hits:
            people.append(Person(group[0], None, group, ())) if group else None
            continue
        # `Tom` and `Baker`, two people to the note alone, are one to the account
        p, rest = people[hits[0]], [people[i] for i in hits[1:]]
        forms = tuple(dict.fromkeys((*p.forms, *(f for r in rest for f in r.forms), *group)))
        people[hits[0]] = Person(p.name, p.role, forms, tuple(sorted((*p.mentions, *(m for r in rest for m in r.mentions)))),
                                 tuple(sorted((*p.references, *(m for r in rest for m in r.references)))))
        people = [q for i, q in enumerate(people) if i not in hits[1:]]
    return people


def plan_masking(text: str, lang: str = "en", people=None, known=()) -> Masking:
    """The masking of a note: the people `find_people` finds in it (or those given), each with a placeholder
    by order of first mention, then those in `known` (groups of forms, e.g. an account's people) not named here."""
    people = _with_roster(text, _not_places(text, find_people(text))) if people is None else people
    people = _with_known(people, known)
    word = _WORDS["zh" if lang == "zh" else "en"]["person"]
    persons, forms = [], []
    for i, person in enumerate(people):
        placeholder = f"[{word}{'' if lang == 'zh' else ' '}{_letters(i)}]"
        persons.append((placeholder, tuple(person.forms)))
        forms += [(f, _replacement(f, placeholder), placeholder) for f in person.forms if f.strip()]
    # longest first; of two as long, the one without a title (`Yang Hui` before `Dr. Yang` in `Dr. Yang Hui`)
    forms.sort(key=lambda fp: (-len(fp[0]), bool(TITLE.match(fp[0]))))
    return Masking(tuple(forms), lang, tuple(persons))


def redact(text: str, lang: str = "en") -> str:
    """The text with its people, e-mail addresses, phone numbers and ID-like numbers masked."""
    return plan_masking(text, lang).apply(text)
