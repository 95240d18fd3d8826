"""Rebuilding a folder library's vectors with another embedder, from the text it stores (no file is read again).

The statements a library holds are embedded again (all of them in one call, so the embedder batches them by
length), each passage's vector is made from them as at ingest (index/vectorise.py, centred with the new
embedder's centres) and published as a new generation. config.json and centres.json are switched to the new
embedder first; a run that stops half way leaves a library that opens with the new embedder and whose search
is off until `reindex` is run again, which always rebuilds every vector.

Labels are kept as they were stored: they came from the classifier of the time, not from the vectors.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from index import centring
from index import generations as gens
from index.errors import LibraryError
from index.library import FORMAT, Library
from index.vectorise import split_rows
from index.writer import Writer
from nlp.embed.base import Embedder


def built_with(folder: Path) -> str | None:
    """The embedder a folder library was built with, or None when there is no library there."""
    path = Path(folder) / "config.json"
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("embedder")
    except (OSError, ValueError) as err:
        raise LibraryError(f"{path} is damaged; the library cannot be reindexed.") from err


def _switch_config(folder: Path, embedder: Embedder) -> str:
    path = folder / "config.json"
    cfg = json.loads(path.read_text(encoding="utf-8"))
    if cfg.get("format") != FORMAT:
        raise LibraryError(f"The library in {folder} is in another format; rebuild it with `cli.py ingest`.")
    before = str(cfg.get("embedder"))
    with gens.writer_lock(folder):
        cfg.update(embedder=embedder.name, dim=embedder.dim, reindexed=time.strftime("%Y-%m-%dT%H:%M:%S"))
        if before != embedder.name:
            cfg["previous_embedder"] = before
        gens.write_atomic(path, json.dumps(cfg, indent=2).encode())
        gens.write_atomic(folder / centring.FILE, centring.shipped(embedder.name).to_json().encode())
    return before


def reindex(folder: Path, embedder: Embedder) -> str:
    """Rebuild every passage vector of the library in folder with embedder; a one-line account of what was done."""
    folder = Path(folder)
    if built_with(folder) is None or gens.current(folder) is None:
        raise LibraryError(f"There is no library in {folder} to reindex.")
    started = time.perf_counter()
    before = _switch_config(folder, embedder)
    library = Library(folder, embedder, None, load=False)
    with Writer(library, rebuild_vectors=True) as (con, vectors):
        titles = dict(con.execute("SELECT id, title FROM cases").fetchall())
        passages = con.execute("SELECT pid, case_id, text FROM passages ORDER BY case_id, ordinal").fetchall()
        said: dict[int, list[str]] = {}
        for pid, text in con.execute("SELECT passage_pid, text FROM statements ORDER BY passage_pid, ordinal"):
            said.setdefault(int(pid), []).append(text)
        flat = [s for p in passages for s in said.get(int(p[0]), [])]
        stmt_vecs = embedder.embed(flat, "query") if flat else np.zeros((0, embedder.dim), np.float32)
        by_case: dict[str, list] = {}
        for p in passages:
            by_case.setdefault(p[1], []).append(p)
        at = 0
        for case_id, mine in by_case.items():
            counts = [len(said.get(int(p[0]), [])) for p in mine]
            blocks = split_rows(stmt_vecs[at : at + sum(counts)], counts)
            at += sum(counts)
            vecs = library.passage_vectors(titles.get(case_id, ""), [p[2] for p in mine], blocks)
            vectors.add(np.array([p[0] for p in mine], dtype=np.int64), vecs)
    seconds = time.perf_counter() - started
    return (f"reindexed {len(passages)} passages of {len(by_case)} cases with {embedder.name} (was {before}) "
            f"from {len(flat)} stored statements in {seconds:.1f} s")
