"""index/fusion.py: weighted reciprocal rank fusion, grouping passages per case, snippets with marked terms."""
from __future__ import annotations

import pytest

from index.fusion import RRF_K, group_by_case, rrf, snippet


def test_rrf_by_hand():
    fused = rrf([[1, 2, 3], [3, 1]], [1.0, 0.5])
    assert fused == pytest.approx({
        1: 1 / 61 + 0.5 / 62,
        2: 1 / 62,
        3: 1 / 63 + 0.5 / 61,
    })
    assert RRF_K == 60


def test_rrf_with_other_k_and_order():
    fused = rrf([[7, 8]], [2.0], k=1)
    assert fused == pytest.approx({7: 2 / 2, 8: 2 / 3})
    assert max(fused, key=fused.get) == 7


def test_rrf_agreement_beats_a_single_first_place():
    fused = rrf([[1, 2], [3, 2]], [1.0, 1.0])
    assert max(fused, key=fused.get) == 2  # second in both lists beats first in one


def test_rrf_of_nothing_is_empty():
    assert rrf([], []) == {} and rrf([[]], [1.0]) == {}


def test_group_by_case_ranks_cases_by_best_passage_and_keeps_two():
    scores = {1: 0.9, 2: 0.5, 3: 0.8, 4: 0.7, 5: 0.6}
    case_of = {1: "a", 2: "a", 3: "b", 4: "a", 5: "b"}
    assert group_by_case(scores, case_of) == [("a", 0.9, [1, 4]), ("b", 0.8, [3, 5])]
    assert group_by_case(scores, case_of, per_case=1) == [("a", 0.9, [1]), ("b", 0.8, [3])]


def test_group_by_case_joins_language_versions_into_one_story():
    scores = {1: 0.4, 2: 0.9, 3: 0.3, 4: 0.5}
    case_of = {1: "x-en", 2: "x-zh", 3: "x-zh", 4: "y-en"}
    story = {"x-en": "x-en", "x-zh": "x-en", "y-en": "y-en"}
    groups = group_by_case(scores, case_of, story_of=story)
    assert groups == [("x-zh", 0.9, [2, 3]), ("y-en", 0.5, [4])]  # shown as the version that scored best


def test_group_by_case_ties_break_by_id():
    groups = group_by_case({1: 0.5, 2: 0.5}, {1: "b", 2: "a"})
    assert [g[0] for g in groups] == ["a", "b"]


def test_group_by_case_of_nothing():
    assert group_by_case({}, {}) == []


def test_snippet_marks_terms_case_insensitively():
    out = snippet("The CFO worries about Cash Flow.", ["cash", "cfo"])
    assert out == "The **CFO** worries about **Cash** Flow."


def test_snippet_marks_the_longest_term_first():
    assert snippet("cash flow problems", ["cash", "cash flow"]) == "**cash flow** problems"


def test_snippet_windows_around_the_first_match_with_ellipses():
    text = "filler " * 100 + "the roaming outage was fixed in 31 minutes " + "tail " * 100
    out = snippet(text, ["roaming"], width=120)
    assert out.startswith("…") and out.endswith("…")
    assert "**roaming**" in out
    assert len(out.replace("**", "")) <= 120 + 2


def test_snippet_marks_chinese_terms():
    out = snippet("客户的现金流非常紧张，需要预付款。", ["现金流", "预付款"])
    assert out == "客户的**现金流**非常紧张，需要**预付款**。"


def test_snippet_without_terms_is_the_start_of_the_text():
    assert snippet("a  b\n c", []) == "a b c"
    assert snippet("x" * 300, [], width=200) == "x" * 200 + "…"


def test_snippet_escapes_existing_asterisks():
    assert snippet("5* hotel for the CFO", ["cfo"]) == "5\\* hotel for the **CFO**"


def test_snippet_marks_english_terms_only_as_whole_words():
    assert snippet("Internet traffic on the core net doubled", ["net"]) == "Internet traffic on the core **net** doubled"


def test_snippet_ignores_one_and_two_letter_latin_terms():
    assert snippet("The CEO's plan", ["s", "ceo"]) == "The **CEO**'s plan"


def test_a_story_is_shown_in_the_preferred_language_when_that_version_matched():
    scores = {1: 0.9, 2: 0.8, 3: 0.5}
    case_of = {1: "s-zh", 2: "s-en", 3: "other-en"}
    story_of = {"s-zh": "s-en", "s-en": "s-en", "other-en": "other-en"}
    language_of = {"s-zh": "zh", "s-en": "en", "other-en": "en"}
    plain = group_by_case(scores, case_of, story_of=story_of)
    assert [(c, s) for c, s, _ in plain] == [("s-zh", 0.9), ("other-en", 0.5)]
    preferred = group_by_case(scores, case_of, story_of=story_of, prefer="en", language_of=language_of)
    assert [(c, s, p) for c, s, p in preferred] == [("s-en", 0.9, [2]), ("other-en", 0.5, [3])]


def test_cases_tied_to_three_decimals_go_by_their_second_passage():
    case_of = {1: "b-case", 2: "b-case", 3: "a-case", 4: "a-case", 5: "c-case", 6: "c-case"}
    # b and a tie as shown (0.926); b has the stronger second passage. c is ahead by more than a tie, with a weak second.
    scores = {1: 0.92601, 2: 0.80, 3: 0.92649, 4: 0.30, 5: 0.931, 6: 0.01}
    assert [c for c, _, _ in group_by_case(scores, case_of)] == ["c-case", "b-case", "a-case"]
    # without a second passage a tie falls back to the case id
    assert [c for c, _, _ in group_by_case({1: 0.5001, 3: 0.5004}, case_of)] == ["a-case", "b-case"]
