"""Quality of accounts on a gold set (corpus/accounts/gold.jsonl shape): person merging accuracy, need merging
pairwise precision and recall, investments found, trend and stance agreement. Notes are added to a throwaway store."""
from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from itertools import combinations
from pathlib import Path

from features.accounts.needs import SAME_NEED, merge_needs, scored_items
from features.accounts.service import add_note
from features.accounts.store import AccountStore
from features.accounts.view import build_view


def _norm(form: str) -> str:
    return re.sub(r"^(?:the|their|our|dr\.?|mr\.?|ms\.?|mrs\.?)\s+", "", form.strip().lower())


def _owner(form: str, people) -> int | None:
    """The stakeholder (index) whose merged forms hold this surface form."""
    for i, p in enumerate(people):
        if form == p.name or form in p.forms:
            return i
    target = _norm(form)
    for i, p in enumerate(people):
        if target in {_norm(f) for f in (*p.forms, p.name)}:
            return i
    return None


def person_scores(gold_persons: list[dict], people) -> tuple[int, int, list[str]]:
    """(forms merged correctly, forms, misses): a form is right when it lands on its person's majority stakeholder
    and no other gold person claims that stakeholder first."""
    owners = {p["id"]: [_owner(f, people) for f in p["forms"]] for p in gold_persons}
    claimed: dict[int, str] = {}
    for pid, found in owners.items():
        top = Counter(o for o in found if o is not None).most_common(1)
        if top and top[0][0] not in claimed:
            claimed[top[0][0]] = pid
    right, misses = 0, []
    for p in gold_persons:
        for form, o in zip(p["forms"], owners[p["id"]]):
            if o is not None and claimed.get(o) == p["id"]:
                right += 1
            else:
                misses.append(f"{p['id']}:{form}->{people[o].name if o is not None else 'not found'}")
    return right, sum(len(p["forms"]) for p in gold_persons), misses


def _locate(key: str, statements) -> int | None:
    for s in statements:
        if key in s.text or (len(s.text) >= 8 and s.text in key):
            return s.index
    return None


def need_pairs(gold_needs: list[dict], file_to_meeting: dict, statements, where: dict) -> tuple[int, int, int, int, int]:
    """(true pairs, predicted pairs, gold pairs, gold mentions found as needs, gold mentions) over gold mentions."""
    items = []
    for n in gold_needs:
        for m in n["mentions"]:
            mid = file_to_meeting[m["file"]]
            idx = _locate(m["key"], statements.get(mid, []))
            items.append((n["id"], where.get((mid, idx)) if idx is not None else None))
    tp = pred = gold = 0
    for (g1, p1), (g2, p2) in combinations(items, 2):
        same_gold, same_pred = g1 == g2, p1 is not None and p1 == p2
        tp += same_gold and same_pred
        pred += same_pred
        gold += same_gold
    return tp, pred, gold, sum(p is not None for _, p in items), len(items)


def _failed_pair(keys: list, preds: list, scored, unfloored=None) -> str:
    """The best-scoring pair of a split gold need's mentions that did not join: languages, standardised score (and,
    from `unfloored`, the standing of a pair under the floor: the floor alone kept it out only if that reaches the
    cut), and whether the two were each other's best match (in the other's meeting; in the whole account for two
    statements of one meeting)."""
    items, _, sim = scored
    pos = {(s.meeting, s.index): i for i, s in enumerate(items)}
    pairs = [(sim[pos[a], pos[b]], pos[a], pos[b]) for x, a in enumerate(keys) for y, b in enumerate(keys)
             if x < y and a in pos and b in pos and a != b and preds[x] != preds[y]]
    if not pairs:
        return ""
    z, i, j = max(pairs)
    score = f"z {z:.2f}"
    if z <= -9:  # need_scores.RAW_FLOOR
        score = "raw score under the floor" + (f" (z {unfloored[2][i, j]:.2f})" if unfloored is not None else "")
    if items[i].meeting == items[j].meeting:  # needs.join_restatements joins a mutual best pair at SAME_MEETING
        whole = [max((k for k in range(len(items)) if k != a), key=lambda k: sim[a, k]) for a in (i, j)]
        mutual = ", mutual best" if whole == [j, i] else ""
        return f" [{items[i].language}-{items[j].language} same meeting, {score}{mutual}]"
    best = [max((k for k, s in enumerate(items) if s.meeting == items[b].meeting), key=lambda k: sim[a, k])
            for a, b in ((i, j), (j, i))]
    return f" [{items[i].language}-{items[j].language} {score}{', mutual best' if best == [j, i] else ''}]"


def need_errors(gold_needs: list[dict], file_to_meeting: dict, statements, where: dict, scored=None,
                unfloored=None) -> list[str]:
    """Readable need-merging errors of one account: gold needs split over several merged needs (or not found as a
    need: its statements' group held no explicit or organisational label) with the best pair that did not join
    (`scored`: needs.scored_items), and merged needs holding several gold needs."""
    found: dict[str, list] = {}
    keys: dict[str, list] = {}
    for n in gold_needs:
        for m in n["mentions"]:
            mid = file_to_meeting[m["file"]]
            idx = _locate(m["key"], statements.get(mid, []))
            found.setdefault(n["id"], []).append(where.get((mid, idx)) if idx is not None else None)
            keys.setdefault(n["id"], []).append((mid, idx))
    out = [f"{gid} split {len(set(p))}" + (" (not a need)" if None in p else "")
           + (_failed_pair(keys[gid], p, scored, unfloored) if scored else "")
           for gid, p in found.items() if len(p) > 1 and (len(set(p)) > 1 or None in p)]
    owners: dict[str, set[str]] = {}
    for gid, preds in found.items():
        for p in preds:
            if p is not None:
                owners.setdefault(p, set()).add(gid)
    return out + ["+".join(sorted(g)) + " merged" for g in owners.values() if len(g) > 1]


def _amount(a: str) -> str:
    return a.replace(" ", "").upper()


SWEEP = (1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2)  # standardised scores (need_scores.standardise)


def _f1(c: Counter) -> float:
    p = c["tp"] / c["pred"] if c["pred"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def cross_validated(per_account: list[dict[float, Counter]]) -> tuple[Counter, list[float]]:
    """Leave one account out: the threshold with the best F1 on the others, counted on the one left out."""
    held, chosen = Counter(), []
    for i, mine in enumerate(per_account):
        others = {t: sum((acc[t] for j, acc in enumerate(per_account) if j != i), Counter()) for t in mine}
        best = max(others, key=lambda t: (_f1(others[t]), t))
        chosen.append(best)
        held.update(mine[best])
    return held, chosen


def evaluate_accounts(folder: Path, classifier, thresholds: tuple[float, ...] = SWEEP) -> dict:
    records = [json.loads(ln) for ln in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines() if ln.strip()]
    tot = Counter()
    sweep = {t: Counter() for t in thresholds}
    details, per_account = [], []
    with tempfile.TemporaryDirectory() as tmp:
        store = AccountStore(Path(tmp) / "accounts.sqlite")
        for rec in records:
            acc = rec["account"]
            file_to_meeting = {}
            for m in rec["meetings"]:
                text = (folder / acc / m["file"]).read_text(encoding="utf-8")
                file_to_meeting[m["file"]] = add_note(store, acc, text, classifier, m["date"]).meeting.id
            view = build_view(store, acc)
            right, forms, misses = person_scores(rec["persons"], view.stakeholders)
            tot["person_right"] += right
            tot["person_forms"] += forms
            meetings = store.meetings(acc)
            statements, vectors = store.statements(acc)
            mine = {}
            for t, bucket in ((SAME_NEED, tot), *((t, sweep[t]) for t in thresholds)):
                _, where = merge_needs(meetings, statements, vectors, {}, t)
                tp, pred, gold, found, mentions = need_pairs(rec["needs"], file_to_meeting, statements, where)
                if bucket is tot:
                    need_misses = need_errors(rec["needs"], file_to_meeting, statements, where,
                                              scored_items(meetings, statements, vectors),
                                              scored_items(meetings, statements, vectors, float("-inf")))
                    tot["need_found"] += found
                    tot["need_mentions"] += mentions
                else:
                    mine[t] = Counter(tp=tp, pred=pred, gold=gold)
                bucket["tp"] += tp
                bucket["pred"] += pred
                bucket["gold"] += gold
            per_account.append(mine)
            inv_found, inv_misses, layer_misses = 0, [], []
            for inv in rec["investments"]:
                meeting = file_to_meeting[inv["file"]]
                hit = next((i for i in view.investments if _amount(i.amount) == _amount(inv["amount"])
                            and meeting in i.mentions), None)
                inv_found += hit is not None
                tot["when_right"] += hit is not None and hit.when == inv.get("when")
                if hit is None or hit.when != inv.get("when"):
                    inv_misses.append(f"{inv['amount']} {inv.get('when')} -> {(hit.amount + ' ' + hit.when) if hit else 'not found'}")
            tot["inv_found"] += inv_found
            tot["inv"] += len(rec["investments"])
            tot["trend_right"] += view.relationship.trend == rec["trend"]
            by_form = {f: p for p in rec["persons"] for f in p["forms"]}
            tot["listed"] += len(view.stakeholders)
            extra = [p.name for p in view.stakeholders if not any(f in by_form for f in (p.name, *p.forms))]
            for p in view.stakeholders:
                g = next((by_form[f] for f in (p.name, *p.forms) if f in by_form), None)
                if g is not None:
                    tot["matched"] += 1
                    tot["layer_right"] += p.layer == g["layer"]
                    if p.layer != g["layer"]:
                        layer_misses.append(f"{p.name} [{p.role}] {p.layer} (gold {g['layer']})")
                    tot["stance_right"] += p.stance == g["final_stance"]
            details.append({"account": acc, "persons": f"{right}/{forms}", "misses": misses,
                            "investments": f"{inv_found}/{len(rec['investments'])}", "inv_misses": inv_misses, "layer_misses": layer_misses,
                            "need_misses": need_misses, "extra": extra,
                            "trend": f"{view.relationship.trend} (gold {rec['trend']})"})
        store.close()

    def ratio(a, b):
        return round(a / b, 3) if b else None

    held, chosen = cross_validated(per_account) if len(per_account) > 1 else (Counter(), [])
    return {
        "accounts": len(records), "threshold": SAME_NEED,
        "need_merge_cv_precision": ratio(held["tp"], held["pred"]), "need_merge_cv_recall": ratio(held["tp"], held["gold"]),
        "cv_thresholds": chosen,
        "person_merge_accuracy": ratio(tot["person_right"], tot["person_forms"]),
        "stakeholders_customer_people": ratio(tot["matched"], tot["listed"]),
        "need_merge_precision": ratio(tot["tp"], tot["pred"]), "need_merge_recall": ratio(tot["tp"], tot["gold"]),
        "need_mentions_found_as_needs": ratio(tot["need_found"], tot["need_mentions"]),
        "investments_found": ratio(tot["inv_found"], tot["inv"]), "investment_when_right": ratio(tot["when_right"], tot["inv"]),
        "trend_accuracy": ratio(tot["trend_right"], len(records)),
        "layer_accuracy": ratio(tot["layer_right"], tot["matched"]), "stance_accuracy": ratio(tot["stance_right"], tot["matched"]),
        "threshold_sweep": {str(t): {"precision": ratio(c["tp"], c["pred"]), "recall": ratio(c["tp"], c["gold"])}
                            for t, c in sweep.items()},
        "details": details,
    }
