"""nlp/needs/features.py: the TF-IDF a loaded model applies without scikit-learn gives scikit-learn's numbers."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from nlp.needs.features import CharTfidf, fit_tfidf, tfidf_from_state, tfidf_state
from tests.conftest import ROOT

ODD = ["", "   ", "a", "I", "ok  then\tgo\n\nnow", "ÄÖ Straße", "降本增效，客户要求 2025 年 Q3 上线", "x" * 3,
       "CFO wants a 10% cut in opex / 运营成本", "no-known-grams ☃☃"]


def _texts() -> list[str]:
    rows = [json.loads(line)["text"] for line in open(ROOT / "corpus/needs/train.jsonl", encoding="utf-8")]
    return rows[:400]


def test_same_numbers_as_scikit_learn():
    texts = _texts()
    fitted = fit_tfidf(texts)
    ours = tfidf_from_state(*tfidf_state(fitted))
    assert isinstance(ours, CharTfidf)
    probe = texts[:50] + ODD + [json.loads(line)["text"] for line in open(ROOT / "corpus/needs/dev.jsonl", encoding="utf-8")][:50]
    want = fitted.transform(probe).toarray()
    got = ours.transform(probe).toarray()
    assert got.shape == want.shape
    assert np.abs(got - want).max() < 1e-12
    assert np.count_nonzero(want) > 1000  # the probe really exercised the vocabulary


def test_analysing_does_not_import_scikit_learn():
    code = ("import sys, cli, features.services, features.similar, nlp.analyse; cli.build_parser(); "
            "print(sorted(m for m in ('sklearn', 'pandas', 'torch', 'httpx', 'requests') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
