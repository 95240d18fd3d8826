"""Questions to ask next, built from what a note found and what it leaves open.

A note that already talks about the deadline is not asked about timing; one that never mentions a
budget is. Each question names a customer person of the note (the one behind a personal need, else
the one who asked for something, else anyone the note names on the customer's side) and a need the
note found, in the note's own words. Missing need types come first. Three to five questions.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from nlp.question_topics import topic_of
from nlp.records import NEED_LABELS, Need, Person, Question
from nlp.text.phrases import load_resource

THIN = 2  # fewer statements of a type than this and the type is "thin"


@lru_cache(maxsize=1)
def _bank() -> dict:
    return load_resource("questions.json")


def gaps(needs: list[Need]) -> dict[str, list[str]]:
    """Need types with no statement ('missing') and with fewer than THIN ('thin')."""
    counts = Counter(n.label for n in needs)
    return {
        "missing": [lab for lab in NEED_LABELS if counts[lab] == 0],
        "thin": [lab for lab in NEED_LABELS if 0 < counts[lab] < THIN],
    }


def _person_of(need: Need, people: list[Person]) -> Person | None:
    for p in people:
        if need.stakeholder and (need.stakeholder == p.name or need.stakeholder.startswith(p.name + " (")):
            return p
    return next((p for p in people if p.name == need.speaker), None)


def _covered(topic: dict, text: str) -> bool:
    low = text.lower()
    return any(c in low for c in topic["cues"])


def suggest_questions(needs: list[Need], language: str, limit: int = 5, people: list[Person] | None = None,
                      text: str = "") -> list[Question]:
    """Three to `limit` questions for this note: missing need types first, then the topics it leaves open."""
    lang = "zh" if language in ("zh", "mixed") else "en"
    people = list(people or [])
    bank = _bank()
    topics = {k: v for k, v in bank["open_topics"].items() if not k.startswith("_")}
    found = gaps(needs)
    ours = {n.speaker for n in needs if n.side == "us" and n.speaker}
    customers = [p for p in people if p.name not in ours]
    # a statement that points to an improper benefit is never the subject of a question (no "visible win" for it)
    needs = [n for n in needs if not n.compliance_risk]
    holders = {lab: [p for n in needs if n.label == lab and (p := _person_of(n, customers))] for lab in NEED_LABELS}
    anyone = next(iter(holders["personal"] + holders["explicit"] + holders["organisational"] + customers), None)
    fallback = bank["someone"][lang]
    subjects = [n for lab in ("explicit", "organisational", "personal") for n in needs if n.label == lab]
    subjects.sort(key=lambda n: -n.confidence)
    # which open topics to ask, in order: missing need types, then open topics, then the personal win
    plan: list[str] = []
    if "organisational" in found["missing"]:
        plan.append("pain")
    if "personal" in found["missing"]:
        plan.append("personal_stake")
    if holders["personal"]:
        plan.append("visible_win")
    plan += [k for k in ("decision", "budget", "timing", "payment", "competition", "success") if not _covered(topics[k], text)]
    plan += [k for k in ("pain", "personal_stake", "success", "decision", "budget") if k not in plan]
    wanted = max(3, min(limit, 2 * len(found["missing"]) + len(found["thin"]) + 2))
    used: Counter = Counter()
    chosen: list[Question] = []
    for i, key in enumerate(plan[:wanted]):
        t = topics[key]
        subject = _subject_for(key, subjects, used, topics)
        if subject is not None:
            used[id(subject)] += 1
        who = _who_for(key, subject, holders, customers, i) or anyone
        topic = topic_of(subject, lang) if subject else ""
        about = tuple(x for x in ((who.name if who else ""), topic) if x)
        wording = t[lang].replace("{who}", who.name if who else fallback)
        wording = wording.replace("{topic}", (f"「{topic}」" if lang == "zh" else f"'{topic}'") if topic else bank["this_project"][lang])
        chosen.append(Question(wording, t["need"], key, about))
    return chosen


# which need a question is about: a timing or sign-off question asks about what the customer wants; "what is pushing"
# asks about a request; a personal win is the win of the project, so its topic is the request, not the private motive
_SUBJECT_LABELS = {
    "timing": ("explicit", "organisational"), "decision": ("explicit", "organisational"),
    "budget": ("explicit", "organisational"), "payment": ("explicit", "organisational"),
    "success": ("explicit", "organisational"), "competition": ("explicit", "organisational"),
    "pain": ("explicit", "organisational"), "personal_stake": ("explicit", "organisational"),
    "visible_win": ("explicit", "organisational"),
}


def _subject_for(key: str, subjects: list[Need], used: Counter, topics: dict) -> Need | None:
    """The most confident need of the kind this question is about, the least asked about so far; a statement about a
    budget, a rival or a payment is not the subject of a question on another topic ("judge whether the rival worked")."""
    order = _SUBJECT_LABELS.get(key, ("explicit", "organisational", "personal"))
    ranked = [n for n in subjects if n.label in order]
    if not ranked:
        return None
    return min(ranked, key=lambda n: (_off_topic(key, n.statement.text), used[id(n)], order.index(n.label), -n.confidence))


_ASIDE = {  # words that make a statement about one of these topics and nothing else
    "budget": re.compile(r"\b(?:budget|capex|opex|funding)\b|预算|资金|资本开支", re.I),
    "payment": re.compile(r"\b(?:payment|prepay|instal\w*|financing|lease|billing|invoice)\b|付款|分期|融资|租赁|账期|回款", re.I),
    "competition": re.compile(r"\b(?:competitors?|rivals?|incumbents?|other vendors?|shortlist)\b|友商|竞争|对手|其他厂商", re.I),
}


def _off_topic(key: str, text: str) -> bool:
    return any(rx.search(text) for k, rx in _ASIDE.items() if k != key)


def _who_for(key: str, subject: Need | None, holders: dict, customers: list[Person], i: int) -> Person | None:
    """The person a question names: the one with the private stake for personal questions, else the subject's own."""
    if key in ("visible_win", "personal_stake") and holders["personal"]:
        return holders["personal"][i % len(holders["personal"])]
    own = _person_of(subject, customers) if subject is not None else None
    if own is not None:
        return own
    pool = holders["explicit"] + holders["organisational"] + customers
    return pool[i % len(pool)] if pool else None


def legitimate_wins(language: str) -> list[str]:
    """Legitimate ways to serve a personal need; never an improper benefit."""
    return list(_bank()["legitimate_wins"]["zh" if language in ("zh", "mixed") else "en"])
