"""nlp/embed: the e5 backend gives normalised float32 rows; the cache returns identical vectors; the factory names its choices."""
from __future__ import annotations

import numpy as np
import pytest

from nlp.embed import BACKENDS, EmbeddingCache, make_embedder
from nlp.embed.base import content_key, normalise_rows

TEXTS = [
    "The CFO is worried about cash flow this year.",
    "财务总监担心今年的现金流。",
    "We had lunch and talked about football.",
    "",
]


def test_rows_are_float32_and_unit_length(embedder):
    vecs = embedder.embed(TEXTS, "passage")
    assert vecs.dtype == np.float32
    assert vecs.shape == (len(TEXTS), embedder.dim) == (4, 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert np.isfinite(vecs).all()


def test_no_texts_gives_an_empty_matrix(embedder):
    vecs = embedder.embed([], "query")
    assert vecs.shape == (0, embedder.dim) and vecs.dtype == np.float32


def test_row_i_belongs_to_text_i_whatever_the_batch_order(embedder):
    # texts are sorted by length inside embed(); rows must come back in input order
    texts = ["short", "a much longer sentence about the billing migration and its deadline", "mid length text"]
    together = embedder.embed(texts, "query")
    alone = np.vstack([embedder.embed([t], "query") for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_query_and_passage_kinds_differ(embedder):
    q = embedder.embed(["network outage at night"], "query")[0]
    p = embedder.embed(["network outage at night"], "passage")[0]
    assert not np.allclose(q, p)
    assert q @ p > 0.8  # same words, different prefix


def test_meaning_is_shared_across_languages(embedder):
    query = embedder.embed_query("cash flow problems")
    zh_related, unrelated = embedder.embed(["客户的现金流非常紧张。", "We had lunch and talked about football."], "passage")
    assert query @ zh_related > query @ unrelated


def test_unknown_kind_lists_the_kinds(embedder):
    with pytest.raises(ValueError, match="query, passage"):
        embedder.embed(["x"], "document")


def test_cache_hit_returns_identical_vectors_from_disk(tmp_path):
    path = tmp_path / "cache" / "vec.sqlite"
    first = make_embedder("e5", EmbeddingCache(path))
    vecs = first.embed(TEXTS[:3], "query")

    reopened = EmbeddingCache(path)  # a new process would start here, with an empty memory
    keys = [content_key(first.name, "query", t) for t in TEXTS[:3]]
    stored = reopened.get_many(keys)
    assert set(stored) == set(keys)
    for key, row in zip(keys, vecs):
        assert np.array_equal(stored[key], row)

    second = make_embedder("e5", reopened)
    assert np.array_equal(second.embed(TEXTS[:3], "query"), vecs)
    assert reopened.get_many([content_key(first.name, "passage", TEXTS[0])]) == {}  # kind is part of the key


def test_cached_and_fresh_vectors_agree(embedder, tmp_path):
    fresh = make_embedder("e5", EmbeddingCache(tmp_path / "c.sqlite"))
    text = ["The operator needs fibre backhaul to 200 sites before June."]
    assert np.allclose(fresh.embed(text, "passage"), embedder.embed(text, "passage"), atol=1e-6)
    assert np.array_equal(embedder.embed(text, "passage"), embedder.embed(text, "passage"))


def test_memory_cache_is_bounded():
    cache = EmbeddingCache(None, memory_items=2)
    cache.put_many({k: np.full(3, i, np.float32) for i, k in enumerate("abc")})
    assert len(cache) == 2
    assert set(cache.get_many(["a", "b", "c"])) == {"b", "c"}  # least recently used went first


def test_content_key_depends_on_model_kind_and_text():
    keys = {content_key("m", "query", "t"), content_key("m2", "query", "t"), content_key("m", "passage", "t"),
            content_key("m", "query", "t2")}
    assert len(keys) == 4


def test_normalise_rows_leaves_zero_rows_finite():
    out = normalise_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert out.dtype == np.float32
    assert np.allclose(out, [[0.6, 0.8], [0.0, 0.0]])


@pytest.mark.parametrize("name", ["bert", "st:", "E5", ""])
def test_unknown_backend_error_lists_the_choices(name):
    with pytest.raises(ValueError) as err:
        make_embedder(name)
    message = str(err.value)
    assert repr(name) in message
    for choice in BACKENDS:
        assert choice in message


@pytest.mark.slow
def test_minilm_backend_gives_normalised_rows(tmp_path):
    model = make_embedder("minilm", EmbeddingCache(tmp_path / "c.sqlite"))
    vecs = model.embed(["The CFO is worried about cash flow.", "The finance director fears running out of cash."], "query")
    assert model.name == "st:all-MiniLM-L6-v2"
    assert vecs.shape == (2, model.dim) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert vecs[0] @ vecs[1] > 0.5
