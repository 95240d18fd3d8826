"""The evaluators behind the README's figures: needs scores and calibration error, checked against answers worked
out by hand; and the trained classifier's calibration measured with them on the dev file."""
from __future__ import annotations

import numpy as np
import pytest

from nlp.needs.data import NEEDS_DIR, load_jsonl
from nlp.needs.evaluate import expected_calibration_error, score


def test_perfect_predictions_score_one_everywhere():
    gold = ["explicit", "organisational", "personal", "none"] * 2
    s = score("x", gold, gold, ["en"] * 4 + ["zh"] * 4)
    assert s.macro_f1 == pytest.approx(1.0)
    assert s.per_language == {"en": pytest.approx(1.0), "zh": pytest.approx(1.0)}
    assert np.trace(np.array(s.confusion)) == 8


def test_macro_f1_and_confusion_by_hand():
    # explicit: P 1/2, R 1/1 -> F1 2/3; organisational: P 1/1, R 1/2 -> 2/3; personal 1; none 1 -> macro 5/6
    gold = ["explicit", "organisational", "organisational", "personal", "none"]
    pred = ["explicit", "organisational", "explicit", "personal", "none"]
    s = score("x", gold, pred, ["en"] * 5)
    assert s.macro_f1 == pytest.approx(5 / 6)
    assert s.per_label["explicit"] == pytest.approx((0.5, 1.0, 2 / 3))
    assert s.per_label["organisational"] == pytest.approx((1.0, 0.5, 2 / 3))
    assert s.confusion[1] == [1, 1, 0, 0]  # gold organisational: once predicted explicit, once right


def test_calibration_error_is_zero_when_confidence_matches_accuracy_and_large_when_overconfident():
    conf = np.array([0.75] * 4)
    assert expected_calibration_error(conf, np.array([1, 1, 1, 0], bool)) == pytest.approx(0.0)
    assert expected_calibration_error(np.array([0.99] * 4), np.array([1, 0, 0, 0], bool)) == pytest.approx(0.74)


def test_scores_carry_the_calibration_error_only_with_confidences():
    gold = ["explicit", "none"]
    assert score("x", gold, gold, ["en", "en"]).ece is None
    assert score("x", gold, gold, ["en", "en"], np.array([1.0, 1.0])).ece == pytest.approx(0.0)


def test_confidence_is_calibrated_on_the_dev_file(classifier):
    """On held-out dev statements a confidence of 0.9 is right about 9 times in 10 (make eval reports the test file).
    One temperature serves both kinds of text, fitted on the dev rows of both weighed alike: on the real-style dev
    notes it is calibrated (round 12: mean confidence 0.873, 0.859 right); the clean dev file is easier, so there the
    model is a little underconfident (0.891 vs 0.950), the safe side: a rep is asked to confirm a label more often."""
    from features.corrections import training_rows

    dev = load_jsonl(NEEDS_DIR / "dev.jsonl")
    real = [r for r in training_rows([])[1] if r.industry == "real-style"]
    for rows, under in ((dev, 0.08), (real, 0.05)):
        needs = classifier.classify_texts([r.text for r in rows])
        conf = np.array([n.confidence for n in needs])
        right = np.array([n.label == r.label for n, r in zip(needs, rows)])
        assert len(rows) >= 100
        assert expected_calibration_error(conf, right) < 0.08
        assert -under < conf.mean() - right.mean() < 0.05  # never overconfident by more than 0.05
        confident = conf >= np.median(conf)
        assert right[confident].mean() > right[~confident].mean()  # the more confident half is the more often right
