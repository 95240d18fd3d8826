"""index/library.py (with the check of index/maintenance.py): ingest, update, remove, filtered hybrid and
cross-language search, consistency, and writes that a killed writer cannot break."""
from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from index import generations as gens
from index.errors import LibraryError
from index.library import MODES, Library
from index.maintenance import check
from index.records import Filters
from tests.conftest import CASES, SMALL_CASES, SMALL_IDS, TEST_DATA

HYPER_EN, HYPER_ZH = "hyperinflation-local-currency-prepayment-en", "hyperinflation-local-currency-prepayment-zh"
NIGERIA_EN, NIGERIA_ZH = "nigeria-power-failure-night-en", "nigeria-power-failure-night-zh"
VENEZUELA_EN, VENEZUELA_ZH = "venezuela-roaming-31-minutes-en", "venezuela-roaming-31-minutes-zh"


# --- ingest ---------------------------------------------------------------------------------------
def test_small_library_holds_the_six_cases(small_library):
    assert sorted(c.id for c in small_library.cases()) == sorted(SMALL_IDS)
    stats = small_library.stats()
    assert stats["cases"] == 6 and stats["languages"] == {"en": 3, "zh": 3}
    assert stats["passages"] > 6 and stats["statements"] > stats["passages"]
    assert stats["embedder"] == "e5-small-q4-onnx" and stats["index"] == "exact (flat)"


def test_check_is_clean_after_ingest(small_library):
    assert check(small_library) == []


def test_reingesting_unchanged_files_skips_them(library_copy):
    report = library_copy.ingest(list(SMALL_CASES))
    assert sorted(report.skipped) == sorted(SMALL_IDS)
    assert report.added == [] and report.updated == [] and report.failed == []
    assert report.passages == 0
    assert check(library_copy) == []


def test_changed_file_is_updated_and_its_new_text_is_searchable(library_copy, tmp_path):
    changed = tmp_path / f"{NIGERIA_EN}.md"
    text = (CASES / f"{NIGERIA_EN}.md").read_text(encoding="utf-8")
    changed.write_text(text + "\n## Postscript\nThe zebra mascot of the field team became famous.\n", encoding="utf-8")
    before = library_copy.stats()["passages"]
    report = library_copy.ingest([changed, CASES / f"{HYPER_EN}.md"])
    assert report.updated == [NIGERIA_EN]
    assert report.skipped == [HYPER_EN]
    assert library_copy.stats()["passages"] > before
    assert library_copy.stats()["cases"] == 6  # replaced, not duplicated
    hits = library_copy.search("zebra mascot", 3, mode="bm25")
    assert hits and hits[0].id == NIGERIA_EN
    assert "**zebra**" in hits[0].snippet
    assert check(library_copy) == []


def test_corrupt_file_is_reported_by_name_and_the_rest_goes_in(embedder, classifier, tmp_path):
    library = Library(tmp_path / "lib", embedder, classifier)
    report = library.ingest([TEST_DATA / "corrupt.pdf", TEST_DATA / "case_front_matter.md", TEST_DATA / "cases.csv",
                             tmp_path / "missing.md"])
    assert report.added == ["billing-cutover-test", "csv-fibre", "csv-hospital"]
    failed = dict(report.failed)
    assert set(failed) == {"corrupt.pdf", str(tmp_path / "missing.md")}
    assert "corrupt" in failed["corrupt.pdf"]
    assert library.case("billing-cutover-test").industry == "telecom"
    assert check(library) == []


def test_ingest_without_a_classifier_is_refused(embedder, tmp_path):
    with pytest.raises(LibraryError, match="needs classifier"):
        Library(tmp_path / "lib", embedder).ingest([TEST_DATA / "case_front_matter.md"])


def test_statements_are_stored_with_labels_per_case(small_library):
    rows = small_library.statements(VENEZUELA_EN)
    assert rows and {r["label"] for r in rows} <= {"explicit", "organisational", "personal", "none"}
    counts = small_library.need_counts()[VENEZUELA_EN]
    assert counts == {lab: sum(r["label"] == lab for r in rows) for lab in ("explicit", "organisational", "personal")}


# --- remove ---------------------------------------------------------------------------------------
def test_remove_deletes_the_case_and_search_no_longer_returns_it(library_copy):
    assert NIGERIA_ZH in [h.id for h in library_copy.search("机房断电 空调", 6, Filters(language="zh"))]
    assert library_copy.remove([NIGERIA_ZH, "no-such-case"]) == [NIGERIA_ZH]
    assert library_copy.case(NIGERIA_ZH) is None
    assert library_copy.statements(NIGERIA_ZH) == []
    for mode in MODES:
        assert NIGERIA_ZH not in [h.id for h in library_copy.search("机房断电 空调", 6, mode=mode)]
    assert check(library_copy) == []


def test_removing_only_unknown_ids_raises(library_copy):
    with pytest.raises(LibraryError, match="No case with id nope"):
        library_copy.remove(["nope"])


# --- search and filters ---------------------------------------------------------------------------
def test_search_finds_the_right_story_in_every_mode(small_library):
    for mode in MODES:
        hits = small_library.search("minister roaming restored in 31 minutes", 3, mode=mode)
        assert small_library.story_of(hits[0].id) == small_library.story_of(VENEZUELA_EN), mode


def test_language_versions_are_grouped_into_one_hit(small_library):
    hits = small_library.search("network operator", 10)
    stories = [small_library.story_of(h.id) for h in hits]
    assert len(stories) == len(set(stories)) == 3
    assert small_library.story_of(HYPER_ZH) == small_library.story_of(HYPER_EN)


def test_hits_carry_metadata_and_a_marked_snippet(small_library):
    hit = small_library.search("power failure cooling", 1, Filters(language="en"))[0]
    assert hit.id == NIGERIA_EN
    assert hit.outcome == "won" and hit.year == 2013 and hit.industry == "telecom" and hit.language == "en"
    assert hit.region == "Africa" and hit.translation == NIGERIA_ZH and "power-failure" in hit.tags
    assert "**power**" in hit.snippet
    assert hit.score > 0 and hit.section
    d = hit.to_dict()
    assert {"id", "title", "score", "snippet", "outcome", "language", "needs", "more_passages"} <= set(d)
    json.dumps(d)


def test_snippet_of_the_best_hit_shows_a_query_term(small_library):
    hit = small_library.search("hyperinflation prepayment", 1, Filters(language="en"))[0]
    assert hit.id == HYPER_EN
    assert "**" in hit.snippet, hit.snippet


def test_lang_filter_returns_only_that_language(small_library):
    for lang in ("zh", "en"):
        hits = small_library.search("power failure at night", 10, Filters(language=lang))
        assert len(hits) == 3
        assert {h.language for h in hits} == {lang}


def test_cross_language_query_finds_the_chinese_version(small_library):
    hits = small_library.search("currency collapse and hyperinflation, how the supplier got paid", 3, Filters(language="zh"))
    assert hits[0].id == HYPER_ZH
    hits = small_library.search("currency collapse and hyperinflation", 3, Filters(language="zh"), mode="dense")
    assert hits[0].id == HYPER_ZH


def test_chinese_query_finds_the_english_version(small_library):
    hits = small_library.search("部长的国际漫游中断，三十分钟内恢复", 3, Filters(language="en"))
    assert hits[0].id == VENEZUELA_EN


def test_year_filter(small_library):
    hits = small_library.search("outage", 10, Filters(year_from=2014))
    assert {h.id for h in hits} <= {VENEZUELA_EN, VENEZUELA_ZH} and hits
    assert all(h.year <= 2012 for h in small_library.search("outage", 10, Filters(year_to=2012)))


def test_need_filter_keeps_cases_about_that_need(small_library):
    # what a case is about: its curated labels (index/case_needs.py), not whether the classifier found one line
    about = small_library.case_needs()
    hits = small_library.search("network", 10, Filters(need="explicit"))
    assert hits and all("explicit" in about[h.id] for h in hits)
    assert {h.id for h in small_library.search("network", 10, Filters(need="personal"))} <= {
        c for c, needs in about.items() if "personal" in needs}


def test_tag_filter(small_library):
    hits = small_library.search("network", 10, Filters(tags=("roaming",)))
    assert hits and {h.id for h in hits} <= {VENEZUELA_EN, VENEZUELA_ZH}


def test_valid_filter_value_with_no_cases_gives_no_hits(small_library):
    assert small_library.search("network", 5, Filters(outcome="lost")) == []


@pytest.mark.parametrize(
    ("filters", "named", "valid"),
    [
        (Filters(language="fr"), "language", "zh, en, mixed"),
        (Filters(industry="banking"), "industry", "telecom"),
        (Filters(outcome="maybe"), "outcome", "won, lost, ongoing"),
        (Filters(need="urgent"), "need", "explicit, organisational, personal"),
        (Filters(tags=("nope",)), "tags", "roaming"),
        (Filters(region="Mars"), "region", "Africa, Latin America"),
    ],
)
def test_unknown_filter_value_lists_valid_values(small_library, filters, named, valid):
    with pytest.raises(LibraryError) as err:
        small_library.search("network", 5, filters)
    assert f"Unknown {named}" in str(err.value)
    assert valid in str(err.value)


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_empty_query_raises(small_library, query):
    with pytest.raises(LibraryError, match="empty"):
        small_library.search(query)


def test_unknown_mode_and_bad_k_raise(small_library):
    with pytest.raises(LibraryError, match="hybrid, dense, bm25"):
        small_library.search("network", mode="fuzzy")
    with pytest.raises(LibraryError, match="at least 1"):
        small_library.search("network", k=0)


def test_k_limits_the_hits(small_library):
    assert len(small_library.search("network", 1)) == 1


def test_values_lists_what_filters_accept(small_library):
    values = small_library.values()
    assert values["industry"] == ["telecom"]
    assert values["year"] == [2010, 2013, 2015]
    assert values["region"] == ["Africa", "Latin America"]
    assert "roaming" in values["tags"]


def test_case_vectors_one_unit_vector_per_case(small_library, embedder):
    import numpy as np

    names, vecs = small_library.case_vectors()
    assert sorted(names) == sorted(SMALL_IDS)
    assert vecs.shape == (6, embedder.dim)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


def test_an_empty_library_searches_to_nothing(embedder, tmp_path):
    library = Library(tmp_path / "empty", embedder)
    assert library.search("anything") == []
    assert library.cases() == [] and check(library) == []


# --- on-disk safety -------------------------------------------------------------------------------
def test_library_built_with_another_embedder_is_refused(library_copy, embedder):
    config = library_copy.folder / "config.json"
    cfg = json.loads(config.read_text())
    cfg["embedder"] = "st:all-MiniLM-L6-v2"
    config.write_text(json.dumps(cfg))
    with pytest.raises(LibraryError) as err:
        Library(library_copy.folder, embedder)
    message = str(err.value)
    assert "st:all-MiniLM-L6-v2" in message and embedder.name in message
    assert "\n" not in message


def test_damaged_config_is_refused(library_copy, embedder):
    (library_copy.folder / "config.json").write_text("{oops")
    with pytest.raises(LibraryError, match="damaged"):
        Library(library_copy.folder, embedder)


def test_leftover_generation_of_a_killed_writer_is_harmless_and_cleaned(library_copy, embedder, classifier):
    folder = library_copy.folder
    junk = folder / "gen-999999"
    junk.mkdir()
    (junk / "library.sqlite").write_bytes(b"half written garbage")
    (junk / "vectors.faiss").write_bytes(b"\x00" * 10)

    reopened = Library(folder, embedder, classifier)
    assert reopened.search("roaming outage", 3)[0].id in (VENEZUELA_EN, VENEZUELA_ZH)
    assert check(reopened) == []

    reopened.remove([HYPER_EN])  # the next write
    assert not junk.exists()
    current = gens.current(folder)
    assert current is not None and current.name != "gen-999999"
    assert reopened.case(HYPER_EN) is None and check(reopened) == []


def test_writes_publish_new_generations_and_keep_only_two(library_copy):
    folder = library_copy.folder
    first = gens.current(folder).name
    library_copy.remove([HYPER_EN])
    library_copy.remove([HYPER_ZH])
    library_copy.remove([NIGERIA_EN])
    names = sorted(p.name for p in folder.glob("gen-*"))
    assert first not in names
    assert len(names) == 2 and gens.current(folder).name == names[-1]


def test_an_open_library_sees_writes_made_through_another_handle(library_copy, embedder, classifier):
    other = Library(library_copy.folder, embedder, classifier)
    assert library_copy.case(VENEZUELA_ZH) is not None
    other.remove([VENEZUELA_ZH])
    assert library_copy.case(VENEZUELA_ZH) is None


def test_check_reports_an_index_that_disagrees_with_the_database(library_copy, embedder):
    gen = gens.current(library_copy.folder)
    con = sqlite3.connect(gen / "library.sqlite")
    con.execute("DELETE FROM passages WHERE pid = (SELECT MIN(pid) FROM passages)")
    con.commit()
    con.close()
    problems = check(Library(library_copy.folder, embedder))
    assert any("vector index" in p for p in problems)
    assert any("keyword index" in p for p in problems)


def test_failed_write_leaves_the_published_library_untouched(library_copy, embedder, classifier):
    before = gens.current(library_copy.folder)
    with pytest.raises(RuntimeError):
        with library_copy.writing() as (con, _vectors):
            con.execute("DELETE FROM cases")
            raise RuntimeError("writer died")
    assert gens.current(library_copy.folder) == before
    assert sorted(p.name for p in library_copy.folder.glob("gen-*")) == [before.name]
    assert len(Library(library_copy.folder, embedder, classifier).cases()) == 6


def test_copy_of_a_library_opens_elsewhere(small_library, tmp_path, embedder):
    target = tmp_path / "moved"
    shutil.copytree(small_library.folder, target)
    assert len(Library(target, embedder).cases()) == 6
