"""The compliance guardrail beside the cue rules, independent of the need label: a small trained risk model and
closeness to prototypes of improper benefits written for this product.

Cue lists catch the usual words (a kickback, `sponsor his`), but improper offers are often said
indirectly ("a part of it comes back to his team") and in any label's form: a request ("the contract must
include a fee to his brother's firm") is as risky as a personal hint. Two checks on the statement's
embedding, neither of which looks at the label:
- the risk model: logistic regression fitted at training time (nlp/needs/model.py) on the risk and safe
  prototypes (nlp/resources/compliance_examples.json) and the training statements, where the training
  statements the cue rules flag count as risky and all others as safe; flagged at RISK_THRESHOLD;
- closeness: near a risk prototype, closer to it than to every safe look-alike, and holding at least one
  compliance word (a benefit, a beneficiary, a relative); closeness alone flagged headings and greetings.
A guard phrase (a policy, a refusal, a journalist) clears both.
Settings chosen on the even rows of corpus/needs/compliance.jsonl and the flag counts on ordinary notes.
"""
from __future__ import annotations

import threading

import numpy as np

from nlp.embed.base import Embedder
from nlp.text.phrases import load_resource, phrase_index

THRESHOLD = 0.86  # cosine similarity to the nearest risk prototype (e5 query vectors)
MARGIN = 0.01  # and this much closer to it than to the nearest safe one
RISK_THRESHOLD = 0.7  # risk model probability
RISK_C = 16.0
WORDS = {"benefit", "beneficiary", "relative", "strong"}  # not a job or contract word alone: those count only with a relative

_lock = threading.Lock()
_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}


def _prototypes(embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    with _lock:
        if embedder.name not in _cache:
            bank = load_resource("compliance_examples.json")
            _cache[embedder.name] = (embedder.embed(bank["risk"], "query"), embedder.embed(bank["safe"], "query"))
        return _cache[embedder.name]


def fit_risk_model(vectors: np.ndarray, risky: np.ndarray, embedder: Embedder) -> tuple[np.ndarray, float]:
    """(coefficients, intercept) of the risk model: training statements (`risky` from the cue rules) plus prototypes."""
    from sklearn.linear_model import LogisticRegression  # training only

    risk, safe = _prototypes(embedder)
    x = np.vstack([vectors, risk, safe])
    y = np.concatenate([np.asarray(risky, dtype=bool), np.ones(len(risk), bool), np.zeros(len(safe), bool)])
    clf = LogisticRegression(C=RISK_C, max_iter=3000, class_weight="balanced").fit(x, y)
    return clf.coef_[0].astype(np.float64), float(clf.intercept_[0])


def risk_probability(vectors: np.ndarray, coef: np.ndarray, intercept: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(vectors @ coef + intercept)))


def flag_improper(texts: list[str], vectors: np.ndarray, embedder: Embedder, coef: np.ndarray,
                  intercept: float) -> list[bool]:
    """Per statement, whatever its label: the risk model or closeness with a compliance word, and no guard phrase."""
    if len(texts) == 0:
        return []
    risk, safe = _prototypes(embedder)
    r = (vectors @ risk.T).max(axis=1)
    s = (vectors @ safe.T).max(axis=1)
    p = risk_probability(vectors, coef, intercept)
    out = []
    index = phrase_index("compliance.json")
    for text, rv, sv, pv in zip(texts, r, s, p):
        keys = {h.key for h in index.find(text)}
        near = rv >= THRESHOLD and rv >= sv + MARGIN and bool(keys & WORDS)
        out.append(bool((pv >= RISK_THRESHOLD or near) and "guard" not in keys))
    return out
