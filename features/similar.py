"""Similar past cases for an analysed note: for the note as a whole and for each need in it."""
from __future__ import annotations

import numpy as np

from features.notes import NoteResult
from index.keywords import tokenize
from index.library import Library
from index.records import Hit
from nlp.analyse import Analysis
from nlp.text.language import majority_language


def note_vector(analysis: Analysis) -> np.ndarray | None:
    """The mean of the need statements' vectors (all statements when none is a need), normalised."""
    keep = [i for i, n in enumerate(analysis.needs) if n.label != "none"] or list(range(len(analysis.needs)))
    if not keep:
        return None
    v = analysis.vectors[keep].mean(axis=0)
    return (v / (np.linalg.norm(v) or 1.0)).astype(np.float32)


def preferred_language(analysis: Analysis, ui_language: str | None = None) -> str:
    """The language similar cases should be in: the note's, or the reader's for a note written in both."""
    languages = [n.statement.language for n in analysis.needs]
    if ui_language in ("zh", "en") and (analysis.language == "mixed" or {"zh", "en"} <= set(languages)):
        return ui_language
    return majority_language(languages)


def similar_cases(library: Library, analysis: Analysis, k: int = 5,
                  ui_language: str | None = None) -> tuple[list[Hit], list[Hit | None]]:
    """(the note's k most similar cases, the best case for each statement or None for non-needs)."""
    vec = note_vector(analysis)
    if vec is None:
        return [], []
    terms = tokenize(" ".join(n.statement.text for n in analysis.needs if n.label != "none"))
    need_rows = [i for i, n in enumerate(analysis.needs) if n.label != "none"]
    queries = np.vstack([vec[None, :]] + ([analysis.vectors[need_rows]] if need_rows else []))
    note_language = majority_language([n.statement.language for n in analysis.needs])
    languages = [note_language] + [analysis.needs[i].statement.language for i in need_rows]  # of the query vectors
    results = library.similar(queries, k=k, terms=terms, prefer=preferred_language(analysis, ui_language),
                              languages=languages)
    per_need: list[Hit | None] = [None] * len(analysis.needs)
    for row, hits in zip(need_rows, results[1:]):
        per_need[row] = hits[0] if hits else None
    return results[0], per_need


def analysis_with_cases(analysis: Analysis, library: Library | None, k: int = 5,
                        ui_language: str | None = None) -> NoteResult:
    """The analysis with similar cases when a library is at hand (in the reader's language for a note written
    in both): the note's k best and the best one for each need."""
    if library is None:
        return NoteResult(analysis)
    note_hits, per_need = similar_cases(library, analysis, k, ui_language)
    return NoteResult(analysis, tuple(note_hits), tuple(per_need))
