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
        return re.escape(form)
    # a Latin form matches whole words only, never inside an e-mail address or a longer word
    # after a quote mark that opens a quotation ('Kevin said ...') it is a word; after `O'` it is part of one
    return rf"(?<![\w.@-])(?<!\w'){re.escape(form)}(?![\w@]|\.\w|'(?!s\b)\w)"  # `Paul's` is Paul; `O'Neil` is one word


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


def plan_masking(text: str, lang: str = "en", people=None) -> Masking:
    """The masking of a note: the people `find_people` finds in it (or those given, e.g. an account's), each
    with a placeholder by order of first mention."""
    people = find_people(text) if people is None else people
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
