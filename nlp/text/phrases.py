"""Bilingual phrase lists matched with spaCy's PhraseMatcher: English by word, Chinese by character.

Used for the needs cue lexicons, stakeholder roles and compliance cues. Lists are JSON files under
nlp/resources shaped {key: {"en": [...], "zh": [...]}}. Chinese text is matched on single
characters so a cue is found wherever it occurs, whatever jieba would have made of the words.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import spacy
from spacy.matcher import PhraseMatcher

from nlp.text.language import has_han

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


@dataclass(frozen=True)
class PhraseHit:
    key: str
    phrase: str
    start: int  # character offsets in the matched text
    end: int


def load_resource(name: str) -> dict:
    with open(RESOURCES / name, encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=2)
def _blank(lang: str):
    return spacy.blank(lang)  # "zh" blank is per character by default


class PhraseIndex:
    """Finds every listed phrase in a text; thread-safe."""

    def __init__(self, table: dict[str, dict[str, list[str]]]):
        self._lock = threading.Lock()
        self._en, self._zh = _blank("en"), _blank("zh")
        self._m_en = PhraseMatcher(self._en.vocab, attr="LOWER")
        self._m_zh = PhraseMatcher(self._zh.vocab, attr="LOWER")
        self._phrases: dict[str, str] = {}
        for key, langs in table.items():
            if key.startswith("_") or not isinstance(langs, dict):
                continue
            en = [p for p in langs.get("en", []) if p.strip()]
            zh = [p for p in langs.get("zh", []) if p.strip()]
            if en:
                self._m_en.add(key, list(self._en.tokenizer.pipe(en)))
            if zh:
                self._m_zh.add(key, list(self._zh.tokenizer.pipe(zh)))
        self.keys = tuple(k for k in table if not k.startswith("_"))

    def find(self, text: str) -> list[PhraseHit]:
        hits: list[PhraseHit] = []
        with self._lock:
            docs = [(self._en(text), self._m_en)]
            if has_han(text):
                docs.append((self._zh(text), self._m_zh))
            for doc, matcher in docs:
                for match_id, s, e in matcher(doc):
                    span = doc[s:e]
                    hits.append(PhraseHit(doc.vocab.strings[match_id], span.text, span.start_char, span.end_char))
        return _longest_first(hits)


def _longest_first(hits: list[PhraseHit]) -> list[PhraseHit]:
    """Drop hits inside a longer hit of the same key ('cash' inside 'cash flow' stays only once)."""
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[PhraseHit] = []
    reach: dict[str, int] = {}  # per key, the furthest end of a kept hit; all of them start at or before h
    for h in hits:
        if reach.get(h.key, -1) >= h.end:
            continue  # inside (or equal to) a kept hit of the same key; linear, a long note has many hits
        kept.append(h)
        reach[h.key] = max(reach.get(h.key, -1), h.end)
    return kept


@cache
def phrase_index(resource: str) -> PhraseIndex:
    """The shared index for one resource file, built once per process."""
    table = load_resource(resource)
    return PhraseIndex({k: v for k, v in table.items() if _is_phrase_table(v)})


def _is_phrase_table(value) -> bool:
    """{"en": [...], "zh": [...]}: lists of phrases (a {"en": "...", "zh": "..."} message is not one)."""
    return isinstance(value, dict) and any(isinstance(value.get(lang), list) for lang in ("en", "zh"))
