"""Needs and analyses as plain dicts for JSON output and exports (the field names are the CLI contract)."""
from __future__ import annotations

from nlp.analyse import Analysis
from nlp.records import Need, Question


def need_to_dict(need: Need) -> dict:
    st = need.statement
    return {
        "text": st.text,
        "label": need.label,
        "confidence": need.confidence,
        "evidence": {
            "cues": list(need.evidence.cues),
            "similar_examples": [
                {"text": e.text, "label": e.label, "similarity": e.similarity} for e in need.evidence.examples
            ],
        },
        "stakeholder": need.stakeholder,
        "compliance_risk": need.compliance_risk,
        "compliance_warning": need.compliance_warning,
        "language": st.language,
        "start": st.start,
        "end": st.end,
        "probabilities": need.probabilities,
        "methods": need.methods,
        "speaker": need.speaker,
        "side": need.side,
        "section": need.section,
        "kind": need.kind,
        "confidence_band": need.confidence_band,
    }


def question_to_dict(q: Question) -> dict:
    return {"text": q.text, "need": q.need, "topic": q.topic, "about": list(q.about)}


def analysis_to_dict(analysis: Analysis, similar_cases: list[dict] | None = None) -> dict:
    return {
        "language": analysis.language,
        "statements": [need_to_dict(n) for n in analysis.needs],
        "similar_cases": similar_cases or [],
        "questions": [question_to_dict(q) for q in analysis.questions],
        "gaps": analysis.gaps,
        "legitimate_wins": list(analysis.wins),
        "people": [{"name": p.name, "role": p.role, "forms": list(p.forms), "mentions": [list(m) for m in p.mentions]}
                   for p in analysis.people],
    }
