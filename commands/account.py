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
    from features.accounts.export import plan_markdown

    print(plan_markdown(view))
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
    from features.accounts.export import plan_markdown, plan_xlsx
    from features.accounts.view import build_view

    view = build_view(_store(args, services), args.account)
    if not args.md and not args.xlsx:
        raise InputError("Give --md FILE, --xlsx FILE or both.")
    if args.md:
        Path(args.md).write_text(plan_markdown(view), encoding="utf-8")
    if args.xlsx:
        Path(args.xlsx).write_bytes(plan_xlsx(view))
    print("account plan written: " + ", ".join(p for p in (args.md, args.xlsx) if p))
    return 0


def register(sub) -> None:
    acc = sub.add_parser("account", help="accounts that build up over many meetings")
    asub = acc.add_subparsers(dest="account_command", required=True)
    s = asub.add_parser("add", help="add meeting notes (files, or - for standard input) to an account")
    s.add_argument("account")
    s.add_argument("notes", nargs="+")
    s.add_argument("--date", help="meeting date YYYY-MM-DD (default: the date in the note, else today)")
    s.add_argument("--library")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_add)
    s = asub.add_parser("show", help="what all meetings of an account say together")
    s.add_argument("account")
    s.add_argument("--library")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_show)
    s = asub.add_parser("list", help="accounts and their meetings")
    s.add_argument("--library")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_list)
    s = asub.add_parser("forget", help="remove meetings and everything derived from them")
    s.add_argument("account")
    s.add_argument("meetings", nargs="+")
    s.add_argument("--library")
    s.set_defaults(func=cmd_forget)
    s = asub.add_parser("status", help="set a need's status: open, answered (in our proposal), covered (by a tender clause)")
    s.add_argument("account")
    s.add_argument("need")
    s.add_argument("status")
    s.add_argument("--library")
    s.set_defaults(func=cmd_status)
    s = asub.add_parser("merge", help="two names the account keeps apart are one person (kept over later adds)")
    s.add_argument("account")
    s.add_argument("a")
    s.add_argument("b")
    s.add_argument("--library")
    s.set_defaults(func=cmd_merge)
    s = asub.add_parser("split", help="a person's mentions in one meeting are someone else (kept over later adds)")
    s.add_argument("account")
    s.add_argument("name")
    s.add_argument("meeting")
    s.add_argument("--library")
    s.set_defaults(func=cmd_split)
    s = asub.add_parser("undo", help="take back the latest merge or split of the account's people")
    s.add_argument("account")
    s.add_argument("--library")
    s.set_defaults(func=cmd_undo)
    s = asub.add_parser("tender", help="link the account's needs to the clauses of a tender: covered needs")
    s.add_argument("account")
    s.add_argument("file")
    s.add_argument("--library")
    s.set_defaults(func=cmd_tender)
    s = asub.add_parser("export", help="the account plan as Markdown and/or Excel")
    s.add_argument("account")
    s.add_argument("--md")
    s.add_argument("--xlsx")
    s.add_argument("--library")
    s.set_defaults(func=cmd_export)
