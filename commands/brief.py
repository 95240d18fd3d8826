"""The brief command: the Markdown needs brief the app exports, printed to stdout, people and contacts masked
unless --no-redact (with --account, also every person the account knows); what was masked goes to stderr."""
from __future__ import annotations

import sys

from commands.common import existing_library, library_folder, read_input


def cmd_brief(args, services) -> int:
    from features.exports import markdown_brief, masked_analysis
    from features.similar import analysis_with_cases
    from nlp.analyse import analyse
    from nlp.text.language import detect_language

    text = read_input(args.file, services.settings)
    store = None
    if args.account and not args.no_redact:
        from features.accounts.store import AccountStore

        store = AccountStore.beside(library_folder(args, services))
        store.require(args.account.strip())  # an unknown account is an error, not a silent plain masking
    lang = args.lang or ("zh" if detect_language(text) == "zh" else "en")
    # questions and similar cases: in --lang when given, else in the note's own language
    result = analysis_with_cases(analyse(text, services.classifier, services.settings.max_statements, ui_language=args.lang),
                                 existing_library(args, services), args.k, ui_language=args.lang)
    if not args.no_redact:
        from features.privacy import note_masking

        masking = note_masking(text, lang, store, args.account.strip() if args.account else None)
        result = masked_analysis(result, text, lang, masking)
        m = result.masked
        print(f"masked {m['persons']} people ({m['mentions']} mentions), {m['email']} e-mail addresses, "
              f"{m['phone']} phone numbers, {m['id']} ID numbers", file=sys.stderr)
    print(markdown_brief(result, lang=lang))
    return 0


def register(sub) -> None:
    s = sub.add_parser("brief", help="the Markdown needs brief of a note, names and contacts masked")
    s.add_argument("file", help="a text file, or - for standard input")
    s.add_argument("--no-redact", action="store_true", help="keep names, phone numbers, e-mails and IDs")
    s.add_argument("--library", help="library folder for similar cases (default: the built-in one)")
    s.add_argument("--lang", choices=["zh", "en"], help="language of the brief (default: the note's)")
    s.add_argument("--account", help="the account the note belongs to: its known people are masked too")
    s.add_argument("--k", type=int, default=5, help="how many similar cases")
    s.set_defaults(func=cmd_brief)
