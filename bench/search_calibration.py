"""Fit the relevance model of index/ranking.py on dev data and print the figures that chose it.

Dev data only (the held-out corpus/eval_library is never read here): the built-in cases split into
two one-language-per-story libraries (story i in English in one split, Chinese in the other),
corpus/queries.jsonl against both, and off-topic queries of our own below. Every candidate passage
search sees is a training row: (centred cosine, BM25 coverage) -> is its case a relevant one.

    .venv/bin/python bench/search_calibration.py LIB_SPLIT0 LIB_SPLIT1 [--fit]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from features.services import Services  # noqa: E402
from index import ranking  # noqa: E402
from index.keywords import tokenize  # noqa: E402
from settings import Settings  # noqa: E402

OFF_TOPIC = [
    "how do I repot an orchid without hurting the roots",
    "best sourdough starter feeding schedule",
    "train times from Leeds to York on Sunday",
    "symptoms of a vitamin D deficiency in children",
    "how to tune a guitar to drop D",
    "recommended tyre pressure for a road bike",
    "who won the chess world championship in 1972",
    "rules of cricket for beginners",
    "怎么给兰花换盆才不伤根",
    "红烧肉怎么做才不腻",
    "周末去杭州西湖有什么好玩的",
    "小孩发烧三十八度要不要去医院",
    "如何给猫剪指甲",
    "吉他怎么调音",
    "高考数学最后一道大题的解题思路",
    "家里的下水道堵了怎么办",
]


def rows(library, queries: list[dict]) -> tuple[np.ndarray, np.ndarray, list[tuple[int, str]]]:
    """Feature rows (cosine, same-language coverage, other language), labels, and (query number, case id) of every candidate."""
    x, y, who = [], [], []
    for n, q in enumerate(queries):
        ids, cos, cover, other = library.features(q["query"], tokenize(q["query"]), depth=100)
        rel = {library.story_of(r) for r in q["relevant"]}
        cases = library.passage_cases(ids)
        for c, a, b, o in zip(cases, cos, cover, other):
            x.append((a, b * (1 - o), o))
            y.append(library.story_of(c) in rel)
            who.append((n, c))
    return np.array(x, np.float64), np.array(y, bool), who


def evaluate(library, queries: list[dict], mode: str) -> dict:
    """MRR@5 (same / cross language) and top scores, searching as the product does."""
    same, cross, tops_on, tops_off = [], [], [], []
    langs = {c.id: c.language for c in library.cases()}
    for q in queries:
        hits = library.search(q["query"], 5, mode=mode)
        top = hits[0].score if hits else 0.0
        if not q["relevant"]:
            tops_off.append(top)
            continue
        tops_on.append(top)
        rel = {library.story_of(r) for r in q["relevant"]}
        present = [r for r in q["relevant"] if r in langs]
        mrr = next((1 / i for i, h in enumerate(hits, 1) if library.story_of(h.id) in rel), 0.0)
        (same if langs[present[0]] == q["lang"] else cross).append(mrr)
    best = max(np.arange(0.1, 0.9, 0.05), key=lambda t: np.mean(np.array(tops_on) >= t) + np.mean(np.array(tops_off) < t))
    return {"best threshold": best, "MRR@5": np.mean(same + cross), "same": np.mean(same), "cross": np.mean(cross),
            "top on": np.mean(tops_on), "top off": np.mean(tops_off), "max off": max(tops_off), "min on": min(tops_on),
            "on below threshold": float(np.mean(np.array(tops_on) < ranking.NO_CLOSE_MATCH))}


def main(argv: list[str]) -> None:
    fit = "--fit" in argv
    folders = [a for a in argv if not a.startswith("--")]
    services = Services(Settings())
    queries = [json.loads(line) for line in open(ROOT / "corpus" / "queries.jsonl", encoding="utf-8") if line.strip()]
    queries += [{"query": q, "lang": "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in q) else "en", "relevant": []}
                for q in OFF_TOPIC]
    libs = [services.library(Path(f)) for f in folders]
    if fit:
        from sklearn.linear_model import LogisticRegression

        parts = [rows(lib, queries) for lib in libs]
        x = np.vstack([p[0] for p in parts])
        y = np.concatenate([p[1] for p in parts])
        print(f"{len(y)} candidate rows, {int(y.sum())} relevant")
        for mode, cols in (("hybrid", [0, 1, 2]), ("dense", [0]), ("bm25", [1])):
            m = LogisticRegression(C=10.0, max_iter=2000).fit(x[:, cols], y)
            w = dict(zip(cols, m.coef_[0]))
            print(mode, "weights (cosine, coverage in the query's language, other language, intercept):",
                  tuple(round(float(w.get(i, 0.0)), 2) for i in range(3)) + (round(float(m.intercept_[0]), 2),))
    for folder, lib in zip(folders, libs):
        for mode in ranking.MODES:
            r = evaluate(lib, queries, mode)
            print(folder, mode, " ".join(f"{k} {v:.3f}" for k, v in r.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
