"""Redaction quality on the hand-made gold set (corpus/privacy): recall, precision and kept look-alikes per language.

Gold occurrences are every occurrence of a person's surface forms (the longest form where forms nest) and of
each contact string. Recall is the share of gold occurrences masked completely (see _covered); precision the share of masked
spans that overlap a gold occurrence; `keep` the share of look-alike strings (places, companies, common
words, roles) that survive at least once, as the gold set promises each does.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from nlp.redact import TITLE, form_pattern, merge_spans, plan_masking

LANGS = ("zh", "en", "mixed")


def gold_spans(text: str, gold: dict) -> list[tuple[int, int, str]]:
    spans = []
    for c in gold["contacts"]:
        spans += [(m.start(), m.end(), "contact") for m in re.finditer(re.escape(c), text)]
    forms = sorted((f for p in gold["persons"] for f in p["forms"]), key=len, reverse=True)
    for f in forms:
        spans += [(m.start(), m.end(), "person") for m in re.finditer(form_pattern(f), text)]
    return merge_spans(spans)


def _covered(text: str, gold: tuple[int, int, str], masked: list[tuple[int, int]]) -> bool:
    """Every character that matters is masked: for a name, all but spaces (`Frank Li 李明哲` may go as two
    placeholders); for a contact, its digits and its e-mail text (`badge 40217` is masked by its number)."""
    a0, b0, kind = gold
    title = TITLE.match(text, a0) if kind == "person" else None
    if title and re.search(r"[A-Z]\w* +[A-Z]", text[title.end():b0]):
        a0 = title.end()  # `Mr. Lincoln Hayes`: a title before a full name stays (gold README)

    def matters(i: int) -> bool:
        ch = text[i]
        return not ch.isspace() and (kind == "person" or ch.isdigit() or "@" in text[a0:b0])
    return all(any(a <= i < b for a, b in masked) for i in range(a0, b0) if matters(i))


def score_note(text: str, gold: dict) -> dict:
    masked = [(a, b) for a, b, *_ in plan_masking(text).spans(text)]
    golds = gold_spans(text, gold)
    covered = [g for g in golds if _covered(text, g, masked)]
    true = [m for m in masked if any(a < m[1] and m[0] < b for a, b, _ in golds)]
    kept = [k for k in gold["keep"] if any(not any(a < m.end() and m.start() < b for a, b in masked)
                                           for m in re.finditer(re.escape(k), text))]
    return {"gold": len(golds), "found": len(covered), "masked": len(masked), "true": len(true),
            "keep": len(gold["keep"]), "kept": len(kept),
            "missed": [text[a:b] for a, b, _ in golds if (a, b, _) not in covered],
            "wrong": [text[a:b] for a, b in masked if (a, b) not in true],
            "lost": [k for k in gold["keep"] if k not in kept]}


def evaluate_privacy(folder: Path) -> dict[str, dict]:
    """Totals per language and overall, with the misses listed for reading."""
    totals = {lang: {"notes": 0, "gold": 0, "found": 0, "masked": 0, "true": 0, "keep": 0, "kept": 0,
                     "missed": [], "wrong": [], "lost": []} for lang in (*LANGS, "all")}
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        text = (folder / "notes" / gold["note"]).read_text(encoding="utf-8")
        s = score_note(text, gold)
        for lang in (gold["lang"], "all"):
            t = totals[lang]
            t["notes"] += 1
            for k in ("gold", "found", "masked", "true", "keep", "kept"):
                t[k] += s[k]
            for k in ("missed", "wrong", "lost"):
                t[k] += [f"{gold['note']}: {x}" for x in s[k]]
    for t in totals.values():
        t["recall"] = t["found"] / t["gold"] if t["gold"] else 1.0
        t["precision"] = t["true"] / t["masked"] if t["masked"] else 1.0
        t["keep_rate"] = t["kept"] / t["keep"] if t["keep"] else 1.0
    return totals


def report_privacy(totals: dict[str, dict], show: int = 15, name: str = "corpus/privacy") -> str:
    lines = [f"Redaction ({name}, hand gold; targets recall >= 0.98, precision >= 0.90 per language)",
             f"{'lang':6} {'notes':>5} {'occurrences':>11} {'recall':>7} {'masked':>7} {'precision':>9} {'keep':>6}"]
    for lang, t in totals.items():
        lines.append(f"{lang:6} {t['notes']:5d} {t['gold']:11d} {t['recall']:7.3f} {t['masked']:7d} "
                     f"{t['precision']:9.3f} {t['keep_rate']:6.3f}")
    a = totals["all"]
    for what in ("missed", "wrong", "lost"):
        if a[what]:
            lines.append(f"{what} ({len(a[what])}): " + "; ".join(a[what][:show]) + (" ..." if len(a[what]) > show else ""))
    return "\n".join(lines)
