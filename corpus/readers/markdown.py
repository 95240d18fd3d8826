"""Markdown with optional YAML front matter, and plain text files (encoding detected)."""
from __future__ import annotations

from pathlib import Path

import yaml

from corpus.errors import UnreadableFile
from corpus.readers.common import make_case, read_bytes
from corpus.records import Case
from corpus.textfile import decode_bytes


def split_front_matter(text: str, name: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    try:
        meta = yaml.safe_load(text[3:end]) or {}
    except yaml.YAMLError as err:
        raise UnreadableFile(f"{name} has front matter that is not valid YAML.") from err
    if not isinstance(meta, dict):
        raise UnreadableFile(f"{name} has front matter that is not a set of key: value lines.")
    body = text[end + 4 :].lstrip("-").lstrip("\n")
    return meta, body


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
