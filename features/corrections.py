"""Label corrections from reps: stored beside the library, and used to retrain the needs classifier.

Corrections live in their own small SQLite file next to the generations: saving one is a single
row, not a new generation of the whole library.
"""
from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from index import store
from index.errors import LibraryError
from nlp.embed.base import Embedder
from nlp.needs.data import Labelled, load_split
from nlp.needs.model import NeedsModel, train
from nlp.records import LABELS


def _db(folder: Path) -> sqlite3.Connection:
    folder.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(str(folder / "corrections.sqlite"), timeout=30)
    con.row_factory = sqlite3.Row
    con.execute("PRAGMA journal_mode=WAL")
    con.execute(store.CORRECTIONS)
    return con


def add_correction(folder: Path, text: str, label: str, was: str, language: str) -> int:
    """Store a rep's label correction; returns how many corrections wait for retraining."""
    if label not in LABELS:
        raise LibraryError(f"Unknown label {label!r}; valid labels: {', '.join(LABELS)}.")
    with closing(_db(folder)) as con, con:
        con.execute("INSERT INTO corrections (text, label, was, language) VALUES (?,?,?,?)", (text, label, was, language))
    return len(stored_corrections(folder))


def stored_corrections(folder: Path, unused_only: bool = True) -> list[dict]:
    if not (folder / "corrections.sqlite").exists():
        return []
    sql = "SELECT * FROM corrections" + (" WHERE used = 0" if unused_only else "") + " ORDER BY id"
    with closing(_db(folder)) as con:
        return [dict(r) for r in con.execute(sql)]


def mark_used(folder: Path) -> None:
    with closing(_db(folder)) as con, con:
        con.execute("UPDATE corrections SET used = 1")


def training_rows(corrections: list[dict]) -> tuple[list[Labelled], list[Labelled]]:
    """(train rows with the corrections added, dev rows); the test file is never touched."""
    extra = [Labelled(c["text"], c["label"], c["language"] or "", "correction") for c in corrections]
    return load_split("train") + extra, load_split("dev")


def train_with(corrections: list[dict], embedder: Embedder, log=print, base: NeedsModel | None = None) -> NeedsModel:
    """Train on the fixed train file plus `corrections`. Hyper-parameters are chosen on the fixed files alone (or
    taken from `base`, a model trained on them) and then kept, so a handful of corrections moves the decision
    boundary a little instead of switching to another regularisation or feature weighting that relabels
    statements nobody corrected."""
    rows, dev = training_rows(corrections)
    if not corrections:
        return train(rows, dev, embedder, log=log)
    base = base or train(rows[:len(rows) - len(corrections)], dev, embedder, log=lambda _m: None)
    return train(rows, dev, embedder, log=log, params=(base.report["C"], base.weights))


def retrain_with_corrections(folder: Path, embedder: Embedder, model_dir: Path, log=print) -> NeedsModel:
    """The one retrain path (CLI and app): train on the fixed train file plus every correction stored beside the
    library in `folder`, save over the model, and mark the corrections used."""
    corrections = stored_corrections(folder, unused_only=False)
    model = train_with(corrections, embedder, log=log)
    model.report["corrections"] = len(corrections)
    model.save(model_dir)
    if corrections:
        mark_used(folder)
    return model
