"""The requirement matrix as an Excel workbook a bid team sends around: filters, frozen header, set widths;
headers, sheet names and the workbook's own words in English or Chinese (`lang`)."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from corpus.files import replace_atomically
from features.tender.matrix import TenderReport

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
LABEL_FILL = {"explicit": "DCEBFA", "organisational": "FCEBD2", "personal": "E8DDF6", "none": "F2F2F2"}
DISQ_FILL = PatternFill("solid", fgColor="F8D7DA")
COLUMNS = [("Clause", 10), ("Section", 28), ("Requirement", 60), ("Kind", 11), ("Points", 8), ("Disqualifying", 13),
           ("Need label", 15),
           ("Confidence", 11), ("Best past match", 36), ("Outcome", 10), ("Score", 8), ("Other matches", 36),
           ("Explained by (meeting notes)", 40), ("Our response", 40)]


# the workbook's own words in the Chinese UI: headers, sheet names, kinds, labels, outcomes, findings, facts
ZH = {
    "Clause": "条款", "Section": "章节", "Requirement": "要求", "Kind": "类型", "Points": "分值", "Disqualifying": "废标项",
    "Need label": "需求类型", "Confidence": "置信度", "Best past match": "最相似的过往案例", "Outcome": "结果", "Score": "相似度",
    "Other matches": "其他相似案例", "Explained by (meeting notes)": "对应的拜访纪要", "Our response": "我方应答",
    "Requirements": "需求矩阵", "Key facts": "关键信息", "Traceability": "需求追溯", "Fact": "事项", "Value": "内容",
    "Finding": "发现", "Label": "需求类型", "Text": "原文", "Similarity": "相似度",
    "mandatory": "必须满足", "scored": "评分项", "optional": "可选", "yes": "是",
    "explicit": "显性需求", "organisational": "组织隐性需求", "personal": "个人隐性需求", "none": "无需求",
    "won": "赢单", "lost": "丢单", "ongoing": "进行中",
    "need not covered by any clause": "没有条款覆盖的需求", "clause with no known need behind it": "找不到对应需求的条款",
    "matched": "已对应",
    "bid deadline": "投标截止时间", "bid validity": "投标有效期", "bid bond": "投标保证金", "contract period": "合同期限",
    "budget": "预算", "evaluation method": "评标办法", "price points": "价格分", "technical points": "技术分",
    "commercial points": "商务分",
}


def word(text: str, lang: str = "en") -> str:
    """One of the workbook's own words (a header, kind, label, outcome, fact) in `lang`; other text as it is."""
    return ZH.get(text, text) if lang == "zh" else text


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


def write_xlsx(report: TenderReport, path: Path, lang: str = "en") -> None:
    def w(text: str) -> str:
        return word(text, lang)

    def head(cols: list[tuple[str, int]]) -> list[tuple[str, int]]:
        return [(w(h), width) for h, width in cols]

    wb = Workbook()
    ws = wb.active
    ws.title = w("Requirements")
    rows = []
    for row in report.rows:
        r, best = row.requirement, (row.matches[0] if row.matches else None)
        rows.append([
            r.clause, r.section, r.text, w(r.kind), r.points, w("yes") if r.disqualifying else "", w(row.need.label),
            round(row.need.confidence, 2),
            best.title if best else "", w(best.outcome) if best else "", round(best.score, 3) if best else None,
            "\n".join(f"{h.title} ({w(h.outcome) if h.outcome else '-'})" for h in row.matches[1:]),
            "\n".join(f"[{w(lab)}] {t}" for t, lab, _ in row.explained_by), "",
        ])
    _sheet(ws, head(COLUMNS), rows)
    for i, row in enumerate(report.rows, 2):
        ws.cell(i, 7).fill = PatternFill("solid", fgColor=LABEL_FILL[row.need.label])
        if row.requirement.disqualifying:  # failing it rejects the bid: the whole row stands out
            for col in (1, 3, 6):
                ws.cell(i, col).fill = DISQ_FILL
            ws.cell(i, 6).font = Font(bold=True)
    facts = wb.create_sheet(w("Key facts"), 1)
    _sheet(facts, head([("Fact", 22), ("Value", 80), ("Clause", 12)]),
           [[w(f.name.replace("_", " ")), f.value, f.clause] for f in report.key_facts])
    trace = wb.create_sheet(w("Traceability"))
    trace_rows = [[w("need not covered by any clause"), w(n.label), n.statement.text, "", f"{s:.2f}"]
                  for n, s in report.uncovered_needs]
    trace_rows += [[w("clause with no known need behind it"), w(r.need.label), r.requirement.text, r.requirement.clause, ""]
                   for r in report.unexplained]
    trace_rows += [[w("matched"), w(n.label), n.statement.text, row.requirement.clause, f"{s:.2f}"] for n, row, s in report.pairs]
    _sheet(trace, head([("Finding", 32), ("Label", 15), ("Text", 70), ("Clause", 12), ("Similarity", 11)]), trace_rows)
    replace_atomically(Path(path), wb.save)
