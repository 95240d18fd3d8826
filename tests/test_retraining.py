"""Retraining with label corrections is stable: one correction must not relabel statements nobody corrected."""
from __future__ import annotations

import pytest

from features.retrain_eval import evaluate_retraining

pytestmark = pytest.mark.slow


def test_one_correction_changes_under_one_percent_of_test_labels(embedder):
    result = evaluate_retraining(embedder, steps=(1,))
    step = result["steps"][0]
    assert result["candidates"] >= 1 and step["k"] == 1
    assert step["kept"] / result["test"] < 0.01, step
    assert step["kept_accuracy"] >= result["base_accuracy"] - 0.01
