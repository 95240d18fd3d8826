"""The brief command: the Markdown needs brief the app exports, printed to stdout, people and contacts masked
unless --no-redact; what was masked goes to stderr."""
from __future__ import annotations

import sys

from commands.common import existing_library, read_input


def cmd_brief(args, services) -> int:
    from features.exports import markdown_brief, masked_analysis
    from features.similar import analysis_with_cases
    from nlp.analyse import analyse
    from nlp.text.language import detect_language

    text = read_input(args.file, services.settings)
    lang = args.lang or ("zh" if detect_language(text) == "zh" else "en")
    # questions and similar cases: in --lang when given, else in the note's own language
    result = analysis_with_cases(analyse(text, services.classifier, services.settings.max_statements, ui_language=args.lang),
                                 existing_library(args, services), args.k, ui_language=args.lang)
    if not args.no_redact:
        result = masked_analysis(result, text, lang)
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
    s.add_argument("--k", type=int, default=5, help="how many similar cases")
    s.set_defaults(func=cmd_brief)
