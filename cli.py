"""Command line: parse arguments, call the packages, print JSON or tables. No logic lives here."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from settings import Settings


def _read_input(source: str, settings: Settings) -> str:
    from corpus.textfile import check_size, decode_bytes, read_text

    if source == "-":
        data = sys.stdin.buffer.read(settings.max_input_bytes + 1)
        check_size(data, settings.max_input_bytes, "Standard input")
        return decode_bytes(data, "standard input")
    return read_text(source, settings.max_input_bytes)


def _existing_library(args, services):
    """The library named by --library (default: the built-in one) if one has been built there, else None."""
    folder = Path(args.library) if args.library else services.settings.library_dir
    return services.library(folder) if (folder / "CURRENT").exists() else None


def _print_json(obj, lines: bool = False) -> None:
    if lines:
        for item in obj:
            print(json.dumps(item, ensure_ascii=False))
    else:
        print(json.dumps(obj, ensure_ascii=False, indent=2))


def cmd_classify(args, services) -> int:
    text = _read_input(args.file, services.settings)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    needs = services.classifier.classify_texts(lines) if lines else []
    rows = [{"text": n.statement.text, "label": n.label, "confidence": n.confidence} for n in needs]
    if args.json:
        _print_json(rows, lines=True)
    else:
        for r in rows:
            print(f"{r['label']:15} {r['confidence']:.2f}  {r['text']}")
    return 0


def cmd_analyse(args, services) -> int:
    from index.similar import analysis_with_cases
    from nlp.analyse import analyse

    text = _read_input(args.file, services.settings)
    analysis = analyse(text, services.classifier)
    out = analysis_with_cases(analysis, _existing_library(args, services), args.k)
    if args.json:
        _print_json(out)
        return 0
    print(f"language: {out['language']}   statements: {len(out['statements'])}")
    for s in out["statements"]:
        flag = "  [COMPLIANCE RISK]" if s["compliance_risk"] else ""
        who = f" ({s['stakeholder']})" if s["stakeholder"] else ""
        print(f"  {s['label']:15} {s['confidence']:.2f}  {s['text']}{who}{flag}")
    if out["questions"]:
        print("questions to ask next:")
        for q in out["questions"]:
            print(f"  [{q['need']}] {q['text']}")
    if out["similar_cases"]:
        print("similar past cases:")
        for h in out["similar_cases"]:
            print(f"  {h['score']:.3f}  {h['id']}  ({h['outcome'] or '-'})  {h['title']}")
    return 0


def cmd_ingest(args, services) -> int:
    from tqdm import tqdm

    library = services.library(args.library, need_classifier=True)
    bar = None if args.quiet else tqdm(total=0, unit="file", file=sys.stderr, leave=False)

    def progress(n, total, name):
        if bar is not None:
            bar.total = total
            bar.set_postfix_str(name[:30])
            bar.update(n - bar.n)

    report = library.ingest([Path(p) for p in args.paths], progress)
    if bar is not None:
        bar.close()
    if args.json:
        _print_json(report.to_dict())
    else:
        rate = report.passages / report.seconds if report.seconds else 0.0
        print(f"added {len(report.added)}, updated {len(report.updated)}, skipped {len(report.skipped)} (unchanged), "
              f"failed {len(report.failed)}; {report.passages} passages in {report.seconds:.1f} s ({rate:.1f}/s)")
        for name, reason in report.failed:
            print(f"  failed: {name}: {reason}", file=sys.stderr)
    return 1 if report.failed and not (report.added or report.updated or report.skipped) else 0


def _filters(args):
    from index.records import Filters

    return Filters(outcome=args.outcome, industry=args.industry, region=args.region, year_from=args.year_from,
                   year_to=args.year_to, language=args.lang, need=args.need, tags=tuple(args.tag or ()), kind=args.kind)


def cmd_search(args, services) -> int:
    from corpus.errors import InputError

    library = services.library(args.library)
    filters = _filters(args)
    if args.queries:
        text = _read_input(args.queries, services.settings)
        queries = [q.strip() for q in text.splitlines() if q.strip()]
        for q in queries:
            print(json.dumps([h.to_dict() for h in library.search(q, args.k, filters, args.mode)], ensure_ascii=False))
        return 0
    if not args.query:
        raise InputError("Give a search query, or --queries FILE with one query a line.")
    hits = library.search(" ".join(args.query), args.k, filters, args.mode)
    if args.json:
        _print_json([h.to_dict() for h in hits])
    else:
        for h in hits:
            print(f"{h.score:.4f}  {h.id}  [{h.outcome or '-'}, {h.language}, {h.year or '-'}]  {h.title}\n        {h.snippet}")
        if not hits:
            print("no matching cases")
    return 0


def cmd_remove(args, services) -> int:
    removed = services.library(args.library).remove(args.ids)
    print(f"removed {len(removed)}: {', '.join(removed)}")
    return 0


def cmd_forget(args, services) -> int:
    from index.maintenance import forget

    removed = forget(services.library(args.library), args.ids)
    print(f"forgot {len(removed)}: {', '.join(removed)} (rows, vectors, keywords, older generations, cached vectors)")
    return 0


def cmd_check(args, services) -> int:
    from index.errors import LibraryError
    from index.library import Library
    from index.maintenance import check, repair

    folder = Path(args.library) if args.library else services.settings.library_dir
    try:
        problems = check(services.library(folder))
    except LibraryError as err:
        problems = [str(err)]
    for p in problems:
        print(f"problem: {p}")
    if problems and args.repair:
        print(repair(Library(folder, services.embedder, load=False)))
        problems = check(Library(folder, services.embedder))
        for p in problems:
            print(f"still: {p}")
    print("library is consistent" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_tender(args, services) -> int:
    from tqdm import tqdm

    from index.tender import analyse_tender, report_to_dict
    from index.tender_export import write_xlsx

    notes = [_read_input(n, services.settings) for n in args.notes or []]
    library = _existing_library(args, services)
    bar = None if args.json else tqdm(total=0, unit="clause", file=sys.stderr, leave=False)

    def progress(done, total):
        if bar is not None:
            bar.total = total
            bar.update(done - bar.n)

    report = analyse_tender(Path(args.file), services.classifier, library, notes, args.k, progress)
    if bar is not None:
        bar.close()
    if args.xlsx:
        write_xlsx(report, Path(args.xlsx))
    out = report_to_dict(report)
    if args.json:
        _print_json(out)
        return 0
    if not out["requirements"]:
        print(out["message"])
        return 0
    for r in out["requirements"]:
        best = r["matches"][0]["title"] if r["matches"] else "-"
        print(f"{r['clause']:>10} {r['kind']:9} {r['label']:14} {r['text'][:70]}  -> {best}")
    print(f"{len(out['requirements'])} clauses; {len(out['uncovered_needs'])} needs from the notes not covered; "
          f"{len(out['unexplained_clauses'])} clauses with no known need" + (f"; matrix written to {args.xlsx}" if args.xlsx else ""))
    return 0


def cmd_train(args, services) -> int:
    from index.corrections import stored_corrections, training_rows
    from nlp.needs.model import train

    lib_dir = Path(args.library) if args.library else services.settings.library_dir
    corrections = stored_corrections(lib_dir, unused_only=False)
    rows, dev = training_rows(corrections)
    model = train(rows, dev, services.embedder, log=lambda m: print(m, file=sys.stderr))
    model.report["corrections"] = len(corrections)
    model.save(services.settings.model_dir)
    print(f"needs model saved to {services.settings.model_dir} (dev macro-F1 {model.report['dev_macro_f1']:.3f}, "
          f"{len(corrections)} label corrections from the library included)")
    return 0


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
    if "tender" in parts:
        from nlp.tender.evaluate import evaluate_tenders

        print(evaluate_tenders(Path(__file__).parent / "corpus" / "tenders"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cli.py", description="Needs discovery for B2B sales: classify, analyse, search past cases.")
    p.add_argument("--data-dir", help="where the trained model, cache and built-in library live (default: data/)")
    p.add_argument("--embedder", help="e5 (default), minilm, or st:<model folder or name>")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("classify", help="label one statement per input line")
    s.add_argument("file", help="a text file, or - for standard input")
    s.add_argument("--json", action="store_true", help="JSON lines out")
    s.set_defaults(func=cmd_classify)

    s = sub.add_parser("analyse", aliases=["analyze"], help="analyse meeting notes or tender text")
    s.add_argument("file", help="a text file, or - for standard input")
    s.add_argument("--json", action="store_true")
    s.add_argument("--library", help="library folder for similar cases (default: the built-in one)")
    s.add_argument("--k", type=int, default=5, help="how many similar cases")
    s.set_defaults(func=cmd_analyse)

    s = sub.add_parser("ingest", help="add files or folders to a library")
    s.add_argument("paths", nargs="+")
    s.add_argument("--library")
    s.add_argument("--json", action="store_true")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("search", help="search a library by meaning and keywords")
    s.add_argument("query", nargs="*")
    s.add_argument("--queries", help="a file with one query a line; JSON lines out")
    s.add_argument("--library")
    s.add_argument("--k", type=int, default=10)
    s.add_argument("--json", action="store_true")
    s.add_argument("--mode", default="hybrid", help="hybrid (default), dense or bm25")
    s.add_argument("--outcome")
    s.add_argument("--industry")
    s.add_argument("--region")
    s.add_argument("--year-from", type=int)
    s.add_argument("--year-to", type=int)
    s.add_argument("--lang")
    s.add_argument("--need")
    s.add_argument("--tag", action="append", help="may be given several times")
    s.add_argument("--kind", help="case, document, tender or note")
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("remove", help="delete cases from a library")
    s.add_argument("ids", nargs="+")
    s.add_argument("--library")
    s.set_defaults(func=cmd_remove)

    s = sub.add_parser("forget", help="remove cases or saved notes completely, with every copy of their text and vectors")
    s.add_argument("ids", nargs="+")
    s.add_argument("--library")
    s.set_defaults(func=cmd_forget)

    s = sub.add_parser("check", help="check that a library is consistent; --repair rebuilds it")
    s.add_argument("--library")
    s.add_argument("--repair", action="store_true")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("tender", help="requirement matrix of a tender, linked to meeting notes and past cases")
    s.add_argument("file", help="the tender: .docx, .pdf, .txt or .md")
    s.add_argument("--notes", nargs="*", help="meeting notes for the same customer")
    s.add_argument("--library")
    s.add_argument("--xlsx", help="write the matrix to this Excel file")
    s.add_argument("--json", action="store_true")
    s.add_argument("--k", type=int, default=3, help="past passages per clause")
    s.set_defaults(func=cmd_tender)

    s = sub.add_parser("train", help="train the needs classifier on corpus/needs plus the library's label corrections")
    s.add_argument("--library", help="library whose corrections to include (default: the built-in one)")
    s.set_defaults(func=cmd_train)

    s = sub.add_parser("eval", help="evaluate on held-out data: needs, search")
    s.add_argument("part", nargs="*", choices=["needs", "search", "tender", []], help="what to evaluate (default: all)")
    s.add_argument("--library", help="library to evaluate search on (default: the built-in one)")
    s.add_argument("--queries", default=str(Path(__file__).parent / "corpus" / "queries.jsonl"))
    s.set_defaults(func=cmd_eval)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from corpus.errors import InputError
    from index.services import Services
    from nlp.needs.model import ModelMismatch

    settings = Settings()
    if args.data_dir:
        settings = settings.with_(data_dir=Path(args.data_dir))
    if args.embedder:
        settings = settings.with_(embedder=args.embedder)
    try:
        return args.func(args, Services(settings))
    except (InputError, ModelMismatch, ValueError) as err:
        print(str(err).splitlines()[0] if str(err) else type(err).__name__, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
