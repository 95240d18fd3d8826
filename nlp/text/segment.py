"""Segmentation of notes and tender text into statements, keeping character offsets in the original.

Line breaks and bullets are always boundaries; inside a line spaCy's sentencizer splits on
sentence punctuation, including the Chinese semicolon and ellipsis that its defaults lack. A
statement longer than a clause limit is cut again at commas so that one label fits one idea.
"""
from __future__ import annotations

import re
import threading
from functools import cache

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer

from nlp.records import Statement
from nlp.text.language import detect_language, has_han
from nlp.text.normalise import bullet_length, normalise

MAX_CHARS = {"zh": 90, "en": 260}  # a clause longer than this is cut at commas
_EXTRA_PUNCT = ["；", ";", "…", "……", "!", "?", "。", "！", "？"]
_LINE = re.compile(r"[^\r\n\u2028\u2029]+")
_CONTENT = re.compile(r"[\w\u3400-\u9fff]")
_COMMA = re.compile(r"[，,、:：](?!\d)")
_lock = threading.Lock()


@cache
def _pipeline(lang: str) -> Language:
    punct = list(Sentencizer.default_punct_chars) + _EXTRA_PUNCT
    if lang == "zh":
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    else:
        nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"punct_chars": punct})
    return nlp


def pipeline(lang: str) -> Language:
    """The shared blank pipeline for 'zh' (jieba words) or 'en'; built once per process."""
    with _lock:
        return _pipeline("zh" if lang in ("zh", "mixed") else "en")


def _split_long(text: str, start: int, limit: int) -> list[tuple[int, int]]:
    """Cut a long clause at commas into pieces of at most about `limit` characters."""
    if len(text) <= limit:
        return [(start, start + len(text))]
    cuts = [m.end() for m in _COMMA.finditer(text)]
    spans, begin, last = [], 0, 0
    for cut in cuts:
        if cut - begin > limit and last > begin:
            spans.append((begin, last))
            begin = last
        last = cut
    if len(text) - begin > limit and last > begin:
        spans.append((begin, last))
        begin = last
    spans.append((begin, len(text)))
    return [(start + a, start + b) for a, b in spans]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def segment(text: str) -> list[Statement]:
    """Statements of a text in order, each with its span in `text` and its language."""
    lines = []
    for m in _LINE.finditer(text):
        a = m.start() + bullet_length(m.group())
        a, b = _trim(text, a, m.end())
        if a < b:
            lines.append((a, b))
    out: list[Statement] = []
    for lang in ("zh", "en"):
        mine = [(a, b) for a, b in lines if has_han(text[a:b]) == (lang == "zh")]
        nlp = pipeline(lang)
        for (a, _), doc in zip(mine, nlp.pipe(text[a:b] for a, b in mine)):
            for sent in doc.sents:
                s, e = _trim(text, a + sent.start_char, a + sent.end_char)
                for ps, pe in _split_long(text[s:e], s, MAX_CHARS[lang]):
                    ps, pe = _trim(text, ps, pe)
                    piece = text[ps:pe]
                    if not _CONTENT.search(piece):
                        continue
                    clean = normalise(piece)
                    if clean:
                        out.append(Statement(clean, ps, pe, detect_language(clean)))
    out.sort(key=lambda s: s.start)
    return out
