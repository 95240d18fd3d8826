"""index/centring.py, index/ranking.py and BM25 coverage (index/keywords.py): the maths of search scores, on plain arrays."""
from __future__ import annotations

import numpy as np

from index.centring import Centres, shipped
from index.keywords import BM25
from index.ranking import NO_CLOSE_MATCH, WEIGHTS, merge_candidates, relevance, top_positive


def unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


CENTRES = Centres("test", {"zh": unit([1, 0, 0, 1]) * 0.9, "en": unit([0, 1, 0, 1]) * 0.9})


def test_centring_removes_the_language_direction_so_translations_meet():
    topic = np.array([0, 0, 1, 0], np.float32)
    zh, en = unit(CENTRES.means["zh"] + 0.3 * topic), unit(CENTRES.means["en"] + 0.3 * topic)
    other_en = unit(CENTRES.means["en"] - 0.3 * topic)
    assert en @ other_en > en @ zh  # raw: language beats topic
    c_zh, c_en, c_other = CENTRES.centre(np.vstack([zh, en, other_en]), ["zh", "en", "en"])
    assert c_en @ c_zh > c_en @ c_other  # centred: topic beats language
    assert np.allclose(np.linalg.norm(CENTRES.centre(np.vstack([zh, en])), axis=1), 1.0, atol=1e-6)


def test_language_is_read_off_the_vector_and_mixed_uses_both_centres():
    zh, en = unit(CENTRES.means["zh"] + 0.1), unit(CENTRES.means["en"] + 0.1)
    assert CENTRES.guess(np.vstack([zh, en])) == ["zh", "en"]
    assert np.allclose(CENTRES.centre(zh[None, :]), CENTRES.centre(zh[None, :], ["zh"]))
    mixed = np.mean([CENTRES.means["zh"], CENTRES.means["en"]], axis=0)
    assert np.allclose(CENTRES.mean("mixed"), mixed) and CENTRES.mean("fr") is None


def test_no_centres_leave_vectors_alone_and_json_round_trips():
    v = np.vstack([unit([1, 2, 3, 4])])
    assert np.array_equal(Centres("none").centre(v, ["en"]), v)
    again = Centres.from_json(CENTRES.to_json())
    assert again.embedder == "test" and all(np.allclose(again.means[k], CENTRES.means[k], atol=1e-6) for k in CENTRES.means)
    assert set(shipped("e5-small-q4").means) == {"zh", "en"} and shipped("no-such-model").means == {}


def test_relevance_is_a_probability_that_grows_with_both_features():
    cos = np.array([0.0, 0.2, 0.4, 0.6])
    for mode in WEIGHTS:
        r = relevance(cos, cos, mode=mode)
        assert ((r > 0) & (r < 1)).all()
        assert (np.diff(r) > 0).all()
    assert relevance([0.5], [1.0])[0] > relevance([0.5], [0.0])[0]
    assert relevance([0.0], [0.0])[0] < NO_CLOSE_MATCH < relevance([0.6], [0.5])[0]


def test_keyword_coverage_counts_only_in_the_query_language():
    same, other = relevance([0.4, 0.4], [0.8, 0.8], [0.0, 1.0])
    assert same > other
    assert np.isclose(other, relevance([0.4], [0.0], [1.0])[0])  # an other-language passage's coverage is ignored
    assert relevance([0.4], [0.0], [1.0])[0] > relevance([0.4], [0.0], [0.0])[0]  # and it is owed what it cannot show


def test_candidates_merge_without_duplicates_and_top_positive_drops_zeros():
    ids, unknown = merge_candidates(np.array([5, 3]), np.array([0.9, 0.8]), np.array([3, 7, 5, 9]))
    assert ids.tolist() == [5, 3, 7, 9] and unknown.tolist() == [False, False, True, True]
    assert top_positive(np.array([0.0, 0.5, 0.2, 0.9]), 3).tolist() == [3, 1, 2]
    assert top_positive(np.array([0.0, 0.0]), 5).tolist() == [] and top_positive(np.zeros(0), 3).tolist() == []


def test_bm25_coverage_is_in_0_1_and_unknown_words_lower_it():
    bm = BM25.build([["cooling", "failure", "night"], ["roaming", "minister"], ["cooling", "tower"]])
    full = bm.coverage(["cooling", "failure"])
    assert full.max() <= 1.0 and full[0] > 0.9 and full[1] == 0.0  # doc 2 holds "cooling" with more weight
    assert np.isclose(bm.coverage(["failure"])[0], 1.0)
    half = bm.coverage(["cooling", "failure", "orchid", "repotting"])
    assert 0.0 < half[0] < full[0]
    assert bm.coverage([]).tolist() == [0.0, 0.0, 0.0] and BM25.build([]).coverage(["x"]).shape == (0,)
