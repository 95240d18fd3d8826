"""One behavioural suite for both library backends: the folder (SQLite + faiss + BM25) and the server
(PostgreSQL + pgvector). The `library` fixture (tests/pg_fixtures.py) gives each test a private copy of the
small library in either; results on the server must match the folder library they were copied from."""
from __future__ import annotations

import pytest

from index.errors import LibraryError
from index.library import MODES
from index.maintenance import check, forget
from index.records import Filters
from tests.conftest import CASES, SMALL_CASES, SMALL_IDS

NIGERIA_EN, NIGERIA_ZH = "nigeria-power-failure-night-en", "nigeria-power-failure-night-zh"
VENEZUELA_EN, HYPER_EN = "venezuela-roaming-31-minutes-en", "hyperinflation-local-currency-prepayment-en"
QUERIES = ("minister roaming restored in 31 minutes", "夜间机房断电 空调", "hyperinflation prepayment", "budget 现金流",
           "zebra quantum")
FILTERS = (Filters(), Filters(language="zh"), Filters(need="personal"), Filters(outcome="won", year_from=2010),
           Filters(tags=("power-failure",)))


def ranking(hits) -> list[tuple[str, float, str]]:
    return [(h.id, round(h.score, 4), h.snippet) for h in hits]


def test_copy_holds_the_six_cases_and_is_consistent(library, small_library):
    assert sorted(c.id for c in library.cases()) == sorted(SMALL_IDS)
    mine, source = library.stats(), small_library.stats()
    for key in ("cases", "passages", "statements", "languages", "embedder", "index"):
        assert getattr(mine, key) == getattr(source, key), key
    assert library.values() == small_library.values()
    assert library.need_counts() == small_library.need_counts()
    assert check(library) == []


@pytest.mark.parametrize("mode", MODES)
def test_search_ranks_as_the_folder_library_does(library, small_library, mode):
    for query in QUERIES:
        for f in FILTERS:
            assert ranking(library.search(query, 5, f, mode)) == ranking(small_library.search(query, 5, f, mode)), (query, f)
    hits = library.search("minister roaming restored in 31 minutes", 3, mode=mode)
    assert library.story_of(hits[0].id) == library.story_of(VENEZUELA_EN)


def test_filters_are_applied_before_ranking(library):
    hits = library.search("power failure at night", 10, Filters(language="zh"))
    assert len(hits) == 3 and {h.language for h in hits} == {"zh"}
    assert [h.id for h in library.search("power", 10, Filters(tags=("power-failure",)))] in ([NIGERIA_EN], [NIGERIA_ZH])
    with pytest.raises(LibraryError, match="Unknown outcome 'maybe'; valid values: won, lost"):
        library.search("power", 3, Filters(outcome="maybe"))


def test_similar_cases_match_the_folder_library(library, small_library, embedder):
    vectors = embedder.embed(["The minister wanted roaming back before the summit", "客户担心汇率损失"], "query")
    for prefer in (None, "zh"):
        mine = [[(h.id, round(h.score, 4)) for h in hits] for hits in library.similar(vectors, 3, prefer=prefer)]
        theirs = [[(h.id, round(h.score, 4)) for h in hits] for hits in small_library.similar(vectors, 3, prefer=prefer)]
        assert mine == theirs and mine[0]


def test_case_reads_match_the_folder_library(library, small_library):
    assert library.case(VENEZUELA_EN) == small_library.case(VENEZUELA_EN)
    assert library.statements(VENEZUELA_EN) == small_library.statements(VENEZUELA_EN)
    assert library.case_passages(NIGERIA_ZH) == small_library.case_passages(NIGERIA_ZH)
    names, vecs = library.case_vectors()
    names2, vecs2 = small_library.case_vectors()
    assert names == names2 and abs(vecs - vecs2).max() < 1e-5


def test_reingesting_unchanged_files_skips_them(library):
    report = library.ingest(list(SMALL_CASES))
    assert sorted(report.skipped) == sorted(SMALL_IDS) and report.passages == 0
    assert report.added == report.updated == report.failed == []


def test_changed_file_is_updated_and_its_new_text_is_searchable(library, tmp_path):
    changed = tmp_path / f"{NIGERIA_EN}.md"
    text = (CASES / f"{NIGERIA_EN}.md").read_text(encoding="utf-8")
    changed.write_text(text + "\n## Postscript\nThe zebra mascot of the field team became famous.\n", encoding="utf-8")
    before = library.stats().passages
    report = library.ingest([changed, CASES / f"{HYPER_EN}.md"])
    assert report.updated == [NIGERIA_EN] and report.skipped == [HYPER_EN]
    assert library.stats().passages > before and library.stats().cases == 6
    hits = library.search("zebra mascot", 3, mode="bm25")
    assert hits[0].id == NIGERIA_EN and "**zebra**" in hits[0].snippet
    assert check(library) == []


def test_remove_takes_the_case_out_of_every_search(library):
    assert library.remove([NIGERIA_ZH, "no-such-case"]) == [NIGERIA_ZH]
    assert library.case(NIGERIA_ZH) is None and library.statements(NIGERIA_ZH) == []
    for mode in MODES:
        assert NIGERIA_ZH not in [h.id for h in library.search("机房断电 空调", 6, mode=mode)]
    with pytest.raises(LibraryError, match="No case with id nope"):
        library.remove(["nope"])
    assert check(library) == []


def test_forget_leaves_nothing_searchable(library):
    assert forget(library, [VENEZUELA_EN]) == [VENEZUELA_EN]
    assert VENEZUELA_EN not in [c.id for c in library.cases()]
    assert all(h.id != VENEZUELA_EN for h in library.search("roaming minister", 6, mode="bm25"))
    assert check(library) == []


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_raises(library, query):
    with pytest.raises(LibraryError, match="empty"):
        library.search(query)


def test_shallow_candidates_get_their_cosine_and_coverage_alike(library, small_library):
    from index.keywords import tokenize

    query = "roaming minister budget 现金流"
    for mode in MODES:
        mine = library.features(query, tokenize(query), library.allowed(Filters(language="en")), 2, mode)
        theirs = small_library.features(query, tokenize(query), small_library.allowed(Filters(language="en")), 2, mode)
        assert mine[0].tolist() == theirs[0].tolist() and len(mine[0]), mode
        assert abs(mine[1] - theirs[1]).max(initial=0) < 1e-5 and abs(mine[2] - theirs[2]).max(initial=0) < 1e-6
        assert mine[3].tolist() == theirs[3].tolist()


def test_a_filter_kept_between_searches_follows_the_next_write(library):
    zh = Filters(language="zh")
    first = library.allowed(zh)
    assert library.allowed(zh) is first and not first.flags.writeable  # kept for the generation, shared read-only
    assert library.remove([NIGERIA_ZH]) == [NIGERIA_ZH]
    after = library.allowed(zh)
    assert 0 < len(after) < len(first)
    assert NIGERIA_ZH not in [h.id for h in library.search("机房断电 空调", 6, zh)]
