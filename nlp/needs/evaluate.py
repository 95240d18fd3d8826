"""Evaluation of the needs classifier on the held-out test file, beside two baselines from the same run.

Baselines: cue rules alone (the label with the most cue phrases, `none` when no cue), and
TF-IDF character n-grams with logistic regression trained on the same train file.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from nlp.needs.classifier import NeedsClassifier
from nlp.needs.features import cue_hits, cue_matrix, fit_tfidf
from nlp.needs.labelled import Labelled
from nlp.records import LABELS
from nlp.text.normalise import normalise


@dataclass(frozen=True)
class Scores:
    name: str
    macro_f1: float
    per_language: dict[str, float]
    per_label: dict[str, tuple[float, float, float]]  # precision, recall, F1
    confusion: list[list[int]]  # rows: gold, columns: predicted, in LABELS order
    ece: float | None = None  # expected calibration error, for models with confidences


def score(name: str, gold: list[str], pred: list[str], langs: list[str], conf: np.ndarray | None = None) -> Scores:
    y, p = np.array([LABELS.index(g) for g in gold]), np.array([LABELS.index(q) for q in pred])
    prec, rec, f1, _ = precision_recall_fscore_support(y, p, labels=range(len(LABELS)), zero_division=0)
    per_lang = {}
    for lang in sorted(set(langs)):
        idx = [i for i, x in enumerate(langs) if x == lang]
        per_lang[lang] = float(f1_score(y[idx], p[idx], labels=range(len(LABELS)), average="macro", zero_division=0))
    return Scores(
        name,
        float(f1_score(y, p, labels=range(len(LABELS)), average="macro", zero_division=0)),
        per_lang,
        {lab: (float(prec[i]), float(rec[i]), float(f1[i])) for i, lab in enumerate(LABELS)},
        confusion_matrix(y, p, labels=range(len(LABELS))).tolist(),
        expected_calibration_error(conf, y == p) if conf is not None else None,
    )


def expected_calibration_error(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            total += sel.mean() * abs(conf[sel].mean() - correct[sel].mean())
    return float(total)


def cue_rule_predictions(texts: list[str]) -> list[str]:
    counts = cue_matrix(cue_hits([normalise(t) for t in texts]))
    out = []
    for row in counts:
        out.append("none" if row.max() == 0 else LABELS[int(np.argmax(row))])
    return out


def tfidf_lr_predictions(train: list[Labelled], texts: list[str]) -> list[str]:
    vec = fit_tfidf([normalise(r.text) for r in train])
    clf = LogisticRegression(C=8.0, max_iter=3000)
    clf.fit(vec.transform([normalise(r.text) for r in train]), [r.label for r in train])
    return list(clf.predict(vec.transform([normalise(t) for t in texts])))


def evaluate(classifier: NeedsClassifier, train: list[Labelled], test: list[Labelled]) -> list[Scores]:
    texts, gold, langs = [r.text for r in test], [r.label for r in test], [r.lang for r in test]
    needs = classifier.classify_texts(texts)
    conf = np.array([n.confidence for n in needs])
    return [
        score("ours (embedding + cues + char n-grams)", gold, [n.label for n in needs], langs, conf),
        score("baseline: cue rules", gold, cue_rule_predictions(texts), langs),
        score("baseline: TF-IDF + LR", gold, tfidf_lr_predictions(train, texts), langs),
    ]


def report(results: list[Scores], n_test: int) -> str:
    """A plain-text report: the comparison table, then per-label figures and confusion per system."""
    lines = [f"Needs classification on the held-out test file ({n_test} statements)", ""]
    langs = sorted(results[0].per_language)
    head = f"{'system':42} {'macro-F1':>8} " + " ".join(f"{'F1 ' + lang:>8}" for lang in langs) + f" {'ECE':>6}"
    lines += [head, "-" * len(head)]
    for r in results:
        ece = f"{r.ece:6.3f}" if r.ece is not None else f"{'-':>6}"
        lines.append(f"{r.name:42} {r.macro_f1:8.3f} " + " ".join(f"{r.per_language[lg]:8.3f}" for lg in langs) + f" {ece}")
    for r in results:
        lines += ["", r.name, f"  {'label':15} {'P':>6} {'R':>6} {'F1':>6}"]
        for lab, (p, rc, f) in r.per_label.items():
            lines.append(f"  {lab:15} {p:6.3f} {rc:6.3f} {f:6.3f}")
        lines.append("  confusion (rows gold, columns predicted): " + " ".join(lab[:4] for lab in LABELS))
        for lab, row in zip(LABELS, r.confusion):
            lines.append(f"  {lab:15} " + " ".join(f"{v:4d}" for v in row))
    return "\n".join(lines)
