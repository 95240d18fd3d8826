"""The account plan exports in the reader's language: the Markdown and Excel of features.accounts.export, with
headings, table headers, sheet names and the view's own words (layers, stances, statuses, need types, trend)
in Chinese when `lang` is zh. The people's names and the customer's words stay as they were written.

It works on what features.accounts.export makes (its frames, its Markdown lines), so the plan has one
author and this module only translates its fixed words.
"""
from __future__ import annotations

import io
import re

import pandas as pd

from features.accounts.export import plan_frames, plan_markdown
from features.accounts.records import AccountView

WORDS = {
    # sheet names and column headers
    "meetings": "会议", "decision chain": "决策链", "needs": "需求", "investments": "投资与时间",
    "gaps and questions": "缺口与问题", "id": "编号", "date": "日期", "title": "标题", "name": "姓名", "person": "人物",
    "role": "职务", "layer": "决策层级", "stance": "态度", "stance evidence": "态度依据", "trend": "关系走势", "trend evidence": "走势依据", "personal needs": "个人需求",
    "also written as": "其他写法", "need": "需求", "type": "类型", "first seen": "首次出现", "last seen": "最近出现",
    "status": "状态", "amount": "金额", "when": "时间", "what": "内容", "meeting": "会议", "kind": "类别", "text": "内容",
    # values
    "decision": "决策层", "management": "管理层", "execution": "执行层", "unknown": "未知", "supporter": "支持者",
    "neutral": "中立", "sceptic": "怀疑者", "open": "待跟进", "answered": "已答复", "covered": "已覆盖",
    "improving": "升温", "stable": "平稳", "slipping": "降温", "explicit": "显性需求", "organisational": "组织隐性需求",
    "personal": "个人隐性需求", "none": "无需求", "gap": "缺口", "question": "问题", "change": "变化",
}
_VALUE_COLUMNS = ("layer", "stance", "trend", "status", "type", "kind")
_HEADINGS = {
    "## Decision chain": "## 决策链", "## Needs over time": "## 需求变化", "## Investment and timing": "## 投资与时间",
    "## What changed since the last meeting": "## 自上次会议以来的变化", "## Gaps": "## 缺口",
    "## Questions to ask next": "## 下一步要问的问题", "- none noted yet": "- 暂无记录",
    "- no warm or cold signals noted": "- 暂无冷热信号", "- none": "- 无",
}


def word(text: str) -> str:
    return WORDS.get(text, text)


def _row(line: str) -> str:
    """A Markdown table row with the view's own words translated cell by cell (names and quotes stay)."""
    cells = line.strip("|").split("|")
    return "|" + "|".join(f" {word(c.strip())} " if c.strip() in WORDS else c for c in cells) + "|"


def plan_markdown_in(view: AccountView, lang: str = "en") -> str:
    text = plan_markdown(view)
    if lang != "zh":
        return text
    out = []
    for line in text.splitlines():
        if line.startswith("# Account plan: "):
            line = "# 客户计划：" + line[len("# Account plan: "):]
        elif m := re.match(r"Meetings: (\d+)(?: \((\S+) to (\S+)\))?$", line):
            line = f"会议：{m[1]}次" + (f"（{m[2]} 至 {m[3]}）" if m[2] else "")
        elif line.startswith("## Relationship: "):
            line = "## 关系走向：" + word(line[len("## Relationship: "):])
        elif line.startswith("|"):
            line = _row(line)
        elif m := re.match(r"- (.+): (improving|slipping)$", line):  # a person's own trend under the relationship
            line = f"- {m[1]}：{word(m[2])}"
        elif re.match(r"- .+, timing unknown: ", line):
            line = line.replace(", timing unknown: ", "，时间未知：", 1)
        line = _HEADINGS.get(line, line)
        out.append(line)
    return "\n".join(out) + "\n"


def plan_frames_in(view: AccountView, lang: str = "en") -> dict[str, pd.DataFrame]:
    frames = plan_frames(view)
    if lang != "zh":
        return frames
    out = {}
    for name, frame in frames.items():
        frame = frame.copy()
        for col in _VALUE_COLUMNS:
            if col in frame.columns:
                frame[col] = [word(str(v)) for v in frame[col]]
        out[word(name)] = frame.rename(columns=word)
    return out


def plan_xlsx_in(view: AccountView, lang: str = "en") -> bytes:
    """One sheet per part of the plan, as features.accounts.export.plan_xlsx, in `lang`."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in plan_frames_in(view, lang).items():
            (frame if not frame.empty else pd.DataFrame({"-": []})).to_excel(writer, sheet_name=name[:31], index=False)
    return buf.getvalue()
