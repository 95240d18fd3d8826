"""index/keywords.py: the tokeniser (word tokens for English, jieba for Chinese) and BM25 as plain arrays."""
from __future__ import annotations

import math

import numpy as np
import pytest

from index.keywords import BM25, tokenize


def test_english_tokens_are_lowercase_words_without_stop_words():
    assert tokenize("The operator's roll-out of 5G is late and the CFO is Worried") == [
        "operator's", "roll-out", "5g", "late", "cfo", "worried"]


def test_chinese_goes_through_jieba_words_not_one_run():
    tokens = tokenize("财务总监担心现金流撑不过下半年")
    assert "现金流" in tokens and "财务总监" in tokens
    assert "财务总监担心现金流撑不过下半年" not in tokens
    assert all(len(t) < 6 for t in tokens)


def test_english_inside_chinese_survives_lowercased():
    tokens = tokenize("华为的CFO说我们需要5G核心网")
    assert {"cfo", "5g", "核心网"} <= set(tokens)
    assert "的" not in tokens and "我们" not in tokens  # stop words


@pytest.mark.parametrize("text", ["", "   ", "the and of", "！？。", "的 了 是"])
def test_nothing_to_search_gives_no_tokens(text):
    assert tokenize(text) == []


DOCS = [
    "the network outage at night was fixed by the field team",
    "currency collapse and hyperinflation made the operator prepay in local currency",
    "billing migration must finish before the end of the year",
    "the minister's roaming outage was restored in 31 minutes",
]


@pytest.fixture(scope="module")
def bm25():
    return BM25.build([tokenize(d) for d in DOCS])


def test_the_document_with_the_query_terms_ranks_first(bm25):
    scores = bm25.scores(tokenize("hyperinflation currency"))
    assert int(np.argmax(scores)) == 1
    assert scores[1] > 0 and np.count_nonzero(scores) == 1


def test_rare_terms_weigh_more_than_common_ones(bm25):
    scores = bm25.scores(tokenize("roaming outage"))
    assert int(np.argmax(scores)) == 3  # both terms, and "roaming" is rare
    assert scores[0] > 0  # "outage" alone still counts


def test_chinese_bm25_over_jieba_tokens():
    docs = ["客户的现金流非常紧张，希望预付款", "机房断电导致空调停机", "部长的国际漫游在31分钟内恢复"]
    index = BM25.build([tokenize(d) for d in docs])
    assert int(np.argmax(index.scores(tokenize("现金流紧张")))) == 0
    assert int(np.argmax(index.scores(tokenize("国际漫游故障")))) == 2


def test_bm25_score_by_hand():
    docs = [["a", "b", "a"], ["b"], ["c"]]
    k1, b = 1.2, 0.75
    index = BM25.build(docs, k1=k1, b=b)
    avg = (3 + 1 + 1) / 3

    def term(tf, df, length):
        idf = math.log(1 + (3 - df + 0.5) / (df + 0.5))
        return idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avg))

    expected = [term(2, 1, 3) + term(1, 2, 3), term(1, 2, 1), 0.0]
    assert index.scores(["a", "b"]) == pytest.approx(expected, rel=1e-5)
    assert index.scores(["a", "a", "b"]) == pytest.approx(expected, rel=1e-5)  # repeated query terms count once


def test_unknown_terms_and_empty_index_score_zero(bm25):
    assert not bm25.scores(["zebra"]).any()
    empty = BM25.build([])
    assert empty.scores(["a"]).shape == (0,)


def test_save_and_load_round_trip(bm25, tmp_path):
    bm25.save(tmp_path / "bm25.npz", tmp_path / "bm25.json")
    again = BM25.load(tmp_path / "bm25.npz", tmp_path / "bm25.json")
    q = tokenize("roaming outage hyperinflation")
    assert np.array_equal(again.scores(q), bm25.scores(q))
    assert again.vocab == bm25.vocab
