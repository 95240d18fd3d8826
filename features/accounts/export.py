"""The account plan a sales manager reads in a review: Markdown, and Excel with one sheet per part.
pandas lives here, at the edge."""
from __future__ import annotations

import io

import pandas as pd

from features.accounts.records import AccountView


def plan_markdown(view: AccountView) -> str:
    lines = [f"# Account plan: {view.account}", ""]
    lines.append(f"Meetings: {len(view.meetings)}" + (f" ({view.meetings[0].date} to {view.meetings[-1].date})"
                                                       if view.meetings else ""))
    lines.append("")
    lines += ["## Decision chain", "", "| person | role | layer | stance | trend | personal needs | meetings |",
              "|---|---|---|---|---|---|---|"]
    for p in view.stakeholders:
        lines.append(f"| {p.name} | {p.role or '-'} | {p.layer} | {p.stance} | {p.trend} | "
                     f"{'; '.join(p.personal_needs) or '-'} | {len(p.mentions)} |")
    lines += ["", "## Needs over time", "", "| need | type | first seen | last seen | meetings | status |",
              "|---|---|---|---|---|---|"]
    for n in view.needs:
        lines.append(f"| {n.text} | {n.label} | {n.first_seen} | {n.last_seen} | {len(n.mentions)} | {n.status} |")
    lines += ["", "## Investment and timing", ""]
    lines += [f"- {i.amount}, {i.when or 'timing unknown'}: {i.what}" for i in view.investments] or ["- none noted yet"]
    lines += ["", f"## Relationship: {view.relationship.trend}", ""]
    lines += [f"- {e}" for e in view.relationship.evidence] or ["- no warm or cold signals noted"]
    for p in view.relationship.people:
        if p.trend != "stable":
            lines += [f"- {p.name}: {p.trend}"] + [f"  - {e}" for e in p.evidence[-2:]]
    for title, items in (("What changed since the last meeting", view.changes), ("Gaps", view.gaps),
                         ("Questions to ask next", view.questions)):
        lines += ["", f"## {title}", ""] + ([f"- {x}" for x in items] or ["- none"])
    return "\n".join(lines) + "\n"


def plan_frames(view: AccountView) -> dict[str, pd.DataFrame]:
    return {
        "meetings": pd.DataFrame([{"id": m.id, "date": m.date, "title": m.title} for m in view.meetings]),
        "decision chain": pd.DataFrame([{"name": p.name, "role": p.role, "layer": p.layer, "stance": p.stance,
                                         "trend": p.trend, "trend evidence": " | ".join(p.trend_evidence),
                                         "stance evidence": " | ".join(p.stance_evidence),
                                         "personal needs": " | ".join(p.personal_needs), "meetings": len(p.mentions),
                                         "also written as": ", ".join(f for f in p.forms if f != p.name)}
                                        for p in view.stakeholders]),
        "needs": pd.DataFrame([{"need": n.text, "type": n.label, "first seen": n.first_seen, "last seen": n.last_seen,
                                "meetings": len(n.mentions), "status": n.status, "id": n.id} for n in view.needs]),
        "investments": pd.DataFrame([{"amount": i.amount, "when": i.when, "what": i.what, "meeting": i.meeting}
                                     for i in view.investments]),
        "gaps and questions": pd.DataFrame([{"kind": "gap", "text": g} for g in view.gaps] +
                                           [{"kind": "question", "text": q} for q in view.questions] +
                                           [{"kind": "change", "text": c} for c in view.changes]),
    }


def plan_xlsx(view: AccountView) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in plan_frames(view).items():
            (frame if not frame.empty else pd.DataFrame({"-": []})).to_excel(writer, sheet_name=name[:31], index=False)
    return buf.getvalue()
