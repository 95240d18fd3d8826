"""Load held by the library API on this machine: concurrent searches and analyses for a bounded time, with and
without an ingest running beside them. Writes the figures RELIABILITY.md quotes."""
from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path

from bench.common import ROOT, percentiles
from features.services import Services
from index.library import Library
from index.maintenance import check
from nlp.analyse import analyse
from settings import Settings

QUERIES = ["roaming outage fixed quickly", "汇率贬值 本币合同", "network sharing without loans", "客户投诉 KPI 扭转",
           "contract dispute Tanzania", "power failure at night", "3G win Netherlands", "应收账款 回款"]
NOTE = "- They need 7x24 on-site support from June.\n- Churn doubled after the competitor's price cut.\n- 采购经理怕担责任。"


def _run(library: Library, classifier, seconds: float, ingest_files: list[Path] | None) -> dict:
    samples: dict[str, list[float]] = {"search": [], "analyse": []}
    errors: list[str] = []
    stop = threading.Event()

    def worker(kind: str, i: int):
        n = i
        while not stop.is_set():
            t = time.perf_counter()
            try:
                if kind == "search":
                    assert library.search(QUERIES[n % len(QUERIES)], 5)
                else:
                    assert analyse(NOTE + f"\n- {n}", classifier).needs
                samples[kind].append(time.perf_counter() - t)
            except Exception as err:  # noqa: BLE001 - counted in the report
                errors.append(repr(err))
            n += 1

    threads = [threading.Thread(target=worker, args=("search", i)) for i in range(4)]
    threads += [threading.Thread(target=worker, args=("analyse", i)) for i in range(2)]
    start = time.perf_counter()
    for th in threads:
        th.start()
    ingest_s = None
    if ingest_files:
        t = time.perf_counter()
        library.ingest(ingest_files)
        ingest_s = time.perf_counter() - t
    while time.perf_counter() - start < seconds:
        time.sleep(0.1)
    stop.set()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - start
    out = {"elapsed": elapsed, "errors": len(errors), "ingest_s": ingest_s, "consistent": check(library) == []}
    for kind, xs in samples.items():
        p50, p95 = percentiles(xs) if xs else (0.0, 0.0)
        out[kind] = (len(xs) / elapsed, p50, p95)
    return out


_PEAK = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)")


def _peak_mb(cmd: list[str]) -> tuple[int, float, str]:
    """Exit code, peak resident memory (MB) and message of a command, run under its own small parent process."""
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-c", _PEAK, *cmd], cwd=ROOT, capture_output=True, text=True)
    lines = r.stderr.strip().splitlines()
    message = next((ln for ln in reversed(lines[:-1]) if ln.strip() and "%" not in ln), "")
    return r.returncode, int(lines[-1]) / 1024, message


def big_input() -> str:
    """Memory on a 20 MB text: refused by analyse before reading, by ingest after reading, never held twice."""
    import sys

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.txt"
        with open(big, "w", encoding="utf-8") as fh:
            line = "- 客户要求年底前完成扩容 and the CFO wants a pilot first.\n"
            while fh.tell() < 20 * 1024 * 1024:
                fh.write(line * 1000)
        small = Path(tmp) / "small.txt"
        small.write_text("- They need 7x24 support.\n", encoding="utf-8")
        for label, args in (("analyse, 1-line note (baseline)", ["analyse", str(small), "--json"]),
                            ("analyse, 20 MB note", ["analyse", str(big), "--json"]),
                            ("ingest, 20 MB text file", ["ingest", str(big), "--library", str(Path(tmp) / "lib"), "--quiet"])):
            code, peak, err = _peak_mb([sys.executable, "cli.py", *args])
            rows.append(f"| {label} | {code} | {peak:.0f} MB | {err[:90]} |")
    return "\n".join(["Memory on a 20 MB input (each command in a fresh process; peak resident memory).", "",
                      "| command | exit | peak RSS | message |", "|---|---|---|---|", *rows])


def run(seconds: float = 30.0) -> str:
    svc = Services(Settings())
    svc.embedder.cache = None
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "library"
        shutil.copytree(ROOT / "data" / "library", folder)
        library = Library(folder, svc.embedder, svc.classifier)
        extra = Path(tmp) / "extra"
        extra.mkdir()
        for p in sorted((ROOT / "corpus" / "cases").glob("*-en.md"))[:8]:  # the same stories under new ids
            (extra / f"copy-{p.name}").write_text(p.read_text(encoding="utf-8").replace("id: ", "id: copy-", 1), encoding="utf-8")
        for label, files in (("searches + analyses", None), ("same, while 8 cases are ingested", [extra])):
            r = _run(library, svc.classifier, seconds, files)
            s, a = r["search"], r["analyse"]
            ingest = f"{r['ingest_s']:.1f} s" if r["ingest_s"] else "-"
            rows.append(f"| {label} | {s[0]:.1f} | {s[1]:.0f} / {s[2]:.0f} | {a[0]:.1f} | {a[1]:.0f} / {a[2]:.0f} | {r['errors']} | "
                        f"{'yes' if r['consistent'] else 'NO'} | {ingest} |")
    return "\n".join([
        "## Load (bench/load.py)", "",
        f"4 search threads and 2 analyse threads against one library for {seconds:.0f} s each run, embedding cache off, "
        "through the same library API the app's sessions share.", "",
        "| run | searches/s | search p50 / p95 ms | analyses/s | analyse p50 / p95 ms | errors | consistent after | ingest |",
        "|---|---|---|---|---|---|---|---|", *rows, "", big_input()])


if __name__ == "__main__":
    print(run())
