"""Notes or tender text in, an Analysis out: structure, people, statements, labelled needs, gaps, questions to ask next.

Structure comes first: markup is blanked, the people the note names are found, and each line gets
its kind (heading, metadata, attendee list, to-do, our question, statement), section, speaker and
side. Only customer statements can carry a need; the rest are labelled `none` by structure. Each
need's stakeholder is the person it names or refers to, else its customer speaker, else a role.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from corpus.errors import TooLarge
from nlp.needs.classifier import DECIDING_FORMS, NeedsClassifier
from nlp.needs.signals import confidence_band, customer_demand, find_stakeholder, method_fields, reported_demand
from nlp.people import people_in
from nlp.questions import gaps, legitimate_wins, suggest_questions
from nlp.reading import read_note
from nlp.records import Line, Need, Person, Question
from nlp.text.language import detect_language, majority_language
from nlp.text.sides import our_people
from settings import Settings

MAX_STATEMENTS = Settings.max_statements  # the number lives in settings.py; the edges pass theirs in
# characters in one note: four times the longest real note we hold (a 24,000-character interview), some six hours
# of Chinese captions; a 600 KB unpunctuated note (200,000 characters) would take minutes to embed, so it is refused
MAX_NOTE_CHARS = Settings.max_note_chars
SECTION_WEIGHT = 2.0  # how far a section heading leans the label; chosen on the real-style dev notes
SECTION_LEANS = {
    "personal": re.compile(r"(?i)\bpeople\b|stakeholder|key (?:people|persons?|contacts?)|personal|decision makers?|关键人|个人|决策链|人物|干系人"),
    "organisational": re.compile(r"(?i)background|context|situation|pain|challenges?|competition|competitors?|business|背景|痛点|现状|竞争|经营|挑战"),
    "explicit": re.compile(r"(?i)requirements?|needs|scope|asks?|specification|deliverables|wish(?:es|list)?|must[- ]haves?|"
                           r"需求|要求|范围|采购内容|技术规格|诉求|愿望|期望"),
}
# our question just before a customer's answer leans it the same way (an interview write-up's `Q: If you could change
# three things, what would they be?` then `A: First, one student record ...`)
PROMPT_LEANS = {
    "personal": re.compile(r"(?i)for you personally|you yourself|for you,? (?:as a person|in your role)|你个人|您个人|对你自己|对您自己"),
    "explicit": re.compile(r"(?i)what would (?:they|those|it|that) be|what (?:do|would) you (?:need|want|expect)|"
                           r"change (?:one|two|three|\w+) things?|wish|must[- ]haves?|rule (?:a|any)? ?(?:supplier|vendor)s? out|"
                           r"需要什么|希望(?:系统|我们|做到|能)|想要什么|有什么要求|期望"),
}
NOT_NEEDS = ("heading", "attendees", "metadata", "todo", "question")
STRUCTURE_CONFIDENCE = 0.9


@dataclass(frozen=True)
class Analysis:
    language: str
    needs: tuple[Need, ...]
    questions: tuple[Question, ...]
    gaps: dict[str, list[str]]
    wins: tuple[str, ...]  # legitimate wins, offered when personal needs were found
    vectors: np.ndarray = field(repr=False, compare=False)  # one query vector per need
    people: tuple[Person, ...] = ()
    ours: frozenset[str] | None = None  # the names on our own side, as the structure read them (None: not read)


def _stakeholder(text: str, people: list[Person], line: Line, start: int, end: int) -> str | None:
    named = people_in(people, start, end)
    if not named and line.side == "customer" and line.speaker:
        named = [p for p in people if p.name == line.speaker]
        if not named:
            return line.speaker
    if named:
        p = named[0]
        return f"{p.name} ({p.role})" if p.role else p.name
    role = find_stakeholder(text)
    # `the CIO said ...` in a note that names its CIO: the person, not the department
    holder = next((p for p in people if role and p.role and role.lower() in p.role.lower()), None)
    return (f"{holder.name} ({holder.role})" if holder else role)


def _lean(section: str | None, prompt: str | None) -> tuple[str | None, str | None]:
    """The need type the section heading leans to, else the one our question asked for; with the cue that says why."""
    for leans, source, why in ((SECTION_LEANS, section, "section"), (PROMPT_LEANS, prompt, "question")):
        for label, pattern in leans.items():
            if source and pattern.search(source):
                return label, f"{why}: {source}"
    return None, None


def _in_context(need: Need, section: str | None, prompt: str | None = None) -> dict:
    """The label with the section heading in view: a line under "People" or "背景" leans to that section's need type;
    without such a heading, an answer leans the way our question before it asked (PROMPT_LEANS)."""
    lean, cue = _lean(section, prompt)
    if lean is None or need.label == lean or not need.probabilities or DECIDING_FORMS & set(need.evidence.cues):  # a form decided it
        return {}
    probs = {lab: p * (SECTION_WEIGHT if lab == lean else 1.0) for lab, p in need.probabilities.items()}
    total = sum(probs.values())
    probs = {lab: round(p / total, 4) for lab, p in probs.items()}
    label = max(probs, key=probs.get)
    if label == need.label or label == "none":
        return {}
    return dict(label=label, confidence=probs[label], probabilities=probs, methods=method_fields(label),
                evidence=replace(need.evidence, cues=(cue,)))


def _demanded(need: Need) -> dict:
    """A customer's own request in words the model read as nothing (signals.CUSTOMER_DEMAND): explicit."""
    probs = dict(need.probabilities)
    probs["explicit"] = max(probs.get("explicit", 0.0), 0.6, max(probs.values(), default=0.0) + 1e-3)
    total = sum(probs.values())
    probs = {lab: round(p / total, 4) for lab, p in probs.items()}
    return dict(label="explicit", confidence=probs["explicit"], probabilities=probs, methods=method_fields("explicit"),
                evidence=replace(need.evidence, cues=("customer's request",)))


def _prompts(text: str, lines: tuple[Line, ...]) -> dict[int, str]:
    """Per customer answer line (by start), the question of ours it answers: the last question line before it, until
    a heading or our next question."""
    out, asked = {}, None
    for ln in lines:
        if ln.kind == "heading" or (ln.side == "us" and ln.kind != "question"):
            asked = None
        elif ln.kind == "question" and ln.side == "us":
            asked = text[ln.start:ln.end].strip()
        elif asked and ln.side == "customer":
            out[ln.start] = asked
    return out


def _with_structure(need: Need, line: Line, people: list[Person], prompt: str | None = None) -> Need:
    st = need.statement
    fields = dict(speaker=line.speaker, side=line.side, section=line.section, kind=line.kind,
                  stakeholder=_stakeholder(st.text, people, line, st.start, st.end))
    fields.update(_in_context(need, line.section, prompt))
    if fields.get("label", need.label) == "none" and ((line.side == "customer" and customer_demand(st.text))
                                                     or (line.side != "us" and reported_demand(st.text))):
        fields.update(_demanded(need))
    if line.kind in NOT_NEEDS or line.side == "us":
        why = f"structure: {line.kind}" if line.kind in NOT_NEEDS else "structure: our side"
        fields.update(label="none", confidence=STRUCTURE_CONFIDENCE, compliance_risk=False, compliance_warning=None,
                      methods={}, evidence=replace(need.evidence, cues=(why,)))
    conf = fields.get("confidence", need.confidence)
    return replace(need, **fields, confidence_band=confidence_band(conf))


def analyse(text: str, classifier: NeedsClassifier, max_statements: int = MAX_STATEMENTS, ui_language: str | None = None,
            max_chars: int = MAX_NOTE_CHARS) -> Analysis:
    """Read a note's structure, segment and classify it; empty text gives an empty analysis, not an error.

    A note over `max_chars` characters is refused before any work is done."""
    if len(text) > max_chars:
        raise TooLarge(f"The note has {len(text):,} characters; the limit is {max_chars:,} per analysis.")
    reading = read_note(text)
    people, statements = list(reading.people), list(reading.statements)
    if len(statements) > max_statements:
        raise TooLarge(f"The text has {len(statements)} statements; the limit is {max_statements} per analysis.")
    language = detect_language(reading.clean) if reading.clean.strip() else "en"
    lines = [reading.line_of(s) for s in statements]
    content = [ln.kind not in NOT_NEEDS and ln.side != "us" for ln in lines]  # the lines that can carry a need
    needs, vectors = classifier.classify(statements, context=content)
    prompts = _prompts(reading.clean, reading.lines)
    needs = [_with_structure(n, line, people, prompts.get(line.start)) for n, line in zip(needs, lines)]
    found = [n for n in needs if n.label != "none"]
    # a mostly English note with a Chinese line gets English questions, and the reverse; the UI may ask for one
    ask_in = ui_language or majority_language([s.language for s in statements])
    ours = our_people(reading.clean, people, list(reading.lines))
    customers = [p for p in people if p.name not in ours]
    questions = suggest_questions(found, ask_in, people=customers, text=reading.clean) if needs else []
    wins = legitimate_wins(ask_in) if any(n.label == "personal" for n in needs) else []
    return Analysis(language, tuple(needs), tuple(questions), gaps(found), tuple(wins), vectors, tuple(people),
                    frozenset(ours))
