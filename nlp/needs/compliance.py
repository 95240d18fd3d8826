"""The compliance guardrail beside the cue rules: closeness to prototypes of improper benefits written for this product.

Cue lists catch the usual words (a kickback, `sponsor his`), but improper offers are often said
indirectly ("a part of it comes back to his team"). A statement whose embedding is close to a risk
prototype (nlp/resources/compliance_examples.json) and closer to it than to every safe look-alike
is flagged too; a guard phrase (a policy, a refusal, a journalist) still clears it.
"""
from __future__ import annotations

import threading

import numpy as np

from nlp.embed.base import Embedder
from nlp.text.phrases import load_resource, phrase_index

THRESHOLD = 0.86  # cosine similarity to the nearest risk prototype (e5 query vectors)
MARGIN = 0.01  # and this much closer to it than to the nearest safe one

_lock = threading.Lock()
_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}


def _prototypes(embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    with _lock:
        if embedder.name not in _cache:
            bank = load_resource("compliance_examples.json")
            _cache[embedder.name] = (embedder.embed(bank["risk"], "query"), embedder.embed(bank["safe"], "query"))
        return _cache[embedder.name]


def near_improper(texts: list[str], vectors: np.ndarray, embedder: Embedder) -> list[bool]:
    """Per statement: close to an improper-benefit prototype, not closer to a safe one, and no guard phrase."""
    if len(texts) == 0:
        return []
    risk, safe = _prototypes(embedder)
    r = (vectors @ risk.T).max(axis=1)
    s = (vectors @ safe.T).max(axis=1)
    out = []
    for text, rv, sv in zip(texts, r, s):
        guarded = any(h.key == "guard" for h in phrase_index("compliance.json").find(text))
        out.append(bool(rv >= THRESHOLD and rv >= sv + MARGIN and not guarded))
    return out
