"""The decision chain of an account: the people merged across meetings (features/accounts/people.py), each with
role, layer (features/accounts/layers.py), stance with evidence, and personal needs."""
from __future__ import annotations

import re

from features.accounts.cues import stance_of, treatment
from features.accounts.layers import department_beside, layer_of, person_layer
from features.accounts.overrides import apply_overrides
from features.accounts.people import _Person, merge_people
from features.accounts.records import Meeting, Stakeholder, StoredStatement
from features.accounts.trend import person_trend

_PRONOUN = re.compile(r"^\W*(?:he|she|his|her|him|they)\b|^\W*(?:他|她)", re.I)
_THIRD_PERSON = re.compile(r"\b(?:he|she|his|her|him)\b|他|她", re.I)


def _signature(person: _Person, statements: list[list[StoredStatement]]) -> str:
    """The role line under a name that signs an e-mail ("Naomi" / "Head of Store Operations, Pinecrest"), else ""."""
    for sts in statements:
        for st, nxt in zip(sts, sts[1:]):
            if st.text.strip(" ,.-") in person.forms and not nxt.people and len(nxt.text) <= 80 \
                    and layer_of(nxt.text.split(",")[0]) != "unknown":
                return nxt.text.split(",")[0].strip()
    return ""


def _first_at(person: _Person, text: str, after: int = 0) -> int:
    """Where any form of the person first occurs in `text` at or after `after`, else -1."""
    found = [at for f in person.forms if f and (at := text.find(f, after)) >= 0]
    return min(found) if found else -1


def _subject(candidates: list[int], people: list[_Person], text: str) -> int:
    if len(candidates) == 1:
        return candidates[0]
    return min(candidates, key=lambda i: at if (at := _first_at(people[i], text)) >= 0 else len(text))


def _own_clause(person: _Person, text: str, others: tuple[_Person, ...] = ()) -> str:
    """The clause of a statement that names this person, when a statement speaks of several, with the clauses after
    it up to the next person named ("刘洋是执行层，态度积极": the attitude is still 刘洋's)."""
    def names(p: _Person, clause: str) -> bool:
        return any(f and f in clause for f in p.forms)
    clauses = re.split(r"([;；。]|,\s+(?=[A-Z])|，)", text)
    for i in range(0, len(clauses), 2):
        if names(person, clauses[i]):
            end = i + 2
            while end < len(clauses) and clauses[end - 1] == "，" and not any(names(o, clauses[end]) for o in others):
                end += 2
            return "".join(clauses[i:end - 1])
    return ""


def _own_stretch(person: _Person, clause: str, others: tuple[_Person, ...]) -> str:
    """The stretch of a clause from this person's first form to the next other person's form named after it."""
    start = _first_at(person, clause)
    if start < 0:
        return ""
    nxt = [i for o in others if (i := _first_at(o, clause, start + 1)) > start]
    return clause[start:min(nxt)] if nxt else clause[start:]


def stakeholders(meetings: list[Meeting], statements: list[list[StoredStatement]],
                 overrides: list[tuple[str, str, str]] = ()) -> tuple[list[Stakeholder], dict]:
    """The merged people (after the rep's merges and splits) with stance (latest attitude the notes show), evidence
    and personal needs."""
    people, hits = merge_people(meetings, statements)
    if overrides:
        people, hits = apply_overrides(people, meetings, list(overrides))
    # "He ..." / "她……" continues the person of the statement before: its subject, the first it names ("Danny Hale:
    # no relation to Fi. He has cooled" is Danny)
    for mi, sts in enumerate(statements):
        for prev, st in zip(sts, sts[1:]):
            if (mi, st.index) not in hits and (mi, prev.index) in hits and _PRONOUN.search(st.text):
                hits[(mi, st.index)] = [_subject(hits[(mi, prev.index)], people, prev.text)]
    out = []
    for n, p in enumerate(people):
        stance, evidence, personal, seen, moments = "unknown", [], [], [], []
        for mi, sts in enumerate(statements):
            for st in sts:
                if n not in hits.get((mi, st.index), []):
                    continue
                if meetings[mi].id not in seen:
                    seen.append(meetings[mi].id)
                others = tuple(people[i] for i in hits[(mi, st.index)] if i != n)
                clause = _own_clause(p, st.text, others)  # the part of the statement that names them
                # their own line ("Sam: our team is frustrated"): not named in it, and not "he / 她" the note-taker wrote
                spoken = not any(f and f in st.text for f in p.forms) and not _THIRD_PERSON.search(st.text)
                if spoken and others and not clause:  # `慧珊：I still want this, I'll keep pushing Jimmy`: up to the other
                    named = [at for o in others if (at := _first_at(o, st.text)) >= 0]
                    clause = st.text[:min(named)] if named else st.text
                own = clause if others else st.text
                # "the CIO moved to supporter; the CFO is neutral"; in one run-on clause naming several people ("林董 still
                # supportive 佩珊从怀疑变成支持了 Raj 中立"), first the stretch from this person to the next one named
                part = _own_stretch(p, own, others) if others else ""
                s = stance_of(part, spoken) if part else None
                # the clause's attitude and warmth, unless they are only named at the end of another speaker's words
                # (`慧珊：I still want this to happen, I'll keep pushing Jimmy.`: the one pushed)
                by_other = any(not any(f and f in st.text for f in o.forms) for o in others)
                pushed = by_other and any(f and own.rstrip(" .。!！?？,，;；\"'”").endswith(f) for f in p.forms)
                if s is None and own and not pushed:
                    s = stance_of(own, spoken)
                if own and not pushed:  # a trend reads the clause that names the person even when no one else was recognised in it
                    moments.append((mi, meetings[mi].date, clause or own, st.label))
                if s:
                    stance = s
                    evidence.append(f"{meetings[mi].date}: {st.text}")
                if _subject(hits[(mi, st.index)], people, st.text) != n:
                    continue  # a personal need in a statement about several people is the first-named one's
                if st.label == "personal" and st.text not in personal:
                    personal.append(st.text)
        clauses = [m[2] for m in moments]
        if stance == "unknown":  # no attitude named: how they treat us (invited us / went silent), when it leans
            treated = [(m[1], m[2], treatment(m[2])) for m in moments if treatment(m[2])]
            net = sum(t for *_, t in treated)
            stance = "supporter" if net > 0 else "sceptic" if net < 0 else stance
            evidence += [f"{day}: {text}" for day, text, _ in treated] if net else []
        signature = _signature(p, statements)
        role = p.role() or ("".join(sorted(p.titles)) if p.titles else "") or signature or department_beside(p.forms, clauses)
        trend, why = person_trend(moments)
        layer = person_layer([r for r, _ in p.roles.most_common()], p.titles, p.forms, clauses, signature)
        out.append(Stakeholder(p.name, role, layer, stance, tuple(evidence[-3:]), tuple(personal), tuple(seen),
                               tuple(p.forms), trend, why))
    return out, hits
