"""Records of the accounts feature: what a meeting leaves behind, and the merged view of an account."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

STANCES = ("supporter", "neutral", "sceptic", "unknown")
LAYERS = ("decision", "management", "execution", "unknown")
TRENDS = ("improving", "stable", "slipping")
STATUSES = ("open", "answered", "covered")


@dataclass(frozen=True)
class Meeting:
    id: str
    account: str
    date: str  # YYYY-MM-DD
    title: str
    added: str  # when it was stored (UTC ISO)


@dataclass(frozen=True)
class PersonMention:
    """One way a note names a person: a full name, a surname with a title, a nickname, or a role alone."""

    form: str  # the words as written: 周主任, Dr. Ines Ferreira, the CIO
    kind: str  # full | surname | title | nickname | role
    name: str = ""  # full name when known (周立新, Ines Ferreira)
    surname: str = ""
    title: str = ""  # zh honorific title or en role word that came with the form (主任, 工, CIO)
    role: str = ""  # role text written next to the name (网络部主任, Head of Procurement)


@dataclass(frozen=True)
class StoredStatement:
    """A statement of a stored meeting, with what the analysis and extraction found in it."""

    meeting: str
    index: int
    text: str
    label: str
    confidence: float
    language: str
    people: tuple[PersonMention, ...] = ()
    investment: dict | None = None  # {"amount", "when", "raw_amount", "raw_when"}


@dataclass(frozen=True)
class Stakeholder:
    name: str
    role: str
    layer: str
    stance: str
    stance_evidence: tuple[str, ...]
    personal_needs: tuple[str, ...]
    mentions: tuple[str, ...]  # meeting ids
    forms: tuple[str, ...]  # every surface form merged into this person
    trend: str = "stable"  # improving | stable | slipping between the meetings that speak of this person
    trend_evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccountNeed:
    id: str
    label: str
    text: str  # the customer's words from one meeting that said it
    mentions: tuple[str, ...]
    first_seen: str
    last_seen: str
    status: str
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Investment:
    what: str
    when: str
    amount: str
    meeting: str
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingWarmth:
    meeting: str
    date: str
    warmth: int  # warm words minus cold words in what the customer said


@dataclass(frozen=True)
class PersonTrend:
    name: str
    trend: str  # improving | stable | slipping
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Relationship:
    trend: str  # improving | stable | slipping
    evidence: tuple[str, ...]  # the latest warm or cold lines, dated
    per_meeting: tuple[MeetingWarmth, ...]
    slope: float
    people: tuple[PersonTrend, ...] = ()  # each person met in two meetings or more

    def to_dict(self) -> dict:
        return {"trend": self.trend, "evidence": list(self.evidence),
                "per_meeting": [asdict(m) for m in self.per_meeting], "slope": self.slope,
                "people": [{"name": p.name, "trend": p.trend, "evidence": list(p.evidence)} for p in self.people]}


@dataclass(frozen=True)
class AccountView:
    account: str
    meetings: tuple[Meeting, ...]
    stakeholders: tuple[Stakeholder, ...]
    needs: tuple[AccountNeed, ...]
    investments: tuple[Investment, ...]
    relationship: Relationship
    gaps: tuple[str, ...]
    questions: tuple[str, ...]
    changes: tuple[str, ...] = field(default=())
    language: str = "en"  # the language most of its statements are in: the plan's headings follow it

    def to_dict(self) -> dict:
        """The JSON shape of `account show --json` (contract fields first, extras after)."""
        return {
            "account": self.account,
            "meetings": [{"id": m.id, "date": m.date, "title": m.title} for m in self.meetings],
            "stakeholders": [{"name": s.name, "role": s.role, "layer": s.layer, "stance": s.stance,
                              "personal_needs": list(s.personal_needs), "mentions": list(s.mentions),
                              "forms": list(s.forms), "stance_evidence": list(s.stance_evidence), "trend": s.trend,
                              "trend_evidence": list(s.trend_evidence)}
                             for s in self.stakeholders],
            "needs": [{"label": n.label, "text": n.text, "mentions": list(n.mentions), "first_seen": n.first_seen,
                       "last_seen": n.last_seen, "status": n.status, "id": n.id, "quotes": list(n.quotes)}
                      for n in self.needs],
            "investments": [{**asdict(i), "mentions": list(i.mentions)} for i in self.investments],
            "relationship": self.relationship.to_dict(),
            "gaps": list(self.gaps),
            "questions": list(self.questions),
            "changes": list(self.changes),
        }
