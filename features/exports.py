"""Exports of an analysed note: a table (CSV, Excel) and a one-page Markdown brief, in the reader's language,
with the note's people and contacts masked by one plan (nlp.redact) so every export says `[Person A]` for the
same person. pandas lives here, at the edge."""
from __future__ import annotations

import io
import re
from dataclasses import replace
from functools import lru_cache

import pandas as pd

from features.notes import NoteResult
from nlp.records import NEED_LABELS
from nlp.redact import Masking, plan_masking

LABEL_NAMES = {
    "en": {"explicit": "explicit", "organisational": "organisational", "personal": "personal", "none": "none"},
    "zh": {"explicit": "显性需求", "organisational": "组织隐性需求", "personal": "个人隐性需求", "none": "无需求"},
}
LABEL_TITLES = {
    "en": {"explicit": "Explicit needs", "organisational": "Organisational needs", "personal": "Personal needs"},
    "zh": {"explicit": "显性需求", "organisational": "组织隐性需求", "personal": "个人隐性需求"},
}
OUTCOMES = {"en": {"won": "won", "lost": "lost", "ongoing": "ongoing"}, "zh": {"won": "赢单", "lost": "丢单", "ongoing": "进行中"}}
COLUMNS = ("#", "statement", "label", "confidence", "stakeholder", "cues", "similar example", "compliance risk",
           "similar case", "SPIN", "MEDDICC", "Miller Heiman")
HEADERS = {"en": dict(zip(COLUMNS, COLUMNS)),
           "zh": dict(zip(COLUMNS, ("序号", "语句", "标签", "置信度", "相关人", "线索词", "相似样例", "合规风险",
                                    "相似案例", "SPIN", "MEDDICC", "米勒·黑曼")))}
SHEET = {"en": "needs", "zh": "需求"}
# the stakeholder roles of nlp/resources/stakeholders.json, as a Chinese reader names them
ROLES_ZH = {"CEO": "总经理", "CFO": "财务负责人", "CTO": "技术负责人", "CIO": "信息化负责人", "COO": "运营负责人",
            "Procurement": "采购", "O&M": "运维", "Project manager": "项目经理", "Network director": "网络部负责人",
            "Board": "董事会", "Compliance officer": "合规负责人", "Plant manager": "厂长", "Hospital director": "院长",
            "Branch manager": "分行行长", "Official": "政府官员"}
WORDS = {
    "en": {"title": "Needs brief", "none_found": "none found", "risk": "compliance risk", "yes": "yes", "no": "no",
           "questions": "Questions to ask next", "cases": "Similar past cases",
           "masked": "Masked: {persons} people ({mentions} mentions), {email} e-mail addresses, {phone} phone numbers, "
                     "{id} ID numbers."},
    "zh": {"title": "需求简报", "none_found": "未发现", "risk": "合规风险", "yes": "是", "no": "否",
           "questions": "下一步要问的问题", "cases": "相似的过往案例",
           "masked": "已隐去：{persons}人（{mentions}处），邮箱{email}个，电话{phone}个，证件号{id}个。"},
}


# the sales-method fields and structure cues of a statement, as the Chinese export writes them
ZH_VALUES = {"Explicit need": "明确需求", "Implied need": "隐含需求", "Implied need (personal)": "隐含需求（个人）",
             "Decision criteria": "决策标准", "Metrics / Identify pain": "量化指标 / 识别痛点", "Champion": "内部支持者",
             "Result (business)": "结果（业务）", "Win (personal)": "个人收益",
             "structure: heading": "结构：标题", "structure: attendees": "结构：参会名单", "structure: metadata": "结构：会议信息",
             "structure: todo": "结构：待办", "structure: question": "结构：提问", "structure: our side": "结构：我方",
             "requirement form": "句式：规格要求", "request form": "句式：提出请求", "general remark": "句式：行业泛论"}


def cue_text(text: str, lang: str) -> str:
    """A method field or structure / form cue in the reader's language."""
    return ZH_VALUES.get(text, text) if lang == "zh" else text


def _lang(lang: str) -> str:
    return "zh" if lang == "zh" else "en"


def stakeholder_text(text: str | None, lang: str = "en") -> str:
    """A stakeholder (or a question naming one) in the reader's language: `周主任 (Official)` reads
    `周主任（政府官员）` in Chinese."""
    if not text or _lang(lang) != "zh":
        return text or ""
    text = re.sub(r" \(([^()]+)\)", lambda m: f"（{ROLES_ZH[m.group(1)]}）" if m.group(1) in ROLES_ZH else m.group(), text)
    return ROLES_ZH.get(text, text)


@lru_cache(maxsize=8192)  # the examples are the model's own training texts: a page re-rendered finds them here
def _anonymous(text: str, lang: str) -> str:
    """A labelled example (our own training text) with the people it names masked as `[someone]`: its names belong to
    no one in the note, and a masked export shows no name at all."""
    out = plan_masking(text, _lang(lang)).apply(text)
    return re.sub(r"\[(?:Person|人物) ?[A-Z]+\]", "[某人]" if _lang(lang) == "zh" else "[someone]", out)


def masked_analysis(result: NoteResult, note: str, lang: str = "en", masking: Masking | None = None) -> NoteResult:
    """The result with the note's people and contacts masked in every statement, stakeholder, warning and
    question; its `masked` says how much of the note was hidden."""
    masking = masking or plan_masking(note, _lang(lang))
    # a first or last name of the note's people alone in an example (`Ines asked ...` beside the note's Ines Ferreira)
    parts = sorted({w for _, forms in masking.persons for f in forms if f.isascii() for w in re.findall(r"[A-Z][a-z]{2,}", f)}
                   - {"Mrs", "Miss", "Prof", "Sir", "Dame"}, key=len, reverse=True)
    alone = re.compile(rf"\b(?:{'|'.join(map(re.escape, parts))})\b") if parts else None

    def example(text: str) -> str:
        out = masking.apply(_anonymous(text, lang))
        return alone.sub("[某人]" if _lang(lang) == "zh" else "[someone]", out) if alone else out
    # the exports show each statement's nearest labelled example: masked, it keeps only that one, naming nobody
    needs = tuple(replace(n, statement=replace(n.statement, text=masking.apply(n.statement.text)),
                          stakeholder=masking.apply(n.stakeholder), compliance_warning=masking.apply(n.compliance_warning),
                          evidence=replace(n.evidence, examples=tuple(
                              replace(e, text=example(e.text)) for e in n.evidence.examples[:1])))
                  for n in result.needs)
    questions = tuple(replace(q, text=masking.apply(q.text)) for q in result.questions)
    return replace(result, analysis=replace(result.analysis, needs=needs, questions=questions),
                   masked=masking.report(note))


def needs_frame(result: NoteResult, lang: str = "en") -> pd.DataFrame:
    """One row per statement of the result, headers and labels in `lang`; mask the result first to share it."""
    lang = _lang(lang)
    rows = []
    for i, n in enumerate(result.needs):
        case = result.case_of(i)
        rows.append({
            "#": i + 1, "statement": n.statement.text, "label": LABEL_NAMES[lang][n.label],
            "confidence": round(n.confidence, 2), "stakeholder": stakeholder_text(n.stakeholder, lang),
            "cues": ", ".join(cue_text(c, lang) for c in n.evidence.cues),
            "similar example": n.evidence.examples[0].text if n.evidence.examples else "",
            "compliance risk": WORDS[lang]["yes" if n.compliance_risk else "no"],
            "similar case": case.title if case else "",
            **{m: cue_text(n.methods.get(m, ""), lang) for m in ("SPIN", "MEDDICC", "Miller Heiman")},
        })
    return pd.DataFrame(rows, columns=list(COLUMNS)).rename(columns=HEADERS[lang])


def to_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8-sig")  # with a BOM so Excel opens Chinese text correctly


def to_xlsx(frame: pd.DataFrame, sheet: str = "needs", lang: str | None = None) -> bytes:
    """An Excel workbook of the frame; `lang` names the sheet in the reader's language."""
    sheet = SHEET[_lang(lang)] if lang else sheet
    buf = io.BytesIO()
    safe = frame.map(lambda v: "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v)
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        safe.to_excel(writer, index=False, sheet_name=sheet)
        ws = writer.sheets[sheet]
        ws.freeze_panes = "A2"
        for col, width in zip("ABCDEFGHIJKL", (5, 70, 15, 11, 16, 28, 50, 15, 36, 22, 24, 18)):
            ws.column_dimensions[col].width = width
    return buf.getvalue()


def markdown_brief(result: NoteResult, title: str | None = None, lang: str = "en") -> str:
    """A one-page brief to share: needs by type with stakeholders, warnings, questions, similar cases, and what
    was masked when the result went through `masked_analysis`."""
    lang = _lang(lang)
    words = WORDS[lang]
    out = [f"# {title or words['title']}", ""]
    for label in NEED_LABELS:
        items = [n for n in result.needs if n.label == label]
        out.append(f"## {LABEL_TITLES[lang][label]} ({len(items)})")
        for n in items:
            who = f" — {stakeholder_text(n.stakeholder, lang)}" if n.stakeholder else ""
            warn = f" ⚠ {words['risk']}" if n.compliance_risk else ""
            out.append(f"- {n.statement.text}{who} ({n.confidence:.0%}){warn}")
        if not items:
            out.append("- " + words["none_found"])
        out.append("")
    if result.questions:
        out += ["## " + words["questions"]]
        out += [f"- {stakeholder_text(q.text, lang)}" for q in result.questions] + [""]
    if result.cases:
        out += ["## " + words["cases"]]
        out += [f"- {h.title} ({OUTCOMES[lang].get(h.outcome, h.outcome or '-')}, {h.year or '-'})"
                for h in result.cases] + [""]
    if result.masked is not None:
        out += ["_" + words["masked"].format(**result.masked) + "_", ""]
    return "\n".join(out)
