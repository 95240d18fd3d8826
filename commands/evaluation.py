"""The eval command: quality figures on held-out data (needs, search, tender), as `make eval` prints them."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cmd_eval(args, services) -> int:
    parts = args.part or ["needs", "search", "tender", "privacy"]
    if "needs" in parts:
        from nlp.needs.data import load_split
        from nlp.needs.evaluate import evaluate, report

        test = load_split("test")
        print(report(evaluate(services.classifier, load_split("train"), test), len(test)))
        print()
    if "search" in parts:
        from index.evaluate import evaluate_search, load_queries, report_search

        queries = load_queries(Path(args.queries))
        print(report_search(evaluate_search(services.library(args.library), queries), len(queries)))
        print()
    if "tender" in parts:
        from features.tender.evaluate import evaluate_tenders

        print(evaluate_tenders(ROOT / "corpus" / "tenders"))
    if "privacy" in parts:
        from features.privacy_eval import evaluate_privacy, report_privacy

        print(report_privacy(evaluate_privacy(ROOT / "corpus" / "privacy")))
        print(report_privacy(evaluate_privacy(ROOT / "corpus" / "privacy_heldout"), name="corpus/privacy_heldout"))
    if "retraining" in parts:  # slow (about 90 model fits): only when asked for by name
        from features.retrain_eval import evaluate_retraining, report_retraining

        print(report_retraining(evaluate_retraining(services.embedder)))
    return 0


def register(sub) -> None:
    s = sub.add_parser("eval", help="evaluate on held-out data: needs, search, tender, privacy; retraining (slow) by name")
    s.add_argument("part", nargs="*", choices=["needs", "search", "tender", "privacy", "retraining", []], help="what to evaluate (default: all)")
    s.add_argument("--library", help="library to evaluate search on (default: the built-in one)")
    s.add_argument("--queries", default=str(ROOT / "corpus" / "queries.jsonl"))
    s.set_defaults(func=cmd_eval)
