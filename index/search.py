"""Searching a library: the query's vector, candidate passages with their features, relevance, hits per case story.

Functions over a Library's public methods; Library.search / similar / features call them. The scoring
model is index/ranking.py, the language centring index/centring.py.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from index import store
from index.errors import LibraryError
from index.fusion import group_by_case, snippet
from index.keywords import tokenize
from index.ranking import MODES, merge_candidates, relevance, top_positive
from index.records import Filters, Hit
from nlp.records import NEED_LABELS
from nlp.text.language import detect_language

if TYPE_CHECKING:
    from index.library import Library, Snapshot


def _countable(terms: list[str]) -> list[str]:
    """The distinct terms that count: Latin ones of three letters or more, Chinese ones of two characters or more."""
    return [t for t in set(terms) if len(t) >= (3 if t.isascii() else 2)]


def _held(text: str, countable: list[str]) -> int:
    """How many of the countable query terms a passage holds."""
    low = text.lower()
    return sum(t in low for t in countable)


def query_vector(lib: Library, query: str) -> np.ndarray:
    """The query's vector, centred for its language like the library's passages (1 x dim)."""
    return lib.centres.centre(lib.embedder.embed([query], "query"), [detect_language(query)])


def search(lib: Library, query: str, k: int = 10, filters: Filters = Filters(), mode: str = "hybrid") -> list[Hit]:
    """The k best cases for a query; each hit's score is a relevance in [0, 1] (index/ranking.py)."""
    query = " ".join(query.split())
    if not query:
        raise LibraryError("The search query is empty; type a few words to search for.")
    if mode not in MODES:
        raise LibraryError(f"Unknown search mode {mode!r}; valid modes: {', '.join(MODES)}.")
    if k < 1:
        raise LibraryError("k must be at least 1.")
    st = lib.snapshot()
    allowed = lib.allowed(filters)
    terms = tokenize(query)
    ids, cos, cover, other = features(lib, query, terms, allowed, max(100, 20 * k), mode, st)
    scores = dict(zip(ids.tolist(), relevance(cos, cover, other if mode == "hybrid" else None, mode).tolist()))
    return hits(lib, group_by_case(scores, st.case_of, per_case=4, story_of=st.story_of)[:k], terms)


def features(lib: Library, query: str, terms: list[str], allowed: np.ndarray | None = None, depth: int = 100,
             mode: str = "hybrid", st: Snapshot | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Candidate passage ids from both retrievers, with each one's centred cosine, BM25 coverage, and
    whether its case is in the other language than the query (1.0) or not (0.0).

    Public so that the relevance model can be fitted on what search sees (bench/search_calibration.py).
    """
    st = st or lib.snapshot()
    none = np.zeros(0, np.int64)
    dense_ids, dense_cos, qvec = none, np.zeros(0, np.float32), None
    if mode != "bm25":
        qvec = query_vector(lib, query)
        sc, ids = st.vectors.search(qvec, depth, allowed)
        keep = ids[0] >= 0 if len(ids) else np.zeros(0, bool)
        dense_ids, dense_cos = (ids[0][keep], sc[0][keep]) if len(ids) else (none, dense_cos)
    cover_all = st.bm25.coverage(terms)
    if allowed is not None:
        cover_all = np.where(np.isin(st.bm25_pids, allowed), cover_all, 0.0)
    kw_ids = st.bm25_pids[top_positive(cover_all, depth)] if mode != "dense" else none
    ids, unknown = merge_candidates(dense_ids, dense_cos, kw_ids)
    cos = np.zeros(len(ids), np.float32)
    cos[: len(dense_cos)] = dense_cos
    if qvec is not None and unknown.any():
        cos[unknown] = st.vectors.cosines(ids[unknown].astype(np.int64), qvec[0])
    rows = np.minimum(np.searchsorted(st.bm25_pids, ids), max(len(st.bm25_pids) - 1, 0))
    found = (st.bm25_pids[rows] == ids) if len(st.bm25_pids) else np.zeros(len(ids), bool)
    cover = np.where(found, cover_all[rows] if len(cover_all) else 0.0, 0.0)
    qlang = detect_language(query)
    langs = [st.language_of.get(st.case_of.get(int(i), ""), "") for i in ids]
    other = np.array([qlang != "mixed" and lang in ("zh", "en") and lang != qlang for lang in langs], dtype=np.float64)
    return ids, cos, cover, other


def similar(lib: Library, vectors: np.ndarray, k: int = 5, filters: Filters = Filters(), terms: list[str] | None = None,
            prefer: str | None = None, languages: list[str] | None = None) -> list[list[Hit]]:
    """For each query vector (a statement, or a whole note's mean), the k most similar cases by meaning.

    Vectors are raw embeddings; they are centred for their language (given, or read off the vector).
    Only cases (kind 'case') are searched unless the filters name another kind: a rep's saved
    notes are not past cases. `prefer` ('en' or 'zh') shows a case story in that language where
    the library has that version. Scores are relevances in [0, 1] like search scores.
    """
    st = lib.snapshot()
    if len(vectors) == 0 or st.vectors.size == 0:
        return [[] for _ in range(len(vectors))]
    if filters.kind is None:
        filters = replace(filters, kind="case")
    try:
        allowed = lib.allowed(filters)
    except LibraryError:
        return [[] for _ in range(len(vectors))]  # no case of that kind in the library
    centred = lib.centres.centre(vectors, languages)
    scores, ids = st.vectors.search(centred, max(200, 20 * k), allowed)  # deep enough to reach the other versions
    per_row = []
    for srow, irow in zip(scores, ids):
        keep = irow >= 0
        rel = relevance(srow[keep], np.zeros(int(keep.sum())), mode="dense")
        ranked = dict(zip(irow[keep].tolist(), rel.tolist()))
        per_row.append(group_by_case(ranked, st.case_of, story_of=st.story_of, prefer=prefer, language_of=st.language_of)[:k])
    fetched = _fetch(lib, [g for groups in per_row for g in groups])  # one round of queries for every row
    memo: dict = {}  # a note's statements share their cases: mark each passage once
    return [hits(lib, groups, terms or [], memo, fetched) for groups in per_row]


_CHUNK = 900  # bound parameters per query, under SQLite's oldest limit (999)


def _fetch(lib: Library, groups: list[tuple[str, float, list[int]]]) -> tuple[dict, dict, dict]:
    """The passages, cases and each case's need counts that ranked groups show: ({pid: row}, {id: Case}, {id: counts})."""
    pids = sorted({p for _, _, ps in groups for p in ps})
    ids = sorted({cid for cid, _, _ in groups})
    passages, cases, counts = {}, {}, {}
    for i in range(0, len(pids), _CHUNK):
        part = pids[i:i + _CHUNK]
        passages |= {r["pid"]: r for r in lib.rows(f"SELECT pid, text, section FROM passages WHERE pid IN "
                                                   f"({','.join('?' * len(part))})", part)}
    for i in range(0, len(ids), _CHUNK):
        part = ids[i:i + _CHUNK]
        rows = lib.rows("SELECT c.*, SUM(p.n_explicit) AS n_e, SUM(p.n_organisational) AS n_o, SUM(p.n_personal) AS n_p "
                        f"FROM cases c LEFT JOIN passages p ON p.case_id = c.id WHERE c.id IN ({','.join('?' * len(part))}) "
                        "GROUP BY c.id", part)  # one query for the cases and their need counts (a round trip on a server)
        cases |= {r["id"]: store.row_case(r) for r in rows}
        counts |= {r["id"]: (int(r["n_e"] or 0), int(r["n_o"] or 0), int(r["n_p"] or 0)) for r in rows}
    return passages, cases, counts


def hits(lib: Library, groups: list[tuple[str, float, list[int]]], terms: list[str],
         memo: dict | None = None, fetched: tuple[dict, dict, dict] | None = None) -> list[Hit]:
    """Hit records for ranked (case, score, passages) groups, each with a snippet of its passage holding most query terms.

    `memo` keeps each passage's term count and snippet across calls with the same terms; `fetched` is `_fetch` of
    groups that include these."""
    if not groups:
        return []
    memo = {} if memo is None else memo
    if "countable" not in memo:
        memo["countable"] = _countable(terms)
    passages, cases, counts = fetched or _fetch(lib, groups)

    def held(p: int) -> int:
        if ("held", p) not in memo:
            memo["held", p] = _held(passages[p]["text"], memo["countable"]) if p in passages else 0
        return memo["held", p]

    def marked(p: int) -> str:
        if ("snippet", p) not in memo:
            memo["snippet", p] = snippet(passages[p]["text"], terms)
        return memo["snippet", p]

    out = []
    for cid, score, ps in groups:
        # show the best passage that holds the most query terms; the title alone may have made the match
        counts_held = [held(p) for p in ps]
        shown = ps[counts_held.index(max(counts_held))]
        ps = [shown] + [p for p in ps if p != shown]
        c, best = cases.get(cid), passages.get(shown)
        if c is None or best is None:
            continue
        out.append(Hit(
            id=c.id, title=c.title, score=score, snippet=marked(shown), outcome=c.outcome,
            language=c.language, industry=c.industry, region=c.region, year=c.year, tags=c.tags, kind=c.kind,
            customer=c.customer, section=best["section"] or "", translation=c.translation,
            needs=dict(zip(NEED_LABELS, counts.get(cid, (0, 0, 0)))),
            passages=tuple(marked(p) for p in ps[1:3] if p in passages),
        ))
    return out
