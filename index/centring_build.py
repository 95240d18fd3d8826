"""Measures an embedder's language centres on the built-in parallel cases and writes them to index/resources.

    python -m index.centring_build EMBEDDER [--cases corpus/cases] [--out FILE]

Every story in corpus/cases is told once in Chinese and once in English, so the difference between the two
languages' mean passage vectors is language, not topic. The passage vectors are the ones a library stores
before centring (index/vectorise.py: statement vectors averaged, plus the case title), the passage's language
is read the way ingest reads it. Writes index/resources/centres-<embedder's vector name>.json, which
index/centring.shipped() finds for every library built with that embedder.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from corpus.passages import make_passages
from corpus.readers import iter_files, read_path
from index.centring import RESOURCES, Centres
from index.vectorise import passage_vectors, split_rows
from nlp.embed.base import Embedder
from nlp.text.language import detect_language
from nlp.text.segment import segment

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "corpus" / "cases"


def measure(embedder: Embedder, cases_dir: Path = CASES) -> tuple[Centres, dict[str, int]]:
    """The centres of an embedder, and how many passages of each language they were measured on."""
    blocks: list[tuple[str, list[str], list[list[str]]]] = []  # (title, passage texts, statements per passage)
    for path in iter_files([Path(cases_dir)]):
        for case in read_path(path):
            texts = [p.text for p in make_passages(case)]
            blocks.append((case.title, texts, [[s.text for s in segment(t)] for t in texts]))
    flat = [s for _, _, per in blocks for ss in per for s in ss]
    stmt_vecs = embedder.embed(flat, "query") if flat else np.zeros((0, embedder.dim), np.float32)
    rows, languages, at = [], [], 0
    for title, texts, per in blocks:
        count = sum(len(ss) for ss in per)
        rows.append(passage_vectors(embedder, title, texts, split_rows(stmt_vecs[at : at + count], [len(ss) for ss in per])))
        languages += [detect_language(title + " " + t[:2000]) for t in texts]
        at += count
    vectors = np.vstack(rows) if rows else np.zeros((0, embedder.dim), np.float32)
    counts = {lang: languages.count(lang) for lang in sorted(set(languages))}
    return Centres.measure(embedder.name, vectors, languages), counts


def main(argv: list[str] | None = None) -> int:
    from nlp.embed import EmbeddingCache, make_embedder

    ap = argparse.ArgumentParser(prog="python -m index.centring_build", description=__doc__.splitlines()[0])
    ap.add_argument("embedder", help="an embedder name as cli.py takes it (e5, e5-onnx-q4, ...)")
    ap.add_argument("--cases", type=Path, default=CASES)
    ap.add_argument("--out", type=Path, help="default: index/resources/centres-<vector name>.json")
    ap.add_argument("--cache", type=Path, default=ROOT / "data" / "cache" / "embeddings.sqlite")
    args = ap.parse_args(argv)
    embedder = make_embedder(args.embedder, EmbeddingCache(args.cache))
    centres, counts = measure(embedder, args.cases)
    if set(centres.means) != {"zh", "en"}:
        raise SystemExit(f"{args.cases} does not hold passages in both Chinese and English ({counts}); nothing written.")
    out = args.out or RESOURCES / f"centres-{embedder.name}.json"
    out.write_text(centres.to_json() + "\n", encoding="utf-8")
    print(f"{out}: {embedder.name}, passages per language {counts}")
    return 0


if __name__ == "__main__":  # pragma: no cover - a set-up tool
    raise SystemExit(main())
