"""The evaluators behind the field-notes and accounts figures of `make eval`, on small cases worked out by hand
(the needs and tender scorers are in test_scoring.py and test_tender.py)."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from features.accounts.evaluate import cross_validated, need_pairs, person_scores
from features.accounts.records import Stakeholder, StoredStatement
from nlp.analyse import Analysis
from nlp.needs.evaluate_notes import bands, macro_f1, need_precision, question_figures
from nlp.records import Question


def _person(name: str, *forms: str) -> Stakeholder:
    return Stakeholder(name, "", "management", "neutral", (), (), ("m1",), (name, *forms))


def _analysis(*questions: Question) -> Analysis:
    return Analysis("en", (), questions, {}, (), np.zeros((0, 4), np.float32))


def test_need_precision_counts_only_statements_labelled_a_need():
    gold = ["explicit", "none", "personal", "organisational"]
    pred = ["explicit", "personal", "none", "explicit"]  # three labelled needs, one of them right
    assert need_precision(gold, pred) == pytest.approx(1 / 3)
    assert need_precision(gold, ["none"] * 4) == 0.0


def test_macro_f1_averages_all_four_labels():
    gold = ["explicit", "explicit", "none", "none"]
    pred = ["explicit", "none", "none", "none"]
    # explicit: p 1, r 0.5 -> 2/3; none: p 2/3, r 1 -> 0.8; organisational and personal absent -> 0
    assert macro_f1(gold, pred) == pytest.approx((2 / 3 + 0.8) / 4)


def test_bands_split_by_confidence_and_count_the_right_ones():
    gold = ["explicit", "personal", "none", "none", "explicit"]
    pred = ["explicit", "explicit", "none", "personal", "explicit"]
    conf = np.array([0.95, 0.85, 0.7, 0.65, 0.3])
    assert bands(gold, pred, conf) == {"high": (2, 0.5), "medium": (2, 0.5), "low": (1, 1.0)}


def test_question_figures_count_distinct_and_note_specific_questions():
    shared = Question("Who signs?", "explicit", "sign")
    own = Question("What does Li Na need by June?", "personal", "june", ("Li Na",))
    total, distinct, named = question_figures([_analysis(shared, own), _analysis(shared)])
    assert (total, distinct, named) == (3, pytest.approx(1 / 3), pytest.approx(1 / 3))


def test_person_scores_credit_a_form_only_on_its_own_persons_stakeholder():
    gold = [{"id": "li", "forms": ["Li Na", "Ms. Li"]}, {"id": "wang", "forms": ["Wang Bo", "Mr. Wang"]}]
    people = [_person("Li Na", "Ms. Li", "Mr. Wang"), _person("Wang Bo")]  # Mr. Wang wrongly merged into Li Na
    right, forms, misses = person_scores(gold, people)
    assert (right, forms) == (3, 4) and misses == ["wang:Mr. Wang->Li Na"]
    right, _, misses = person_scores(gold, [_person("Li Na", "Ms. Li")])  # Wang never found
    assert right == 2 and misses == ["wang:Wang Bo->not found", "wang:Mr. Wang->not found"]


def test_need_pairs_compare_merged_needs_pairwise():
    statements = {"m1": [StoredStatement("m1", 0, "budget must be approved by May", "explicit", 0.9, "en"),
                         StoredStatement("m1", 1, "the CFO worries about the dollar", "organisational", 0.9, "en")],
                  "m2": [StoredStatement("m2", 0, "approval of the budget by May", "explicit", 0.9, "en")]}
    gold = [{"id": "budget", "mentions": [{"file": "a.md", "key": "budget must be"}, {"file": "b.md", "key": "approval of"}]},
            {"id": "fx", "mentions": [{"file": "a.md", "key": "worries about the dollar"}]}]
    files = {"a.md": "m1", "b.md": "m2"}
    merged = {("m1", 0): "n1", ("m2", 0): "n1", ("m1", 1): "n2"}  # the system merged the two budget mentions
    assert need_pairs(gold, files, statements, merged) == (1, 1, 1, 3, 3)
    split = {("m1", 0): "n1", ("m2", 0): "n3", ("m1", 1): "n1"}  # budget split, fx wrongly joined to it
    assert need_pairs(gold, files, statements, split) == (0, 1, 1, 3, 3)


def test_cross_validation_picks_each_threshold_on_the_other_accounts():
    good_low = {0.9: Counter(tp=4, pred=4, gold=4), 0.95: Counter(tp=1, pred=1, gold=4)}
    good_high = {0.9: Counter(tp=1, pred=8, gold=2), 0.95: Counter(tp=2, pred=2, gold=2)}
    held, chosen = cross_validated([good_low, good_low, good_high])
    # leaving out a good_low account, the other two give 0.9: F1 5/9 and 0.95: F1 2/3, so 0.95 is used on it;
    # leaving out good_high, the two good_low accounts give F1 1 at 0.9
    assert chosen == [0.95, 0.95, 0.9]
    assert held == Counter(tp=3, pred=10, gold=10)
