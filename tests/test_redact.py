"""Redaction of names, phone numbers and e-mail addresses in what leaves the app."""
from __future__ import annotations

import pytest

from nlp.redact import redact


@pytest.mark.parametrize("text, gone, kept", [
    ("Attendees: CFO Li Na, CTO Mark Evans, Mr. Smith.", ["Li Na", "Mark Evans", "Smith"], ["CFO", "CTO", "Attendees"]),
    ("Mail li.na@nw-telecom.com or call +86 138 1234 5678.", ["li.na@", "1234 5678"], ["Mail", "call"]),
    ("手机13812345678，邮箱wang@example.cn", ["13812345678", "wang@example.cn"], ["手机", "邮箱"]),
    ("王总和李经理说预算200万，财务总监张伟明确了。", ["王总", "李经理", "张伟"], ["预算200万", "财务总监", "经理"]),
    ("The deadline is 2026-06-30 and the budget 4,860,000; clause 3.1.2 asks 99.95% uptime.",
     [], ["2026-06-30", "4,860,000", "3.1.2", "99.95%"]),
    ("周总结会上确认了方案。", [], ["周总结会上"]),
])
def test_redaction(text, gone, kept):
    out = redact(text)
    for g in gone:
        assert g not in out, out
    for k in kept:
        assert k in out, out
