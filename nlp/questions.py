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

from nlp.records import NEED_LABELS, Need, Person, Question
from nlp.text.phrases import load_resource

THIN = 2  # fewer statements of a type than this and the type is "thin"
TOPIC_CHARS = {"en": 48, "zh": 16}
_LEAD_EN = re.compile(r"^(?:(?:and|so|also|but|honestly|well|ok(?:ay)?|just for context),?\s+)*(?:(?:they|we|he|she|i|the customer|"
                      r"customer|client)\s+)?(?:(?:really|also|still)\s+)?(?:need|needs|want|wants|would like|asked (?:us )?(?:for|about)|"
                      r"require|requires|must have|are looking for|is looking for|expect|expects)\s+(?:to\s+)?", re.I)
_LEAD_ZH = re.compile(r"^(?:[，,\s]*(?:另外|还有|而且|就是|说实话|第一个事情|客户|对方|他们|我们|他|她))*[，,\s]*(?:明确)?(?:要求|希望|需要|想要|提出|必须)?")


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


def _topic(need: Need, lang: str) -> str:
    """A need in the note's words, cut short: `SSO with our Azure AD`, `同城双活切换演练`."""
    text = need.statement.text.strip()
    if lang == "zh":
        text = _LEAD_ZH.sub("", text)
        text = re.split(r"[，,。；;！？!?：:（(]", text)[0]
    else:
        text = re.split(r"(?<=\w)[.;:!?(]|, (?:and|but|so|which|because)\b| - ", _LEAD_EN.sub("", text))[0]
    limit = TOPIC_CHARS[lang]
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] if lang == "en" and " " in text[:limit] else text[:limit]
    return text.strip(" ,，") or ""


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
    chosen: list[Question] = []
    for i, key in enumerate(plan[:wanted]):
        t = topics[key]
        who_list = holders["personal"] if t["need"] == "personal" and holders["personal"] else \
            holders["explicit"] + holders["organisational"] + customers
        who = who_list[i % len(who_list)] if who_list else anyone
        subject = subjects[i % len(subjects)] if subjects else None
        topic = _topic(subject, lang) if subject else ""
        about = tuple(x for x in ((who.name if who else ""), topic) if x)
        wording = t[lang].replace("{who}", who.name if who else fallback)
        wording = wording.replace("{topic}", (f"「{topic}」" if lang == "zh" else f"'{topic}'") if topic else bank["this_project"][lang])
        chosen.append(Question(wording, t["need"], key, about))
    return chosen


def legitimate_wins(language: str) -> list[str]:
    """Legitimate ways to serve a personal need; never an improper benefit."""
    return list(_bank()["legitimate_wins"]["zh" if language in ("zh", "mixed") else "en"])
