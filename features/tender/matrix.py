"""Tender analysis: the requirement matrix (clauses, need labels, similar past passages) and needs <-> tender traceability."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from corpus.passages import make_passages
from corpus.readers import read_path
from corpus.readers.dispatch import read_blocks
from features.tender.clauses import extract_requirements
from features.tender.facts import KeyFact, key_facts
from features.tender.kinds import Requirement
from features.tender.structure import outline
from index.library import Library
from index.records import Filters, Hit
from nlp.analyse import Analysis, analyse
from nlp.needs.classifier import NeedsClassifier
from nlp.records import Need, Statement
from nlp.text.language import detect_language
from settings import Settings

TRACE_MIN = 0.86  # e5 cosine above which a note's need and a clause are taken to speak of the same thing
CLASSIFY_CHARS = 160


@dataclass(frozen=True)
class Shape:
    headings: int
    numbered: int
    tables: int
    paragraphs: int


@dataclass(frozen=True)
class Row:
    requirement: Requirement
    need: Need
    matches: tuple[Hit, ...] = ()
    explained_by: tuple[tuple[str, str, float], ...] = ()  # (need text, label, similarity) from the notes


@dataclass
class TenderReport:
    name: str
    rows: list[Row]
    uncovered_needs: list[tuple[Need, float]] = field(default_factory=list)  # need, best similarity to any clause
    unexplained: list[Row] = field(default_factory=list)
    pairs: list[tuple[Need, Row, float]] = field(default_factory=list)
    notes_given: bool = False
    passages: list[str] = field(default_factory=list)  # offered when no clause was found
    key_facts: list[KeyFact] = field(default_factory=list)
    structure: str = ""  # what was found in a tender without clauses (headings, tables, paragraphs)
    shape: Shape | None = None  # the same, counted

    @property
    def message(self) -> str:
        """What to say about a tender where no requirement clause was found (its passages are offered instead)."""
        return (self.structure or "No requirement clauses were found in this tender.") + " Its passages are listed instead."


def analyse_tender(path: Path, classifier: NeedsClassifier, library: Library | None = None,
                   notes: list[str] = (), k: int = 3, progress=None, max_clauses: int = Settings.max_clauses) -> TenderReport:
    blocks = read_blocks(path)
    reqs = extract_requirements(blocks)[:max_clauses]
    report = TenderReport(path.name, [], notes_given=bool(notes), key_facts=key_facts(blocks, reqs))
    if not reqs:
        report.shape = document_shape(blocks)
        report.structure = describe_structure(report.shape)
        case = read_path(path)[0] if path.suffix.lower() in (".docx", ".pdf", ".txt", ".md") else None
        report.passages = [p.text for p in make_passages(case)][:20] if case else []
        return report
    # labels and past matches read a clause's opening: long clauses cost the embedder most and say what they
    # are about first
    statements = [Statement(r.text[:CLASSIFY_CHARS], 0, len(r.text), detect_language(r.text)) for r in reqs]
    needs: list[Need] = []
    vectors = []
    step = 64
    for at in range(0, len(statements), step):
        n, v = classifier.classify(statements[at : at + step])
        needs += n
        vectors.append(v)
        if progress:
            progress(min(at + step, len(statements)), len(statements))
    clause_vecs = np.vstack(vectors)
    matches: list[list[Hit]] = library.similar(clause_vecs, k=k, filters=Filters()) if library else [[] for _ in reqs]
    analyses: list[Analysis] = [analyse(text, classifier) for text in notes if text.strip()]
    note_needs = [(n, a.vectors[i]) for a in analyses for i, n in enumerate(a.needs) if n.label != "none"]
    sims = (np.vstack([v for _, v in note_needs]) @ clause_vecs.T) if note_needs else np.zeros((0, len(reqs)))
    explained: list[list[tuple[str, str, float]]] = [[] for _ in reqs]
    best = [(int(np.argmax(row)), float(row.max())) for row in sims]  # each need's closest clause
    for (need, _), (j, sim) in zip(note_needs, best):
        if sim >= TRACE_MIN:
            explained[j].append((need.statement.text, need.label, round(sim, 4)))
        else:
            report.uncovered_needs.append((need, round(sim, 4)))
    report.rows = [Row(r, n, tuple(m), tuple(e)) for r, n, m, e in zip(reqs, needs, matches, explained)]
    report.pairs = [(need, report.rows[j], round(sim, 4)) for (need, _), (j, sim) in zip(note_needs, best) if sim >= TRACE_MIN]
    if note_needs:
        report.unexplained = [row for row in report.rows if not row.explained_by and row.requirement.kind != "info"]
    return report


def document_shape(blocks) -> Shape:
    """What a tender holds, counted: headings, numbered items, tables and paragraphs."""
    units = outline(blocks)
    return Shape(sum(u.heading for u in units), sum(1 for u in units if u.marker and not u.heading),
                 len({u.block.table for u in units if u.block.kind == "row"}),
                 sum(1 for u in units if u.block.kind != "row" and not u.heading))


def describe_structure(shape: Shape) -> str:
    """What a tender without requirement clauses holds, in one sentence (the UI says it in its own language)."""
    return (f"No requirement clauses were found: the document has {shape.headings} headings, {shape.numbered} numbered "
            f"items, {shape.tables} tables and {shape.paragraphs} paragraphs, but none states what a bidder must do or "
            "will be scored on (no shall / must / 应 / 须, no points, no requirement or scoring table).")


def report_to_dict(report: TenderReport) -> dict:
    def row_dict(row: Row) -> dict:
        r = row.requirement
        return {
            "clause": r.clause, "section": r.section, "text": r.text, "kind": r.kind, "points": r.points,
            "disqualifying": r.disqualifying,
            "label": row.need.label, "confidence": row.need.confidence,
            "matches": [{"id": h.id, "title": h.title, "outcome": h.outcome, "score": round(h.score, 4),
                         "snippet": h.snippet} for h in row.matches],
            "explained_by": [{"text": t, "label": lab, "similarity": s} for t, lab, s in row.explained_by],
        }

    out = {
        "tender": report.name,
        "notes_given": report.notes_given,
        "key_facts": [f.as_dict() for f in report.key_facts],
        "requirements": [row_dict(r) for r in report.rows],
        "uncovered_needs": [{"text": n.statement.text, "label": n.label, "stakeholder": n.stakeholder,
                             "best_similarity": s} for n, s in report.uncovered_needs],
        "unexplained_clauses": [{"clause": r.requirement.clause, "text": r.requirement.text, "kind": r.requirement.kind}
                                for r in report.unexplained],
        "matched": [{"need": n.statement.text, "label": n.label, "clause": row.requirement.clause, "similarity": s}
                    for n, row, s in report.pairs],
    }
    if not report.rows:
        out["message"] = report.message
        out["passages"] = report.passages
    return out
