"""Evaluation on real material: real-style test notes, our labels of the public notes, PROMISE requirements,
the compliance set, and how distinct the questions of different notes are.

Every figure here is measured on data that training never sees: the real-style test notes, the
public notes and PROMISE are not in any train or dev part; the compliance set is only read here.
"""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

from nlp.analyse import analyse
from nlp.needs.classifier import NeedsClassifier
from nlp.needs.notes import REAL_STYLE, NoteRow, key_statement, note_names, public_rows, real_style_rows
from nlp.needs.signals import BANDS
from nlp.records import LABELS, NEED_LABELS

QUESTION_NOTES = 8


def _by_note(rows: list[NoteRow]) -> dict[str, list[NoteRow]]:
    out: dict[str, list[NoteRow]] = defaultdict(list)
    for r in rows:
        out[r.note].append(r)
    return out


def label_notes(classifier: NeedsClassifier, texts: dict[str, str], rows: list[NoteRow]):
    """(gold, predicted, confidence) per row: the label `analyse` gives the statement holding the row's key."""
    gold, pred, conf, analyses = [], [], [], {}
    for name, note_rows in _by_note(rows).items():
        text = texts.get(name)
        if text is None:
            continue
        a = analyse(text, classifier)
        analyses[name] = a
        spans = [(n.statement.start, n.statement.end) for n in a.needs]
        for r in note_rows:
            idx = key_statement(text, r.key, spans)
            hit = a.needs[idx] if idx is not None else None
            gold.append(r.label)
            pred.append(hit.label if hit else "none")
            conf.append(hit.confidence if hit else 1.0)
    return gold, pred, np.array(conf), analyses


def macro_f1(gold: list[str], pred: list[str]) -> float:
    return float(f1_score(gold, pred, labels=list(LABELS), average="macro", zero_division=0))


def need_precision(gold: list[str], pred: list[str]) -> float:
    """Of the statements labelled a need, the share whose label is right."""
    picked = [(g, p) for g, p in zip(gold, pred) if p in NEED_LABELS]
    return sum(g == p for g, p in picked) / len(picked) if picked else 0.0


def bands(gold: list[str], pred: list[str], conf: np.ndarray) -> dict[str, tuple[int, float]]:
    """Per confidence band: how many labels fell in it and how many of them were right."""
    ok = np.array([g == p for g, p in zip(gold, pred)])
    sel = {"high": conf >= BANDS[0], "medium": (conf >= BANDS[1]) & (conf < BANDS[0]), "low": conf < BANDS[1]}
    return {k: (int(s.sum()), float(ok[s].mean()) if s.any() else 0.0) for k, s in sel.items()}


def promise_share(classifier: NeedsClassifier, path: Path) -> tuple[int, float] | None:
    if not path.exists():
        return None
    with open(path, encoding="utf-8", errors="replace") as fh:
        texts = [row["RequirementText"].strip().strip("'") for row in csv.DictReader(fh) if row.get("RequirementText")]
    labels = [n.label for n in classifier.classify_texts(texts)]
    return len(texts), sum(lab == "explicit" for lab in labels) / len(texts)


def compliance_scores(classifier: NeedsClassifier, path: Path) -> tuple[int, float, float] | None:
    if not path.exists():
        return None
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    flagged = [n.compliance_risk for n in classifier.classify_texts([r["text"] for r in rows])]

    def rp(idx: range) -> tuple[float, float]:
        tp = sum(flagged[i] and rows[i]["risk"] for i in idx)
        return tp / max(1, sum(rows[i]["risk"] for i in idx)), tp / max(1, sum(flagged[i] for i in idx))

    return (len(rows), *rp(range(len(rows))), *rp(range(1, len(rows), 2)))


def question_figures(analyses: list) -> tuple[int, float, float]:
    """Questions over several notes: how many, the share that differ from every other note's, the share naming their note."""
    per_note = [[q.text for q in a.questions] for a in analyses]
    total = sum(len(qs) for qs in per_note)
    seen: dict[str, int] = defaultdict(int)
    for qs in per_note:
        for q in set(qs):
            seen[q] += 1
    distinct = sum(1 for qs in per_note for q in qs if seen[q] == 1)
    own = sum(1 for a in analyses for q in a.questions if q.about)
    return total, distinct / max(1, total), own / max(1, total)


def two_labellers(first: list[str], second: list[str], pred: list[str]) -> dict:
    """How far two people labelling the same statements agree (the ceiling for any model), the model against the
    second labeller, and the model on the statements both people labelled alike."""
    from sklearn.metrics import cohen_kappa_score

    both = [(a, p) for a, b, p in zip(first, second, pred) if a == b]
    return {"human_agreement": sum(a == b for a, b in zip(first, second)) / len(first),
            "human_kappa": float(cohen_kappa_score(first, second)), "human_need_precision": need_precision(first, second),
            "agreement": sum(b == p for b, p in zip(second, pred)) / len(second), "need_precision": need_precision(second, pred),
            "agreed_rows": len(both), "agreed_agreement": sum(a == p for a, p in both) / max(1, len(both)),
            "agreed_need_precision": need_precision([a for a, _ in both], [p for _, p in both])}


def people_figures(folder: Path) -> dict | None:
    """Name finding against the redaction gold (issue 13's set; measured here, never tuned on): surface forms found,
    and people whose every form ended up in one found person."""
    from nlp.people import find_people

    gold_path = folder / "gold.jsonl"
    if not gold_path.exists():
        return None
    tp = fn = fp = whole = persons = 0
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        found = find_people((folder / "notes" / g["note"]).read_text(encoding="utf-8"))
        want = {f for p in g["persons"] for f in p["forms"]}
        got = {f for p in found for f in p.forms}
        tp, fn, fp = tp + len(want & got), fn + len(want - got), fp + len(got - want)
        persons += len(g["persons"])
        whole += sum(any(set(p["forms"]) <= set(q.forms) for q in found) for p in g["persons"])
    return {"recall": tp / max(1, tp + fn), "precision": tp / max(1, tp + fp), "persons": persons, "grouped": whole}


def evaluate_field(classifier: NeedsClassifier, public_dir: Path, folder: Path = REAL_STYLE) -> dict:
    out: dict = {}
    for part, key in (("test", "real_style"),) + tuple((k, k) for k, _ in BLIND_SETS):
        names = note_names(part, folder)
        if not names:
            continue
        texts = {n: (folder / "notes" / n).read_text(encoding="utf-8") for n in names}
        gold, pred, conf, analyses = label_notes(classifier, texts, [r for r in real_style_rows(folder) if r.note in texts])
        out[key] = {"notes": len(texts), "rows": len(gold), "macro_f1": macro_f1(gold, pred),
                    "need_precision": need_precision(gold, pred), "bands": bands(gold, pred, conf)}
        if part == "test":
            chosen = [analyses[n] for n in sorted(analyses)[:QUESTION_NOTES]]
            out["questions"] = dict(zip(("count", "distinct", "own"), question_figures(chosen)), notes=len(chosen))
    rows = public_rows(folder)
    texts = {d: (public_dir / d).read_text(encoding="utf-8") for d in {r.note for r in rows} if (public_dir / d).exists()}
    if texts:
        gold, pred, conf, _ = label_notes(classifier, texts, rows)
        agree = sum(g == p for g, p in zip(gold, pred)) / len(gold)
        out["public"] = {"docs": len(texts), "rows": len(gold), "agreement": agree, "need_precision": need_precision(gold, pred),
                         "macro_f1": macro_f1(gold, pred), "bands": bands(gold, pred, conf)}
        second = [r.label for r in public_rows(folder, second=True) if r.note in texts]
        if len(second) == len(gold):
            out["public_second"] = two_labellers(gold, second, pred)
    out["promise"] = promise_share(classifier, public_dir / "promise_nfr.csv")
    out["compliance"] = compliance_scores(classifier, folder.parent / "compliance.jsonl")
    out["compliance_fresh"] = compliance_scores(classifier, folder.parent / "compliance_fresh.jsonl")
    out["compliance_fresh2"] = compliance_scores(classifier, folder.parent / "compliance_fresh2.jsonl")
    out["people"] = people_figures(folder.parents[1] / "privacy")
    return out


# the blind note sets as `report_field` names them: (title, how they were written and used)
BLIND_SETS = (
    ("blind", ("real-style blind notes", "written in round 6 after the design was fixed, never trained or tuned on")),
    ("blind7", ("real-style second blind notes", "written in round 7 by someone who had not seen the model's errors, never "
                "trained on; its figure decided one thing: a rule that lowered it was dropped")),
    ("blind8", ("real-style third notes", "written in round 8 in the shapes of field material by someone who had not "
                "seen the model's errors, never trained on; its errors were read in round 9 (first run 0.794), and two "
                "changes were chosen on it: thread senders and a customer's own requests")),
    ("blind9", ("real-style fourth notes", "written in round 9 in field shapes not used before by someone who had not "
                "seen the model's errors, never trained on; first run 0.749, then read in round 9 for transcript and "
                "Q&A labels, forwarded mail and sector remarks")),
    ("blind10", ("real-style fifth notes", "written in round 10 in field shapes not used before by someone who had not "
                 "seen the model's errors, never trained on")),
    ("blind11", ("real-style sixth notes", "written in round 11 in field shapes not used before by someone who had not "
                 "seen the model's errors, never trained on")),
    ("blind12", ("real-style seventh notes", "written in round 12 in field shapes not used before by someone who had not "
                 "seen the model's errors, never trained on; first run 0.751, then read in round 12 for pasted "
                 "spreadsheet rows, answers to our questions and a chat's exporter")),
    ("blind13", ("real-style eighth notes", "written in round 13 in field shapes not used before by someone who had not "
                 "seen the model's errors, never trained on; first run 0.784 on round 12's model")),
    ("blind13a", ("real-style notes in the public notes' shapes", "written in round 13 as training notes (research "
                  "interviews, a board transcript, a survey summary, a webinar log) by someone who had not seen the "
                  "model's errors; kept out of training because training on them lowered seven of the nine real-style "
                  "held-out sets and the public notes' figures, so this choice looked at those sets")),
    ("blind14", ("real-style ninth notes", "written in round 14 in field shapes not used before by someone who had not "
                 "seen the model's errors, never trained on")),
    ("blind15", ("real-style tenth notes", "written in round 15 in field shapes not used before by someone who had not "
                 "seen the model's errors, never trained on")),
    ("blind15a", ("real-style notes in blind15's shapes", "written in round 15 as training notes, in the shapes of "
                  "blind15 (chosen after reading its first run), by someone who had not seen the model's errors; kept out "
                  "of training because training on them left the other held-out sets level and lowered need merging on "
                  "the design accounts, so this choice looked at those sets")),
    ("blind16", ("real-style eleventh notes", "written at the end of round 15, after that round's changes, in field shapes "
                 "not used before by someone who had not seen the model's errors, never trained on")),
    ("blind17", ("real-style twelfth notes", "written at the start of round 16, in field shapes not used before, by someone "
                 "who had not seen the model's errors; first run on round 15's code; never trained on")),
)


def _bands_line(bands: dict) -> str:
    return "    confidence bands: " + ", ".join(f"{k} {n} labels {acc:.0%} right" for k, (n, acc) in bands.items())


def report_field(res: dict) -> str:
    lines = ["Needs on real material (none of it trained on)"]
    if "real_style" in res:
        r = res["real_style"]
        lines.append(f"  real-style test notes ({r['notes']} notes, {r['rows']} statements): macro-F1 {r['macro_f1']:.3f} "
                     f"(target >= 0.88), need precision {r['need_precision']:.3f}")
        lines.append(_bands_line(r["bands"]))
    else:
        lines.append("  real-style test notes: corpus/needs/real_style is absent; skipped")
    for key, what in BLIND_SETS:
        if key in res:
            r = res[key]
            lines.append(f"  {what[0]} ({r['notes']} notes, {r['rows']} statements; {what[1]}): "
                         f"macro-F1 {r['macro_f1']:.3f}, need precision {r['need_precision']:.3f}")
            lines.append(_bands_line(r["bands"]))
    if "public" in res:
        p = res["public"]
        lines.append(f"  public notes, our labels ({p['docs']} docs, {p['rows']} statements): agreement {p['agreement']:.3f} "
                     f"(target >= 0.85), need precision {p['need_precision']:.3f} (target >= 0.80), macro-F1 {p['macro_f1']:.3f}")
        lines.append(_bands_line(p["bands"]))
        if "public_second" in res:
            q = res["public_second"]
            lines.append(f"    a second labeller (round 8, without seeing ours) against ours: agreement {q['human_agreement']:.3f}, "
                         f"kappa {q['human_kappa']:.2f}, need precision {q['human_need_precision']:.3f}; the model against the "
                         f"second: {q['agreement']:.3f}, {q['need_precision']:.3f}; on the {q['agreed_rows']} statements both "
                         f"labelled alike: {q['agreed_agreement']:.3f}, {q['agreed_need_precision']:.3f}")
    if res.get("promise"):
        n, share = res["promise"]
        lines.append(f"  PROMISE NFR requirements ({n}): {share:.3f} labelled explicit (target >= 0.90)")
    else:
        lines.append("  PROMISE NFR: ../shared/real-docs/promise_nfr.csv is absent; skipped")
    if res.get("compliance"):
        n, rec, prec, brec, bprec = res["compliance"]
        lines.append(f"  compliance guardrail ({n} statements): recall {rec:.3f} (target >= 0.95), precision {prec:.3f} "
                     f"(target >= 0.90); the even rows were read while writing the cues and prototypes, the odd rows were "
                     f"blind until round 3 (their misses were read then too): recall {brec:.3f}, precision {bprec:.3f} on them")
    if res.get("compliance_fresh"):
        n, rec, prec, *_ = res["compliance_fresh"]
        lines.append(f"  compliance, fresh rows ({n} statements, written after the cues were last changed; their misses were read "
                     f"when the guardrail became label-free): recall {rec:.3f}, precision {prec:.3f}")
    if res.get("compliance_fresh2"):
        n, rec, prec, *_ = res["compliance_fresh2"]
        lines.append(f"  compliance, second fresh rows ({n} statements, written before the label-free guardrail was first run on "
                     f"them; not tuned on): recall {rec:.3f}, precision {prec:.3f}")
    if res.get("people"):
        p = res["people"]
        lines.append(f"  people named in the redaction gold notes: surface forms recall {p['recall']:.3f}, precision "
                     f"{p['precision']:.3f}; {p['grouped']}/{p['persons']} people with all their forms in one person")
    if "questions" in res:
        q = res["questions"]
        lines.append(f"  questions over {q['notes']} test notes: {q['count']} questions, {q['distinct']:.0%} differ from every "
                     f"other note's (target >= 80%), {q['own']:.0%} name a person or topic of their note")
    return "\n".join(lines)
