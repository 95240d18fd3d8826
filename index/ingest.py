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
from corpus.records import Case, SkippedRow
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


BATCH_FILES = 200  # files per committed batch: a kill loses at most the batch being written


def ingest(lib: Library, paths: list[Path], progress=None, replace_ids: bool = False) -> IngestReport:
    """Add or update the cases in files and folders; unchanged files are skipped, bad ones reported.

    Files are read and committed in batches (one new generation each), so a large ingest shows progress on disk
    and a kill loses at most the current batch. A case whose id another file already holds is a conflict, reported
    with both file names, unless `replace_ids` lets the new file take the id over."""
    if lib.classifier is None:
        raise LibraryError("Ingest needs the needs classifier; run `make train` first.")
    report = IngestReport()
    started = time.perf_counter()
    for p in paths:
        if not Path(p).exists():
            report.failed.append((str(p), f"No such file or folder: {p}."))
    files = [f for f in iter_files([Path(p) for p in paths]) if f.exists()]
    seen: dict[str, str] = {}  # id -> the file that claimed it in this ingest
    for first in range(0, len(files), BATCH_FILES):
        batch: list[Case] = []
        for n, path in enumerate(files[first : first + BATCH_FILES], first + 1):
            if progress:
                progress(n, len(files), path.name)
            rows: list[SkippedRow] = []
            try:
                batch += read_path(path, rows)
            except InputError as err:
                report.failed.append((path.name, str(err)))  # names the first bad row when none was usable
            else:
                report.skipped_rows += rows
        if batch:
            with lib.writing() as (con, vectors):
                ingest_batch(lib, con, vectors, batch, report, replace_ids, seen)
    report.seconds = time.perf_counter() - started
    return report


def ingest_cases(lib: Library, cases: list[Case]) -> IngestReport:
    """Add or update cases made in the app (a saved note, say) rather than read from files."""
    if lib.classifier is None:
        raise LibraryError("Ingest needs the needs classifier; run `make train` first.")
    report = IngestReport()
    started = time.perf_counter()
    with lib.writing() as (con, vectors):
        ingest_batch(lib, con, vectors, cases, report, replace_ids=True, seen={})
    report.seconds = time.perf_counter() - started
    return report


def _conflict(case: Case, stored_source: str | None, seen: dict[str, str], replace_ids: bool) -> str | None:
    """Why this case may not take its id, or None: another file of this ingest, or of the library, holds it."""
    name = case.source or case.id
    if case.id in seen:
        return (f"{name}: the id {case.id!r} is already used by {seen[case.id]} in this ingest; "
                "give one of them another id.")
    if stored_source is not None and not replace_ids and stored_source != (case.source or ""):
        return (f"{name}: the id {case.id!r} already belongs to {stored_source or 'a case in the library'}; "
                "give the file another id, or ingest it with --replace to take the id over.")
    return None


def _stored(con, ids: list[str], chunk: int = 500) -> dict[str, tuple[str, str]]:
    """(source hash, source) of the cases already stored under these ids: a few queries, not one a case (each is a
    round trip on a server library)."""
    unique, out = list(dict.fromkeys(ids)), {}
    for i in range(0, len(unique), chunk):
        part = unique[i : i + chunk]
        sql = f"SELECT id, source_hash, source FROM cases WHERE id IN ({','.join('?' * len(part))})"
        out.update({r[0]: (r[1], r[2]) for r in con.execute(sql, part).fetchall()})
    return out


def ingest_batch(lib: Library, con, vectors: VectorIndex, cases: list[Case], report: IngestReport,
                 replace_ids: bool, seen: dict[str, str]) -> None:
    """Store a batch of cases in one writer: every statement of the batch is labelled and embedded in one call."""
    todo: list[tuple[Case, bool, list, list]] = []
    stored = _stored(con, [c.id for c in cases])
    for case in cases:
        row = stored.get(case.id)
        why = _conflict(case, row[1] if row is not None else None, seen, replace_ids)
        if why:
            report.failed.append((case.source or case.id, why))
            continue
        seen[case.id] = case.source or case.id
        if row is not None and row[0] == case.source_hash:
            report.skipped.append(case.id)
            continue
        if len(case.text) > MAX_CASE_CHARS:
            report.failed.append((case.source or case.id, f"{case.source or case.id} has {len(case.text):,} characters; "
                                  f"the limit is {MAX_CASE_CHARS:,} per document."))
            continue
        if not case.language:
            case = replace(case, language=detect_language(case.text[:4000]))
        passages = make_passages(case)
        if not passages:
            report.failed.append((case.source or case.id, f"{case.source or case.id} has no text to index."))
            continue
        todo.append((case, row is not None, passages, [segment(p.text) for p in passages]))
    flat = [s for _, _, _, per_passage in todo for ss in per_passage for s in ss]
    needs, stmt_vecs = lib.classifier.classify(flat)
    at = 0
    for case, existed, passages, per_passage in todo:
        count = sum(len(ss) for ss in per_passage)
        store_case(lib, con, vectors, case, existed, passages, per_passage, needs[at : at + count], stmt_vecs[at : at + count])
        at += count
        report.passages += len(passages)
        (report.updated if existed else report.added).append(case.id)


def store_case(lib: Library, con, vectors: VectorIndex, case: Case, existed: bool, passages, per_passage,
               needs, stmt_vecs: np.ndarray) -> None:
    """Write one case's rows, keywords and passage vectors, replacing an older version of it."""
    if existed:
        vectors.remove(np.array(store.delete_case(con, case.id), dtype=np.int64))
    store.insert_case(con, case)
    first = store.next_pid(con)
    pids = np.arange(first, first + len(passages), dtype=np.int64)
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


def passage_vectors(lib: Library, title: str, texts: list[str], statement_vectors: list[np.ndarray]) -> np.ndarray:
    """The stored vector of each passage: index/vectorise.py's vector, centred for the passage's language."""
    vecs = plain_passage_vectors(lib.embedder, title, texts, statement_vectors)
    return lib.centres.centre(vecs, [detect_language(title + " " + t[:2000]) for t in texts])
