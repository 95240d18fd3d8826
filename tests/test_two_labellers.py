"""The second labeller's public-note labels line up with ours, and the two-labeller figures count what they say."""
from __future__ import annotations

from nlp.needs.evaluate_notes import two_labellers
from nlp.needs.notes import public_rows


def test_the_second_labellers_rows_are_ours_in_the_same_order_with_a_label_each():
    first, second = public_rows(), public_rows(second=True)
    assert len(second) == len(first) > 400
    assert [(r.note, r.key) for r in second] == [(r.note, r.key) for r in first]
    assert {r.label for r in second} <= {"explicit", "organisational", "personal", "none"}


def test_two_labellers_figures():
    first = ["explicit", "none", "organisational", "none"]
    second = ["explicit", "organisational", "organisational", "none"]
    pred = ["explicit", "organisational", "none", "none"]
    q = two_labellers(first, second, pred)
    assert q["human_agreement"] == 0.75 and q["agreement"] == 0.75 and q["agreed_rows"] == 3
    assert abs(q["human_need_precision"] - 2 / 3) < 1e-9 and q["need_precision"] == 1.0
    assert abs(q["agreed_agreement"] - 2 / 3) < 1e-9 and q["agreed_need_precision"] == 1.0
