"""A plain peer pipeline for the ingest comparison: MiniLM (sentence-transformers) and a faiss flat index.

It reads the same files as `cli.py ingest` into the same passages (our readers and corpus/passages.py, so
the passage counts match), embeds each passage once (no statements, no labels, no keywords, no store) and adds
the vectors to an IndexFlatIP. Idle OpenMP threads sleep (OMP_WAIT_POLICY=PASSIVE), as ours do. What our ingest does on top of that is the product; this is the yardstick for speed only.
The passage count and the seconds go to standard output as one JSON line.

    python -m bench.ingest_peer corpus/cases
    farm-bench -n 3 -- .venv/bin/python cli.py --data-dir FRESH ingest corpus/cases --library LIB --quiet \\
        --vs '.venv/bin/python -m bench.ingest_peer corpus/cases'
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main(folder: str) -> dict:
    started = time.perf_counter()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import faiss
    from sentence_transformers import SentenceTransformer

    from corpus.passages import make_passages
    from corpus.readers import iter_files, read_path
    from nlp.embed.sbert import default_minilm_path

    model = SentenceTransformer(default_minilm_path(), device="cpu", local_files_only=True)
    t = time.perf_counter()
    texts = [p.text for path in iter_files([Path(folder)]) for case in read_path(path) for p in make_passages(case)]
    vectors = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    seconds = time.perf_counter() - t
    return {"passages": index.ntotal, "seconds": round(seconds, 2), "passages/s": round(index.ntotal / seconds, 1),
            "with start-up s": round(time.perf_counter() - started, 2)}


if __name__ == "__main__":  # pragma: no cover - a bench
    print(json.dumps(main(sys.argv[1] if len(sys.argv) > 1 else "corpus/cases")))
