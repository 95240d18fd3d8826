"""The tender command: a tender's requirement matrix, linked to meeting notes and past cases, with an Excel export."""
from __future__ import annotations

import sys
from pathlib import Path

from commands.common import existing_library, print_json, read_input


def cmd_tender(args, services) -> int:
    from tqdm import tqdm

    from features.tender.export import write_xlsx
    from features.tender.matrix import analyse_tender, report_to_dict

    notes = [read_input(n, services.settings) for n in args.notes or []]
    library = existing_library(args, services)
    bars = []  # made at the first clause, so a file that cannot be read prints only its error

    def progress(done, total):
        if args.json:
            return
        if not bars:
            bars.append(tqdm(total=total, unit="clause", file=sys.stderr, leave=False))
        bars[0].update(done - bars[0].n)

    report = analyse_tender(Path(args.file), services.classifier, library, notes, args.k, progress,
                            max_clauses=services.settings.max_clauses)
    for bar in bars:
        bar.close()
    if args.xlsx:
        write_xlsx(report, Path(args.xlsx))
    if args.json:
        print_json(report_to_dict(report))
        return 0
    for f in report.key_facts:
        print(f"{f.name.replace('_', ' '):18} {f.value[:90]}" + (f"  [{f.clause}]" if f.clause else ""))
    if report.key_facts:
        print()
    if not report.rows:
        print(report.message)
        return 0
    for row in report.rows:
        r = row.requirement
        best = row.matches[0].title if row.matches else "-"
        pts = f"{r.points:g}" if r.points is not None else ""
        flag = "!" if r.disqualifying else " "
        print(f"{r.clause[:10]:>10} {r.kind:9}{flag}{pts:>4} {row.need.label:14} {r.text[:70]}  -> {best}")
    print(f"{len(report.rows)} clauses; {len(report.uncovered_needs)} needs from the notes not covered; "
          f"{len(report.unexplained)} clauses with no known need" + (f"; matrix written to {args.xlsx}" if args.xlsx else ""))
    return 0


def register(sub) -> None:
    s = sub.add_parser("tender", help="requirement matrix of a tender, linked to meeting notes and past cases")
    s.add_argument("file", help="the tender: .docx, .pdf, .txt or .md")
    s.add_argument("--notes", nargs="*", help="meeting notes for the same customer")
    s.add_argument("--library")
    s.add_argument("--xlsx", help="write the matrix to this Excel file")
    s.add_argument("--json", action="store_true")
    s.add_argument("--k", type=int, default=3, help="past passages per clause")
    s.set_defaults(func=cmd_tender)
