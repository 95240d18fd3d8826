"""Search on a one-language-per-story library: cross-language retrieval, scores with a meaning, kinds kept apart,
and the trainer view (features/maps.py): one entry per story, curated need types, a map by topic."""
from __future__ import annotations

import numpy as np

from corpus.records import Case
from features.maps import case_map, case_needs, curated_needs, need_summary, shown_passages, story_cases
from index.ranking import NO_CLOSE_MATCH
from index.records import Filters
from tests.test_library import HYPER_EN, HYPER_ZH, NIGERIA_EN, NIGERIA_ZH, VENEZUELA_EN, VENEZUELA_ZH

OFF_TOPIC = ("how do I repot an orchid without hurting the roots", "红烧肉怎么做才不腻")


def one_language(library):
    """Keep one version per story: Nigeria in Chinese only, the other two in English only."""
    library.remove([NIGERIA_EN, HYPER_ZH, VENEZUELA_ZH])
    return library


def test_an_english_query_finds_the_chinese_only_case_first(library_copy):
    lib = one_language(library_copy)
    for mode in ("hybrid", "dense"):
        hits = lib.search("the equipment room overheated at night after the mains power failed", 3, mode=mode)
        assert hits[0].id == NIGERIA_ZH, (mode, [h.id for h in hits])


def test_a_chinese_query_finds_the_english_only_case_first(library_copy):
    lib = one_language(library_copy)
    hits = lib.search("本币急剧贬值，客户拿不出美元付款，供应商怎么收回货款", 3)
    assert hits[0].id == HYPER_EN, [h.id for h in hits]


def test_scores_are_relevances_and_off_topic_queries_score_below_the_threshold(small_library):
    on = small_library.search("minister's roaming outage restored within half an hour", 3)
    assert on[0].score >= NO_CLOSE_MATCH and all(0.0 <= h.score <= 1.0 for h in on)
    assert [h.score for h in on] == sorted((h.score for h in on), reverse=True)
    for query in OFF_TOPIC:
        off = small_library.search(query, 3)
        assert off and off[0].score < NO_CLOSE_MATCH, (query, off[0].score)
        assert on[0].score - off[0].score >= 0.25


def test_similar_cases_come_from_cases_not_from_saved_notes(library_copy, embedder):
    note_text = "## Notes\nThe equipment room lost its cooling when the mains power failed at night; engineers came within hours.\n"
    library_copy.ingest_cases([Case(id="note-cooling", title="Visit: cooling failure", text=note_text, kind="note",
                                    language="en", source="app", source_hash="h1")])
    vec = embedder.embed(["equipment room lost cooling after a power failure at night"], "query")
    ids = [h.id for h in library_copy.similar(vec, k=6)[0]]
    assert "note-cooling" not in ids and library_copy.story_of(ids[0]) == library_copy.story_of(NIGERIA_EN)
    assert [h.id for h in library_copy.similar(vec, k=3, filters=Filters(kind="note"))[0]] == ["note-cooling"]
    assert library_copy.similar(vec, k=3, filters=Filters(kind="case"))[0][0].score > NO_CLOSE_MATCH


def test_similar_scores_spread_between_the_matching_case_and_the_rest(small_library, embedder):
    vec = embedder.embed(["the minister could not use roaming abroad and it was fixed in half an hour"], "query")
    hits = small_library.similar(vec, k=3)[0]
    assert len(hits) == 3 and hits[0].id.startswith("venezuela")
    assert hits[0].score - hits[-1].score > 0.3


def test_stories_count_once_in_the_language_asked_for(small_library):
    en, zh = story_cases(small_library, lang="en"), story_cases(small_library, lang="zh")
    assert len(en) == len(zh) == 3 and {c.language for c in en} == {"en"} and {c.language for c in zh} == {"zh"}
    assert sum(r.stories for r in need_summary(small_library, en) if r.need == "explicit") == 3


def test_need_types_follow_the_curated_labels(small_library):
    assert curated_needs(small_library, HYPER_EN) == {"explicit", "organisational"}  # "Personal: none recorded"
    assert curated_needs(small_library, HYPER_ZH) == {"explicit", "organisational"}
    assert "personal" in case_needs(small_library, NIGERIA_EN)
    personal = {c.id for c in story_cases(small_library, Filters(need="personal"), "en")}
    assert personal == {NIGERIA_EN, VENEZUELA_EN}


def test_the_map_places_one_point_per_story_by_topic_and_follows_filters(small_library):
    points = case_map(small_library, story_cases(small_library, lang="en"))
    assert len(points) == 3 and {p.id for p in points} == {HYPER_EN, NIGERIA_EN, VENEZUELA_EN}
    assert np.isfinite([p.x for p in points]).all()
    assert case_map(small_library, story_cases(small_library, Filters(need="personal"), "en")) == []  # too few to map


def test_shown_case_text_never_claims_a_need_type_its_file_does_not_list(small_library):
    raw = [s["label"] for p in small_library.case_passages(HYPER_EN) for s in p["statements"]]
    shown = [s for p in shown_passages(small_library, HYPER_EN) for s in p.statements]
    assert "personal" in raw  # the classifier sees a personal line; the file says "Personal: none recorded"
    assert len(shown) == len(raw) and {s.label for s in shown} == {"explicit", "organisational", "none"}
    nigeria = [s.label for p in shown_passages(small_library, NIGERIA_EN) for s in p.statements]
    assert "personal" in nigeria  # curated as personal: kept
    first = shown_passages(small_library, HYPER_EN)[0]
    assert all(first.text[s.start:s.end] == s.text for s in first.statements[:3])


def test_the_search_need_filter_follows_what_a_case_is_about(small_library):
    ids = {h.id for h in small_library.search("network operator payment", 10, Filters(need="personal"))}
    assert ids and not ids & {HYPER_EN, HYPER_ZH}  # its file records no personal need
    assert small_library.case_needs()[HYPER_ZH] == {"explicit", "organisational"}
