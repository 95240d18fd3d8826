"""Pictures of the library: need counts by type and outcome, and a 2-D map of cases by similarity (PCA)."""
from __future__ import annotations

import numpy as np

from index.library import Library


def need_summary(library: Library) -> list[dict]:
    """Rows of (need type, outcome, statements) over the whole library."""
    counts = library.need_counts()
    outcome = {c.id: c.outcome or "unknown" for c in library.cases()}
    rows: dict[tuple[str, str], int] = {}
    for cid, per in counts.items():
        for label, n in per.items():
            key = (label, outcome.get(cid, "unknown"))
            rows[key] = rows.get(key, 0) + n
    return [{"need": k[0], "outcome": k[1], "statements": v} for k, v in sorted(rows.items())]


def case_map(library: Library) -> list[dict]:
    """Each case at a 2-D point: the first two principal components of the case vectors."""
    ids, vecs = library.case_vectors()
    if len(ids) < 3:
        return []
    centred = vecs - vecs.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    xy = centred @ vt[:2].T
    cases = {c.id: c for c in library.cases()}
    return [{"id": cid, "title": cases[cid].title if cid in cases else cid, "x": float(x), "y": float(y),
             "outcome": cases[cid].outcome if cid in cases else "", "language": cases[cid].language if cid in cases else ""}
            for cid, (x, y) in zip(ids, xy)]
