"""The requirement matrix as an Excel workbook a bid team sends around: filters, frozen header, set widths."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from features.tender.matrix import TenderReport

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
LABEL_FILL = {"explicit": "DCEBFA", "organisational": "FCEBD2", "personal": "E8DDF6", "none": "F2F2F2"}
DISQ_FILL = PatternFill("solid", fgColor="F8D7DA")
COLUMNS = [("Clause", 10), ("Section", 28), ("Requirement", 60), ("Kind", 11), ("Points", 8), ("Disqualifying", 13),
           ("Need label", 15),
           ("Confidence", 11), ("Best past match", 36), ("Outcome", 10), ("Score", 8), ("Other matches", 36),
           ("Explained by (meeting notes)", 40), ("Our response", 40)]


def _sheet(ws, header: list[tuple[str, int]], rows: list[list]) -> None:
    ws.append([h for h, _ in header])
    for i, (_, width) in enumerate(header, 1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = width
        cell = ws.cell(1, i)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for r in rows:
        ws.append([_safe(v) for v in r])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = ws.dimensions


def _safe(value):
    """Text that starts like a formula is written as text, so a tender cannot put formulas into our workbook."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def write_xlsx(report: TenderReport, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Requirements"
    rows = []
    for row in report.rows:
        r, best = row.requirement, (row.matches[0] if row.matches else None)
        rows.append([
            r.clause, r.section, r.text, r.kind, r.points, "yes" if r.disqualifying else "", row.need.label,
            round(row.need.confidence, 2),
            best.title if best else "", best.outcome if best else "", round(best.score, 3) if best else None,
            "\n".join(f"{h.title} ({h.outcome or '-'})" for h in row.matches[1:]),
            "\n".join(f"[{lab}] {t}" for t, lab, _ in row.explained_by), "",
        ])
    _sheet(ws, COLUMNS, rows)
    for i, row in enumerate(report.rows, 2):
        ws.cell(i, 7).fill = PatternFill("solid", fgColor=LABEL_FILL[row.need.label])
        if row.requirement.disqualifying:  # failing it rejects the bid: the whole row stands out
            for col in (1, 3, 6):
                ws.cell(i, col).fill = DISQ_FILL
            ws.cell(i, 6).font = Font(bold=True)
    facts = wb.create_sheet("Key facts", 1)
    _sheet(facts, [("Fact", 22), ("Value", 80), ("Clause", 12)],
           [[f.name.replace("_", " "), f.value, f.clause] for f in report.key_facts])
    trace = wb.create_sheet("Traceability")
    trace_rows = [["need not covered by any clause", n.label, n.statement.text, "", f"{s:.2f}"] for n, s in report.uncovered_needs]
    trace_rows += [["clause with no known need behind it", r.need.label, r.requirement.text, r.requirement.clause, ""]
                   for r in report.unexplained]
    trace_rows += [["matched", n.label, n.statement.text, row.requirement.clause, f"{s:.2f}"] for n, row, s in report.pairs]
    _sheet(trace, [("Finding", 32), ("Label", 15), ("Text", 70), ("Clause", 12), ("Similarity", 11)], trace_rows)
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", suffix=".xlsx")
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
