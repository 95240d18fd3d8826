"""Helpers every command shares: reading a file or standard input within the size limit, the library a command
names, and JSON printing."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from corpus.textfile import check_size, decode_bytes, printable, read_text
from index.opening import exists
from index.pg.connection import is_url
from settings import Settings


def read_input(source: str, settings: Settings) -> str:
    """The text of a file, or of standard input when `source` is '-'."""
    if source == "-":
        data = sys.stdin.buffer.read(settings.max_input_bytes + 1)
        check_size(data, settings.max_input_bytes, "Standard input")
        return decode_bytes(data, "standard input")
    return read_text(source, settings.max_input_bytes)


def typed(value: str | None) -> str | None:
    """A command-line word as text: bytes the terminal could not decode (kept by Python as lone surrogates, which no
    database or model accepts) become U+FFFD."""
    return None if value is None else printable(value)


def library_folder(args, services) -> Path | str:
    """Where --library points: a folder, or a postgresql:// URL kept as given (default: the settings' library)."""
    given = getattr(args, "library", None)
    if given:
        return given if is_url(given) else Path(given)
    return services.settings.library_location


def existing_library(args, services):
    """The library named by --library (default: the built-in one) if one has been built there, else None."""
    location = library_folder(args, services)
    return services.library(location) if exists(location) else None


def print_json(obj, lines: bool = False) -> None:
    if lines:  # a file name of bytes that are not UTF-8 can be in a report: printed with U+FFFD, not a traceback
        for item in obj:
            print(printable(json.dumps(item, ensure_ascii=False)))
    else:
        print(printable(json.dumps(obj, ensure_ascii=False, indent=2)))
