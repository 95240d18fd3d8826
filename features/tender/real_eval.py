"""Evaluation on real public tenders against short-key gold (corpus/tenders/real_gold.jsonl).

The documents themselves stay outside the project (../shared/real-docs); gold names each clause by a
verbatim key of at most 20 characters. A row matches a gold clause when its text holds the key once
whitespace is removed; each row matches at most one gold clause. Precision counts only rows whose
section path lies under one of the document's scope headings (the parts the gold covers in full).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from features.tender.kinds import Requirement

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACE.sub("", text or "").lower()


@dataclass(frozen=True)
class DocScore:
    gold: int
    matched: int
    in_scope: int  # extracted rows under a scope heading
    matched_in_scope: int
    kind_ok: int
    scored_gold: int  # matched gold clauses that carry points
    points_ok: int
    facts: int
    facts_found: int
    found: int

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.matched_in_scope / self.in_scope if self.in_scope else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_ok / self.matched if self.matched else 0.0

    @property
    def points_accuracy(self) -> float:
        return self.points_ok / self.scored_gold if self.scored_gold else 1.0


def load_real_gold(path: Path) -> dict[str, list[dict]]:
    gold: dict[str, list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            gold.setdefault(d["tender"], []).append(d)
    return gold


def _same_points(a, b) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) < 1e-6


def score_document(reqs: list[Requirement], facts: list[dict], gold: list[dict]) -> DocScore:
    """Greedy one-to-one matching: each gold clause takes the first unused row that holds its key."""
    clauses = [g for g in gold if g["type"] == "clause"]
    scopes = [squash(g["heading"]) for g in gold if g["type"] == "scope"]
    texts = [squash(r.text) for r in reqs]
    used: set[int] = set()
    kind_ok = scored = points_ok = 0
    for g in clauses:
        key = squash(g["key"])
        hit = next((i for i, t in enumerate(texts) if i not in used and key in t), None)
        if hit is None:
            continue
        used.add(hit)
        r = reqs[hit]
        kind_ok += r.kind == g["kind"]
        if g.get("points") is not None:
            scored += 1
            points_ok += _same_points(r.points, g["points"])
    in_scope = [i for i, r in enumerate(reqs) if any(s in squash(r.section) for s in scopes)]
    gold_facts = [g for g in gold if g["type"] == "fact"]
    found_facts = sum(any(f["name"] == g["name"] and squash(g["key"]) in squash(f["value"] + f.get("source", ""))
                          for f in facts) for g in gold_facts)
    return DocScore(len(clauses), len(used), len(in_scope), len(used & set(in_scope)), kind_ok, scored, points_ok,
                    len(gold_facts), found_facts, len(reqs))


def real_docs_folder(root: Path, given: str | None = None) -> Path:
    """The field-set folder: as given, else ../shared/real-docs beside the checkout or its parent."""
    if given:
        return Path(given)
    for base in (root.parent, root.parent.parent):
        if (base / "shared" / "real-docs").is_dir():
            return base / "shared" / "real-docs"
    return root.parent / "shared" / "real-docs"


def evaluate_real(gold_path: Path, docs: Path) -> str:
    """Per-document and overall figures; documents missing from `docs` are reported as skipped."""
    from corpus.readers.dispatch import read_blocks
    from features.tender.clauses import extract_requirements
    from features.tender.facts import key_facts

    lines = ["Real tenders (field set, hand gold with short keys)", "",
             f"{'tender':26} {'gold':>5} {'rows':>5} {'recall':>7} {'precision':>9} {'kind acc':>9} {'points':>7} {'facts':>6}"]
    total: dict[str, int] = {}
    for name, gold in load_real_gold(gold_path).items():
        path = next((p for p in (docs / f"{name}.docx", docs / f"{name}.pdf") if p.exists()), None)
        if path is None:
            lines.append(f"{name:26} skipped: {docs}/{name}.* not found")
            continue
        blocks = read_blocks(path)
        reqs = extract_requirements(blocks)
        facts = [f.as_dict(with_source=True) for f in key_facts(blocks, reqs)]
        s = score_document(reqs, facts, gold)
        for k, v in s.__dict__.items():
            total[k] = total.get(k, 0) + v
        lines.append(_line(name, s))
    if total:
        lines.append(_line("all", DocScore(**total)))
    return "\n".join(lines)


def _line(name: str, s: DocScore) -> str:
    return (f"{name:26} {s.gold:5d} {s.found:5d} {s.recall:7.3f} {s.precision:9.3f} {s.kind_accuracy:9.3f} "
            f"{s.points_accuracy:7.3f} {s.facts_found:3d}/{s.facts:<2d}")
