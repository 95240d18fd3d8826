"""Need merging across meetings (issue 15): the explicit / organisational clash, the lone statement that joins its
best match's need, and the merged needs of our account sets with the real model."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from features.accounts.evaluate import evaluate_accounts
from features.accounts.languages import centres_for, cross_language_cosines
from features.accounts.mentions import mentions_in
from features.accounts.need_scores import label_clash, pair_scores, standardise
from features.accounts.needs import (
    SAME_MEETING,
    SAME_NEED,
    attach_singletons,
    join_restatements,
    merge_needs,
    mutual_links,
    need_text,
    scored_items,
)
from features.accounts.records import Meeting, StoredStatement
from features.accounts.service import add_note
from features.accounts.store import AccountStore
from index.centring import Centres

ROOT = Path(__file__).resolve().parents[1]


def test_clash_only_between_an_ask_and_a_pressure():
    clash = label_clash(["explicit", "organisational", "explicit", "none", "personal"])
    assert clash[0, 1] == clash[1, 0] == 1.0 and clash[2, 1] == 1.0
    assert clash[0, 2] == 0.0 and clash[1, 3] == 0.0 and clash[3, 4] == 0.0 and clash[0, 0] == 0.0


def test_clash_lowers_the_pair_score():
    vecs = np.eye(3)[[0, 0, 0]]
    texts = ["alpha", "alpha", "alpha"]
    score = pair_scores(vecs, texts, ["m1", "m2", "m3"], ["explicit", "organisational", "explicit"])
    assert score[0, 1] < score[0, 2]


def test_lone_statement_joins_the_need_of_its_best_match():
    # rows 0, 1 are one need across m1 / m2; row 2 (m2 again) and row 3 (m3) are alone
    sim = np.array([[0, .95, .97, .5], [.95, 0, .4, .5], [.97, .4, 0, .5], [.5, .5, .5, 0]], dtype=float)
    labels = mutual_links(np.eye(4), ["m1", "m2", "m2", "m3"], 0.9, sim)
    assert labels[0] == labels[2] and labels[1] != labels[0]  # mutual best: 0 with 2, and one per meeting
    joined = attach_singletons(labels, sim, ["m1", "m2", "m2", "m3"], 0.94)
    assert joined[1] == joined[0] == joined[2]  # 1 joins beside 2 of its own meeting
    assert joined[3] != joined[0]  # 0.5 is not the same need
    assert attach_singletons(labels, sim, ["m1", "m2", "m2", "m3"], 0.99)[1] != labels[0]


def test_alignment_pairs_a_statement_whose_best_partner_was_taken():
    # m1 holds rows 0, 1; m2 rows 2, 3. Row 1's best (2) is taken by the stronger pair 0-2, and row 3's best is 1:
    # one-to-one matching links 1 with 3, which mutual best alone would have left apart
    sim = np.array([[0, .99, .99, .5], [.99, 0, .97, .95], [.99, .97, 0, .3], [.5, .95, .3, 0]], dtype=float)
    labels = mutual_links(np.eye(4), ["m1", "m1", "m2", "m2"], 0.9, sim)
    assert labels[0] == labels[2] and labels[1] == labels[3] and labels[0] != labels[1]
    assert len(set(mutual_links(np.eye(4), ["m1", "m1", "m2", "m2"], 0.96, sim))) == 3  # 1-3 under the cut


def test_a_need_restated_in_one_meeting_joins_when_both_are_each_others_best():
    # rows 0, 1 of m1 say one need twice (each the other's best); row 2 of m2 was aligned with row 0
    sim = np.array([[0, 4.0, 3.0, 0], [4.0, 0, 2.0, 0], [3.0, 2.0, 0, 0], [0, 0, 0, 0]], dtype=float)
    groups = ["m1", "m1", "m2", "m3"]
    assert join_restatements([0, 1, 0, 2], sim, groups, 3.5) == [0, 0, 0, 2]
    assert join_restatements([0, 1, 0, 2], sim, groups, 4.5) == [0, 1, 0, 2]  # under the cut
    weaker = sim.copy()
    weaker[1, 3] = weaker[3, 1] = 4.2  # row 1's best is now in m3: not a restatement of row 0
    assert join_restatements([0, 1, 0, 2], weaker, groups, 3.5) == [0, 1, 0, 2]
    # the two needs both hold a statement of m2: joining them would put two m2 statements together by the back door
    assert join_restatements([0, 1, 0, 1], sim, ["m1", "m1", "m2", "m2"], 3.5) == [0, 1, 0, 1]
    assert 3.0 < SAME_MEETING <= 4.0


def test_lone_statement_does_not_join_another_lone_statement():
    sim = np.array([[0, .99], [.99, 0]], dtype=float)
    assert attach_singletons([0, 1], sim, ["m1", "m1"], 0.9) == [0, 1]


def test_needs_merged_on_the_tuned_and_held_out_sets(classifier):
    """The figures of corpus/accounts since it holds ten accounts (0.795 / 0.659 with one-to-one matching, a need
    restated in one meeting joined and a budget said again taken as a need; the three added in round 7 carry needs said again across languages, in paraphrase
    and look-alike needs) and held-out 0.917 / 0.917, less a small margin; a split need's error names the pair that
    did not join. With the model retrained on round 12's forty more real-style notes, which label a few of these
    statements differently, corpus/accounts gives 0.773 / 0.630 (round 11: 0.784 / 0.644); with round 13's ten more,
    0.757 / 0.622 (the merging code unchanged). With round 16's ten more (r16a), which raised nine of fifteen
    held-out note sets and lowered four, held-out gives 0.870 / 0.833: one need of its 24 is labelled none in one meeting now, another
    pair joins the wrong partner (corpus/accounts unchanged at 0.775 / 0.637)."""
    tuned = evaluate_accounts(ROOT / "corpus" / "accounts", classifier, thresholds=(SAME_NEED,))
    assert tuned["need_merge_precision"] >= 0.745 and tuned["need_merge_recall"] >= 0.61
    # "split 1 (not a need)": all mentions in one group with no explicit or organisational label, no pair to name
    misses = [m for d in tuned["details"] for m in d["need_misses"] if " split " in m and " split 1 " not in m]
    assert misses and all(re.search(r"\[(?:zh|en|mixed)-(?:zh|en|mixed) ", m) for m in misses)
    held = evaluate_accounts(ROOT / "corpus" / "accounts_heldout", classifier, thresholds=(SAME_NEED,))
    assert held["need_merge_precision"] >= 0.85 and held["need_merge_recall"] >= 0.80


def test_scores_are_standardised_within_the_account():
    # the same pattern of scores, one account sitting 0.08 higher (as Chinese statements do under e5), cuts alike
    rng = np.random.default_rng(1)
    raw = rng.uniform(0.92, 0.99, (6, 6))
    raw = (raw + raw.T) / 2
    groups = ["m1", "m1", "m2", "m2", "m3", "m3"]
    low, high = standardise(raw, groups), standardise(raw + 0.08, groups)
    assert np.allclose(low, high)
    cross = np.array(groups)[:, None] != np.array(groups)[None, :]
    assert abs(low[cross].mean()) < 1e-9 and abs(low[cross].std() - 1) < 1e-9
    assert np.allclose(standardise(raw, ["m1"] * 6), raw)  # one meeting: no pairs to measure against, nothing moves


def test_unrelated_chinese_statements_of_one_account_stay_apart(classifier):
    """Real e5 vectors: three meetings of one account; the budget said twice joins, the rest stays apart although
    e5 puts any two of these sentences close together."""
    texts = ["今年无线网络改造的预算是八百万元。", "机房空调耗电太高，电费压力很大。", "夜班值守的人手严重不足。",
             "八百万的预算已经批下来了。", "希望驻场工程师尽快到位。", "招标文件下个月挂网。",
             "电费还在涨，节能是今年的重点。", "审计要求所有合同留痕。", "新系统要和营收系统打通。"]
    groups = ["m1"] * 3 + ["m2"] * 3 + ["m3"] * 3
    vecs = np.asarray(classifier.embedder.embed(texts, "query"))
    labels = ["explicit", "organisational", "organisational", "explicit", "explicit", "none",
              "organisational", "explicit", "explicit"]
    score = pair_scores(vecs, texts, groups, labels)
    ids = attach_singletons(mutual_links(vecs, groups, SAME_NEED, score), score, groups, 2.6)
    assert ids[0] == ids[3]  # the budget
    assert ids[1] == ids[6]  # the power bill
    assert len({ids[2], ids[4], ids[5], ids[7], ids[8], ids[0], ids[1]}) == 7


def test_a_small_account_merges_nothing_its_words_do_not_share(classifier):
    """Two short meetings about different things: the best pair stands far above the other three in its tiny
    account, but its plain score is under the floor, so it is no need said twice."""
    texts = ["They need a new billing system before the audit.", "The team lost two engineers last month.",
             "Parking at the site is limited on Fridays.", "Our canteen menu changes every week."]
    groups = ["m1", "m1", "m2", "m2"]
    vecs = np.asarray(classifier.embedder.embed(texts, "query"))
    score = pair_scores(vecs, texts, groups, ["explicit", "organisational", "none", "none"])
    ids = attach_singletons(mutual_links(vecs, groups, SAME_NEED, score), score, groups, 2.6)
    assert len(set(ids)) == 4


def test_a_pair_in_two_languages_is_scored_after_removing_each_language_centre():
    # vectors = a strong language direction + a little meaning: a zh-en pair sharing its meaning sits below every
    # Chinese pair in plain cosine, and above every other cross-meeting pair once the language centres are removed
    rng = np.random.default_rng(5)
    zh, en = np.eye(64)[0], np.eye(64)[1]
    meaning = rng.normal(size=(12, 64)) * 0.04
    meaning[:, :2] = 0
    meaning[6] = meaning[0]  # statement 6 (en) says what statement 0 (zh) said
    languages = ["zh"] * 6 + ["en"] * 3 + ["zh"] * 3
    base = np.array([zh if lang == "zh" else en for lang in languages]) * 0.75 + (zh + en) * 0.45
    vecs = base + meaning
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    groups = ["m1"] * 3 + ["m2"] * 3 + ["m3"] * 3 + ["m4"] * 3
    cos = vecs @ vecs.T
    cross = np.array(groups)[:, None] != np.array(groups)[None, :]
    centres = Centres("toy", {"zh": vecs[[i for i, x in enumerate(languages) if x == "zh"]].mean(axis=0),
                              "en": vecs[[i for i, x in enumerate(languages) if x == "en"]].mean(axis=0)})
    out = cross_language_cosines(vecs, cos, languages, groups, centres)
    others = np.where(cross, out, -np.inf)
    others[0, 6] = others[6, 0] = -np.inf
    assert cos[0, 6] < cos[:6, :6][cross[:6, :6]].min()  # plain cosine: the translation loses to any Chinese pair
    assert out[0, 6] > others.max()
    zh_only = np.where(np.array(languages)[:, None] == np.array(languages)[None, :])
    assert np.allclose(out[zh_only], cos[zh_only])  # pairs in one language keep their cosine
    assert cross_language_cosines(vecs, cos, languages, groups, None) is cos
    assert centres_for(vecs, languages) is None  # these toy vectors sit near no shipped centres


def test_a_translation_in_another_meeting_joins_its_need(classifier):
    """Real e5 vectors: a Chinese statement said again in English two meetings later is one need once the language
    centres are removed; as plain cosines the pair stayed under the floor."""
    texts = ["越南工厂的网络经常中断，发货被耽误。", "今年的网络改造预算是三百万元。", "财务希望按季度付款。",
             "IT团队只有两个人。", "Shipments from the Vietnam plant were delayed because the network kept dropping.",
             "The warehouse needs new scanners.", "Our canteen is being renovated this summer.",
             "They plan to open a new office in Madrid.", "机房空调的耗电太高。", "下个月会发招标文件。",
             "希望提供7×24小时支持。"]
    groups = ["m1"] * 4 + ["m2"] * 4 + ["m3"] * 3
    languages = ["zh"] * 4 + ["en"] * 4 + ["zh"] * 3
    labels = ["organisational", "explicit", "explicit", "organisational", "organisational", "explicit", "none",
              "none", "organisational", "none", "explicit"]
    vecs = np.asarray(classifier.embedder.embed(texts, "query"))
    assert centres_for(vecs, languages) is not None
    plain = pair_scores(vecs, texts, groups, labels)
    assert plain[0, 4] <= -9
    score = pair_scores(vecs, texts, groups, labels, languages)
    ids = attach_singletons(mutual_links(vecs, groups, SAME_NEED, score), score, groups, 2.6)
    assert ids[0] == ids[4]
    assert len(set(ids)) == len(ids) - 1  # nothing else joins


def test_a_pair_under_the_floor_is_no_need_however_it_stands_out():
    raw = np.full((6, 6), 0.5)
    raw[0, 3] = raw[3, 0] = 0.85  # far above the account's other pairs, but a plain score no need reaches
    raw[1, 4] = raw[4, 1] = 0.95
    z = standardise(raw, ["m1"] * 3 + ["m2"] * 3)
    assert z[0, 3] <= -9 and z[1, 4] > SAME_NEED


def test_our_own_to_dos_take_no_part_in_merging_needs():
    meetings = [Meeting("a", "x", "2026-01-01", "", ""), Meeting("b", "x", "2026-02-01", "", "")]
    texts = [("a", "They need 200 sites tuned before June.", "explicit"), ("b", "Next: send the tuning plan for 200 sites.", "none"),
             ("b", "待办：5月15日前提交推广方案。", "none"), ("b", "3月底前提交故障复盘报告；", "none"),
             ("b", "The 200 sites are still the plan.", "none")]
    statements = {"a": [], "b": []}
    for i, (m, text, label) in enumerate(texts):
        statements[m].append(StoredStatement(m, i, text, label, 0.9, "en"))
    vectors = {(m, i): np.ones(4, dtype=np.float32) / 2 for i, (m, _, _) in enumerate(texts)}
    items, _, _ = scored_items(meetings, statements, vectors)
    assert [s.text for s in items] == [texts[0][1], texts[4][1]]


def test_a_budget_said_again_is_an_explicit_need_whatever_its_statements_were_labelled():
    meetings = [Meeting("a", "x", "2026-01-01", "", ""), Meeting("b", "x", "2026-03-01", "", "")]
    money = {"amount": "GBP 650K", "when": "2026", "raw_amount": "GBP 650k", "raw_when": "2026"}
    rows = {"a": [("GBP 650k is set aside for the refit.", "none", money), ("Lunch was at noon.", "none", None),
                  ("Crews complain about the radios.", "organisational", None)],
            "b": [("The GBP 650k is still in the budget.", "none", money), ("The site visit is on Friday.", "none", None),
                  ("They want a spare radio per ship.", "explicit", None)]}
    statements = {m: [StoredStatement(m, i, t, lab, 0.9, "en", (), inv) for i, (t, lab, inv) in enumerate(r)]
                  for m, r in rows.items()}
    eye = np.eye(6, dtype=np.float32)
    vectors = {("a", 0): eye[0], ("a", 1): eye[1], ("a", 2): eye[2], ("b", 0): eye[0], ("b", 1): eye[3],
               ("b", 2): eye[4]}
    needs, where = merge_needs(meetings, statements, vectors, {})
    assert where[("a", 0)] == where[("b", 0)]
    budget = next(n for n in needs if n.id == where[("a", 0)])
    assert budget.label == "explicit" and budget.mentions == ("a", "b")
    assert ("a", 1) not in where  # a lone none statement is still no need
    plain = {m: [StoredStatement(x.meeting, x.index, x.text, x.label, 0.9, "en") for x in r] for m, r in statements.items()}
    assert ("a", 0) not in merge_needs(meetings, plain, vectors, {})[1]  # without the sum said twice: no need


def test_the_words_of_a_need_leave_out_who_said_it_and_our_own_people():
    text = "周立新：希望张涛下周把驻场工程师的简历发过来。"
    words = need_text(text, mentions_in(text), {"张涛"})
    assert "周立新" not in words and "张涛" not in words and "驻场工程师" in words


def test_only_content_lines_take_part_in_merging_needs(tmp_path, classifier):
    """A heading, the attendee lines and our own lines get no merging vector: they are no need said again."""
    store = AccountStore(tmp_path / "a.sqlite")
    note = ("云山移动 第二次交流 2026-02-16\n参会：周立新、王敏\n我方：张涛、李娜\n"
            "周立新：城区那两百个站，六月之前一定要优化完。\n张涛：明白，我们按周出报告。\n")
    add_note(store, "云山", note, classifier)
    statements, vectors = store.statements("云山")
    (mid, rows), = statements.items()
    with_vector = {s.text for s in rows if (mid, s.index) in vectors}
    assert "城区那两百个站，六月之前一定要优化完。" in with_vector
    assert not with_vector & {"参会：周立新、王敏", "我方：张涛、李娜", "明白，我们按周出报告。"}
