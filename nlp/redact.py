"""Redaction of personal data in text that leaves the app: person names, phone numbers, e-mail addresses.

Names are found where notes name people: after a role or title ("CFO Li Na", "Mr. Evans"), and in
Chinese surname + title forms ("王总", "李经理") or role + name ("财务总监张伟"). Roles themselves stay:
they are what the needs model works with.
"""
from __future__ import annotations

import re

_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
             "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_ZH_TITLES = "总(?![结体共计部量额之是算数价监裁])|经理|处长|局长|主任|科长|院长|行长|部长|厂长|总监|书记|工"

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE = re.compile(r"(?<![A-Za-z0-9.-])\+?\d[\d ()-]{6,}\d(?![A-Za-z0-9-])")
EN_NAME = re.compile(r"\b(CEO|CFO|CTO|CIO|COO|VP|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Prof\.?)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
_BEFORE = r"(?:(?<![\u4e00-\u9fff])|(?<=[和与跟同及、对向给让请被找]))"  # start of a name, not inside a word
_AFTER = r"(?=[，,。、：:；;\s）)]|说|表|认|提|明|也|和|的|希|要|对|在|称|强|今|去|已|$)"  # a verb or punctuation follows
ZH_TITLED = re.compile(rf"{_BEFORE}[{_SURNAMES}](?=(?:{_ZH_TITLES}))")
ZH_ROLE_NAME = re.compile(rf"(总监|经理|主任|处长|局长|科长|院长|行长|部长)([{_SURNAMES}][\u4e00-\u9fff]{{1,2}}?){_AFTER}")


def _phone(m: re.Match) -> str:
    digits = sum(ch.isdigit() for ch in m.group())
    # dates (2026-06-30) and amounts (4,860,000) are not phone numbers
    return "[phone]" if digits >= 8 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", m.group().strip()) else m.group()


def redact(text: str) -> str:
    """The text with names, phone numbers and e-mail addresses replaced by [name] / 某 / [姓名], [phone], [email]."""
    text = EMAIL.sub("[email]", text)
    text = PHONE.sub(_phone, text)
    text = EN_NAME.sub(lambda m: f"{m.group(1)} [name]", text)
    text = ZH_ROLE_NAME.sub(lambda m: f"{m.group(1)}[姓名]", text)
    return ZH_TITLED.sub("某", text)
