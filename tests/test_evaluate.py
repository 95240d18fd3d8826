"""index/evaluate.py: retrieval metrics by hand, the query file, and an evaluation run on the small library."""
from __future__ import annotations

import json
import math

import pytest

from index.evaluate import Query, evaluate_search, hit_at, load_queries, mrr_at, ndcg_at, recall_at, report_search
from tests.conftest import ROOT

RANKED = ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("relevant", "recall2", "hit2", "mrr4", "ndcg4"),
    [
        ({"a"}, 1.0, 1.0, 1.0, 1.0),
        ({"c"}, 0.0, 0.0, 1 / 3, 1 / math.log2(4)),
        ({"b", "d"}, 0.5, 1.0, 1 / 2, (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))),
        ({"z"}, 0.0, 0.0, 0.0, 0.0),
        (set(), 0.0, 0.0, 0.0, 0.0),
    ],
)
def test_metrics_by_hand(relevant, recall2, hit2, mrr4, ndcg4):
    rel = frozenset(relevant)
    assert recall_at(RANKED, rel, 2) == pytest.approx(recall2)
    assert hit_at(RANKED, rel, 2) == hit2
    assert mrr_at(RANKED, rel, 4) == pytest.approx(mrr4)
    assert ndcg_at(RANKED, rel, 4) == pytest.approx(ndcg4)


def test_load_queries_reads_the_project_file():
    queries = load_queries(ROOT / "corpus" / "queries.jsonl")
    assert len(queries) > 10
    assert all(q.text and q.relevant for q in queries)
    assert {q.lang for q in queries} >= {"en", "zh"}


def test_load_queries_skips_blank_lines(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"query": "x", "relevant": ["a"]}) + "\n\n", encoding="utf-8")
    assert load_queries(path) == [Query("x", "", "", frozenset({"a"}))]


def test_evaluate_search_on_the_small_library(small_library):
    queries = [
        Query("the minister's roaming was restored in half an hour", "en", "paraphrase",
              frozenset({"venezuela-roaming-31-minutes-en", "venezuela-roaming-31-minutes-zh"})),
        Query("机房半夜断电，空调停了", "zh", "paraphrase",
              frozenset({"nigeria-power-failure-night-en", "nigeria-power-failure-night-zh"})),
    ]
    results = evaluate_search(small_library, queries, modes=("dense", "hybrid"))
    assert set(results) == {"dense", "hybrid"}
    for metrics in results.values():
        assert all(0.0 <= v <= 1.0 for v in metrics.values())
        assert metrics["hit@5"] == 1.0 and metrics["MRR@5"] == 1.0
    text = report_search(results, len(queries))
    assert "2 queries" in text and "dense" in text and "hybrid" in text
