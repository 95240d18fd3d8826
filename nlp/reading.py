"""Reading a note before any label: markup blanked, people found, lines given their structure, statements cut.

Shared by the analysis and by the loader of the real-style training notes, so the model is trained on
exactly the statements it will later be shown.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from nlp.people import find_people
from nlp.records import Line, Person, Statement
from nlp.text.markup import blank_markup
from nlp.text.segment import segment
from nlp.text.structure import read_structure


@dataclass(frozen=True)
class Reading:
    clean: str  # the note with markup blanked; same length, so spans hold in the pasted text too
    people: tuple[Person, ...]
    lines: tuple[Line, ...]
    statements: tuple[Statement, ...]

    def line_of(self, statement: Statement) -> Line:
        starts = [ln.start for ln in self.lines]
        return self.lines[max(0, bisect.bisect_right(starts, statement.start) - 1)]


def read_note(text: str) -> Reading:
    clean, headings = blank_markup(text)
    people = find_people(clean)
    lines = read_structure(clean, headings, people)
    statements = segment(clean, [(ln.start, ln.end) for ln in lines])
    return Reading(clean, tuple(people), tuple(lines), tuple(statements))
