"""The account plan exports in the Chinese UI: headings, headers, sheet names and the view's own words in Chinese."""
from __future__ import annotations

import io
import re

import openpyxl

from features.accounts.service import add_note
from features.accounts.store import AccountStore
from features.accounts.view import build_view
from features.plan_zh import plan_markdown_in, plan_xlsx_in

NOTE = ("客户拜访纪要 2026-03-02\n参会：信息中心主任周立新、采购部刘婷\n- 周主任说核心网割接必须在六月底前完成。\n"
        "- 刘婷说预算200万，年底前要批下来。\n- 周主任希望项目成功后能升任副局长。")


def test_plan_in_chinese_has_no_english_of_its_own(tmp_path, classifier):
    store = AccountStore(tmp_path / "accounts.sqlite")
    add_note(store, "华信", NOTE, classifier)
    view = build_view(store, "华信")
    md = plan_markdown_in(view, "zh")
    fixed = [ln for ln in md.splitlines() if ln.startswith(("#", "| person", "|---", "会议")) or ln.startswith("| 人物")]
    assert md.startswith("# 客户计划：华信") and "## 决策链" in md and "## 下一步要问的问题" in md
    assert not re.search(r"[A-Za-z]{2,}", "\n".join(fixed)), fixed
    assert "decision chain" in plan_markdown_in(view, "en").lower()
    book = openpyxl.load_workbook(io.BytesIO(plan_xlsx_in(view, "zh")))
    assert book.sheetnames == ["会议", "决策链", "需求", "投资与时间", "缺口与问题"]
    headers = [str(c.value) for ws in book.worksheets for c in ws[1]]
    layers = [str(c.value) for c in book["决策链"]["C"][1:]]  # the layer column
    assert not re.search(r"[A-Za-z]{2,}", " ".join(headers + layers)), headers + layers
