"""Speed of `analyse` on a 1,000-word note: cold start of the CLI, its imports, warm analysis, statements per second.

    python -m bench.analyse_speed [--embedder e5-onnx --data-dir DIR]

DIR holds model/ (trained with that embedder) and library/ (built with it); the default is data/.
The cold run starts a new process with an empty vector cache and must succeed.
"""
from __future__ import annotations

import argparse
import os
import shutil
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

_IMPORTS = ("import sys, time; t = time.perf_counter(); import cli, features.services, features.similar, nlp.analyse; "
            "cli.build_parser(); print(time.perf_counter() - t, 'torch' in sys.modules)")


def cold_imports(runs: int = 3) -> tuple[float, bool]:
    """Median seconds to import what `cli.py analyse` imports before it reads its input; and whether torch was."""
    times, torch = [], False
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _IMPORTS], cwd=ROOT, capture_output=True, text=True, check=True)
        seconds, loaded = out.stdout.split()
        times.append(float(seconds))
        torch = torch or loaded == "True"
    return sorted(times)[len(times) // 2], torch


def cold_cli(note: str, embedder: str, data_dir: Path, runs: int = 3) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "data"
        shutil.copytree(data_dir / "model", fresh / "model")  # the model, but no vector cache
        path = Path(tmp) / "note.txt"
        path.write_text(note + "\n- cold start", encoding="utf-8")
        times = []
        env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
        for _ in range(runs):
            shutil.rmtree(fresh / "cache", ignore_errors=True)
            t = time.perf_counter()
            subprocess.run([sys.executable, "cli.py", "--data-dir", str(fresh), "--embedder", embedder, "analyse", str(path),
                            "--json", "--library", str(data_dir / "library")], cwd=ROOT, capture_output=True, check=True,
                           env=env)
            times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2]


def run(embedder: str | None = None, data_dir: Path | None = None) -> str:
    settings = Settings()
    settings = settings.with_(embedder=embedder or settings.embedder, data_dir=data_dir or settings.data_dir)
    note = sample_note(1000)
    svc = Services(settings)
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
    imports, torch = cold_imports()
    cold = cold_cli(note, settings.embedder, settings.data_dir)
    words = sum(len(x.split()) if x.isascii() else len(x) // 2 for x in note.splitlines())
    return "\n".join([
        f"## Analyse speed (bench/analyse_speed.py, embedder {settings.embedder})", "",
        f"Note: {words} words ({len(note)} characters, {n} statements, English and Chinese lines). "
        "Warm: models and library loaded, embedding cache off, similar cases included.", "",
        "| measure | value |", "|---|---|",
        f"| load classifier + library (in process) | {load:.2f} s |",
        f"| warm analyse, p50 / p95 of 5 | {p50 / 1000:.2f} s / {p95 / 1000:.2f} s |",
        f"| statements per second (warm) | {n / (p50 / 1000):.0f} |",
        f"| imports of `cli.py analyse` (new process), median of 3 | {imports:.2f} s{' (torch imported)' if torch else ''} |",
        f"| cold `cli.py analyse` (new process, empty cache), median of 3 | {cold:.2f} s |",
    ])


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--embedder")
    ap.add_argument("--data-dir", type=Path)
    args = ap.parse_args()
    print(run(args.embedder, args.data_dir))
