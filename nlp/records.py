"""Records passed between the nlp modules and out to index/, cli.py and ui/: small frozen dataclasses."""
from __future__ import annotations

from dataclasses import dataclass, field

LABELS = ("explicit", "organisational", "personal", "none")
NEED_LABELS = LABELS[:3]


@dataclass(frozen=True)
class Statement:
    """One statement of a text: normalised text plus its character span in the original."""

    text: str
    start: int
    end: int
    language: str  # zh | en | mixed


@dataclass(frozen=True)
class Example:
    """A labelled example close to a statement, shown as evidence."""

    text: str
    label: str
    similarity: float


@dataclass(frozen=True)
class Evidence:
    cues: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True)
class Need:
    """A statement with its label and everything that explains it."""

    statement: Statement
    label: str
    confidence: float
    probabilities: dict[str, float] = field(default_factory=dict, compare=False)
    evidence: Evidence = Evidence()
    stakeholder: str | None = None
    compliance_risk: bool = False
    compliance_warning: str | None = None
    methods: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Question:
    """A discovery question to ask next, keyed by the need type it would uncover."""

    text: str
    need: str
    topic: str


@dataclass(frozen=True)
class Person:
    """A person a note names: display name, role as the note gives it, every surface form and where it occurs.

    `mentions` are the spans of the name forms; `references` the spans of pronouns resolved to this person.
    """

    name: str
    role: str | None
    forms: tuple[str, ...]
    mentions: tuple[tuple[int, int], ...]
    references: tuple[tuple[int, int], ...] = ()
