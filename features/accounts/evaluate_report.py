"""The account figures of `cli.py eval accounts` as text: the totals, the threshold sweep, and per account what went
wrong (person forms, listed names that are no customer person, layers, need merging, investments)."""
from __future__ import annotations

from pathlib import Path


def report_accounts(result: dict, folder: Path) -> str:
    lines = [f"accounts ({folder}, {result['accounts']} accounts; need threshold {result['threshold']})"]
    for key in ("person_merge_accuracy", "stakeholders_customer_people", "need_merge_precision", "need_merge_recall", "need_merge_cv_precision",
                "need_merge_cv_recall", "cv_thresholds", "need_mentions_found_as_needs",
                "investments_found", "investment_when_right", "trend_accuracy", "layer_accuracy", "stance_accuracy"):
        lines.append(f"  {key:30} {result[key]}")
    lines.append("  threshold sweep (need merging P / R): " + ", ".join(
        f"{t}: {v['precision']}/{v['recall']}" for t, v in result["threshold_sweep"].items()))
    for d in result["details"]:
        lines.append(f"  {d['account']:22} persons {d['persons']}  investments {d['investments']}  trend {d['trend']}")
        if d["misses"]:
            lines.append("      person misses: " + "; ".join(d["misses"][:8]))
        if d.get("extra"):
            lines.append("      listed, not a customer person of the gold: " + "; ".join(d["extra"]))
        if d["layer_misses"]:
            lines.append("      layer misses: " + "; ".join(d["layer_misses"]))
        if d.get("need_misses"):
            lines.append("      need merging: " + "; ".join(d["need_misses"]))
        if d["inv_misses"]:
            lines.append("      investment misses: " + "; ".join(d["inv_misses"]))
    return "\n".join(lines)
