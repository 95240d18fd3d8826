"""Case and Passage: the records readers produce and the library stores. Ids are stable across re-ingest."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

OUTCOMES = ("won", "lost", "ongoing")


def content_hash(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Case:
    """One past case, tender or document: its text plus the metadata search filters on."""

    id: str
    title: str
    text: str
    language: str = ""
    customer: str = ""
    industry: str = ""
    region: str = ""
    country: str = ""
    year: int | None = None
    outcome: str = ""
    tags: tuple[str, ...] = ()
    translation: str = ""
    kind: str = "case"  # case | tender | note | document
    source: str = ""  # file name it came from
    source_hash: str = ""  # hash of the source file's bytes: unchanged files are skipped
    extra: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Passage:
    """A piece of a case cut along headings and paragraphs, with the section path it sits under."""

    case_id: str
    ordinal: int
    section: str
    text: str

    @property
    def id(self) -> str:
        return content_hash(self.case_id, str(self.ordinal), self.text)


@dataclass(frozen=True)
class SkippedRow:
    """A row of a CSV, JSON lines or Excel file that could not become a case; the rest of the file went in."""

    file: str
    line: int  # the line of the file the row starts on (CSV, JSON lines) or the sheet's row number (Excel)
    reason: str  # why, as a clause: "is not a JSON object"

    def __str__(self) -> str:
        return f"{self.file} line {self.line} {self.reason}; skipped."

    def to_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "reason": self.reason}

