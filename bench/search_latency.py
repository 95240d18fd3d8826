"""Search latency and memory at 10k / 100k / 1M passages (synthetic vectors for the index), plus ingest throughput.

The index part runs exact (flat) and HNSW side by side at each size; the full search at 100k adds the
real e5 query embedding and BM25 over synthetic token lists.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import ROOT, percentiles, rss_mb
from features.services import Services
from index.centring import shipped
from index.fusion import group_by_case
from index.keywords import BM25
from index.ranking import merge_candidates, relevance, top_positive
from index.vectors import HNSW_EF_CONSTRUCTION, HNSW_M, VectorIndex
from nlp.text.language import detect_language
from settings import Settings

DIM = 384


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


_CENTRES = _unit(np.random.default_rng(1).standard_normal((2000, DIM)))


def _vectors(n: int, rng) -> np.ndarray:
    """Clustered like real sentence embeddings: each vector near one of 2,000 topics (cosine ~0.75 to it)."""
    out = np.empty((n, DIM), dtype=np.float32)
    for at in range(0, n, 100_000):
        m = min(100_000, n - at)
        centre = _CENTRES[rng.integers(0, len(_CENTRES), m)]
        out[at : at + m] = _unit(centre + 0.045 * rng.standard_normal((m, DIM), dtype=np.float32))
    return out


def _index(vecs: np.ndarray, hnsw: bool) -> VectorIndex:
    import faiss

    inner = faiss.IndexHNSWFlat(DIM, HNSW_M, faiss.METRIC_INNER_PRODUCT) if hnsw else faiss.IndexFlatIP(DIM)
    if hnsw:
        inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index = faiss.IndexIDMap2(inner)
    index.add_with_ids(vecs, np.arange(len(vecs), dtype=np.int64))
    return VectorIndex(DIM, index)


def _latency(index: VectorIndex, queries: np.ndarray) -> tuple[float, float]:
    times = []
    for q in queries:
        t = time.perf_counter()
        index.search(q[None, :], 100)
        times.append(time.perf_counter() - t)
    return percentiles(times)


def _recall(index: VectorIndex, exact: np.ndarray, queries: np.ndarray) -> float:
    _, ids = index.search(queries, 10)
    return float(np.mean([len(set(ids[i]) & set(exact[i])) / 10 for i in range(len(queries))]))


def run(sizes=(10_000, 100_000, 1_000_000)) -> str:
    rng = np.random.default_rng(7)
    queries = _vectors(200, rng)
    lines = ["## Search latency (bench/search_latency.py)", "",
             "Index part alone, one query at a time, top 100, synthetic normalised 384-d vectors clustered around 2,000 topics "
             "(uniform random vectors are a worst case no real embedding looks like). "
             "HNSW: M=32, efSearch=128; recall@10 against exact search.", "",
             "| passages | exact p50 / p95 ms | HNSW p50 / p95 ms | HNSW recall@10 | memory, exact index |", "|---|---|---|---|---|"]
    full_row = ""
    for n in sizes:
        vecs = _vectors(n, rng)
        before = rss_mb()
        flat = _index(vecs, hnsw=False)
        mem = rss_mb() - before
        f50, f95 = _latency(flat, queries)
        _, exact = flat.search(queries, 10)
        t = time.perf_counter()
        hnsw = _index(vecs, hnsw=True)
        build = time.perf_counter() - t
        h50, h95 = _latency(hnsw, queries)
        lines.append(f"| {n:,} | {f50:.1f} / {f95:.1f} | {h50:.2f} / {h95:.2f} | {_recall(hnsw, exact, queries):.3f} | "
                     f"{mem:.0f} MB (build HNSW {build:.0f} s) |")
        if n == 100_000:
            full_row = _full_search(flat, hnsw, n, rng)
        del flat, hnsw, vecs
    return "\n".join(lines + ["", full_row, "", _ingest()])


def _full_search(flat: VectorIndex, hnsw: VectorIndex, n: int, rng) -> str:
    """The search path of index/library.py on synthetic data: embed, centre, both retrievers, features, relevance, grouping."""
    svc = Services(Settings())
    emb = svc.embedder
    emb.cache = None
    centres = shipped(emb.name)
    vocab = [f"t{i}" for i in range(20000)]
    docs = [[vocab[j] for j in rng.integers(0, len(vocab), 60)] for _ in range(n)]
    bm25 = BM25.build(docs)
    pids = np.arange(n, dtype=np.int64)
    case_of = {int(p): f"case-{p // 10}" for p in pids}  # ten passages a case
    texts = [f"payment risk when the local currency loses value {i}" for i in range(60)] + \
            [f"客户汇率风险和付款保障 {i}" for i in range(60)]
    rows = []
    for name, index in (("exact", flat), ("HNSW", hnsw)):
        times = []
        for q in texts:
            t = time.perf_counter()
            v = centres.centre(emb.embed([q], "query"), [detect_language(q)])
            sc, ids = index.search(v, 200)
            cover_all = bm25.coverage([vocab[int(k)] for k in rng.integers(0, len(vocab), 4)])
            kw = pids[top_positive(cover_all, 200)]
            cand, unknown = merge_candidates(ids[0], sc[0], kw)
            cos = np.zeros(len(cand), np.float32)
            cos[: len(sc[0])] = sc[0]
            if unknown.any():
                cos[unknown] = np.vstack([index.index.reconstruct(int(i)) for i in cand[unknown]]) @ v[0]
            rel = relevance(cos, cover_all[cand], np.zeros(len(cand)))
            group_by_case(dict(zip(cand.tolist(), rel.tolist())), case_of, per_case=4)
            times.append(time.perf_counter() - t)
        p50, p95 = percentiles(times)
        rows.append(f"| {name} | {p50:.0f} | {p95:.0f} |")
    return "\n".join([f"Full search at {n:,} passages, warm: e5 query embedding + language centring + vector search + "
                      "BM25 coverage over synthetic tokens + relevance of the union of candidates + grouping per case "
                      "(cache off, 120 queries in English and Chinese).", "",
                      "| index | p50 ms | p95 ms |", "|---|---|---|"] + rows)


def _ingest() -> str:
    svc = Services(Settings())
    svc.embedder.cache = None
    with tempfile.TemporaryDirectory() as tmp:
        lib = svc.library(Path(tmp) / "lib", need_classifier=True)
        t = time.perf_counter()
        report = lib.ingest([ROOT / "corpus/cases"])
        secs = time.perf_counter() - t
        size = lib.stats().bytes_on_disk
    return "\n".join(["Ingest of the built-in library into an empty library, embedding cache off "
                      "(read, cut into passages, segment, embed and classify every statement, build passage vectors from them, index).", "",
                      "| files | passages | seconds | passages/s | library on disk |", "|---|---|---|---|---|",
                      f"| {len(report.added)} | {report.passages} | {secs:.1f} | {report.passages / secs:.1f} | {size / 1e6:.1f} MB |"])


if __name__ == "__main__":
    import sys

    if "--full-only" in sys.argv:  # just the 100k end-to-end row
        r = np.random.default_rng(7)
        v = _vectors(100_000, r)
        print(_full_search(_index(v, hnsw=False), _index(v, hnsw=True), 100_000, r))
    else:
        print(run())
