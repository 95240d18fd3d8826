"""Where a server search's time goes at ~100k passages: query embedding, SQL round trips and their time, the
rest in Python; beside the folder library on the same queries, taking turns query by query.

Builds the replicated library of bench/pg_bench.py once into KEEP (a folder library and a server database,
kept for the next run) unless it is there. Run: `python -m bench.pg_search_profile [--keep DIR] [--passages N]`.
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import numpy as np
import psycopg

from bench.common import ROOT, machine, percentiles
from bench.pg_bench import CASES, _database, _load, _queries, _replicate
from index.library import Library
from index.pg import server
from index.pg.library import PgLibrary
from index.pg.migrate import migrate
from nlp.embed import EmbeddingCache, make_embedder
from nlp.runtime import load_classifier
from settings import Settings

SQL = {"n": 0, "s": 0.0, "kinds": Counter(), "ms": Counter()}


def _timed(method):
    def run(self, query, *args, **kwargs):
        t = time.perf_counter()
        try:
            return method(self, query, *args, **kwargs)
        finally:
            SQL["n"] += 1
            SQL["s"] += time.perf_counter() - t
            kind = " ".join(str(query).split())[:48]
            SQL["kinds"][kind] += 1
            SQL["ms"][kind] += 1000 * (time.perf_counter() - t)
    return run


def _library(keep: Path, passages: int, embedder, classifier):
    srv = server.start(keep / "server")
    folder = keep / "big"
    if not (folder / "CURRENT").exists():
        base = Library(keep / "base", embedder, classifier)
        base.ingest(CASES)
        _replicate(base, folder, passages, embedder)
        migrate(Library(folder, embedder), PgLibrary(_database(srv, "big"), embedder, classifier))
    return srv, folder, srv.url("big")


def run(keep: Path, passages: int) -> str:
    name = Settings().embedder
    embedder = make_embedder(name, EmbeddingCache(ROOT / "data" / "cache" / "embeddings.sqlite"))
    srv, folder, url = _library(keep, passages, embedder, load_classifier(ROOT / "data" / "model", embedder))
    try:
        uncached = make_embedder(name)
        libs = {"folder": Library(folder, uncached), "pg": PgLibrary(url, uncached)}
        queries = _queries()
        for q in queries[:5]:
            for lib in libs.values():
                lib.search(q, 10)
        psycopg.Cursor.execute = _timed(psycopg.Cursor.execute)  # Connection.execute goes through it
        total = {k: [] for k in libs}
        embed, sql_ms, trips = [], [], []
        for q in queries:
            t = time.perf_counter()
            libs["pg"].query_vector(q)
            embed.append(time.perf_counter() - t)
            for side, lib in libs.items():
                n, s = SQL["n"], SQL["s"]
                t = time.perf_counter()
                lib.search(q, 10)
                total[side].append(time.perf_counter() - t)
                if side == "pg":
                    trips.append(SQL["n"] - n)
                    sql_ms.append(SQL["s"] - s)
        load, size = _load(), libs["pg"].stats().passages
    finally:
        server.stop(srv)
    (f50, f95), (p50, p95), (e50, e95) = percentiles(total["folder"]), percentiles(total["pg"]), percentiles(embed)
    s50, s95 = percentiles(sql_ms)
    common = SQL["ms"].most_common(9)
    return "\n".join([
        f"## Server search profile at {size:,} passages (bench/pg_search_profile.py)", "",
        f"Machine: {machine()}; load {load}. {len(queries)} queries, k=10, both backends taking turns.", "",
        "| measure | p50 ms | p95 ms |", "|---|---|---|",
        f"| folder search, query embedding included | {f50:.1f} | {f95:.1f} |",
        f"| server search, query embedding included | {p50:.1f} | {p95:.1f} |",
        f"| query embedding alone | {e50:.1f} | {e95:.1f} |",
        f"| server: time inside SQL calls (client side, round trips included) | {s50:.1f} | {s95:.1f} |", "",
        f"SQL calls per server search: median {np.median(trips):.0f} (min {min(trips)}, max {max(trips)}).",
        "Time per statement (mean ms over its calls, calls): "
        + "; ".join(f"`{k}` {ms / SQL['kinds'][k]:.1f} ({SQL['kinds'][k]})" for k, ms in common),
    ])


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--keep", type=Path, default=Path("/tmp/needs-pgprofile"))
    p.add_argument("--passages", type=int, default=100_000)
    args = p.parse_args()
    print(run(args.keep, args.passages))
