"""Commands on a library: ingest, search, remove, forget, check, reindex."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from commands.common import library_folder, print_json, read_input, typed
from corpus.errors import InputError


def cmd_ingest(args, services) -> int:
    from tqdm import tqdm

    library = services.library(args.library, need_classifier=True)
    bar = None if args.quiet else tqdm(total=0, unit="file", file=sys.stderr, leave=False)

    def progress(n, total, name):
        if bar is not None:
            bar.total = total
            bar.set_postfix_str(name[:30])
            bar.update(n - bar.n)

    report = library.ingest([Path(p) for p in args.paths], progress, replace=args.replace)
    if bar is not None:
        bar.close()
    if args.json:
        print_json(report.to_dict())
    else:
        rate = report.passages / report.seconds if report.seconds else 0.0
        print(f"added {len(report.added)}, updated {len(report.updated)}, skipped {len(report.skipped)} (unchanged), "
              f"failed {len(report.failed)}; {report.passages} passages in {report.seconds:.1f} s ({rate:.1f}/s)"
              + (f"; {len(report.skipped_rows)} rows skipped" if report.skipped_rows else ""))
        for name, reason in report.failed:
            print(f"  failed: {name}: {reason}", file=sys.stderr)
        for row in report.skipped_rows:
            print(f"  skipped row: {row}", file=sys.stderr)
    return 1 if report.failed and not (report.added or report.updated or report.skipped) else 0


def _filters(args):
    from index.records import Filters

    for year in (args.year_from, args.year_to):
        if year is not None and not 0 < year < 10_000:
            raise InputError(f"The year {year} is not a year; give four digits.")
    return Filters(outcome=typed(args.outcome), industry=typed(args.industry), region=typed(args.region),
                   year_from=args.year_from, year_to=args.year_to, language=typed(args.lang), need=typed(args.need),
                   tags=tuple(typed(t) for t in args.tag or ()), kind=typed(args.kind))


def cmd_search(args, services) -> int:
    library = services.library(args.library)
    filters = _filters(args)
    if args.queries:
        text = read_input(args.queries, services.settings)
        queries = [q.strip() for q in text.splitlines() if q.strip()]
        for q in queries:
            print(json.dumps([h.to_dict() for h in library.search(q, args.k, filters, args.mode)], ensure_ascii=False))
        return 0
    if not args.query:
        raise InputError("Give a search query, or --queries FILE with one query a line.")
    hits = library.search(typed(" ".join(args.query)), args.k, filters, args.mode)
    if args.json:
        print_json([h.to_dict() for h in hits])
    else:
        for h in hits:
            print(f"{h.score:.4f}  {h.id}  [{h.outcome or '-'}, {h.language}, {h.year or '-'}]  {h.title}\n        {h.snippet}")
        if not hits:
            print("no matching cases")
    return 0


def cmd_remove(args, services) -> int:
    removed = services.library(args.library).remove([typed(i) for i in args.ids])
    print(f"removed {len(removed)}: {', '.join(removed)}")
    return 0


def cmd_forget(args, services) -> int:
    from features.corrections import forget_cases

    removed, corrections, meetings = forget_cases(services.library(args.library), [typed(i) for i in args.ids])
    print(f"forgot {len(removed)}: {', '.join(removed)} (rows, vectors, keywords, older generations, cached vectors, "
          f"{corrections} label corrections, {meetings} account meetings of the same notes)")
    return 0


def cmd_check(args, services) -> int:
    from index.errors import LibraryError
    from index.library import Library
    from index.maintenance import check, repair

    folder = library_folder(args, services)
    try:
        problems = check(services.library(folder))
    except LibraryError as err:
        problems = [str(err)]
    for p in problems:
        print(f"problem: {p}")
    if problems and args.repair and isinstance(folder, str):
        from index.pg.maintenance import repair as server_repair

        print(server_repair(services.library(folder)))
        problems = check(services.library(folder))
        for p in problems:
            print(f"still: {p}")
    elif problems and args.repair:
        print(repair(Library(folder, services.embedder, load=False)))
        problems = check(Library(folder, services.embedder))
        for p in problems:
            print(f"still: {p}")
    print("library is consistent" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


def cmd_reindex(args, services) -> int:
    from index.pg.connection import is_url
    from index.reindex import reindex
    from nlp.runtime import load_embedder

    location = library_folder(args, services)
    if is_url(location):
        raise InputError("reindex rebuilds folder libraries; a server library is rebuilt by migrating it again.")
    name = args.reindex_embedder
    embedder = load_embedder(name, services.settings.cache_path) if name else services.embedder
    print(reindex(Path(location), embedder))
    return 0


def register(sub) -> None:
    s = sub.add_parser("ingest", help="add files or folders to a library")
    s.add_argument("paths", nargs="+")
    s.add_argument("--library")
    s.add_argument("--json", action="store_true")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.add_argument("--replace", action="store_true", help="let a file take over a case id that another file holds")
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

    s = sub.add_parser("reindex", help="rebuild a library's vectors with another embedder from its stored text")
    s.add_argument("--library")
    s.add_argument("--embedder", dest="reindex_embedder", help="default: the embedder of this run (settings)")
    s.set_defaults(func=cmd_reindex)
