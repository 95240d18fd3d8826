"""Commands on notes and statements: classify, analyse, train."""
from __future__ import annotations

import sys

from commands.common import existing_library, library_folder, print_json, read_input


def cmd_classify(args, services) -> int:
    text = read_input(args.file, services.settings)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    needs = services.classifier.classify_texts(lines) if lines else []
    rows = [{"text": n.statement.text, "label": n.label, "confidence": n.confidence} for n in needs]
    if args.json:
        print_json(rows, lines=True)
    else:
        for r in rows:
            print(f"{r['label']:15} {r['confidence']:.2f}  {r['text']}")
    return 0


def cmd_analyse(args, services) -> int:
    from features.similar import analysis_with_cases
    from nlp.analyse import analyse

    text = read_input(args.file, services.settings)
    limits = services.settings
    analysis = analyse(text, services.classifier, limits.max_statements, max_chars=limits.max_note_chars)
    result = analysis_with_cases(analysis, existing_library(args, services), args.k)
    if args.json:
        print_json(result.to_dict())
        return 0
    print(f"language: {result.language}   statements: {len(result.needs)}")
    if not result.needs:
        print("no statements found: the text holds no sentences to label (only markup, headings or blank lines)")
    for n in result.needs:
        flag = "  [COMPLIANCE RISK]" if n.compliance_risk else ""
        who = f" ({n.stakeholder})" if n.stakeholder else ""
        check = "  [low confidence: please confirm]" if n.confidence_band == "low" else ""
        print(f"  {n.label:15} {n.confidence:.2f}  {n.statement.text}{who}{flag}{check}")
    if result.questions:
        print("questions to ask next:")
        for q in result.questions:
            print(f"  [{q.need}] {q.text}")
    if result.cases:
        print("similar past cases:")
        for h in result.cases:
            print(f"  {round(h.score, 6):.3f}  {h.id}  ({h.outcome or '-'})  {h.title}")
    return 0


def cmd_train(args, services) -> int:
    from features.corrections import retrain_with_corrections

    model = retrain_with_corrections(library_folder(args, services), services.embedder, services.settings.model_dir,
                                     log=lambda m: print(m, file=sys.stderr))
    print(f"needs model saved to {services.settings.model_dir} (dev macro-F1 {model.report['dev_macro_f1']:.3f}, "
          f"{model.report['corrections']} label corrections from the library included)")
    return 0


def register(sub) -> None:
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

    s = sub.add_parser("train", help="train the needs classifier on corpus/needs plus the library's label corrections")
    s.add_argument("--library", help="library whose corrections to include (default: the built-in one)")
    s.set_defaults(func=cmd_train)
