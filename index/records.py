"""Records the library hands out: search filters, the values they can take, hits, ingest and migrate reports, library
figures."""
from __future__ import annotations

from dataclasses import dataclass, field

from corpus.records import SkippedRow


@dataclass(frozen=True)
class Filters:
    outcome: str | None = None
    industry: str | None = None
    region: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    language: str | None = None
    need: str | None = None
    tags: tuple[str, ...] = ()
    kind: str | None = None

    def active(self) -> bool:
        return any(v not in (None, ()) for v in self.__dict__.values())


@dataclass(frozen=True)
class FilterValues:
    """The values each search filter can take in one library (index/filters.py read_values)."""

    outcome: tuple[str, ...] = ()
    industry: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    need: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    year: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, list]:
        return {k: list(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class LibraryStats:
    """What a library holds and how it is stored (Library.stats)."""

    cases: int
    passages: int
    statements: int
    languages: dict[str, int]
    embedder: str
    index: str  # "HNSW" or "exact (flat)"
    bytes_on_disk: int
    generation: str | int | None  # the folder's generation name, the server's version number
    server: str | None = None  # the server library's URL, password masked

    def to_dict(self) -> dict:
        out = dict(self.__dict__)
        if self.server is None:
            del out["server"]
        return out


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    score: float
    snippet: str
    outcome: str
    language: str
    industry: str
    region: str
    year: int | None
    tags: tuple[str, ...]
    kind: str
    customer: str
    section: str
    translation: str = ""  # the id of the other language version, if any
    needs: dict[str, int] = field(default_factory=dict, compare=False)  # explicit / organisational / personal counts
    passages: tuple[str, ...] = ()  # snippets of the case's next best passages

    def to_dict(self) -> dict:
        return {
            "id": self.id, "title": self.title, "score": round(self.score, 6), "snippet": self.snippet,
            "outcome": self.outcome, "language": self.language, "industry": self.industry, "region": self.region,
            "year": self.year, "tags": list(self.tags), "kind": self.kind, "customer": self.customer,
            "section": self.section, "translation": self.translation, "needs": self.needs, "more_passages": list(self.passages),
        }


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    passages: int = 0
    seconds: float = 0.0
    skipped_rows: list[SkippedRow] = field(default_factory=list)  # rows of files that otherwise went in

    def to_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "skipped": self.skipped,
                "failed": [{"file": f, "reason": r} for f, r in self.failed], "passages": self.passages,
                "seconds": round(self.seconds, 2), "skipped_rows": [r.to_dict() for r in self.skipped_rows]}


@dataclass(frozen=True)
class MigrateReport:
    """What a migrate copied into the server library (index/pg/migrate.py)."""

    cases: int
    passages: int
    statements: int
    to: str  # the server library's URL, password masked

    def to_dict(self) -> dict:
        return {"cases": self.cases, "passages": self.passages, "statements": self.statements, "to": self.to}
