"""Clause recall and precision of requirement extraction against hand-marked gold clauses."""
from __future__ import annotations

import json
from difflib import SequenceMatcher
from pathlib import Path

from features.tender.kinds import Requirement
from features.tender.real_eval import squash


def same_clause(a: str, b: str) -> bool:
    """Texts match when one holds the other or they are at least 80% alike (PDF wraps and joins differ)."""
    x, y = squash(a), squash(b)
    if not x or not y:
        return False
    if x in y or y in x:
        return min(len(x), len(y)) / max(len(x), len(y)) > 0.5
    return SequenceMatcher(None, x, y, autojunk=False).ratio() >= 0.8


def load_gold(path: Path) -> dict[str, list[dict]]:
    gold: dict[str, list[dict]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                gold.setdefault(d["tender"], []).append(d)
    return gold


def score(found: list[Requirement], gold: list[dict]) -> dict[str, float]:
    """Greedy one-to-one matching by text; kind accuracy over matched pairs."""
    used: set[int] = set()
    matched = kind_ok = 0
    for g in gold:
        for i, r in enumerate(found):
            if i not in used and same_clause(r.text, g["text"]):
                used.add(i)
                matched += 1
                kind_ok += r.kind == g["kind"]
                break
    return {
        "gold": len(gold), "found": len(found), "matched": matched,
        "recall": matched / len(gold) if gold else 0.0,
        "precision": matched / len(found) if found else 0.0,
        "kind_accuracy": kind_ok / matched if matched else 0.0,
    }


def evaluate_tenders(folder: Path) -> str:
    """Clause recall / precision per tender and format, for gold.jsonl (rules developed on it) and gold_heldout.jsonl."""
    from corpus.readers.dispatch import read_blocks
    from features.tender.clauses import extract_requirements

    lines = ["Requirement extraction against hand-marked clauses", "",
             f"{'set':9} {'tender':22} {'file':5} {'gold':>5} {'found':>6} {'recall':>7} {'precision':>9} {'kind acc':>9}"]
    for gold_file, label in (("gold.jsonl", "dev"), ("gold_heldout.jsonl", "held-out")):
        if not (folder / gold_file).exists():
            continue
        totals = {"gold": 0, "found": 0, "matched": 0}
        for name, gold in load_gold(folder / gold_file).items():
            for ext in ("docx", "pdf"):
                path = folder / f"{name}.{ext}"
                if not path.exists():
                    continue
                s = score(extract_requirements(read_blocks(path)), gold)
                for key in totals:
                    totals[key] += s[key]
                lines.append(f"{label:9} {name:22} {ext:5} {s['gold']:5d} {s['found']:6d} {s['recall']:7.3f} "
                             f"{s['precision']:9.3f} {s['kind_accuracy']:9.3f}")
        if totals["gold"]:
            lines.append(f"{label:9} {'all':22} {'':5} {totals['gold']:5d} {totals['found']:6d} "
                         f"{totals['matched'] / totals['gold']:7.3f} {totals['matched'] / max(totals['found'], 1):9.3f}")
    return "\n".join(lines)
