"""Segmentation of notes and tender text into statements, keeping character offsets in the original.

Line breaks and bullets are always boundaries; inside a line spaCy's sentencizer splits on
sentence punctuation, including the Chinese semicolon and ellipsis that its defaults lack. A
statement longer than a clause limit is cut again at commas so that one label fits one idea; a run with no
comma at all (a caption transcript) is cut at word boundaries into pieces of about the limit.
"""
from __future__ import annotations

import bisect
import math
import re
import threading
from functools import cache

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer

from nlp.records import Statement
from nlp.text import jieba_dictionary
from nlp.text.language import detect_language, han_share, has_han
from nlp.text.normalise import bullet_length, normalise

MAX_CHARS = {"zh": 90, "en": 260}  # a clause longer than this is cut at commas


def clause_limit(sentence: str) -> int:
    """Characters a sentence may run before it is cut at commas: Chinese's limit, English's, or in between by the
    share of Han in it (an English sentence naming `民政局` keeps English's limit; a Chinese one with an acronym, Chinese's)."""
    return round(MAX_CHARS["en"] - (MAX_CHARS["en"] - MAX_CHARS["zh"]) * han_share(sentence))
_EXTRA_PUNCT = ["；", ";", "…", "……", "!", "?", "。", "！", "？"]
_LINE = re.compile(r"[^\r\n\u2028\u2029]+")
_CONTENT = re.compile(r"[\w\u3400-\u9fff]")
_COMMA = re.compile(r"[，,、:：](?!\d)")
# a full stop after these is not a sentence end (spaCy already knows Dr., Mr., e.g. and the like)
_ABBREV = re.compile(r"(?:\b(?:Ing|Eng|incl|approx|excl|esp|dept|Dept|ca|est|min|max|No|Nr|nr|vs|cf|Jr|Sr|Inc|Ltd|Co|Corp|"
                     r"St|Mt|Prof|Dr|Mr|Mrs|Ms|ref|Ref|Tel|tel|p|pp|Fig|fig|Q[1-4]|etc)\.|[?!][)）]?)$")
# a question's or a clause's number alone before its text (`A1.`, `B3a.`, `C4.` of an RFI's answers): not a sentence
ITEM_NUMBER = re.compile(r"[A-Z]{1,2}\d{1,3}[a-z]?\.")
_JOINED = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")  # "approved.Next": two sentences typed without a space
_WRAP = re.compile(r"[ \t]*\n[ \t]*")
# a clause after a semicolon that opens with a pronoun says more about the person just named (`X is keen to own
# the layer; she wants to move into architecture`): read with the clause before it, not as a statement of its own
_PRONOUN_LEAD = re.compile(r"(?i:he|she|they|his|her|their|him|them)\b|他|她")
# where a spoken run with no punctuation turns to its next clause (caption transcripts): cut before these
_OPENERS = {"so", "also", "but", "because", "then", "okay", "ok", "anyway", "um", "uh", "well", "plus", "however",
            "now", "and", "所以", "然后", "另外", "但是", "不过", "还有", "而且", "因为"}
RUN_PIECE = 0.6  # a comma-free run is cut into pieces of about this share of the clause limit
_lock = threading.Lock()


@cache
def _pipeline(lang: str) -> Language:
    punct = list(Sentencizer.default_punct_chars) + _EXTRA_PUNCT
    if lang == "zh":
        jieba_dictionary.ready()  # the fast load of jieba's dictionary, before spaCy's segmenter asks for it
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    else:
        nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"punct_chars": punct})
    return nlp


def pipeline(lang: str) -> Language:
    """The shared blank pipeline for 'zh' (jieba words) or 'en'; built once per process."""
    with _lock:
        return _pipeline("zh" if lang in ("zh", "mixed") else "en")


class _Span:
    """A given span that reads like a regex match of a line."""

    def __init__(self, start: int, text: str):
        self._start, self._text = start, text

    def start(self) -> int:
        return self._start

    def group(self) -> str:
        return self._text


def _split_long(text: str, start: int, limit: int, words: list[int] | None = None,
                breaks: list[int] | None = None) -> list[tuple[int, int]]:
    """Cut a long clause at commas into pieces of at most about `limit` characters; a piece still over twice the
    limit is cut evenly at the word starts in `words` (offsets in the whole text, sorted)."""
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
    return [cut for a, b in spans for cut in _cut_run(start + a, start + b, limit, words or [], breaks or [])]


def _cut_run(a: int, b: int, limit: int, words: list[int], breaks: list[int] = ()) -> list[tuple[int, int]]:
    """A comma-free run over twice the limit cut into pieces of about RUN_PIECE of the limit: at the spoken
    clause openers in `breaks` (so, also, but, because ...) nearest each even point, else at the nearest word start."""
    if b - a <= 2 * limit:
        return [(a, b)]
    size = max(1, int(limit * RUN_PIECE))
    n = math.ceil((b - a) / size)
    cuts = [a]
    for k in range(1, n):
        target = a + (b - a) * k // n
        opener = [w for w in breaks if abs(w - target) <= size // 3 and cuts[-1] + size // 3 < w < b]
        if opener:
            cuts.append(min(opener, key=lambda w: abs(w - target)))
            continue
        i = bisect.bisect_left(words, target)
        near = [w for w in words[max(0, i - 1):i + 1] if cuts[-1] < w < b]
        if near:
            cuts.append(min(near, key=lambda w: abs(w - target)))
    cuts.append(b)
    return list(zip(cuts[:-1], cuts[1:]))


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _sentences(text: str, a: int, doc) -> list[tuple[int, int]]:
    """Sentence spans of one line: spaCy's, re-joined after an abbreviation or a `?` inside a sentence
    (`Ing. Haddad`, `a rival (Huawei?) last year`) or before a pronoun-led clause after a semicolon, and split
    where a full stop has no space after it."""
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        s, e = a + sent.start_char, a + sent.end_char
        if spans:
            prev = text[spans[-1][0]:spans[-1][1]].rstrip()
            nxt = text[s:e].lstrip()[:1]
            glued = prev[-1:] == "." and s == spans[-1][1] and text[s:s + 1].isascii() and text[s:s + 1].isalnum()  # `v1.pdf`
            if (_ABBREV.search(prev) and prev[-1] == ".") or (prev[-1:] in "?!)）" and nxt.islower()) or glued \
                    or ITEM_NUMBER.fullmatch(prev.strip()) \
                    or (prev[-1:] in ";；" and _PRONOUN_LEAD.match(text[s:e].lstrip())):
                spans[-1] = (spans[-1][0], e)
                continue
        spans.append((s, e))
    out = []
    for s, e in spans:
        cuts = [s] + [s + m.start() for m in _JOINED.finditer(text[s:e])] + [e]
        out += list(zip(cuts[:-1], cuts[1:]))
    return out


def segment(text: str, spans: list[tuple[int, int]] | None = None) -> list[Statement]:
    """Statements of a text in order, each with its span in `text` and its language.

    `spans`: the parts of `text` to read (a note's lines without their speaker labels); default every line.
    """
    lines = []
    for m in (_LINE.finditer(text) if spans is None else (_Span(a, text[a:b]) for a, b in spans)):
        a = m.start() + bullet_length(m.group())
        a, b = _trim(text, a, m.start() + len(m.group()))
        if a < b:
            lines.append((a, b))
    out: list[Statement] = []
    for lang in ("zh", "en"):
        mine = [(a, b) for a, b in lines if has_han(text[a:b]) == (lang == "zh")]
        if not mine:  # building the Chinese pipeline loads jieba's dictionary: only when a line needs it
            continue
        nlp = pipeline(lang)
        for (a, _), doc in zip(mine, nlp.pipe(text[a:b] for a, b in mine)):
            words = [a + t.idx for t in doc]
            breaks = [a + t.idx for t in doc if t.lower_ in _OPENERS]
            for s, e in _sentences(text, a, doc):
                s, e = _trim(text, s, e)
                for ps, pe in _split_long(text[s:e], s, clause_limit(text[s:e]), words, breaks):
                    ps, pe = _trim(text, ps, pe)
                    piece = text[ps:pe]
                    if not _CONTENT.search(piece):
                        continue
                    clean = normalise(_WRAP.sub(" ", piece))  # a hard-wrapped sentence reads as one line
                    if clean:
                        out.append(Statement(clean, ps, pe, detect_language(clean)))
    out.sort(key=lambda s: s.start)
    return out
