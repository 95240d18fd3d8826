"""nlp/needs: the trained classifier with confidence and evidence, stakeholders, the compliance flag, and the saved model."""
from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pytest

from nlp.embed.base import Embedder
from nlp.needs.model import ModelMismatch, NeedsModel, calibrated_nll, fit_temperature, softmax
from nlp.needs.signals import compliance_risk, method_fields
from nlp.records import LABELS

CLEAR = {
    "en": [
        ("explicit", "The tender requires 99.99% availability and a four-hour on-site response."),
        ("explicit", "The customer must have the new billing system live before 31 December."),
        ("organisational", "Churn has risen to 3% a month because of dropped calls in the capital."),
        ("organisational", "Their network costs grew 20% last year while revenue stayed flat."),
        ("personal", "The CTO wants this project to secure his promotion to vice president next year."),
        ("personal", "The network director is worried he will be blamed personally if the rollout fails again."),
        ("none", "We had lunch near the hotel and talked about football."),
        ("none", "The meeting started at ten and lasted an hour."),
    ],
    "zh": [
        ("explicit", "招标文件要求设备可用率不低于99.99%，故障四小时内到场。"),
        ("explicit", "客户要求年底前完成核心网割接。"),
        ("organisational", "客户的网络掉话率太高，用户投诉很多，市场份额在下滑。"),
        ("organisational", "运营商今年的利润率下降了五个百分点，董事会要求压缩成本。"),
        ("personal", "网络部主任想借这个项目在集团里露脸，争取明年提拔。"),
        ("personal", "他刚上任，担心项目出问题影响自己的考核。"),
        ("none", "会议在三楼会议室举行。"),
        ("none", "我们中午一起吃了饭，聊了聊天气。"),
    ],
}


@pytest.fixture(scope="module")
def clear_needs(classifier):
    return {lang: classifier.classify_texts([t for _, t in rows]) for lang, rows in CLEAR.items()}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_clear_statements_are_mostly_labelled_right(clear_needs, lang):
    gold = [label for label, _ in CLEAR[lang]]
    predicted = [n.label for n in clear_needs[lang]]
    right = sum(g == p for g, p in zip(gold, predicted))
    assert right >= 6, list(zip(gold, predicted))
    assert set(predicted) <= set(LABELS)


def test_confidence_is_the_top_probability_of_a_distribution(clear_needs):
    for need in clear_needs["en"] + clear_needs["zh"]:
        assert 0.0 < need.confidence <= 1.0
        assert set(need.probabilities) == set(LABELS)
        assert sum(need.probabilities.values()) == pytest.approx(1.0, abs=1e-3)
        assert need.confidence == max(need.probabilities.values())
        assert need.label == max(need.probabilities, key=need.probabilities.get)


def test_evidence_has_labelled_examples_nearest_first(clear_needs):
    for need in clear_needs["en"] + clear_needs["zh"]:
        examples = need.evidence.examples
        assert len(examples) == 3
        assert all(e.text and e.label in LABELS and -1.0 <= e.similarity <= 1.0 for e in examples)
        sims = [e.similarity for e in examples]
        assert sims == sorted(sims, reverse=True)


def test_evidence_cues_belong_to_the_predicted_label(clear_needs):
    tender = clear_needs["en"][0]
    assert tender.label == "explicit"
    assert {"requires", "availability"} <= {c.lower() for c in tender.evidence.cues}
    zh = clear_needs["zh"][0]
    assert zh.label == "explicit" and "要求" in zh.evidence.cues


def test_method_fields_follow_the_label(clear_needs):
    for need in clear_needs["en"]:
        assert need.methods == method_fields(need.label)
    assert method_fields("personal")["MEDDICC"] == "Champion"
    assert method_fields("none") == {}


@pytest.mark.parametrize(
    ("text", "stakeholder"),
    [
        ("The CFO needs payment terms of 90 days.", "CFO"),
        ("采购经理要求下周提交报价。", "Procurement"),
    ],
)
def test_stakeholder_is_attached_to_the_need(classifier, text, stakeholder):
    assert classifier.classify_texts([text])[0].stakeholder == stakeholder


@pytest.mark.parametrize(
    "text",
    [
        "The procurement manager hinted that a kickback would speed things up.",
        "采购经理暗示要给他个人包个红包。",
    ],
)
def test_improper_benefit_is_flagged_with_a_warning(classifier, text):
    need = classifier.classify_texts([text])[0]
    assert need.compliance_risk is True
    assert need.compliance_warning
    assert ("合规" in need.compliance_warning) == ("红包" in text)  # the warning speaks the statement's language


def test_plain_explicit_need_is_not_flagged(classifier):
    need = classifier.classify_texts(["The customer must have the new billing system live before 31 December."])[0]
    assert need.label == "explicit"
    assert need.compliance_risk is False and need.compliance_warning is None


@pytest.mark.parametrize(
    ("text", "label", "risky"),
    [
        ("He would like a gift for his team.", "personal", True),  # one weak cue on a personal need
        ("He would like a gift for his team.", "explicit", True),  # a gift to the buyer's side, asked for: flagged whatever the label
        ("His daughter needs an internship.", "none", True),  # a relative together with a benefit
        ("The CTO's contract is up for renewal next year.", "personal", False),  # a personal stake, no benefit at all
        ("Our engineers must travel overseas for the installation.", "explicit", False),  # benefit words, no person
        ("The supplier pays a bribe.", "none", True),  # one strong cue
        ("客户要求年底前上线。", "explicit", False),
        ("Let's have a crate of wine delivered to the panel chair's home address.", "none", True),  # gift to a home
        ("付款前得给经办人意思意思。", "organisational", True),
        ("Speakers at the forum cover their own travel and hotel.", "personal", False),  # their own cost: a guard
        ("客户去样板点考察，差旅自理。", "personal", False),
        ("They blacklisted a supplier that paid for an official's holiday.", "personal", False),  # news of a sanction
    ],
)
def test_compliance_rule(text, label, risky):
    assert compliance_risk(text, label) is risky


@pytest.mark.parametrize(
    "text",
    [
        "财务总监担心现金流撑不过下半年。",
        "有没有付款、汇率或现金流方面的约束，会影响他们的采购方式？",
        "请项目组安排进度计划，月底前完成割接。",
    ],
)
def test_ordinary_business_terms_are_not_compliance_risks(text):
    assert compliance_risk(text, "organisational") is False


def test_classify_texts_normalises_the_text(classifier):
    need = classifier.classify_texts(["• ＣＦＯ需要９０天账期"])[0]
    assert need.statement.text == "CFO需要90天账期"
    assert need.statement.language == "zh"


def test_no_statements_gives_no_needs(classifier):
    needs, vectors = classifier.classify([])
    assert needs == [] and vectors.shape == (0, classifier.embedder.dim)


# --- the saved model ----------------------------------------------------------------------------
def test_model_files_load_without_pickle(model_dir):
    meta = json.loads((model_dir / "needs.json").read_text(encoding="utf-8"))
    assert meta["labels"] == list(LABELS)
    with np.load(model_dir / "needs.npz", allow_pickle=False) as arrays:
        assert set(arrays.files) == {"coef", "intercept", "idf", "example_vectors", "risk_coef", "risk_intercept"}
        assert arrays["risk_coef"].shape == (384,)
        for name in arrays.files:
            assert arrays[name].dtype != object
        assert arrays["coef"].shape[0] == len(LABELS)
        assert arrays["example_vectors"].shape == (len(meta["examples"]), 384)


def test_saved_model_round_trip_gives_the_same_probabilities(classifier, embedder, tmp_path):
    texts = [t for rows in CLEAR.values() for _, t in rows]
    before = classifier.model.predict(texts, embedder).probabilities
    classifier.model.save(tmp_path / "model")
    assert sorted(p.name for p in (tmp_path / "model").iterdir()) == ["needs.json", "needs.npz"]
    again = NeedsModel.load(tmp_path / "model")
    after = again.predict(texts, embedder).probabilities
    assert np.allclose(before, after, rtol=0, atol=1e-12)
    assert again.temperature == classifier.model.temperature
    assert again.examples == classifier.model.examples


@pytest.fixture
def model_copy(model_dir, tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(model_dir, folder)
    return folder


def test_model_for_another_embedder_is_refused_by_name(model_copy, embedder):
    meta = json.loads((model_copy / "needs.json").read_text(encoding="utf-8"))
    meta["embedder"] = "st:some-other-model"
    (model_copy / "needs.json").write_text(json.dumps(meta), encoding="utf-8")
    model = NeedsModel.load(model_copy)
    with pytest.raises(ModelMismatch) as err:
        model.predict(["The CFO needs it."], embedder)
    assert "st:some-other-model" in str(err.value) and embedder.name in str(err.value)


def test_missing_model_is_one_plain_sentence(tmp_path):
    with pytest.raises(ModelMismatch, match="No trained needs model"):
        NeedsModel.load(tmp_path / "nothing-here")


def test_model_from_another_version_is_refused(model_copy):
    meta = json.loads((model_copy / "needs.json").read_text(encoding="utf-8"))
    meta["format"] = 99
    (model_copy / "needs.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelMismatch, match="another version"):
        NeedsModel.load(model_copy)


def test_damaged_json_is_reported_as_damaged(model_copy):
    (model_copy / "needs.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelMismatch, match="damaged"):
        NeedsModel.load(model_copy)


class _Payload:
    """Unpickling this creates a folder: proof that pickle ran."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def _truncate(folder):
    data = (folder / "needs.npz").read_bytes()
    (folder / "needs.npz").write_bytes(data[:5000])


def _object_array(folder):
    with np.load(folder / "needs.npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["coef"] = np.array([_Payload(folder / "pwned")], dtype=object)
    with open(folder / "needs.npz", "wb") as fh:
        np.savez(fh, **arrays)


def test_a_pickled_payload_in_the_model_is_never_run(model_copy):
    _object_array(model_copy)
    with np.load(model_copy / "needs.npz", allow_pickle=True) as z:  # show the payload is live...
        z["coef"]
    assert (model_copy / "pwned").is_dir()
    (model_copy / "pwned").rmdir()
    with pytest.raises((ModelMismatch, ValueError)):  # ...and that loading the model refuses it
        NeedsModel.load(model_copy)
    assert not (model_copy / "pwned").exists()


@pytest.mark.parametrize("damage", [_truncate, _object_array], ids=["truncated npz", "pickled object array"])
def test_damaged_arrays_are_reported_as_a_damaged_model(model_copy, damage):
    damage(model_copy)
    with pytest.raises(ModelMismatch, match="damaged"):
        NeedsModel.load(model_copy)


# --- pure maths ---------------------------------------------------------------------------------
def test_softmax_rows_sum_to_one_and_survive_large_logits():
    p = softmax(np.array([[1000.0, 1000.0, 0.0], [0.0, 0.0, 0.0]]))
    assert np.allclose(p.sum(axis=1), 1.0)
    assert np.allclose(p[0], [0.5, 0.5, 0.0]) and np.allclose(p[1], 1 / 3)


def test_fit_temperature_softens_an_overconfident_model():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 4, size=400)
    logits = rng.normal(size=(400, 4))
    logits[np.arange(400), y] += 1.0  # right on average, but...
    t_over = fit_temperature(logits * 4.0, y)  # ...four times too sure
    t_fair = fit_temperature(logits, y)
    assert 0.2 <= t_fair <= 5.0
    assert t_over / t_fair == pytest.approx(4.0, rel=0.1)  # the grid's step is about 4%


def test_calibrated_log_loss_ranks_a_sharper_model_first_whatever_its_scale():
    """Settings are chosen by dev log-loss after temperature scaling, so a model that is only more (or less) sure of
    the same ranking ties with it, and a model that separates the classes better wins."""
    rng = np.random.default_rng(1)
    y = rng.integers(0, 4, size=400)
    noise = rng.normal(size=(400, 4))
    weak, sharp = noise.copy(), noise.copy()
    weak[np.arange(400), y] += 0.5
    sharp[np.arange(400), y] += 2.0
    t_weak, nll_weak = calibrated_nll(weak, y)
    _, nll_weak_scaled = calibrated_nll(weak * 3.0, y)
    _, nll_sharp = calibrated_nll(sharp, y)
    assert t_weak == fit_temperature(weak, y)
    assert nll_sharp < nll_weak
    assert nll_weak_scaled == pytest.approx(nll_weak, rel=0.02)


def test_contrast_rows_are_training_rows_only():
    from nlp.needs.data import NEEDS_DIR, load_jsonl, load_split

    contrast = load_jsonl(NEEDS_DIR / "contrast.jsonl")
    assert len(contrast) >= 60 and {r.label for r in contrast} == set(LABELS)
    assert {r.lang for r in contrast} == {"en", "zh"}
    texts = {r.text for r in contrast}
    assert texts <= {r.text for r in load_split("train", real_style=False)}
    assert not texts & {r.text for r in load_jsonl(NEEDS_DIR / "dev.jsonl") + load_jsonl(NEEDS_DIR / "test.jsonl")}


def test_embedder_interface_is_abstract():
    with pytest.raises(TypeError):
        Embedder()  # type: ignore[abstract]


@pytest.mark.parametrize(("text", "risky"), [
    ("He hinted we could sponsor his master's degree in the UK.", True),
    ("对方处长希望我们出钱让他儿子去国外读书。", True),
    ("Their policy bans gifts and hospitality during the tender.", False),  # a guard: the rule, not an offer
    ("A journalist asked the CIO whether vendors had paid for trips.", False),
    ("We offered on-site training for 40 of their engineers.", False),
    ("财务总监担心现金流撑不过下半年。", False),
])
def test_compliance_guardrail_on_indirect_offers_and_look_alikes(classifier, text, risky):
    assert classifier.classify_texts([text])[0].compliance_risk is risky


@pytest.mark.parametrize("text", [
    "Their procurement head wants two points of the contract value returned to him once we are paid.",
    "采购处长要求合同签了以后，按合同额返给他三个点。",
])
def test_an_improper_request_is_flagged_whatever_its_label(classifier, text):
    need = classifier.classify_texts([text])[0]
    assert need.label in ("explicit", "personal")  # a request, and one person's own gain: either label is a need
    assert need.compliance_risk is True


@pytest.mark.parametrize("text", [
    "Agenda for next week", "Follow-up meeting on Tuesday at 10.", "大家互相加了微信。",
    "The hospital wants the maintenance fee paid monthly.", "客户希望维保费按月支付。",
    "Can we pay the subscription per user per month?",
])
def test_furniture_and_payment_terms_are_not_compliance_risks(classifier, text):
    assert classifier.classify_texts([text])[0].compliance_risk is False


@pytest.mark.parametrize("text", ["The system shall display the events in a graph by time.",
                                  "The product must comply with the corporate interface standards."])
def test_requirements_in_specification_form_are_explicit(classifier, text):
    assert classifier.classify_texts([text])[0].label == "explicit"


@pytest.mark.parametrize("text", ["Smaller utilities should insist on a ten-year price for meter data.",
                                  "很多医院都需要一套能对接医保的结算系统。"])  # the model alone reads both explicit
def test_a_remark_about_a_whole_sector_is_no_need_of_the_customer(classifier, text):
    need = classifier.classify_texts([text])[0]
    assert need.label == "none" and need.evidence.cues == ("general remark",)


@pytest.mark.parametrize("text,general", [
    ("Most utilities need a meter data system that validates reads.", True),
    ("It is good practice to run a pilot before the full roll-out.", True),
    ("业内普遍认为，数据共享难在部门利益。", True),
    ("Our utility needs a meter data system that validates reads.", False),
    ("Customers have been leaving for the competitor since spring.", False),  # the customer's own churn
    ("我行科技人员只有十二个人。", False),
    ("纺织行业这两年利润都薄，老板们上系统普遍很谨慎", True),
    ("The chair observed that most regional banks are in the same position.", True),
    ("我们厂这两年利润薄，上系统要算清楚回报。", False),  # this customer's own margin
    ("码头行业今年吞吐增速整体放缓，各家都在抠成本", True),
    ("Nearly every club buys from the same three or four ticketing vendors.", True),
    ("Every club member gets a new card this season.", False),
])
def test_general_remark(text, general):
    from nlp.needs.signals import general_remark
    assert general_remark(text) is general


def test_caption_capitals_read_like_ordinary_text(classifier):
    upper, lower = classifier.classify_texts(["THE NEW SYSTEM WOULD NEED TO INTEGRATE WITH OUR GIS",
                                              "The new system would need to integrate with our GIS"])
    assert upper.label == lower.label == "explicit"


NOTE_WITH_SHORT_LINES = ("主任说现在有两个难处。\n一是人手不够。\n信息科只有六个人，却要维护四十多个系统，夜班故障常常没人处理。\n"
                         "第二，资金。\n今年医院收入下降，信息化预算被砍了四分之一。\n")


def test_a_note_read_in_order_leans_a_short_line_towards_its_neighbours(classifier):
    from nlp.analyse import analyse

    short = "第二，资金。"  # weak alone: two words of an enumeration
    in_note = next(n for n in analyse(NOTE_WITH_SHORT_LINES, classifier).needs if n.statement.text == short)
    alone = classifier.classify_texts([short])[0]
    assert in_note.probabilities["organisational"] > alone.probabilities["organisational"] + 0.05


def test_separate_texts_do_not_lean_on_each_other(classifier):
    texts = ["二是钱的问题。", "今年医院收入下降，信息化预算被砍了四分之一。"]
    together = classifier.classify_texts(texts)
    assert [n.probabilities for n in together] == [classifier.classify_texts([t])[0].probabilities for t in texts]


@pytest.mark.parametrize("name", ["compliance.jsonl", "compliance_fresh.jsonl", "compliance_fresh2.jsonl"])
def test_compliance_sets_are_bilingual_with_risks_and_look_alikes(name):
    from nlp.needs.data import NEEDS_DIR, load_split

    rows = [json.loads(line) for line in (NEEDS_DIR / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {r["lang"] for r in rows} == {"en", "zh"} and all(isinstance(r["risk"], bool) and r["text"].strip() for r in rows)
    risky = sum(r["risk"] for r in rows)
    assert 0.3 * len(rows) <= risky <= 0.7 * len(rows)  # improper benefits and hard negatives in similar numbers
    training = {r.text for split in ("train", "dev") for r in load_split(split)}
    assert not {r["text"] for r in rows} & training  # a guardrail set is never a training row


@pytest.mark.parametrize("text,asked", [
    ("Asked about deferred payment / vendor financing", True),
    ("Tom asked for a pilot in the March window", True),
    ("WE ARE REQUESTING AN ADDITIONAL TWO FTES IN 2025", True),
    ("They would like us to quote per seat", True),
    ("I asked about the budget", False),
    ("We asked about their budget", False),
    ("The weather was fine", False),
    ("Can you run a pilot at the Leeds depot first?", True),
    ("Another thing, could you quote in euros", True),
    ("Any chance of a per-claim price?", True),
    ("又问了一句：能不能分三年付款？", True),
    ("Can you tell me how your team handles renewals?", False),  # an interviewer's question, no request of us
    ("能不能上线还要看集团的意见。", False),  # no question asked of us
    ("可唔可以同 DMS 接？", True),  # Cantonese, a verb the old list lacked
    ("仲有，report 可唔可以出中英文两个版本？", True),
    ("能不能介绍一下你们在医院的案例？", False),  # asks to be told, not for something
    ("Conor wants review-by-exception so reviewers only see deviations", True),
    ("He wants to be seen as the one who fixed it", False),  # his own stake, not a request
])
def test_request_form(text, asked):
    from nlp.needs.signals import request_form
    assert request_form(text) is asked


def test_a_request_without_need_words_is_explicit_in_a_note(classifier):
    from nlp.analyse import analyse
    note = ("Call with Harbourline, 3 March\nThey run 40 sites on the old system.\n"
            "Asked about deferred payment / vendor financing, 36 months\nLunch was fine.\n")
    a = analyse(note, classifier)
    need = next(n for n in a.needs if "deferred payment" in n.statement.text)
    assert need.label == "explicit"


@pytest.mark.parametrize("text,required", [
    ("The system shall export every event to CSV.", True),
    ("投标人须提供三年原厂质保。", True),
    ("仓库那边的手持终端要能离线扫码，网络断了也不能停。", True),
    ("新系统必须能对接现有的财务软件。", True),
    ("- Data must stay hosted in the EU", True),
    ("数据必须放在所里自己的机房，不接受公有云。", True),
    ("The data we saw last week must have been wrong.", False),
    ("老周说这个季度的出货量比去年少了两成。", False),
    ("We met the plant manager on Tuesday.", False),
    ("Vaccine reminders should go out by text and e-mail from the system itself.", True),
    ("Payment has to work by card and phone at the exit and in the app.", True),
    ("We should meet again in the new year.", False),
])
def test_requirement_form(text, required):
    from nlp.needs.signals import requirement_form
    assert requirement_form(text) is required


@pytest.mark.parametrize("text,demand", [
    ("Confirm the platform can be hosted in a UK region with customer-managed keys;", True),
    ("Our retention fell to 84%. What does the platform offer to flag renewals at risk early?", True),
    ("What does your team think about the pilot?", False),
    ("Confirmed the meeting for Friday.", False),
])
def test_a_customers_question_about_what_the_product_does_is_a_demand(text, demand):
    from nlp.needs.signals import customer_demand
    assert customer_demand(text) is demand


@pytest.mark.parametrize("text, reported", [
    ("They need 7x24 support from June.", True), ("The customer wants 99.9% uptime in the contract.", True),
    ("They need the portal live by March.", True), ("They needed time to think.", False), ("We need 3 weeks.", False),
])
def test_a_reported_demand_may_open_with_a_figure_run_into_its_unit(text, reported):
    from nlp.needs.signals import reported_demand

    assert reported_demand(text) is reported
