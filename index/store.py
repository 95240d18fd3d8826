"""SQLite tables of one library generation: cases, passages, their labelled statements, and label corrections."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from corpus.records import Case

SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
    id TEXT PRIMARY KEY, title TEXT, language TEXT, customer TEXT, industry TEXT, region TEXT, country TEXT,
    year INTEGER, outcome TEXT, tags TEXT, translation TEXT, kind TEXT, source TEXT, source_hash TEXT,
    text TEXT, extra TEXT);
CREATE TABLE IF NOT EXISTS passages (
    pid INTEGER PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), ordinal INTEGER, section TEXT, text TEXT,
    tokens TEXT, n_explicit INTEGER DEFAULT 0, n_organisational INTEGER DEFAULT 0, n_personal INTEGER DEFAULT 0);
CREATE INDEX IF NOT EXISTS passages_case ON passages(case_id);
CREATE TABLE IF NOT EXISTS statements (
    passage_pid INTEGER NOT NULL REFERENCES passages(pid), ordinal INTEGER, text TEXT, label TEXT, confidence REAL,
    stakeholder TEXT, compliance_risk INTEGER, start_char INTEGER, end_char INTEGER);
CREATE INDEX IF NOT EXISTS statements_passage ON statements(passage_pid);
"""
CORRECTIONS = """CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY, text TEXT NOT NULL, label TEXT NOT NULL, was TEXT, language TEXT,
    created TEXT DEFAULT CURRENT_TIMESTAMP, used INTEGER DEFAULT 0)"""
CASE_COLUMNS = ("id", "title", "language", "customer", "industry", "region", "country", "year", "outcome", "tags",
                "translation", "kind", "source", "source_hash", "text", "extra")


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        con = sqlite3.connect(str(path), check_same_thread=False)
        con.executescript(SCHEMA)
    con.row_factory = sqlite3.Row
    return con


def case_row(case: Case) -> tuple:
    return (case.id, case.title, case.language, case.customer, case.industry, case.region, case.country, case.year,
            case.outcome, json.dumps(list(case.tags), ensure_ascii=False), case.translation, case.kind, case.source,
            case.source_hash, case.text, json.dumps(case.extra, ensure_ascii=False, default=str))


def row_case(row: sqlite3.Row) -> Case:
    d = dict(row)
    return Case(
        id=d["id"], title=d["title"], text=d["text"], language=d["language"] or "", customer=d["customer"] or "",
        industry=d["industry"] or "", region=d["region"] or "", country=d["country"] or "", year=d["year"],
        outcome=d["outcome"] or "", tags=tuple(json.loads(d["tags"] or "[]")), translation=d["translation"] or "",
        kind=d["kind"] or "case", source=d["source"] or "", source_hash=d["source_hash"] or "",
        extra=json.loads(d["extra"] or "{}"),
    )


def insert_case(con: sqlite3.Connection, case: Case) -> None:
    marks = ",".join("?" * len(CASE_COLUMNS))
    con.execute(f"INSERT INTO cases ({','.join(CASE_COLUMNS)}) VALUES ({marks})", case_row(case))


def delete_case(con: sqlite3.Connection, case_id: str) -> list[int]:
    """Delete a case with its passages and statements; returns the passage ids removed."""
    pids = [r[0] for r in con.execute("SELECT pid FROM passages WHERE case_id = ?", (case_id,))]
    con.executemany("DELETE FROM statements WHERE passage_pid = ?", [(p,) for p in pids])
    con.execute("DELETE FROM passages WHERE case_id = ?", (case_id,))
    con.execute("DELETE FROM cases WHERE id = ?", (case_id,))
    return pids


def next_pid(con: sqlite3.Connection) -> int:
    return int(con.execute("SELECT COALESCE(MAX(pid), 0) + 1 FROM passages").fetchone()[0])
