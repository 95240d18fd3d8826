"""What all of an account's meetings say together: the decision chain, needs over time, investments with timing,
the relationship trend with its evidence, what changed since the last meeting, gaps and questions to ask next."""
from __future__ import annotations

import re
from collections import Counter

from features.accounts.chain import stakeholders
from features.accounts.cues import warmth
from features.accounts.layers import is_finance
from features.accounts.needs import merge_needs
from features.accounts.not_people import named_as_a_company, not_a_person
from features.accounts.our_staff import without_our_people
from features.accounts.overrides import with_statuses
from features.accounts.records import (
    AccountView,
    Investment,
    Meeting,
    MeetingWarmth,
    PersonTrend,
    Relationship,
    Stakeholder,
    StoredStatement,
)
from features.accounts.store import AccountStore
from features.accounts.timing import RESET_TO
from features.accounts.trend import account_trend, said_trend
from nlp.questions import suggest_questions
from nlp.records import NEED_LABELS, Need, Person, Statement
from nlp.text.our_company import account_ours


def _lang(statements: list[StoredStatement]) -> str:
    counts = Counter("zh" if s.language in ("zh", "mixed") else "en" for s in statements)
    return "zh" if counts["zh"] > counts["en"] else "en"


# a sum that replaces an earlier one: `cut from £1.8M to £1.4M`, `from 4.5 to RM5.2M`, `由800万下调为650万`, `最高限价调整为600万元`,
# `raised to £1.1M`
_REVISED = re.compile(r"(?i)\bfrom\b[^;\n]{0,16}?\d[^;\n]{0,12}?\bto\b|[由从][^，。；\n]{0,12}?(?:下调|上调|调整|调|改|降|砍|减|提高|增加|提)(?:为|到|成|至)|"
                      rf"(?:下调|上调|调整|压缩|提高|增加)(?:为|到|至)|{RESET_TO}")


def investments(meetings: list[Meeting], statements: dict[str, list[StoredStatement]]) -> list[Investment]:
    """One investment per sum of money; later meetings that repeat the sum add a mention."""
    out: dict[str, dict] = {}
    for m in meetings:
        for s in statements.get(m.id, []):
            inv = s.investment
            if not inv:
                continue
            for amount in [inv["amount"], *inv.get("more", [])]:
                when = inv.get("when_of", {}).get(amount, inv["when"])  # a further sum's own clause may say when
                if amount in out:
                    known = out[amount]
                    known["mentions"].append(m.id)
                    known["when"] = known["when"] or when
                    continue
                if not when and out and _REVISED.search(s.text):  # a budget cut or raised keeps the timing it had
                    when = next((d["when"] for d in reversed(out.values()) if d["when"]), "")
                out[amount] = {"what": s.text[:160], "when": when, "amount": amount, "meeting": m.id,
                               "mentions": [m.id]}
    return [Investment(d["what"], d["when"], d["amount"], d["meeting"], tuple(dict.fromkeys(d["mentions"])))
            for d in out.values()]


def relationship(meetings: list[Meeting], statements: dict[str, list[StoredStatement]],
                 people: list[Stakeholder] = ()) -> Relationship:
    """improving / stable / slipping from the warmth of each meeting's words and the people's own trends, with
    evidence and each person's trend."""
    scores, evidence = [], []
    for m in meetings:
        total = 0
        for s in statements.get(m.id, []):
            w = warmth(s.text, s.label)
            total += w
            if w:
                evidence.append(f"{m.date} ({'+' if w > 0 else '-'}): {s.text}")
        scores.append(total)
    moved = [p for p in people if len(p.mentions) >= 2]
    trend, slope = account_trend(scores, [p.trend for p in moved])
    verdict = said_trend([s.text for s in statements.get(meetings[-1].id, [])]) if len(meetings) >= 2 else None
    if verdict:  # the rep's own reading of the whole account at the last meeting goes before the counted cues
        trend = verdict[0]
        evidence.append(f"{meetings[-1].date} (=): {verdict[1]}")
    return Relationship(trend, tuple(evidence[-6:]), tuple(MeetingWarmth(m.id, m.date, s) for m, s in zip(meetings, scores)),
                        slope, tuple(PersonTrend(p.name, p.trend, tuple(p.trend_evidence)) for p in moved))


def gaps(people: list[Stakeholder], all_statements: list[StoredStatement], lang: str) -> list[str]:
    zh = lang == "zh"
    out = []
    if not any(p.layer == "decision" for p in people):
        out.append("尚未识别经济决策人（决策层无人）" if zh else "No economic buyer named: nobody at decision level yet")
    if not any(is_finance(p.role) for p in people):
        out.append("财务部门尚无人接触或提及" if zh else "Nobody from finance met or named")
    found = {s.label for s in all_statements}
    for label in NEED_LABELS:
        if label not in found:
            out.append(f"从未发现{ {'explicit': '显性', 'organisational': '组织隐性', 'personal': '个人隐性'}[label]}需求" if zh
                       else f"No {label} need found in any meeting")
    unknown = [p.name for p in people if p.stance == "unknown"]
    if unknown:
        out.append(("立场未知：" if zh else "Stance unknown: ") + ", ".join(unknown[:6]))
    return out


def questions(people: list[Stakeholder], all_statements: list[StoredStatement], gap_list: list[str], lang: str,
              holders: list[str | None]) -> list[str]:
    """`holders`: per statement, the name of the person the decision chain gave it to (or None)."""
    zh = lang == "zh"
    out = []
    if not any(p.layer == "decision" for p in people):
        out.append("这个项目最终由谁拍板、谁签字批预算？" if zh else "Who makes the final decision and signs off the budget?")
    if not any(is_finance(p.role) for p in people):
        out.append("财务部门怎么看这笔投入？我们能否见一下财务负责人？" if zh
                   else "How does finance see this spend, and can we meet someone from finance?")
    for p in people:
        if p.stance == "unknown" and p.layer in ("decision", "management") and not p.personal_needs:
            out.append(f"{p.name}对这个项目真正关心的是什么？" if zh else f"What does {p.name} personally want from this project?")
            break
    needs = [Need(Statement(s.text, 0, len(s.text), s.language), s.label, s.confidence, stakeholder=h)
             for s, h in zip(all_statements, holders) if s.label != "none"]
    # the account's people are named, and a topic any meeting already covered (budget, dates, rivals) is not asked again
    persons = [Person(p.name, p.role or None, p.forms, ()) for p in people]
    text = "\n".join(s.text for s in all_statements)
    out += [q.text for q in suggest_questions(needs, lang, people=persons, text=text)] if needs else []
    return list(dict.fromkeys(out))[:8]


def changes(meetings, people: list[Stakeholder], needs, invs: list[Investment], rel: Relationship, lang: str) -> list[str]:
    """What the latest meeting added or changed compared with the ones before."""
    if len(meetings) < 2:
        return []
    last = meetings[-1].id
    zh = lang == "zh"
    out = [("新出现的人：" if zh else "New person: ") + p.name for p in people if p.mentions and p.mentions[0] == last]
    out += [("新需求：" if zh else "New need: ") + n.text for n in needs if n.first_seen == meetings[-1].date
            and n.mentions[0] == last]
    out += [("再次提到：" if zh else "Raised again: ") + n.text for n in needs if last in n.mentions and len(n.mentions) > 1]
    out += [("新投资/预算：" if zh else "New investment: ") + f"{i.amount} {i.when}".strip() for i in invs if i.meeting == last]
    per = rel.per_meeting
    if per[-1].warmth != per[-2].warmth:
        better = per[-1].warmth > per[-2].warmth
        out.append(("关系比上次" + ("更热" if better else "更冷")) if zh else
                   f"Tone {'warmer' if better else 'colder'} than the meeting before")
    return out


def build_view(store: AccountStore, account: str) -> AccountView:
    store.require(account)
    meetings = store.meetings(account)
    by_meeting, vectors = store.statements(account)
    ours = store.our_names(account)
    # a colleague a later note names by our company alone, where another note said which company is ours
    texts = [store.meeting_text(account, m.id) for m in meetings]
    ours |= account_ours(texts, ours)
    ordered = without_our_people([by_meeting.get(m.id, []) for m in meetings], ours)
    flat = [s for sts in ordered for s in sts]
    lang = _lang(flat)
    people, hits = stakeholders(meetings, ordered, store.overrides(account))
    # the person each statement belongs to, as the decision chain resolved it (forms, pronouns, the rep's merges)
    holders = [people[hits[(mi, st.index)][0]].name if hits.get((mi, st.index)) else None
               for mi, sts in enumerate(ordered) for st in sts]
    # the customer company, places, common words; a word some note writes as a company's or a site's (`Hexley Brewing`,
    # `Knottingley plant`)
    gone = {p.name for p in people if not_a_person(p, account) or named_as_a_company(p, texts)}
    people = [p for p in people if p.name not in gone]
    holders = [h if h not in gone else None for h in holders]
    people.sort(key=lambda p: (-len(p.mentions), p.name))
    needs, where = merge_needs(meetings, by_meeting, vectors, {})
    needs = with_statuses(needs, where, store.statuses(account), store.tender_links(account))
    invs = investments(meetings, by_meeting)
    rel = relationship(meetings, by_meeting, people)
    gap_list = gaps(people, flat, lang)
    return AccountView(account, tuple(meetings), tuple(people), tuple(needs), tuple(invs), rel, tuple(gap_list),
                       tuple(questions(people, flat, gap_list, lang, holders)), tuple(changes(meetings, people, needs, invs, rel, lang)), lang)
