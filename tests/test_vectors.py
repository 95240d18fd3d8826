"""index/vectors.py: faiss search against a brute-force numpy answer, removal, filters, HNSW mode, save and load."""
from __future__ import annotations

import numpy as np
import pytest

import index.vectors as vectors_module
from index.vectors import VectorIndex

DIM = 32


def unit_rows(n: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def brute_force(base: np.ndarray, ids: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    sims = queries @ base.T
    return ids[np.argsort(-sims, axis=1, kind="stable")[:, :k]]


@pytest.fixture
def filled():
    base = unit_rows(300, seed=1)
    ids = np.arange(1000, 1300, dtype=np.int64)  # ids are not row numbers
    index = VectorIndex(DIM)
    index.add(ids, base)
    return index, base, ids


def test_exact_search_equals_brute_force(filled):
    index, base, ids = filled
    queries = unit_rows(20, seed=2)
    scores, found = index.search(queries, 10)
    assert not index.approximate
    assert np.array_equal(found, brute_force(base, ids, queries, 10))
    assert np.allclose(scores, np.sort(queries @ base.T, axis=1)[:, ::-1][:, :10], atol=1e-5)


def test_a_single_query_vector_is_accepted(filled):
    index, base, ids = filled
    _, found = index.search(base[5], 1)
    assert found.shape == (1, 1) and found[0, 0] == ids[5]


def test_k_larger_than_the_index_is_capped(filled):
    index, *_ = filled
    scores, found = index.search(unit_rows(1, 3), 10_000)
    assert found.shape == (1, 300) and (found >= 0).all()


def test_empty_index_and_zero_k_return_nothing():
    empty = VectorIndex(DIM)
    assert empty.search(unit_rows(2, 4), 5)[1].shape == (2, 0)
    assert empty.size == 0


def test_remove_drops_only_the_given_ids(filled):
    index, base, ids = filled
    gone = ids[:50]
    index.remove(gone)
    index.remove(np.array([], dtype=np.int64))
    assert index.size == 250
    queries = np.vstack([base[:5], unit_rows(10, 5)])
    _, found = index.search(queries, 20)
    assert not np.isin(found, gone).any()
    assert np.array_equal(found, brute_force(base[50:], ids[50:], queries, 20))


def test_filtered_search_returns_only_allowed_ids(filled):
    index, base, ids = filled
    allowed = ids[::7]
    queries = unit_rows(10, 6)
    _, found = index.search(queries, 15, allowed)
    assert np.isin(found[found >= 0], allowed).all()
    rows = np.isin(ids, allowed)
    assert np.array_equal(found, brute_force(base[rows], ids[rows], queries, 15))


def test_filtered_search_with_no_allowed_ids_returns_nothing(filled):
    index, *_ = filled
    _, found = index.search(unit_rows(3, 7), 5, np.array([], dtype=np.int64))
    assert found.shape == (3, 0)


def test_save_and_load_round_trip(filled, tmp_path):
    index, base, ids = filled
    index.save(tmp_path / "v.faiss")
    again = VectorIndex.load(tmp_path / "v.faiss", DIM)
    q = unit_rows(5, 8)
    assert np.array_equal(again.search(q, 7)[1], index.search(q, 7)[1])
    with pytest.raises(ValueError, match="dimension 32, expected 64"):
        VectorIndex.load(tmp_path / "v.faiss", 64)


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth)]))


@pytest.fixture
def hnsw(monkeypatch):
    monkeypatch.setattr(vectors_module, "HNSW_ABOVE", 200)
    base = unit_rows(600, seed=11)
    ids = np.arange(5000, 5600, dtype=np.int64)
    index = VectorIndex(DIM)
    index.add(ids[:150], base[:150])
    assert not index.approximate  # still exact below the threshold
    index.add(ids[150:], base[150:])
    return index, base, ids


def test_hnsw_above_the_threshold_with_good_recall(hnsw):
    index, base, ids = hnsw
    assert index.approximate and index.size == 600
    queries = unit_rows(50, 12)
    _, found = index.search(queries, 10)
    assert recall(found, brute_force(base, ids, queries, 10)) >= 0.9


def test_hnsw_remove_still_works(hnsw):
    index, base, ids = hnsw
    gone = ids[:100]
    index.remove(gone)
    assert index.size == 500 and index.approximate  # 500 is still above the threshold
    queries = np.vstack([base[:10], unit_rows(40, 13)])
    _, found = index.search(queries, 10)
    assert not np.isin(found, gone).any()
    assert recall(found, brute_force(base[100:], ids[100:], queries, 10)) >= 0.9


def test_hnsw_falls_back_to_exact_when_it_shrinks(hnsw):
    index, base, ids = hnsw
    index.remove(ids[:450])
    assert not index.approximate and index.size == 150
    queries = unit_rows(10, 14)
    assert np.array_equal(index.search(queries, 5)[1], brute_force(base[450:], ids[450:], queries, 5))


def test_hnsw_filtered_search_returns_only_allowed_ids(hnsw):
    index, base, ids = hnsw
    allowed = ids[::3]
    queries = unit_rows(20, 15)
    _, found = index.search(queries, 10, allowed)
    assert np.isin(found[found >= 0], allowed).all()
    rows = np.isin(ids, allowed)
    assert recall(found, brute_force(base[rows], ids[rows], queries, 10)) >= 0.9


def test_hnsw_survives_save_and_load(hnsw, tmp_path):
    index, *_ = hnsw
    index.save(tmp_path / "h.faiss")
    again = VectorIndex.load(tmp_path / "h.faiss", DIM)
    assert again.approximate and again.size == 600
    q = unit_rows(5, 16)
    assert np.array_equal(again.search(q, 5)[1], index.search(q, 5)[1])
