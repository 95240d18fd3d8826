"""index/similar.py: similar past cases for an analysed note, as a whole and per need."""
from __future__ import annotations

import numpy as np
import pytest

from features.similar import analysis_with_cases, note_vector, similar_cases
from nlp.analyse import analyse

NOTE = """Visit to the operator in Lagos
- The equipment room lost its cooling when the mains power failed at night.
- They need a supplier whose engineers respond within hours, even outside the contract.
- The operations director fears he will be blamed for another outage.
We had coffee afterwards.
"""


@pytest.fixture(scope="module")
def analysis(classifier):
    return analyse(NOTE, classifier)


def test_note_vector_is_the_normalised_mean_of_the_needs(analysis):
    vec = note_vector(analysis)
    keep = [i for i, n in enumerate(analysis.needs) if n.label != "none"]
    mean = analysis.vectors[keep].mean(axis=0)
    assert np.allclose(vec, mean / np.linalg.norm(mean), atol=1e-6)
    assert vec.dtype == np.float32


def test_similar_cases_for_the_note_and_each_need(small_library, analysis):
    note_hits, per_need = similar_cases(small_library, analysis, k=2)
    assert 1 <= len(note_hits) <= 2
    assert small_library.story_of(note_hits[0].id) == small_library.story_of("nigeria-power-failure-night-en")
    assert len(per_need) == len(analysis.needs)
    for need, hit in zip(analysis.needs, per_need):
        assert (hit is None) == (need.label == "none")


def test_contract_dict_with_similar_cases(small_library, analysis):
    out = analysis_with_cases(analysis, small_library, k=3).to_dict()
    assert out["similar_cases"] and len(out["similar_cases"]) <= 3
    assert {"id", "title", "score", "snippet", "outcome"} <= set(out["similar_cases"][0])
    for st in out["statements"]:
        if st["label"] == "none":
            assert st["similar_case"] is None
        else:
            assert set(st["similar_case"]) == {"id", "title", "score", "outcome"}


def test_without_a_library_there_are_no_similar_cases(analysis):
    out = analysis_with_cases(analysis, None).to_dict()
    assert out["similar_cases"] == []
    assert "similar_case" not in out["statements"][0]


def test_empty_note_has_no_similar_cases(small_library, classifier):
    empty = analyse("", classifier)
    assert note_vector(empty) is None
    assert similar_cases(small_library, empty) == ([], [])
    assert analysis_with_cases(empty, small_library).cases == ()
