"""Passage vectors (index/vectorise.py): mean of the statement vectors plus the weighted title vector, unit length;
a passage without statements falls back to its own text."""
from __future__ import annotations

import numpy as np
import pytest

from index.vectorise import TITLE_WEIGHT, passage_vectors, split_rows

pytestmark = pytest.mark.slow


def test_vector_is_the_normalised_mean_of_statements_plus_the_title(embedder):
    statements = ["客户要求春节前完成扩容。", "The CFO worries about the currency."]
    sv = embedder.embed(statements, "passage")
    title = "Capacity before the holiday"
    got = passage_vectors(embedder, title, ["ignored"], [sv])
    want = sv.mean(axis=0) + TITLE_WEIGHT * embedder.embed([title], "query")[0]
    assert got.shape == (1, embedder.dim) and got.dtype == np.float32
    assert np.allclose(got[0], want / np.linalg.norm(want), atol=1e-5)


def test_passage_without_statements_is_embedded_from_its_text_and_no_title_adds_nothing(embedder):
    text = "Field crews drive to remote substations to read meters."
    got = passage_vectors(embedder, "", [text], [np.zeros((0, embedder.dim), np.float32)])
    assert np.allclose(got[0], embedder.embed([text], "passage")[0], atol=1e-5)
    assert passage_vectors(embedder, "title", [], []).shape == (0, embedder.dim)


def test_split_rows_cuts_a_stack_back_per_passage():
    stack = np.arange(12, dtype=np.float32).reshape(6, 2)
    parts = split_rows(stack, [2, 0, 4])
    assert [p.shape[0] for p in parts] == [2, 0, 4]
    assert np.array_equal(np.vstack(parts), stack)
    assert split_rows(stack[:0], []) == []
