"""How likely two statements of an account state one need: the embedder's cosine of the need's words plus small
weights for word overlap, the same sum of money, a shared figure, a shared topic (topics.json) and the same label,
less CLASH for one explicit and one organisational statement; then standardised within the account (`standardise`),
so a cut reads "this far above the account's usual pair". Pure functions over arrays and strings; the weights were
chosen on corpus/accounts (see needs.py)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from features.accounts.languages import centres_for, cross_language_cosines
from features.accounts.timing import amounts_of
from nlp.text.phrases import PhraseIndex

LEXICAL = 0.2  # weight of word / character-pair overlap added to the cosine (own examples: plateau 0.90-0.94 at 0.2)
MONEY = 0.05  # weight of same / different sums of money
FIGURES = 0.05  # weight of a shared figure (99.95%, 20 ms)
TOPICS = 0.04  # weight of shared / disjoint topics (topics.json)
LABEL = 0.02  # weight of the same need label
CLASH = 0.06  # taken off a pair of one explicit and one organisational statement (0.06 and 0.1 tie on corpus/accounts)
LOCAL_K = 0  # neighbours for local scaling of the cosine (0: plain cosine)
STANDARDISE = True  # scores in standard deviations of the account's cross-meeting pairs (needs.py cuts in those units)
# below this unstandardised score a pair is never one need, however it stands in its account: a small account (two
# short meetings) has too few pairs for its spread to mean much. No link on corpus/accounts or held-out sits below it.
RAW_FLOOR = 0.90
# a pair in two languages scored by its cosine after removing each language's centre (languages.py). corpus/accounts
# (10 accounts, 3 with needs said in two languages) need P/R at SAME_NEED 1.9: 0.789/0.637 -> 0.802/0.659, held-out
# 0.917/0.917 unchanged. Also measured there: standardising each language pair against its own pairs in the account
# 0.821/0.644 but held-out 0.840/0.875 (a mixed account's zh-en pairs of two needs joined: the account's zh-en pairs
# sit low for their topics, not only their languages); centring with the account's own language means 0.776/0.667
CROSS_LANGUAGE = True

_STOP = set("the and for with that this they their them are was were have has had will would should could our "
            "from about into over than then also just very more most much need needs want wants said says".split())


def _tokens(text: str) -> set[str]:
    han = re.findall(r"[\u4e00-\u9fff]+", text)
    grams = {run[i:i + 2] for run in han for i in range(len(run) - 1)}
    words = {w[:5] for w in re.findall(r"[a-z0-9%.]+", text.lower()) if len(w) > 2 and w not in _STOP}
    return grams | words


def lexical_overlap(texts: list[str]) -> np.ndarray:
    """Jaccard overlap of content words (English, first five letters) and character pairs (Chinese)."""
    sets = [_tokens(t) for t in texts]
    out = np.zeros((len(texts), len(texts)))
    for i, a in enumerate(sets):
        for j in range(i + 1, len(sets)):
            b = sets[j]
            out[i, j] = out[j, i] = len(a & b) / len(a | b) if a and b else 0.0
    return out


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?%?|[一二两三四五六七八九十百千]+(?:个|小时|年|月|天|分钟)")


def money_agreement(texts: list[str]) -> np.ndarray:
    """+1 where two statements name the same sum, -1 where only one names a sum or they name different sums, else 0:
    a budget said again keeps its figure, and a budget is not the project it pays for."""
    return _pairwise([{a for a, _ in amounts_of(t)} for t in texts],
                     lambda a, b: 0.0 if not a and not b else 1.0 if a & b else -1.0)


def _pairwise(sets: list[set], score) -> np.ndarray:
    """A symmetric matrix of score(set i, set j) for i != j, zeros on the diagonal."""
    out = np.zeros((len(sets), len(sets)))
    for i, a in enumerate(sets):
        for j in range(i + 1, len(sets)):
            out[i, j] = out[j, i] = score(a, sets[j])
    return out


def shared_figures(texts: list[str]) -> np.ndarray:
    """1 where two statements share a figure that is not a sum of money (99.95%, 20 ms, 1,200 sites), else 0."""
    figs = [{n.replace(",", "") for n in _NUMBER.findall(re.sub(r"20\d\d", " ", t))} - {"1", "2", "3"} for t in texts]
    return _pairwise(figs, lambda a, b: 1.0 if a & b else 0.0)


def local_scale(cos: np.ndarray, groups: list[str], k: int) -> np.ndarray:
    """Cosine minus each statement's usual closeness to other meetings (mean of its k nearest, CSLS-style): English
    and Chinese statements, short and long ones, sit at different cosine levels under one embedder."""
    other = cos.copy()
    same = np.array(groups)[:, None] == np.array(groups)[None, :]
    other[same] = -np.inf
    top = np.sort(other, axis=1)[:, -k:]
    r = np.where(np.isfinite(top), top, np.nan)
    r = np.nan_to_num(np.nanmean(r, axis=1) if r.size else np.zeros(len(cos)), nan=float(np.nanmean(r)) if np.isfinite(r).any() else 0.0)
    return cos - (r[:, None] + r[None, :]) / 2 + float(r.mean())


@lru_cache(maxsize=1)
def _topic_index() -> PhraseIndex:
    return PhraseIndex(json.loads((Path(__file__).with_name("topics.json")).read_text(encoding="utf-8")))


def topic_agreement(texts: list[str]) -> np.ndarray:
    """+1 where two statements share a topic (payment, availability, staff...), -1 where both have topics and none
    is shared, else 0."""
    index = _topic_index()
    return _pairwise([{h.key for h in index.find(t.lower())} for t in texts],
                     lambda a, b: 0.0 if not a or not b else 1.0 if a & b else -1.0)


def label_agreement(labels: list[str]) -> np.ndarray:
    """+1 for two statements of the same need label, 0 otherwise: the classifier's label is a hint, not a wall."""
    arr = np.array(labels)
    return (arr[:, None] == arr[None, :]).astype(np.float64)


def label_clash(labels: list[str]) -> np.ndarray:
    """1 for a pair of one explicit and one organisational statement: a request and the pressure behind it sit side
    by side in notes and read alike, but are two needs."""
    exp = np.array([lab == "explicit" for lab in labels])
    org = np.array([lab == "organisational" for lab in labels])
    return ((exp[:, None] & org[None, :]) | (org[:, None] & exp[None, :])).astype(np.float64)


def standardise(score: np.ndarray, groups: list[str], floor: float = RAW_FLOOR) -> np.ndarray:
    """Scores in standard deviations above the mean of the account's pairs of statements from two meetings. The small
    e5 model puts any two Chinese statements of one account near 0.9 and English ones lower, so a fixed cut merges
    too much in one account and too little in another; the account's own spread is the yardstick. A pair under
    RAW_FLOOR is put far below any cut."""
    g = np.array(groups)
    cross = score[g[:, None] != g[None, :]]
    if cross.size < 2 or float(cross.std()) == 0.0:
        z = score - (float(cross.mean()) if cross.size else 0.0)
    else:
        z = (score - float(cross.mean())) / float(cross.std())
    return np.where(score >= floor, z, np.minimum(z, -9.0))


def pair_scores(matrix: np.ndarray, texts: list[str], groups: list[str], labels: list[str] | None = None,
                languages: list[str] | None = None, floor: float = RAW_FLOOR) -> np.ndarray:
    """How likely two statements state one need, standardised within the account: cosine (locally scaled; centred
    for a pair in two languages when `languages` are given), word overlap, same sums, shared figures, shared topics,
    same label, less an explicit / organisational clash."""
    cos = (matrix @ matrix.T).astype(np.float64)
    if CROSS_LANGUAGE and languages is not None:
        cos = cross_language_cosines(matrix, cos, languages, groups, centres_for(matrix, languages))
    if LOCAL_K and len(set(groups)) > 1:
        cos = local_scale(cos, groups, LOCAL_K)
    score = cos + LEXICAL * lexical_overlap(texts) + MONEY * money_agreement(texts) + FIGURES * shared_figures(texts)
    if LABEL and labels:
        score = score + LABEL * label_agreement(labels)
    if CLASH and labels:
        score = score - CLASH * label_clash(labels)
    score = score + TOPICS * topic_agreement(texts) if TOPICS else score
    return standardise(score, groups, floor) if STANDARDISE else score
