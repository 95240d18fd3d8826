"""An account's needs against a tender it bids on: each stored explicit or organisational statement is linked to
the tender clause closest in meaning when the closeness reaches the tender matrix's own traceability threshold
(features/tender/matrix.py TRACE_MIN), so the account view shows those needs as covered, with the clause."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from corpus.errors import InputError
from corpus.readers.dispatch import read_blocks
from features.accounts.needs import MERGED_LABELS
from features.accounts.store import AccountStore
from features.tender.clauses import extract_requirements
from features.tender.matrix import CLASSIFY_CHARS, TRACE_MIN
from nlp.embed.base import Embedder
from settings import Settings


def link_tender(store: AccountStore, account: str, path: Path, embedder: Embedder,
                threshold: float = TRACE_MIN, max_clauses: int = Settings.max_clauses) -> list[tuple[str, int, str, float]]:
    """Store and return (meeting, statement index, clause, similarity) for every statement a clause covers."""
    store.require(account)
    reqs = extract_requirements(read_blocks(Path(path)))[:max_clauses]
    if not reqs:
        raise InputError(f"No requirement clauses were found in {Path(path).name}; nothing was linked.")
    by_meeting, vectors = store.statements(account)
    keys = [(s.meeting, s.index) for sts in by_meeting.values() for s in sts
            if s.label in MERGED_LABELS and (s.meeting, s.index) in vectors]
    links: list[tuple[str, int, str, float]] = []
    if keys:
        # clauses are read as the tender matrix reads them: their opening, as queries of the same embedder
        clauses = np.asarray(embedder.embed([r.text[:CLASSIFY_CHARS] for r in reqs], "query"), dtype=np.float32)
        sims = np.vstack([vectors[k] for k in keys]) @ clauses.T
        for k, row in zip(keys, sims):
            j = int(np.argmax(row))
            if row[j] >= threshold:
                links.append((k[0], k[1], reqs[j].clause or reqs[j].text[:40], round(float(row[j]), 4)))
    store.set_tender_links(account, Path(path).name, links)
    return links
