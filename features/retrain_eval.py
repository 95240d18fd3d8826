"""How stable retraining is: after 1, 5 and 20 label corrections, how many labels of the test file change.

The corrections are what a rep would send: dev statements the model gets wrong, relabelled with their gold
label, in file order. The test file never feeds a correction, so every change on it is a change nobody asked
for. The product's path (`train_with`: hyper-parameters kept) is measured beside the earlier one (hyper-
parameters chosen again on every retrain) to show what keeping them buys.
"""
from __future__ import annotations

import numpy as np

from features.corrections import Correction, train_with
from nlp.embed.base import Embedder
from nlp.needs.data import Labelled, load_split
from nlp.needs.model import NeedsModel, train
from nlp.records import LABELS

STEPS = (1, 5, 20)


def _labels(model: NeedsModel, rows: list[Labelled], embedder: Embedder) -> np.ndarray:
    return model.predict([r.text for r in rows], embedder).probabilities.argmax(axis=1)


def evaluate_retraining(embedder: Embedder, steps: tuple[int, ...] = STEPS) -> dict:
    """{"test": n, "candidates": n, "steps": [{"k", "kept", "regrid", "kept_accuracy", "regrid_accuracy"}]}."""
    quiet = lambda _m: None  # noqa: E731
    train_rows, dev, test = load_split("train"), load_split("dev"), load_split("test")
    base = train(train_rows, dev, embedder, log=quiet)
    before = _labels(base, test, embedder)
    gold = np.array([LABELS.index(r.label) for r in test])
    wrong = [r for r, p in zip(dev, _labels(base, dev, embedder)) if LABELS[p] != r.label]
    out = {"test": len(test), "candidates": len(wrong), "base_accuracy": float((before == gold).mean()), "steps": []}
    for k in steps:
        corrections = [Correction(r.text, r.label, r.lang) for r in wrong[:k]]
        kept = _labels(train_with(corrections, embedder, log=quiet, base=base), test, embedder)
        extra = [Labelled(c.text, c.label, c.language, "correction") for c in corrections]
        regrid = _labels(train(train_rows + extra, dev, embedder, log=quiet), test, embedder)
        out["steps"].append({"k": len(corrections), "kept": int((kept != before).sum()), "regrid": int((regrid != before).sum()),
                             "kept_accuracy": float((kept == gold).mean()), "regrid_accuracy": float((regrid == gold).mean())})
    return out


def report_retraining(result: dict) -> str:
    n = result["test"]
    lines = [f"Retraining stability (labels of corpus/needs/test.jsonl, {n} statements, that change after k corrections "
             f"taken from the {result['candidates']} dev statements the model gets wrong; target < 1% for one)",
             f"base accuracy {result['base_accuracy']:.3f}",
             f"{'k':>3} {'changed (kept params)':>22} {'changed (params re-chosen)':>27} {'accuracy kept/re-chosen':>24}"]
    for s in result["steps"]:
        lines.append(f"{s['k']:3d} {s['kept']:10d} ({s['kept'] / n:6.2%})   {s['regrid']:13d} ({s['regrid'] / n:6.2%})"
                     f"   {s['kept_accuracy']:10.3f} / {s['regrid_accuracy']:.3f}")
    return "\n".join(lines)
