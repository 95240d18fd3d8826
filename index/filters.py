"""Search filters over a library: the values each filter can take, what each case is about by need type,
and the SQL conditions and allowed passage ids for a Filters record. Functions over a Library's public methods.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

import numpy as np

from corpus.records import OUTCOMES
from index import case_needs
from index.errors import LibraryError
from index.records import Filters, FilterValues
from nlp.records import NEED_LABELS

if TYPE_CHECKING:
    from index.library import Library

LANGUAGES = ("zh", "en", "mixed")


def read_values(lib: Library) -> FilterValues:
    """The values each filter can take in this library."""

    def distinct(col):
        return tuple(r[0] for r in lib.rows(f"SELECT DISTINCT {col} FROM cases WHERE {col} <> '' ORDER BY 1"))
    tags = tuple(sorted({t for r in lib.rows("SELECT tags FROM cases") for t in json.loads(r[0] or "[]")}))
    years = tuple(r[0] for r in lib.rows("SELECT DISTINCT year FROM cases WHERE year IS NOT NULL ORDER BY 1"))
    return FilterValues(outcome=tuple(OUTCOMES), industry=distinct("industry"), region=distinct("region"),
                        language=LANGUAGES, need=tuple(NEED_LABELS), tags=tags, kind=distinct("kind"), year=years)


def read_case_needs(lib: Library) -> dict[str, frozenset[str]]:
    """Per case, the need types it is about (index/case_needs.py)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    for r in lib.rows("SELECT case_id, section, text FROM passages ORDER BY case_id, ordinal"):
        sections.setdefault(r[0], []).append((r[1] or "", r[2] or ""))
    totals = {r[0]: r[1] for r in lib.rows(
        "SELECT p.case_id, COUNT(*) FROM statements s JOIN passages p ON p.pid = s.passage_pid GROUP BY p.case_id")}
    counts = lib.need_counts()
    needs = {cid: case_needs.about(ps, counts.get(cid, {}), totals.get(cid, 0)) for cid, ps in sections.items()}
    return needs


def where(lib: Library, f: Filters) -> tuple[str, list]:
    """SQL conditions on the cases table (alias c) and their arguments; unknown values raise LibraryError."""
    valid = lib.values() if f.active() else FilterValues()
    clauses, args = ["1=1"], []

    def check(name, value):
        allowed = getattr(valid, name)
        if value not in allowed:
            raise LibraryError(f"Unknown {name} {value!r}; valid values: {', '.join(map(str, allowed)) or 'none'}.")

    for name in ("outcome", "industry", "region", "language", "kind"):
        value = getattr(f, name)
        if value:
            check(name, value)
            clauses.append(f"c.{name} = ?")
            args.append(value)
    if f.year_from is not None:
        clauses.append("c.year >= ?")
        args.append(f.year_from)
    if f.year_to is not None:
        clauses.append("c.year <= ?")
        args.append(f.year_to)
    for tag in f.tags:
        check("tags", tag)
        clauses.append("EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)")
        args.append(tag)
    if f.need:
        check("need", f.need)
        # what the case is about (curated labels, else a share of statements), not any one stray statement
        clauses.append("c.id IN (SELECT value FROM json_each(?))")
        args.append(json.dumps([cid for cid, needs in lib.case_needs().items() if f.need in needs]))
    return " AND ".join(clauses), args


def allowed(lib: Library, f: Filters) -> np.ndarray | None:
    """The passage ids the filters allow, or None when no filter is set."""
    if not f.active():
        return None
    condition, args = lib.where(f)  # through the library: a server library rewrites the JSON functions
    return lib.ids(f"SELECT p.pid FROM passages p JOIN cases c ON c.id = p.case_id WHERE {condition}", args)
