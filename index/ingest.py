"""Putting cases into a library: read files, cut passages, label statements, build centred passage vectors, store.

Functions over a Library's public methods and its writer (index/writer.py); Library.ingest / ingest_cases call them.
"""
from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from corpus.errors import InputError
from corpus.passages import make_passages
from corpus.readers import iter_files, read_path
from corpus.records import Case
from index import store
from index.errors import LibraryError
from index.keywords import tokenize
from index.records import IngestReport
from index.vectorise import passage_vectors as plain_passage_vectors
from index.vectorise import split_rows
from index.vectors import VectorIndex
from nlp.records import NEED_LABELS
from nlp.text.language import detect_language
from nlp.text.segment import segment

if TYPE_CHECKING:
    from index.library import Library

MAX_CASE_CHARS = 3_000_000  # about 1,500 pages; beyond this a file is refused, not half indexed


def index_text(case: Case, section: str, text: str) -> str:
    return "\n".join(x for x in (case.title, section, text) if x)


def ingest(lib: Library, paths: list[Path], progress=None) -> IngestReport:
    """Add or replace the cases in files and folders; unchanged files are skipped, bad ones reported."""
    if lib.classifier is None:
        raise LibraryError("Ingest needs the needs classifier; run `make train` first.")
    report = IngestReport()
    started = time.perf_counter()
    files = list(iter_files([Path(p) for p in paths]))
    for p in paths:
        if not Path(p).exists():
            report.failed.append((str(p), f"No such file or folder: {p}."))
    files = [f for f in files if f.exists()]
    with lib.writing() as (con, vectors):
        for n, path in enumerate(files, 1):
            if progress:
                progress(n, len(files), path.name)
            try:
                cases = read_path(path)
            except InputError as err:
                report.failed.append((path.name, str(err)))
                continue
            for case in cases:
                ingest_case(lib, con, vectors, case, report)
    report.seconds = time.perf_counter() - started
    return report


def ingest_cases(lib: Library, cases: list[Case]) -> IngestReport:
    """Add or replace cases made in the app (a saved note, say) rather than read from files."""
    if lib.classifier is None:
        raise LibraryError("Ingest needs the needs classifier; run `make train` first.")
    report = IngestReport()
    started = time.perf_counter()
    with lib.writing() as (con, vectors):
        for case in cases:
            ingest_case(lib, con, vectors, case, report)
    report.seconds = time.perf_counter() - started
    return report


def ingest_case(lib: Library, con, vectors: VectorIndex, case: Case, report: IngestReport) -> None:
    row = con.execute("SELECT source_hash FROM cases WHERE id = ?", (case.id,)).fetchone()
    if row is not None and row[0] == case.source_hash:
        report.skipped.append(case.id)
        return
    if len(case.text) > MAX_CASE_CHARS:
        report.failed.append((case.source or case.id, f"{case.source or case.id} has {len(case.text):,} characters; "
                              f"the limit is {MAX_CASE_CHARS:,} per document."))
        return
    if not case.language:
        case = replace(case, language=detect_language(case.text[:4000]))
    if row is not None:
        vectors.remove(np.array(store.delete_case(con, case.id), dtype=np.int64))
    passages = make_passages(case)
    if not passages:
        report.failed.append((case.source or case.id, f"{case.source or case.id} has no text to index."))
        return
    store.insert_case(con, case)
    first = store.next_pid(con)
    pids = np.arange(first, first + len(passages), dtype=np.int64)
    per_passage = [segment(p.text) for p in passages]
    needs, stmt_vecs = lib.classifier.classify([s for ss in per_passage for s in ss])
    vecs = passage_vectors(lib, case.title, [p.text for p in passages], split_rows(stmt_vecs, [len(ss) for ss in per_passage]))
    at = 0
    for pid, p, stmts in zip(pids, passages, per_passage):
        mine = needs[at : at + len(stmts)]
        at += len(stmts)
        n = {lab: sum(x.label == lab for x in mine) for lab in NEED_LABELS}
        tokens = " ".join(tokenize(index_text(case, p.section, p.text)))
        con.execute("INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?)",
                    (int(pid), case.id, p.ordinal, p.section, p.text, tokens, n["explicit"], n["organisational"], n["personal"]))
        con.executemany("INSERT INTO statements VALUES (?,?,?,?,?,?,?,?,?)", [
            (int(pid), i, x.statement.text, x.label, x.confidence, x.stakeholder, int(x.compliance_risk),
             x.statement.start, x.statement.end) for i, x in enumerate(mine)])
    vectors.add(pids, vecs)
    report.passages += len(passages)
    (report.updated if row is not None else report.added).append(case.id)


def passage_vectors(lib: Library, title: str, texts: list[str], statement_vectors: list[np.ndarray]) -> np.ndarray:
    """The stored vector of each passage: index/vectorise.py's vector, centred for the passage's language."""
    vecs = plain_passage_vectors(lib.embedder, title, texts, statement_vectors)
    return lib.centres.centre(vecs, [detect_language(title + " " + t[:2000]) for t in texts])
