"""The eval command: quality figures on held-out data (needs, search, tender), as `make eval` prints them."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cmd_eval(args, services) -> int:
    parts = args.part or ["needs", "search", "tender"]
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
        _eval_heldout_search(services)
    if "tender" in parts:
        from features.tender.evaluate import evaluate_tenders

        print(evaluate_tenders(ROOT / "corpus" / "tenders"))
    return 0


def _eval_heldout_search(services) -> None:
    """Search on the held-out one-language library: built (or brought up to date) under data/, then queried."""
    from index.evaluate import evaluate_heldout, load_queries, report_heldout

    folder = ROOT / "corpus" / "eval_library"
    if not (folder / "queries.jsonl").exists():
        return
    library = services.library(services.settings.data_dir / "eval_library", need_classifier=True)
    library.ingest([folder / "cases"])
    queries = load_queries(folder / "queries.jsonl")
    results = {mode: evaluate_heldout(library, queries, mode) for mode in ("hybrid", "dense")}
    print(report_heldout(results, len(queries), len(library.cases())))
    print()


def register(sub) -> None:
    s = sub.add_parser("eval", help="evaluate on held-out data: needs, search, tender")
    s.add_argument("part", nargs="*", choices=["needs", "search", "tender", []], help="what to evaluate (default: all)")
    s.add_argument("--library", help="library to evaluate search on (default: the built-in one)")
    s.add_argument("--queries", default=str(ROOT / "corpus" / "queries.jsonl"))
    s.set_defaults(func=cmd_eval)
