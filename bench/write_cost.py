"""What one small write costs at ~100k passages, with the BM25 statistics updated by the write's delta (now) and
recomputed over the whole library (before), on both backends, taking turns write by write in one run.

Each write adds one short case (ingest_cases, embedding cache warm) to the replicated 100k library of
bench/pg_bench.py; "before" runs the same write with the old statistics step put back: the folder counts
the tokens of every passage again (index/writer.py's fallback), the server runs keywords.TOP_SQL over every
posting. Run: `python -m bench.write_cost [--passages N] [--writes W]`.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from bench.common import ROOT, machine
from bench.pg_bench import CASES, _database, _load, _replicate
from corpus.records import Case
from index.keywords import counts
from index.library import Library
from index.maintenance import check
from index.pg import keyword_stats, server
from index.pg.keywords import TOP_SQL
from index.pg.library import PgLibrary
from index.pg.migrate import migrate
from index.writer import Writer
from nlp.embed import EmbeddingCache, make_embedder
from nlp.runtime import load_classifier
from settings import Settings


def _full_counts(self, con):
    rows = con.execute("SELECT pid, tokens FROM passages ORDER BY pid").fetchall()
    vocab, tf = counts([(r[1] or "").split() for r in rows])
    return vocab, tf, np.array([r[0] for r in rows], dtype=np.int64)


def _full_stats(con):
    row = con.execute(TOP_SQL).fetchone()
    return (int(row[0]), float(row[1]), float(row[2])) if row else (0, 1.0, 0.0)


@contextmanager
def before():
    """The old statistics step on both backends, for the duration of the block."""
    counts_now, stats_now = Writer._counts, keyword_stats.current
    Writer._counts, keyword_stats.current = _full_counts, _full_stats
    try:
        yield
    finally:
        Writer._counts, keyword_stats.current = counts_now, stats_now


PARTS: dict[str, float] = {}


def _timing(owner, name: str, label: str) -> None:
    """Wrap owner.name to add its wall time to PARTS[label] (the folder writer's steps)."""
    real = getattr(owner, name)

    def timed(*args, **kwargs):
        t = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            PARTS[label] = PARTS.get(label, 0.0) + time.perf_counter() - t
    setattr(owner, name, timed)


def _steps() -> None:
    from index import generations, keyword_counts
    from index.keywords import BM25
    from index.vectors import VectorIndex

    _timing(Writer, "__enter__", "copy the generation (SQLite backup, faiss load)")
    _timing(Writer, "_counts", "term counts (delta or full)")
    _timing(BM25, "from_counts", "BM25 weights from the counts")
    _timing(BM25, "save", "save BM25 weights")
    _timing(keyword_counts, "save", "save term counts")
    _timing(VectorIndex, "save", "save the faiss index")
    _timing(generations, "publish", "publish")


def _write(lib, n: int) -> float:
    case = Case(id=f"write-{n}", title=f"Write cost case {n}", language="en", industry="telecom",
                text=f"The customer asked for {n} more sites before the regional audit; the budget owner fears overruns.")
    t = time.perf_counter()
    lib.ingest_cases([case])
    return time.perf_counter() - t


def run(passages: int, writes: int) -> str:
    work = Path(tempfile.mkdtemp(prefix="needs-writecost-"))
    parts: list[dict[str, float]] = []
    embedder = make_embedder(Settings().embedder, EmbeddingCache(ROOT / "data" / "cache" / "embeddings.sqlite"))
    classifier = load_classifier(ROOT / "data" / "model", embedder)
    srv = server.start(work / "server")
    try:
        base = Library(work / "base", embedder, classifier)
        base.ingest(CASES)
        big = _replicate(base, work / "big", passages, embedder)
        big = Library(big.folder, embedder, classifier)
        pg_big = PgLibrary(_database(srv, "big"), embedder, classifier)
        migrate(big, pg_big)
        load_start = _load()
        _write(big, 0), _write(pg_big, 0)  # warm: the writers' first write pays for imports and caches
        times = {(side, mode): [] for side in ("folder", "pg") for mode in ("before", "now")}
        _steps()
        for i in range(writes):
            for side, lib in (("folder", big), ("pg", pg_big)):
                with before():
                    times[(side, "before")].append(_write(lib, 2 * i + 1))
                if side == "folder":
                    PARTS.clear()
                times[(side, "now")].append(_write(lib, 2 * i + 2))
                if side == "folder":
                    parts.append(dict(PARTS))
        n = pg_big.stats().passages
        problems = [f"{name}: {p}" for name, lib in (("folder", big), ("pg", pg_big)) for p in check(lib)]
        load_end = _load()
    finally:
        server.stop(srv)
        shutil.rmtree(work, ignore_errors=True)
    med = {k: 1000 * float(np.median(v)) for k, v in times.items()}
    ratio = {s: float(np.median(np.array(times[(s, "before")]) / np.array(times[(s, "now")]))) for s in ("folder", "pg")}
    return "\n".join([
        f"## One small write at {n:,} passages (bench/write_cost.py)", "",
        f"Machine: {machine()}. {writes} writes per side and mode, taking turns; load {load_start} -> {load_end}.", "",
        "| backend | before: full recompute, ms (median) | now: by the delta, ms (median) | before / now (median of pairs) |",
        "|---|---|---|---|",
        *(f"| {s} | {med[(s, 'before')]:.0f} | {med[(s, 'now')]:.0f} | {ratio[s]:.2f}x |" for s in ("folder", "pg")),
        "", "Where a folder write's time goes now (median ms over the writes): " + "; ".join(
            f"{k} {1000 * float(np.median([p.get(k, 0.0) for p in parts])):.0f}" for k in parts[0]) if parts else "",
        "", f"check after the writes: {problems or 'both consistent'}",
    ])


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--passages", type=int, default=100_000)
    p.add_argument("--writes", type=int, default=5)
    args = p.parse_args()
    print(run(args.passages, args.writes))
