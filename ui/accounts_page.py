"""Accounts (sales rep): add each meeting's notes to a customer account and see what all meetings say together."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from corpus.errors import InputError
from features.accounts.records import STATUSES
from features.accounts.service import add_note, check_note, forget_meeting
from features.accounts.store import AccountStore
from features.accounts.view import build_view
from features.plan_zh import plan_markdown_in, plan_xlsx_in
from ui import keeping, state
from ui.i18n import account_word, t
from ui.resources import library_dir, services

L = state.lang()
NAME = "account_name_draft"  # a plain key, not a widget key: survives page changes
st.title(t("acc_title", L))
st.caption(t("acc_help", L))
store = AccountStore.beside(library_dir())


names = [a[0] for a in store.accounts()]

left, right = st.columns([1, 2])
with left:
    choice = st.selectbox(t("acc_pick", L), [t("acc_new", L)] + names, key="account_pick", placeholder=t("choose", L), format_func=lambda a: keeping.account_name(a, L))
    name = st.text_input(t("acc_name", L), value=st.session_state.get(NAME, ""), key="account_name") \
        if choice == t("acc_new", L) else choice
    st.session_state[NAME] = name if choice == t("acc_new", L) else st.session_state.get(NAME, "")
    keeping.restore("accounts", "account_note")  # survives a page change and a reload
    note = st.text_area(t("acc_note", L), height=180, key="account_note")
    keeping.keep("accounts", "account_note", name or "")
    day = st.date_input(t("acc_date", L), value=None, key="account_date")
    if st.button(t("acc_add", L), type="primary", key="account_add"):
        try:
            check_note(note, "")
            result = add_note(store, name or "", note, services().classifier, day.isoformat() if day else None)
            st.success(t("acc_added" if result.added else "acc_already", L, date=result.meeting.date))
            names = [a[0] for a in store.accounts()]
        except InputError as err:
            st.error(str(err))

def correct(store: AccountStore, account: str, view) -> None:
    """The rep's corrections: merge two people, split a person's mentions in one meeting off, set a need's status."""
    people = [p.name for p in view.stakeholders]
    a, b = st.columns(2)
    first = a.selectbox(t("acc_merge_a", L), people, key="account_merge_a", placeholder=t("choose", L))
    second = b.selectbox(t("acc_merge_b", L), [p for p in people if p != first], key="account_merge_b", placeholder=t("choose", L))
    if st.button(t("acc_merge", L), key="account_merge") and first and second:
        store.add_override(account, "merge", first, second)
        st.rerun()
    meetings = {f"{m.date} {m.title}": m.id for m in view.meetings}
    where = st.selectbox(t("acc_split_meeting", L), list(meetings), key="account_split_meeting", placeholder=t("choose", L))
    if st.button(t("acc_split", L), key="account_split") and first and where:
        store.add_override(account, "split", first, meetings[where])
        st.rerun()
    done = store.overrides(account)
    if done:
        action, x, y = done[-1]
        if st.button(t("acc_undo", L, what=f"{t('acc_' + action, L)}: {x} / {y}"), key="account_undo"):
            store.undo_override(account)
            st.rerun()
    needs = {f"{n.text[:80]} ({account_word(n.status, L)})": n.id for n in view.needs}
    need = st.selectbox(t("acc_status_need", L), list(needs), key="account_status_need", placeholder=t("choose", L))
    status = st.segmented_control(t("acc_status", L), list(STATUSES), default="answered", key="account_status",
                                  format_func=lambda s: account_word(s, L))
    if st.button(t("acc_status_set", L), key="account_status_set") and need and status:
        store.set_status(account, needs[need], status)
        st.rerun()


shown = name if name in names else None
with right:
    if shown:
        view = build_view(store, shown)
        st.subheader(f"{keeping.account_name(shown, L)}: {len(view.meetings)} " + t("acc_meetings", L))
        st.markdown(f"**{t('acc_trend', L)}:** {account_word(view.relationship.trend, L)}")
        if view.relationship.evidence:  # the reading explained: the last statements that moved it
            st.caption(t("acc_trend_why", L) + ": " + " · ".join(view.relationship.evidence[-3:]))
        if view.relationship.people:
            st.caption(t("acc_person_trend", L) + ": " + "; ".join(f"{p.name} {account_word(p.trend, L)}"
                                                                   for p in view.relationship.people))
        for c in view.changes:
            st.caption(c)
        st.markdown(f"#### {t('acc_chain', L)}")
        c = {k: t(f"acc_col_{k}", L) for k in ("name", "role", "layer", "stance", "personal", "meetings", "forms", "need",
                                              "type", "first", "last", "status")}
        st.dataframe(pd.DataFrame([{c["name"]: p.name, c["role"]: p.role, c["layer"]: account_word(p.layer, L),
                                    c["stance"]: account_word(p.stance, L), c["personal"]: " | ".join(p.personal_needs),
                                    c["meetings"]: len(p.mentions), c["forms"]: ", ".join(f for f in p.forms if f != p.name)}
                                   for p in view.stakeholders]), hide_index=True)
        st.markdown(f"#### {t('acc_needs', L)}")
        st.dataframe(pd.DataFrame([{c["need"]: n.text, c["type"]: t(n.label, L), c["first"]: n.first_seen, c["last"]: n.last_seen,
                                    c["meetings"]: len(n.mentions), c["status"]: account_word(n.status, L)} for n in view.needs]),
                     hide_index=True)
        with st.expander(t("acc_correct", L)):
            correct(store, shown, view)
        st.markdown(f"#### {t('acc_invest', L)}")
        for i in view.investments:
            st.markdown(f"- **{i.amount}** {i.when}: {i.what}")
        for title, items in ((t("acc_gaps", L), view.gaps), (t("acc_questions", L), view.questions)):
            st.markdown(f"#### {title}")
            for x in items:
                st.markdown(f"- {x}")
        st.download_button("Markdown", plan_markdown_in(view, L), f"{shown}-plan.md", key="account_md", on_click="ignore")
        st.download_button("Excel", plan_xlsx_in(view, L), f"{shown}-plan.xlsx", key="account_xlsx", on_click="ignore")
        with st.expander(t("acc_history", L)):
            pick = st.selectbox(t("acc_meeting", L), [f"{m.date} {m.id} {m.title}" for m in view.meetings], key="account_meeting", placeholder=t("choose", L))
            if pick:
                st.text(store.meeting_text(shown, pick.split()[1]))
                if st.button(t("acc_forget", L), key="account_forget"):
                    forget_meeting(store, shown, pick.split()[1], services().embedder)
                    st.rerun()
    elif names:
        st.info(t("acc_choose", L))
