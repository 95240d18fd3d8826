"""Accounts (sales rep): add each meeting's notes to a customer account and see what all meetings say together."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from corpus.errors import InputError
from features.accounts.export import plan_markdown, plan_xlsx
from features.accounts.service import add_note, check_note, forget_meeting
from features.accounts.store import AccountStore
from features.accounts.view import build_view
from ui import state
from ui.i18n import t
from ui.resources import library_dir, services

L = state.lang()
DRAFT, NAME = "account_draft", "account_name_draft"  # plain keys, not widget keys: drafts survive page changes
st.title(t("acc_title", L))
st.caption(t("acc_help", L))
store = AccountStore.beside(library_dir())
names = [a[0] for a in store.accounts()]

left, right = st.columns([1, 2])
with left:
    choice = st.selectbox(t("acc_pick", L), [t("acc_new", L)] + names, key="account_pick")
    name = st.text_input(t("acc_name", L), value=st.session_state.get(NAME, ""), key="account_name") \
        if choice == t("acc_new", L) else choice
    st.session_state[NAME] = name if choice == t("acc_new", L) else st.session_state.get(NAME, "")
    note = st.text_area(t("acc_note", L), value=st.session_state.get(DRAFT, ""), height=180, key="account_note")
    st.session_state[DRAFT] = note
    day = st.date_input(t("acc_date", L), value=None, key="account_date")
    if st.button(t("acc_add", L), type="primary", key="account_add"):
        try:
            check_note(note, "")
            result = add_note(store, name or "", note, services().classifier, day.isoformat() if day else None)
            st.success(t("acc_added" if result.added else "acc_already", L, date=result.meeting.date))
            names = [a[0] for a in store.accounts()]
        except InputError as err:
            st.error(str(err))

shown = name if name in names else None
with right:
    if shown:
        view = build_view(store, shown)
        st.subheader(f"{shown}: {len(view.meetings)} " + t("acc_meetings", L))
        st.markdown(f"**{t('acc_trend', L)}:** {view.relationship.trend}")
        for c in view.changes:
            st.caption(c)
        st.markdown(f"#### {t('acc_chain', L)}")
        st.dataframe(pd.DataFrame([{"name": p.name, "role": p.role, "layer": p.layer, "stance": p.stance,
                                    "personal needs": " | ".join(p.personal_needs), "meetings": len(p.mentions),
                                    "also written as": ", ".join(f for f in p.forms if f != p.name)}
                                   for p in view.stakeholders]), hide_index=True)
        st.markdown(f"#### {t('acc_needs', L)}")
        st.dataframe(pd.DataFrame([{"need": n.text, "type": n.label, "first seen": n.first_seen, "last seen": n.last_seen,
                                    "meetings": len(n.mentions), "status": n.status} for n in view.needs]), hide_index=True)
        st.markdown(f"#### {t('acc_invest', L)}")
        for i in view.investments:
            st.markdown(f"- **{i.amount}** {i.when}: {i.what}")
        for title, items in ((t("acc_gaps", L), view.gaps), (t("acc_questions", L), view.questions)):
            st.markdown(f"#### {title}")
            for x in items:
                st.markdown(f"- {x}")
        st.download_button("Markdown", plan_markdown(view), f"{shown}-plan.md", key="account_md")
        st.download_button("Excel", plan_xlsx(view), f"{shown}-plan.xlsx", key="account_xlsx")
        with st.expander(t("acc_history", L)):
            pick = st.selectbox(t("acc_meeting", L), [f"{m.date} {m.id} {m.title}" for m in view.meetings], key="account_meeting")
            if pick:
                st.text(store.meeting_text(shown, pick.split()[1]))
                if st.button(t("acc_forget", L), key="account_forget"):
                    forget_meeting(store, shown, pick.split()[1], services().embedder)
                    st.rerun()
    elif names:
        st.info(t("acc_choose", L))
