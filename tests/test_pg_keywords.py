"""index/pg/keywords.py: the server's BM25 coverage equals the folder's on the same passages, and our tokens survive
the trip into and out of a tsvector unchanged (quotes, backslashes, Chinese, English inside Chinese)."""
from __future__ import annotations

import numpy as np
import pytest

from index.keywords import BM25, tokenize
from index.pg.connection import connect
from index.pg.keywords import coverage, grouped_coverage, tsquery_literal, tsvector_literal

TEXTS = ["The CEO's budget was cut by the board", "budget budget pressure on cash and cash flow",
         "我们需要降低成本和现金流压力", "unrelated words entirely here", "现金流 and budget 汇率 风险 a\\b",
         "竞争对手 moved first; the board's KPI was missed"]


def _postings(docs: list[list[str]], terms: list[str], allowed: set[int]) -> list[tuple]:
    return [(i + 1, t, d.count(t), len(d), (i + 1) in allowed) for i, d in enumerate(docs) for t in set(d) if t in terms]


@pytest.mark.parametrize("query", ["budget cash 现金流 zebra", "board's kpi", "汇率风险", "nothing matches here"])
def test_coverage_equals_the_folder_index(query):
    docs = [tokenize(t) for t in TEXTS]
    bm25, terms = BM25.build(docs), tokenize(query)
    n, avgdl = len(docs), max(float(np.mean([len(d) for d in docs])), 1.0)
    pids, cover, ok = coverage(_postings(docs, terms, set(range(1, 7))), terms, n, avgdl, float(bm25.term_max.max()))
    full = np.zeros(n, np.float32)
    full[pids - 1] = cover
    assert np.allclose(full, bm25.coverage(terms), atol=1e-6)
    assert ok.all()


@pytest.mark.parametrize("query", ["budget cash 现金流 zebra", "board's kpi", "汇率风险", "nothing matches here"])
def test_postings_grouped_by_term_give_the_folder_coverage(query):
    docs = [tokenize(t) for t in TEXTS]
    bm25, terms = BM25.build(docs), tokenize(query)
    n, avgdl = len(docs), max(float(np.mean([len(d) for d in docs])), 1.0)
    groups = [(t, [i + 1 for i, d in enumerate(docs) if t in d], [d.count(t) for d in docs if t in d],
               [len(d) for d in docs if t in d]) for t in dict.fromkeys(terms)]
    pids, cover = grouped_coverage(groups, terms, n, avgdl, float(bm25.term_max.max()))
    full = np.zeros(n, np.float32)
    full[pids - 1] = cover
    assert np.allclose(full, bm25.coverage(terms), atol=1e-6)


def test_filtered_postings_keep_library_wide_weights():
    docs = [tokenize(t) for t in TEXTS]
    terms = tokenize("budget cash")
    n, avgdl = len(docs), max(float(np.mean([len(d) for d in docs])), 1.0)
    top = float(BM25.build(docs).term_max.max())
    all_pids, all_cover, _ = coverage(_postings(docs, terms, set(range(1, 7))), terms, n, avgdl, top)
    some_pids, some_cover, ok = coverage(_postings(docs, terms, {2}), terms, n, avgdl, top)
    assert some_pids.tolist() == all_pids.tolist() and np.allclose(some_cover, all_cover)
    assert ok.tolist() == [p == 2 for p in all_pids]


def test_tokens_round_trip_through_tsvector_and_tsquery(pg_url):
    tokens = tokenize(" ".join(TEXTS)) + ["o'brien", "back\\slash", "x"]
    with connect(pg_url) as con:
        lexemes = con.execute("SELECT array_agg(u.lexeme ORDER BY u.lexeme), sum(array_length(u.positions, 1)) "
                              "FROM unnest(%s::tsvector) u", (tsvector_literal(tokens),)).fetchone()
        assert sorted(lexemes[0]) == sorted(set(tokens)) and lexemes[1] == len(tokens)
        hit = con.execute("SELECT %s::tsvector @@ %s::tsquery", (tsvector_literal(tokens), tsquery_literal(["o'brien"])))
        assert hit.fetchone()[0] is True
        miss = con.execute("SELECT %s::tsvector @@ %s::tsquery", (tsvector_literal(tokens), tsquery_literal(["brien"])))
        assert miss.fetchone()[0] is False
