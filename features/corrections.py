"""Label corrections from reps: stored beside the library, and used to retrain the needs classifier.

Corrections live in their own small SQLite file next to the generations (saving one is a single row, not a new
generation of the whole library), or in the `corrections` schema of a server library's database (features/storage.py
runs the same SQL on both). `where` below is a library folder or a postgresql:// URL (storage.location(library)).
Forgetting a case reaches them too: a correction whose statement came from the case (as saved, or before
redaction) is deleted with it.
"""
from __future__ import annotations

from contextlib import closing
from pathlib import Path

from features.accounts.service import forget_notes
from features.accounts.store import AccountStore
from features.storage import Rows, location, open_rows
from index import store
from index.errors import LibraryError
from index.library import Library
from index.maintenance import forget, traces
from index.pg.connection import is_url
from nlp.embed.base import Embedder
from nlp.needs.data import Labelled, load_split
from nlp.needs.model import NeedsModel, train
from nlp.records import LABELS
from nlp.redact import redact

FILE = "corrections.sqlite"
MIN_MATCH = 6  # a correction shorter than this is too common a string to tie to one case


def _db(where: Path | str) -> Rows:
    return open_rows(where if is_url(where) else Path(where) / FILE, "corrections", store.CORRECTIONS)


def _exists(where: Path | str) -> bool:
    return is_url(where) or (Path(where) / FILE).exists()


def add_correction(where: Path | str, text: str, label: str, was: str, language: str) -> int:
    """Store a rep's label correction; returns how many corrections wait for retraining."""
    if label not in LABELS:
        raise LibraryError(f"Unknown label {label!r}; valid labels: {', '.join(LABELS)}.")
    with closing(_db(where)) as con, con.transaction():
        con.execute("INSERT INTO corrections (text, label, was, language) VALUES (?,?,?,?)", (text, label, was, language))
    return len(stored_corrections(where))


def stored_corrections(where: Path | str, unused_only: bool = True) -> list[dict]:
    if not _exists(where):
        return []
    sql = "SELECT * FROM corrections" + (" WHERE used = 0" if unused_only else "") + " ORDER BY id"
    with closing(_db(where)) as con:
        return [dict(r) for r in con.execute(sql)]


def mark_used(where: Path | str) -> None:
    with closing(_db(where)) as con, con.transaction():
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


def retrain_with_corrections(where: Path | str, embedder: Embedder, model_dir: Path, log=print) -> NeedsModel:
    """The one retrain path (CLI and app): train on the fixed train file plus every correction stored beside the
    library in `where`, save over the model, and mark the corrections used."""
    corrections = stored_corrections(where, unused_only=False)
    model = train_with(corrections, embedder, log=log)
    model.report["corrections"] = len(corrections)
    model.save(model_dir)
    if corrections:
        mark_used(where)
    return model


def forget_corrections(where: Path | str, texts: list[str]) -> int:
    """Delete the corrections whose statement is one of `texts` or lies inside one of them (also once redacted);
    returns how many went. The table is rewritten so that no free page keeps the text."""
    if not _exists(where) or not texts:
        return 0
    exact = set(texts)
    with closing(_db(where)) as con:
        gone = [r["id"] for r in con.execute("SELECT id, text FROM corrections")
                if r["text"] in exact or (len(r["text"].strip()) >= MIN_MATCH and _inside(r["text"], texts))]
        with con.transaction():
            con.executemany("DELETE FROM corrections WHERE id = ?", [(i,) for i in gone])
        con.execute("VACUUM")
    return len(gone)


def _inside(text: str, texts: list[str]) -> bool:
    forms = {text.strip(), redact(text).strip()}
    return any(f in t for f in forms for t in texts)


def forget_cases(library: Library, case_ids: list[str]) -> tuple[list[str], int, int]:
    """Forget cases completely (see index.maintenance.forget), the corrections made on their statements and the
    account meetings and drafts kept from the same note text; returns (ids forgotten, corrections deleted,
    meetings deleted). The case goes last: a kill before that leaves it for a second run to find."""
    texts, _ = traces(library, case_ids)
    hashes = {c.source_hash for c in map(library.case, case_ids) if c is not None and c.source_hash}
    where = location(library)
    meetings = 0
    if hashes and (is_url(where) or (Path(where) / "accounts.sqlite").exists()):
        store = AccountStore.beside(where)
        try:
            meetings = forget_notes(store, hashes, library.embedder)
        finally:
            store.close()
    n = forget_corrections(where, [t for ts in texts.values() for t in ts])
    return forget(library, case_ids), n, meetings
