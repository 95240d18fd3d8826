"""Notes or tender text in, an Analysis out: statements, labelled needs, gaps, questions to ask next."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from corpus.errors import TooLarge
from nlp.needs.classifier import NeedsClassifier
from nlp.questions import gaps, legitimate_wins, suggest_questions
from nlp.records import Need, Question
from nlp.text.language import detect_language, majority_language
from nlp.text.segment import segment

MAX_STATEMENTS = 3000


@dataclass(frozen=True)
class Analysis:
    language: str
    needs: tuple[Need, ...]
    questions: tuple[Question, ...]
    gaps: dict[str, list[str]]
    wins: tuple[str, ...]  # legitimate wins, offered when personal needs were found
    vectors: np.ndarray = field(repr=False, compare=False)  # one query vector per need


def analyse(text: str, classifier: NeedsClassifier, max_statements: int = MAX_STATEMENTS, ui_language: str | None = None) -> Analysis:
    """Segment and classify a note; empty text gives an empty analysis, not an error."""
    statements = segment(text)
    if len(statements) > max_statements:
        raise TooLarge(f"The text has {len(statements)} statements; the limit is {max_statements} per analysis.")
    language = detect_language(text) if text.strip() else "en"
    needs, vectors = classifier.classify(statements)
    found = [n for n in needs if n.label != "none"]
    # a mostly English note with a Chinese line gets English questions, and the reverse; the UI may ask for one
    ask_in = ui_language or majority_language([s.language for s in statements])
    questions = suggest_questions(found, ask_in) if needs else []
    wins = legitimate_wins(ask_in) if any(n.label == "personal" for n in needs) else []
    return Analysis(language, tuple(needs), tuple(questions), gaps(found), tuple(wins), vectors)
