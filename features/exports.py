"""Exports of an analysed note: a table (CSV, Excel) and a one-page Markdown brief. pandas lives here, at the edge."""
from __future__ import annotations

import io

import pandas as pd

from nlp.records import NEED_LABELS
from nlp.redact import redact as redact_text

LABEL_TITLES = {
    "en": {"explicit": "Explicit needs", "organisational": "Organisational needs", "personal": "Personal needs"},
    "zh": {"explicit": "显性需求", "organisational": "组织隐性需求", "personal": "个人隐性需求"},
}


def _keep(text: str) -> str:
    return text


def needs_frame(result: dict, redact: bool = False) -> pd.DataFrame:
    """One row per statement of an analysis dict (cli contract shape); names, phones and e-mails masked on request."""
    clean = redact_text if redact else _keep
    rows = []
    for i, s in enumerate(result["statements"]):
        rows.append({
            "#": i + 1, "statement": clean(s["text"]), "label": s["label"], "confidence": round(s["confidence"], 2),
            "stakeholder": s["stakeholder"] or "", "cues": ", ".join(s["evidence"]["cues"]),
            "similar example": (s["evidence"]["similar_examples"][0]["text"] if s["evidence"]["similar_examples"] else ""),
            "compliance risk": bool(s["compliance_risk"]),
            "similar case": (s.get("similar_case") or {}).get("title", ""),
            "SPIN": s["methods"].get("SPIN", ""), "MEDDICC": s["methods"].get("MEDDICC", ""),
            "Miller Heiman": s["methods"].get("Miller Heiman", ""),
        })
    return pd.DataFrame(rows)


def to_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8-sig")  # with a BOM so Excel opens Chinese text correctly


def to_xlsx(frame: pd.DataFrame, sheet: str = "needs") -> bytes:
    buf = io.BytesIO()
    safe = frame.map(lambda v: "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v)
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        safe.to_excel(writer, index=False, sheet_name=sheet)
        ws = writer.sheets[sheet]
        ws.freeze_panes = "A2"
        for col, width in zip("ABCDEFGHIJKL", (5, 70, 15, 11, 16, 28, 50, 15, 36, 22, 24, 18)):
            ws.column_dimensions[col].width = width
    return buf.getvalue()


def markdown_brief(result: dict, title: str = "Needs brief", lang: str = "en", redact: bool = False) -> str:
    """A one-page brief to share: needs by type with stakeholders, warnings, questions, similar cases."""
    zh = lang == "zh"
    clean = redact_text if redact else _keep
    out = [f"# {title}", ""]
    for label in NEED_LABELS:
        items = [s for s in result["statements"] if s["label"] == label]
        out.append(f"## {LABEL_TITLES['zh' if zh else 'en'][label]} ({len(items)})")
        for s in items:
            who = f" — {s['stakeholder']}" if s["stakeholder"] else ""
            warn = (" ⚠ 合规风险" if zh else " ⚠ compliance risk") if s["compliance_risk"] else ""
            out.append(f"- {clean(s['text'])}{who} ({s['confidence']:.0%}){warn}")
        if not items:
            out.append("- " + ("未发现" if zh else "none found"))
        out.append("")
    if result["questions"]:
        out += ["## " + ("下一步要问的问题" if zh else "Questions to ask next")]
        out += [f"- {q['text']}" for q in result["questions"]] + [""]
    if result["similar_cases"]:
        out += ["## " + ("相似的过往案例" if zh else "Similar past cases")]
        out += [f"- {h['title']} ({h['outcome'] or '-'}, {h['year'] or '-'})" for h in result["similar_cases"]] + [""]
    return "\n".join(out)
