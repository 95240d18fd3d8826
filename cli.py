"""Command line: build the parser from the command modules in commands/, run one, turn the product's own errors
into one plain sentence and exit code 2. No logic lives here."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from settings import Settings

# One module per group of commands; each has register(subparsers).
COMMAND_MODULES = ("commands.needs", "commands.library", "commands.tender", "commands.evaluation", "commands.migrate",
                   "commands.account", "commands.brief")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    p = argparse.ArgumentParser(prog="cli.py", description="Needs discovery for B2B sales: classify, analyse, search past cases.")
    p.add_argument("--data-dir", help="where the trained model, cache and built-in library live (default: data/)")
    p.add_argument("--embedder", help="e5-onnx-q4 (default), e5, e5-onnx, use, minilm, or st:<model folder or name>")
    p.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    sub = p.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from corpus.errors import InputError
    from features.services import Services

    settings = Settings.from_env(os.environ)
    if args.data_dir:
        settings = settings.with_(data_dir=Path(args.data_dir))
    if args.embedder:
        settings = settings.with_(embedder=args.embedder)
    try:
        return args.func(args, Services(settings))
    except InputError as err:  # the product's own errors: one plain sentence for the user
        if args.debug:
            raise
        print(str(err).splitlines()[0] if str(err) else type(err).__name__, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
