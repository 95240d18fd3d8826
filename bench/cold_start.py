"""Where a cold `cli.py analyse` spends its time: English, Chinese and mixed notes, each in new processes, empty cache.

    python -m bench.cold_start [--runs 3]

Each run is a new Python process that does what `cli.py analyse FILE --json` does, in steps, and reports the wall
and CPU seconds of each (CPU includes onnxruntime's worker threads): imports, the embedder, the needs model,
reading the note (people, structure, statements: the spaCy and jieba loads fall here), the compliance prototypes,
the analysis (classification, questions; the reading again, now warm), similar cases (opening the library
included) and the JSON. Notes of about 1,000 words are built from the held-out test statements, so the
classifier has not seen them. The median of the runs is shown per step.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, machine, sample_note

_CHILD = r"""
import json, sys, time
marks, t0, c0 = [], time.perf_counter(), time.process_time()
def mark(name):
    marks.append((name, time.perf_counter(), time.process_time()))
import cli, features.services, features.similar, nlp.analyse
from pathlib import Path
cli.build_parser(); mark("imports")
from nlp.needs.compliance import _prototypes
from nlp.reading import read_note
from settings import Settings
svc = features.services.Services(Settings().with_(data_dir=Path(sys.argv[1])))
svc.embedder; mark("embedder load")
svc.classifier; mark("needs model load")
text = Path(sys.argv[2]).read_text(encoding="utf-8")
read_note(text); mark("reading the note (first time)")
_prototypes(svc.embedder); mark("compliance prototypes")
analysis = nlp.analyse.analyse(text, svc.classifier); mark("analysis (classify, questions)")
result = features.similar.analysis_with_cases(analysis, svc.library(Path(sys.argv[3])), 5); mark("similar cases")
json.dumps(result.to_dict(), ensure_ascii=False); mark("JSON")
out, prev = [], (t0, c0)
for name, w, c in marks:
    out.append([name, w - prev[0], c - prev[1]]); prev = (w, c)
print(json.dumps(out))
"""


def notes(words: int = 1000) -> dict[str, str]:
    """English-only, Chinese-only and mixed notes of about `words` words from corpus/needs/test.jsonl."""
    return {"English": sample_note(words, str.isascii), "Chinese": sample_note(words, lambda t: not t.isascii()),
            "mixed": sample_note(words)}


def run(runs: int = 3, data_dir: Path = ROOT / "data") -> str:
    medians: dict[str, list[tuple[str, float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "data"
        shutil.copytree(data_dir / "model", fresh / "model")  # the model, no vector cache
        for name, note in notes().items():
            path = Path(tmp) / f"{name}.txt"
            path.write_text(note, encoding="utf-8")
            samples = []
            for _ in range(runs):
                shutil.rmtree(fresh / "cache", ignore_errors=True)
                out = subprocess.run([sys.executable, "-c", _CHILD, str(fresh), str(path), str(data_dir / "library")],
                                     cwd=ROOT, capture_output=True, text=True, check=True)
                samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
            steps = [s[0] for s in samples[0]]
            medians[name] = [(step, sorted(s[i][1] for s in samples)[len(samples) // 2],
                              sorted(s[i][2] for s in samples)[len(samples) // 2]) for i, step in enumerate(steps)]
    names = list(medians)
    lines = ["## Cold start by step (bench/cold_start.py)", "", f"{machine()}; median of {runs} new processes per note, "
             "empty vector cache; wall / CPU seconds.", "",
             "| step | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for i, (step, _, _) in enumerate(medians[names[0]]):
        lines.append(f"| {step} | " + " | ".join(f"{medians[n][i][1]:.2f} / {medians[n][i][2]:.2f}" for n in names) + " |")
    lines.append("| total (sum of the medians) | " + " | ".join(
        f"{sum(r[1] for r in medians[n]):.2f} / {sum(r[2] for r in medians[n]):.2f}" for n in names) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    print(run(ap.parse_args().runs))
