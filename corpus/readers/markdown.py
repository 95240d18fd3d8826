"""Markdown with optional YAML front matter, and plain text files (encoding detected).

Front matter is read with a safe loader that refuses more than a few aliases (an alias bomb grows a few
hundred bytes into gigabytes) and is then typed: each known field must be text, a number or a date (tags
may be a list of those); anything else is refused by name, so no value is ever turned into a huge string.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from corpus.errors import UnreadableFile
from corpus.readers.common import make_case, read_bytes
from corpus.records import Case
from corpus.textfile import decode_bytes, has_surrogate

MAX_ALIASES = 20
MAX_FRONT_MATTER = 64 * 1024  # characters; metadata, not text
MAX_VALUE = 2000  # characters per field value
_SCALARS = (str, int, float, bool, datetime.date)


class _Aliases(yaml.YAMLError):
    pass


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that stops at the (MAX_ALIASES + 1)th alias of a document."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases = getattr(self, "_aliases", 0) + 1
            if self._aliases > MAX_ALIASES:
                raise _Aliases("too many aliases")
        return super().compose_node(parent, index)


def _typed(meta: dict, name: str) -> dict:
    out = {}
    for key, value in meta.items():
        if not isinstance(key, (str, int)):
            raise UnreadableFile(f"{name} has a front-matter key that is not text.")
        key = str(key)
        if has_surrogate(key) or any(isinstance(v, str) and has_surrogate(v) for v in _items(value)):
            raise UnreadableFile(f"{name} has front matter with a character that is not valid Unicode.")
        items = value if key == "tags" and isinstance(value, list) else [value]
        for item in items:
            if item is not None and not isinstance(item, _SCALARS):
                raise UnreadableFile(f"{name}: front-matter field {key[:40]!r} must be text, a number or a date.")
            if isinstance(item, str) and len(item) > MAX_VALUE:
                raise UnreadableFile(f"{name}: front-matter field {key[:40]!r} is longer than {MAX_VALUE:,} characters.")
        out[key] = value
    return out


def _items(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def split_front_matter(text: str, name: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    if end > MAX_FRONT_MATTER:
        raise UnreadableFile(f"{name} has front matter over {MAX_FRONT_MATTER // 1024} KB; keep it to metadata.")
    try:
        meta = yaml.load(text[3:end], Loader=_BoundedLoader) or {}  # noqa: S506 - a SafeLoader subclass
    except _Aliases as err:
        raise UnreadableFile(f"{name} has front matter with more than {MAX_ALIASES} YAML aliases.") from err
    except (yaml.YAMLError, ValueError, RecursionError) as err:
        raise UnreadableFile(f"{name} has front matter that is not valid YAML.") from err
    if not isinstance(meta, dict):
        raise UnreadableFile(f"{name} has front matter that is not a set of key: value lines.")
    body = text[end + 4 :].lstrip("-").lstrip("\n")
    return _typed(meta, name), body


def read_markdown(path: Path) -> list[Case]:
    data = read_bytes(path)
    text = decode_bytes(data, path.name)
    meta, body = split_front_matter(text, path.name)
    if not body.strip():
        raise UnreadableFile(f"{path.name} has no text.")
    return [make_case(meta, body, path.stem, path.name, data)]


def read_txt(path: Path) -> list[Case]:
    data = read_bytes(path)
    text = decode_bytes(data, path.name)
    if not text.strip():
        raise UnreadableFile(f"{path.name} has no text.")
    return [make_case({}, text, path.stem, path.name, data, kind="document")]
