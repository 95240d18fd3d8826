"""The migrate command: move a folder library into a PostgreSQL server library without re-embedding."""
from __future__ import annotations

import sys
from pathlib import Path

from commands.common import print_json
from corpus.errors import InputError


def cmd_migrate(args, services) -> int:
    from index.library import Library
    from index.opening import exists
    from index.pg.connection import is_url
    from index.pg.library import PgLibrary
    from index.pg.migrate import migrate

    if not is_url(args.to):
        raise InputError("--to must be a postgresql:// URL, for example postgresql://user@host/db.")
    source_dir = Path(args.source)
    if not exists(source_dir):
        raise InputError(f"No library in {source_dir}; give the folder that holds its CURRENT file.")
    source = Library(source_dir, services.embedder)
    target = PgLibrary(args.to, services.embedder)

    def progress(done, total):
        if not args.quiet:
            print(f"\r{done}/{total} passages", end="", file=sys.stderr)

    report = migrate(source, target, progress)
    if not args.quiet:
        print(file=sys.stderr)
    if args.json:
        print_json(report.to_dict())
    else:
        print(f"migrated {report.cases} cases, {report.passages} passages, {report.statements} statements "
              f"to {report.to}")
    return 0


def register(sub) -> None:
    s = sub.add_parser("migrate", help="copy a folder library into a PostgreSQL library (vectors copied, not recomputed)")
    s.add_argument("--from", dest="source", required=True, help="the library folder")
    s.add_argument("--to", required=True, help="postgresql://user[:password]@host[:port]/database")
    s.add_argument("--json", action="store_true")
    s.add_argument("--quiet", action="store_true")
    s.set_defaults(func=cmd_migrate)
