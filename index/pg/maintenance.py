"""Consistency check of a server library: every passage has its vector and tokens, and the BM25 figures are current."""
from __future__ import annotations

from index.errors import LibraryError


def check(library) -> list[str]:
    """Problems found; an empty list means rows, vectors and keywords agree (index/maintenance.py for folders)."""
    try:
        st = library.snapshot()
        rows = library.rows(
            "SELECT (SELECT COUNT(*) FROM passages), (SELECT COUNT(*) FROM passages WHERE embedding IS NULL), "
            "(SELECT COUNT(*) FROM passages WHERE tsv IS NULL AND n_tokens > 0), "
            "(SELECT COUNT(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.case_id = c.id))")
    except LibraryError as err:
        return [str(err)]
    if not rows:
        return []
    total, no_vector, no_tokens, empty_cases = rows[0]
    problems = []
    if no_vector:
        problems.append(f"{no_vector} of {total} passages have no vector")
    if no_tokens:
        problems.append(f"{no_tokens} of {total} passages have no keyword tokens")
    if empty_cases:
        problems.append(f"{empty_cases} cases have no passages")
    if st.bm25.n != total:
        problems.append(f"the keyword statistics count {st.bm25.n} passages, the database {total}")
    return problems
