"""Helpers the readers share: file size checks, metadata coercion into a Case."""
from __future__ import annotations

import re
from pathlib import Path

from corpus.errors import UnreadableFile
from corpus.records import OUTCOMES, Case, content_hash
from corpus.textfile import printable, read_file
from settings import Settings

MAX_FILE_BYTES = Settings.max_file_bytes  # the number lives in settings.py
_SAFE_ID = re.compile(r"[^\w\-.\u4e00-\u9fff]+")


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A library file's bytes; an empty file is an error here (there is nothing to add)."""
    data = read_file(path, limit)
    if not data.strip():
        raise UnreadableFile(f"{path.name} is empty.")
    return data


def clean_id(value: str) -> str:
    return _SAFE_ID.sub("-", str(value).strip()).strip("-")[:120]


def _year(value) -> int | None:
    m = re.search(r"\d{4}", str(value or ""))
    return int(m.group()) if m else None


def _tags(value) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        items = value
    else:
        items = re.split(r"[,;，；|]", str(value or ""))
    return tuple(t for t in (str(i).strip().lower() for i in items) if t)


def make_case(meta: dict, text: str, default_id: str, source: str, source_bytes: bytes, kind: str = "case") -> Case:
    """A Case from loose metadata (front matter, a table row): known keys coerced, the rest kept in extra."""
    known = {"id", "title", "customer", "industry", "region", "country", "year", "outcome", "tags", "language",
             "translation", "kind", "text", "body", "content", "summary"}
    outcome = str(meta.get("outcome") or "").strip().lower()
    case_id = clean_id(meta.get("id") or default_id) or content_hash(text)
    title = str(meta.get("title") or "").strip() or _first_line(text) or case_id
    language = str(meta.get("language") or "").strip().lower()  # filled in at ingest when absent
    return Case(
        id=case_id,
        title=title[:300],
        text=text,
        language=language,
        customer=str(meta.get("customer") or "").strip(),
        industry=str(meta.get("industry") or "").strip().lower(),
        region=str(meta.get("region") or "").strip(),
        country=str(meta.get("country") or "").strip(),
        year=_year(meta.get("year")),
        outcome=outcome if outcome in OUTCOMES else "",
        tags=_tags(meta.get("tags")),
        translation=str(meta.get("translation") or "").strip(),
        kind=str(meta.get("kind") or kind),
        source=printable(source),  # a file name of bytes that are not UTF-8 is stored with U+FFFD
        source_hash=content_hash(source_bytes),
        extra={k: v for k, v in meta.items() if k not in known and isinstance(v, (str, int, float, bool))},
    )


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:120]
    return ""
