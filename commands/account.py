"""Account commands: add meeting notes to an account, show what they say together, list, forget a note,
correct the people (merge, split), set a need's status or link the needs to a tender, export the account plan."""
from __future__ import annotations

from pathlib import Path

from commands.common import library_folder, print_json, read_input
from corpus.errors import InputError


def _store(args, services):
    from features.accounts.store import AccountStore

    return AccountStore.beside(library_folder(args, services))


def cmd_add(args, services) -> int:
    from features.accounts.service import add_note, check_date, check_note

    if args.date:
        check_date(args.date)
    texts = [(n, read_input(n, services.settings)) for n in args.notes]
    for name, text in texts:  # refuse before anything is stored: the account stays as it was
        check_note(text, name)
    store = _store(args, services)
    results = [add_note(store, args.account, text, services.classifier, args.date) for _, text in texts]
    rows = [{"id": r.meeting.id, "date": r.meeting.date, "title": r.meeting.title, "added": r.added} for r in results]
    if args.json:
        print_json({"account": args.account.strip(), "meetings": rows})
    else:
        for r in rows:
            print(f"{'added' if r['added'] else 'already there'}: {r['id']}  {r['date']}  {r['title']}")
    return 0


def cmd_show(args, services) -> int:
    from features.accounts.view import build_view

    view = build_view(_store(args, services), args.account)
    if args.json:
        print_json(view.to_dict())
        return 0
    from features.plan_zh import plan_markdown_in

    print(plan_markdown_in(view, view.language))
    return 0


def cmd_list(args, services) -> int:
    rows = [{"account": a, "meetings": n, "last_meeting": d} for a, n, d in _store(args, services).accounts()]
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['account']}  ({r['meetings']} meetings, last {r['last_meeting'] or '-'})")
        if not rows:
            print("no accounts yet")
    return 0


def cmd_forget(args, services) -> int:
    from features.accounts.service import forget_meeting

    store = _store(args, services)
    for meeting in args.meetings:
        forget_meeting(store, args.account, meeting, services.embedder)
    print(f"forgot {len(args.meetings)} meeting(s) of {args.account} and everything derived from them "
          "(statements, people, needs, investments, cached vectors)")
    return 0


def cmd_status(args, services) -> int:
    from features.accounts.records import STATUSES
    from features.accounts.view import build_view

    if args.status not in STATUSES:
        raise InputError(f"A need's status is one of {', '.join(STATUSES)}, not {args.status!r}.")
    store = _store(args, services)
    if args.need not in {n.id for n in build_view(store, args.account).needs}:
        raise InputError(f"Account {args.account!r} has no need {args.need!r}; `account show --json` lists the ids.")
    store.set_status(args.account, args.need, args.status)
    print(f"{args.need}: {args.status}")
    return 0


def _correct(args, services, action: str, a: str, b: str) -> int:
    from features.accounts.overrides import check_override
    from features.accounts.view import build_view

    store = _store(args, services)
    view = build_view(store, args.account)
    names = {n for p in view.stakeholders for n in (p.name, *p.forms)}
    check_override(action, a, b, names, list(view.meetings))
    store.add_override(args.account, action, a, b)
    after = build_view(store, args.account)
    print(f"{action}: " + "; ".join(f"{p.name} ({', '.join(p.forms)})" for p in after.stakeholders
                                    if {p.name, *p.forms} & {a, b} or p.name.startswith(a)))
    return 0


def cmd_merge(args, services) -> int:
    return _correct(args, services, "merge", args.a, args.b)


def cmd_split(args, services) -> int:
    return _correct(args, services, "split", args.name, args.meeting)


def cmd_undo(args, services) -> int:
    action, a, b = _store(args, services).undo_override(args.account)
    print(f"undone: {action} {a} / {b}")
    return 0


def cmd_tender(args, services) -> int:
    from features.accounts.tender_links import link_tender
    from features.accounts.view import build_view

    store = _store(args, services)
    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"There is no file {args.file!r}.")
    links = link_tender(store, args.account, path, services.embedder)
    covered = [n for n in build_view(store, args.account).needs if n.status == "covered"]
    print(f"{len(links)} statement(s) linked to clauses of {path.name}; {len(covered)} need(s) covered")
    for n in covered:
        print(f"  {n.id}  {n.text[:90]}")
    return 0


def cmd_export(args, services) -> int:
    from corpus.files import replace_atomically
    from features.accounts.view import build_view
    from features.plan_zh import plan_markdown_in, plan_xlsx_in

    view = build_view(_store(args, services), args.account)
    if not args.md and not args.xlsx:
        raise InputError("Give --md FILE, --xlsx FILE or both.")
    # in the account's language, each file written whole or not at all
    if args.md:
        data = plan_markdown_in(view, view.language).encode("utf-8")
        replace_atomically(Path(args.md), lambda fh: fh.write(data))
    if args.xlsx:
        book = plan_xlsx_in(view, view.language)
        replace_atomically(Path(args.xlsx), lambda fh: fh.write(book))
    print("account plan written: " + ", ".join(p for p in (args.md, args.xlsx) if p))
    return 0


# subcommand: (help, positional arguments after the account, options); every subcommand takes --library
SUBCOMMANDS = {
    "add": ("add meeting notes (files, or - for standard input) to an account", ["notes+"], ["--date", "--json"]),
    "show": ("what all meetings of an account say together", [], ["--json"]),
    "list": ("accounts and their meetings", None, ["--json"]),
    "forget": ("remove meetings and everything derived from them", ["meetings+"], []),
    "status": ("set a need's status: open, answered (in our proposal), covered (by a tender clause)", ["need", "status"], []),
    "merge": ("two names the account keeps apart are one person (kept over later adds)", ["a", "b"], []),
    "split": ("a person's mentions in one meeting are someone else (kept over later adds)", ["name", "meeting"], []),
    "undo": ("take back the latest merge or split of the account's people", [], []),
    "tender": ("link the account's needs to the clauses of a tender: covered needs", ["file"], []),
    "export": ("the account plan as Markdown and/or Excel", [], ["--md", "--xlsx"]),
}
_OPTION_HELP = {"--date": "meeting date YYYY-MM-DD (default: the date in the note, else today)"}


def register(sub) -> None:
    acc = sub.add_parser("account", help="accounts that build up over many meetings")
    asub = acc.add_subparsers(dest="account_command", required=True)
    for name, (text, positionals, options) in SUBCOMMANDS.items():
        s = asub.add_parser(name, help=text)
        for arg in [] if positionals is None else ["account", *positionals]:
            s.add_argument(arg.rstrip("+"), nargs="+" if arg.endswith("+") else None)
        for opt in [*options, "--library"]:
            if opt == "--json":
                s.add_argument(opt, action="store_true")
            else:
                s.add_argument(opt, help=_OPTION_HELP.get(opt))
        s.set_defaults(func=globals()[f"cmd_{name}"])
