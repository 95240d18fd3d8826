"""Speed of `analyse` on a 1,000-word note: cold start of the CLI, warm analysis, statements per second."""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, percentiles, sample_note
from features.services import Services
from features.similar import analysis_with_cases
from nlp.analyse import analyse
from settings import Settings


def run() -> str:
    note = sample_note(1000)
    svc = Services(Settings())
    t = time.perf_counter()
    classifier = svc.classifier
    library = svc.library()
    load = time.perf_counter() - t
    analysis_with_cases(analyse(note, classifier), library)  # warm-up
    classifier.embedder.cache = None  # measure the model, not the cache
    runs, n = [], 0
    for _ in range(5):
        t = time.perf_counter()
        a = analyse(note + f"\n- run {len(runs)}", classifier)
        analysis_with_cases(a, library)
        runs.append(time.perf_counter() - t)
        n = len(a.needs)
    p50, p95 = percentiles(runs)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "note.txt"
        path.write_text(note + "\n- cold start", encoding="utf-8")
        cold = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([sys.executable, "cli.py", "--data-dir", str(Path(tmp) / "nocache"), "analyse", str(path), "--json",
                            "--library", str(ROOT / "data/library")], cwd=ROOT, capture_output=True, check=False,
                           env={"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"})
            cold.append(time.perf_counter() - t)
    words = sum(len(x.split()) if x.isascii() else len(x) // 2 for x in note.splitlines())
    return "\n".join([
        "## Analyse speed (bench/analyse_speed.py)", "",
        f"Note: {words} words ({len(note)} characters, {n} statements, English and Chinese lines). "
        "Warm: models and library loaded, embedding cache off, similar cases included.", "",
        "| measure | value |", "|---|---|",
        f"| load classifier + library (in process) | {load:.2f} s |",
        f"| warm analyse, p50 / p95 of 5 | {p50 / 1000:.2f} s / {p95 / 1000:.2f} s |",
        f"| statements per second (warm) | {n / (p50 / 1000):.0f} |",
        f"| cold `cli.py analyse` (new process, empty cache), median of 3 | {sorted(cold)[1]:.2f} s |",
    ])


if __name__ == "__main__":
    print(run())
