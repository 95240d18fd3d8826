"""The BM25 statistics are updated by each write's delta (index/keyword_counts.py for the folder, the triggers of
index/pg/keyword_stats.py on the server): after many small writes of every kind, the keyword scores equal those of a
full recompute over every passage, on both backends."""
from __future__ import annotations

import numpy as np
import pytest

from corpus.records import Case
from index.keywords import BM25
from index.maintenance import check
from index.pg.keywords import TOP_SQL
from index.pg.library import PgLibrary

TEXTS = (
    "The operator wants the spare parts depot moved closer to the northern sites before winter.",
    "运维团队希望在冬季之前把备件仓库搬到北部站点附近，以减少停机时间。",
    "Budget pressure: the finance director must cut opex by a tenth and fears the audit.",
    "zebra zebra zebra zebra zebra",  # one passage holding a new term many times: it sets the top weight
    "A short note.",
)
QUERIES = (["spare", "parts", "depot"], ["备件", "仓库"], ["zebra"], ["audit", "quasar"], ["network", "power", "night"],
           ["roaming"], ["quasar"])


def _case(i: int, text: str) -> Case:
    return Case(id=f"delta-{i}", title=f"Delta case {i}", text=text, language="zh" if "备件" in text else "en",
                industry="telecom", year=2020)


def _writes(library) -> None:
    """Eleven small writes: adds, a replacement with other text, removals (of a new case and of a built-in one)."""
    for i, text in enumerate(TEXTS):
        library.ingest_cases([_case(i, text)])
    library.ingest_cases([_case(0, "The operator now wants the depot in the capital instead; spare parts stay.")])
    library.remove(["delta-3"])  # the passage with the top weight goes: the next best must take over
    library.ingest_cases([_case(5, TEXTS[0] + " " + TEXTS[2]), _case(6, TEXTS[1])])
    built_in = sorted(c.id for c in library.cases() if not c.id.startswith("delta-"))[0]
    library.remove([built_in])
    library.remove(["delta-4"])
    library.ingest_cases([_case(7, "zebra zebra crossing near the depot")])


def _full_coverage(library, terms: list[str]) -> np.ndarray:
    """Coverage of the query from statistics recomputed over every passage, aligned with the snapshot's pids."""
    st = library.snapshot()
    if isinstance(library, PgLibrary):
        from index.pg.retrieval import ServerKeywords

        n, avgdl, top = library.rows(TOP_SQL)[0]
        return ServerKeywords(library, st.bm25_pids, int(n), float(avgdl), float(top)).coverage(terms)
    rows = library.rows("SELECT pid, tokens FROM passages ORDER BY pid")
    assert [r[0] for r in rows] == st.bm25_pids.tolist()
    return BM25.build([(r[1] or "").split() for r in rows]).coverage(terms)


def test_scores_after_many_small_writes_equal_a_full_recompute(library):
    _writes(library)
    st = library.snapshot()
    assert len(st.bm25_pids) == library.stats().passages
    for terms in QUERIES:
        kept, full = st.bm25.coverage(terms), _full_coverage(library, terms)
        assert np.allclose(kept, full, rtol=1e-6, atol=1e-7), terms
        assert (kept > 0).sum() == (full > 0).sum(), terms
    assert st.bm25.coverage(["zebra"]).max() > 0  # the last write's new term is found
    if isinstance(library, PgLibrary):
        n, avgdl, top = library.rows(TOP_SQL)[0]
        assert (st.bm25.n, st.bm25.avgdl, st.bm25.top) == (int(n), pytest.approx(avgdl, rel=1e-12), pytest.approx(top, rel=1e-12))
    else:
        full = BM25.build([(r[1] or "").split() for r in library.rows("SELECT pid, tokens FROM passages ORDER BY pid")])
        assert set(st.bm25.vocab) == set(full.vocab)  # a term no passage holds any more has left
        assert float(st.bm25.term_max.max()) == pytest.approx(float(full.term_max.max()), rel=1e-6)
    assert check(library) == []


def test_the_folder_counts_only_the_touched_passages(library, monkeypatch):
    """A write to a folder library does not read the tokens of the passages it did not touch."""
    if isinstance(library, PgLibrary):
        pytest.skip("the server's statistics are checked against TOP_SQL above")
    import index.writer as writer

    seen = []
    real = writer.keyword_counts.update

    def spy(vocab, tf, pids, dropped, added):
        seen.append(len(added))
        return real(vocab, tf, pids, dropped, added)

    monkeypatch.setattr(writer.keyword_counts, "update", spy)
    before = library.stats().passages
    library.ingest_cases([_case(9, TEXTS[2])])
    assert seen and seen[-1] == library.stats().passages - before < before


def test_server_statistics_survive_repair_and_match_the_full_count(library):
    if not isinstance(library, PgLibrary):
        pytest.skip("server only")
    from index.pg.maintenance import repair

    _writes(library)
    kept = library.snapshot().bm25
    repair(library)
    again = library.snapshot().bm25
    assert (again.n, again.avgdl) == (kept.n, pytest.approx(kept.avgdl, rel=1e-12))
    assert again.top == pytest.approx(kept.top, rel=1e-12)
    n, avgdl, top = library.rows(TOP_SQL)[0]
    assert (int(n), float(top)) == (kept.n, pytest.approx(kept.top, rel=1e-12))


def test_a_folder_generation_without_counts_is_counted_whole_then_kept(library):
    """A library written before the counts were kept: its next write counts every passage, and saves the counts."""
    if isinstance(library, PgLibrary):
        pytest.skip("folder only")
    from index import keyword_counts

    (library.snapshot().gen / keyword_counts.FILE).unlink()
    library.ingest_cases([_case(8, TEXTS[0])])
    st = library.snapshot()
    tf = keyword_counts.load(st.gen / keyword_counts.FILE)
    assert tf is not None and tf.shape[0] == len(st.bm25_pids)
    full = _full_coverage(library, QUERIES[0])
    assert np.allclose(st.bm25.coverage(QUERIES[0]), full, rtol=1e-6, atol=1e-7) and full.max() > 0


def test_a_server_library_from_before_the_statistics_gains_them_on_the_next_write(library):
    """A server library written before the statistics tables: its next write adds them, counted from every posting."""
    if not isinstance(library, PgLibrary):
        pytest.skip("server only")
    from index.pg import keyword_stats
    from index.pg.connection import connect

    with connect(library.url, autocommit=True) as con:
        for name in keyword_stats._FUNCTIONS:
            con.execute(f"DROP FUNCTION keyword_{name}() CASCADE")  # its triggers go with it
        con.execute("DROP TABLE term_df, term_tf, passage_totals")
    _writes(library)
    st = library.snapshot()
    n, avgdl, top = library.rows(TOP_SQL)[0]
    assert (st.bm25.n, st.bm25.avgdl, st.bm25.top) == (int(n), pytest.approx(avgdl, rel=1e-12), pytest.approx(top, rel=1e-12))
    assert check(library) == []
