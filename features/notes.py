"""An analysed note as pages, exports and the CLI receive it: the nlp Analysis plus what the library adds
(similar cases for the note and for each need), label corrections made on the page and the masking report.

A frozen record: a correction or a masking makes a new one. It becomes the CLI's JSON dict only in
`to_dict`, at the edge where JSON is printed; the field names there are the CLI contract (nlp.serialise).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from index.records import Hit
from nlp.analyse import Analysis
from nlp.records import Need, Question
from nlp.serialise import analysis_to_dict


@dataclass(frozen=True)
class NoteResult:
    analysis: Analysis
    cases: tuple[Hit, ...] = ()  # the note's most similar past cases
    case_for: tuple[Hit | None, ...] = ()  # per need, aligned with analysis.needs; empty when no library was asked
    corrected: frozenset[int] = frozenset()  # rows of needs whose label a person corrected
    masked: dict[str, int] | None = None  # what masking hid (nlp.redact.Masking.report), when the result was masked

    @property
    def language(self) -> str:
        return self.analysis.language

    @property
    def needs(self) -> tuple[Need, ...]:
        return self.analysis.needs

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.analysis.questions

    @property
    def wins(self) -> tuple[str, ...]:
        return self.analysis.wins

    def case_of(self, row: int) -> Hit | None:
        """The best past case for the need at `row`, or None (a non-need, or no library)."""
        return self.case_for[row] if row < len(self.case_for) else None

    def with_label(self, row: int, label: str) -> NoteResult:
        """The result with one need relabelled by a person; everything drawn from it follows the new label."""
        needs = list(self.needs)
        needs[row] = replace(needs[row], label=label)
        return replace(self, analysis=replace(self.analysis, needs=tuple(needs)), corrected=self.corrected | {row})

    def to_dict(self) -> dict:
        """The CLI contract's dict: nlp.serialise's analysis dict with the cases, per-need cases, corrections, masking."""
        out = analysis_to_dict(self.analysis, [h.to_dict() for h in self.cases])
        if self.case_for:
            for st, hit in zip(out["statements"], self.case_for):
                st["similar_case"] = None if hit is None else {"id": hit.id, "title": hit.title,
                                                               "score": round(hit.score, 4), "outcome": hit.outcome}
        for row in sorted(self.corrected):
            out["statements"][row]["corrected"] = True
        if self.masked is not None:
            out["masked"] = dict(self.masked)
        return out
