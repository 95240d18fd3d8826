"""Questions to ask next: which need types a note lacks, and discovery questions from the bilingual bank."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from nlp.records import NEED_LABELS, Need, Question
from nlp.text.phrases import load_resource

THIN = 2  # fewer statements of a type than this and the type is "thin"
_SOMEONE = {"en": "the key decision maker", "zh": "关键决策人"}


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


def suggest_questions(needs: list[Need], language: str, limit: int = 5, people=None, text: str = "") -> list[Question]:
    """Three to `limit` questions, missing need types first, then thin ones, one topic at a time."""
    lang = "zh" if language in ("zh", "mixed") else "en"
    found = gaps(needs)
    order = found["missing"] + found["thin"]
    order += [lab for lab in ("organisational", "personal", "explicit") if lab not in order]
    # the person whose own stake is at issue, else anyone the note names
    who = next((n.stakeholder for n in needs if n.stakeholder and n.label == "personal"), None) \
        or next((n.stakeholder for n in needs if n.stakeholder and n.label != "none"), None) or _SOMEONE[lang]
    pools = {lab: [q for q in _bank()["questions"] if q["need"] == lab] for lab in NEED_LABELS}
    wanted = max(3, min(limit, 2 * len(found["missing"]) + len(found["thin"]) + 1))
    chosen: list[Question] = []
    seen_topics: set[tuple[str, str]] = set()
    while len(chosen) < wanted and any(pools.values()):
        for lab in order:
            if len(chosen) >= wanted:
                break
            pool = pools[lab]
            # prefer a topic not asked yet for this need type
            pick = next((q for q in pool if (lab, q["topic"]) not in seen_topics), pool[0] if pool else None)
            if pick is None:
                continue
            pool.remove(pick)
            seen_topics.add((lab, pick["topic"]))
            chosen.append(Question(pick[lang].replace("{who}", who), lab, pick["topic"]))
    return chosen


def legitimate_wins(language: str) -> list[str]:
    """Legitimate ways to serve a personal need; never an improper benefit."""
    return list(_bank()["legitimate_wins"]["zh" if language in ("zh", "mixed") else "en"])
