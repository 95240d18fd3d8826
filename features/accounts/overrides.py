"""The rep's corrections, applied on top of what the notes say each time an account is read, so they survive later
`account add`: people merged (two names that are one person) or split (a person's mentions in one meeting are
someone else), and need statuses (the rep's word first, else `covered` where an analysed tender covers the need)."""
from __future__ import annotations

from dataclasses import replace

from corpus.errors import InputError
from features.accounts.people import _Person
from features.accounts.records import AccountNeed, Meeting

ACTIONS = ("merge", "split")


def find_person(people: list[_Person], name: str) -> _Person | None:
    """The person called `name`, else the one person with `name` among their forms."""
    exact = next((p for p in people if p.name == name), None)
    if exact is not None:
        return exact
    holders = [p for p in people if name in p.forms]
    return holders[0] if len(holders) == 1 else None


def _merge(into: _Person, other: _Person) -> None:
    into.forms += [f for f in other.forms if f not in into.forms]
    into.roles.update(other.roles)
    into.titles |= other.titles
    into.hits += [h for h in other.hits if h not in into.hits]
    for where, forms in other.at.items():
        into.at.setdefault(where, set()).update(forms)


def _split(person: _Person, meeting: int, date: str) -> _Person | None:
    """The person's mentions in one meeting become a person of their own, named by the form used there."""
    moved = [h for h in person.hits if h[0] == meeting]
    if not moved or len(moved) == len(person.hits):
        return None
    used = sorted({f for h in moved for f in person.at.get(h, ())}, key=len, reverse=True)
    at = {h: person.at.pop(h, set()) for h in moved}
    person.hits = [h for h in person.hits if h[0] != meeting]
    still = {f for forms in person.at.values() for f in forms}
    person.forms = [f for f in person.forms if f in still or f == person.name]
    # named by a form only that meeting used (`Larsen`), else by the old name and the meeting's date
    name = next((f for f in used if f not in still and f != person.name), f"{person.name} ({date})")
    new = _Person(name, person.surname)
    new.forms = [name] + [f for f in used if f != name]
    new.hits, new.at = moved, at
    return new


def apply_overrides(people: list[_Person], meetings: list[Meeting], overrides: list[tuple[str, str, str]]
                    ) -> tuple[list[_Person], dict[tuple[int, int], list[int]]]:
    """People after the rep's merges and splits, in the order given; also {(meeting index, statement): [person]}."""
    people = list(people)
    index = {m.id: i for i, m in enumerate(meetings)}
    for action, a, b in overrides:
        if action == "merge":
            pa, pb = find_person(people, a), find_person(people, b)
            if pa is not None and pb is not None and pa is not pb:
                # the one with the fuller name keeps it: `Larsen` joins `Mette Larsen`, not the reverse
                keep, drop = sorted((pa, pb), key=lambda p: (-len(p.name.split()), -len(p.name), -len(p.hits)))
                _merge(keep, drop)
                people.remove(drop)
        elif action == "split" and b in index:
            person = find_person(people, a)
            new = _split(person, index[b], meetings[index[b]].date) if person is not None else None
            if new is not None:
                people.append(new)
    hits: dict[tuple[int, int], list[int]] = {}
    for n, p in enumerate(people):
        for h in dict.fromkeys(p.hits):
            hits.setdefault(h, []).append(n)
    return people, hits


def check_override(action: str, a: str, b: str, names: set[str], meetings: list[Meeting]) -> None:
    """Refuse a correction that names nobody the account knows, with the names it does know."""
    if action not in ACTIONS:
        raise InputError(f"A correction of people is one of {', '.join(ACTIONS)}, not {action!r}.")
    for name in (a, b) if action == "merge" else (a,):
        if name not in names:
            raise InputError(f"The account has nobody called {name!r}; known: {', '.join(sorted(names)[:12])}.")
    if action == "merge" and a == b:
        raise InputError("Give two different people to merge.")
    if action == "split" and b not in {m.id for m in meetings}:
        raise InputError(f"The account has no meeting {b!r}; meetings: {', '.join(m.id for m in meetings)}.")


def with_statuses(needs: list[AccountNeed], where: dict[tuple[str, int], str], statuses: dict[str, str],
                  links: dict[tuple[str, int], tuple[str, str]]) -> list[AccountNeed]:
    """Each need's status: the rep's, else covered when a tender clause covers one of its statements, else open."""
    covered = {where[k] for k in links if k in where}
    return [replace(n, status=statuses.get(n.id) or ("covered" if n.id in covered else "open")) for n in needs]
