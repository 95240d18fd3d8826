"""Accounts (sales rep): add each meeting's notes to a customer account and see what all meetings say together."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from corpus.errors import InputError
from features.accounts.service import add_note, check_note, forget_meeting
from features.accounts.store import AccountStore
from features.accounts.view import build_view
from features.plan_zh import plan_markdown_in, plan_xlsx_in
from ui import state
from ui.i18n import account_word, t
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
        st.markdown(f"**{t('acc_trend', L)}:** {account_word(view.relationship['trend'], L)}")
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
        st.markdown(f"#### {t('acc_invest', L)}")
        for i in view.investments:
            st.markdown(f"- **{i.amount}** {i.when}: {i.what}")
        for title, items in ((t("acc_gaps", L), view.gaps), (t("acc_questions", L), view.questions)):
            st.markdown(f"#### {title}")
            for x in items:
                st.markdown(f"- {x}")
        st.download_button("Markdown", plan_markdown_in(view, L), f"{shown}-plan.md", key="account_md")
        st.download_button("Excel", plan_xlsx_in(view, L), f"{shown}-plan.xlsx", key="account_xlsx")
        with st.expander(t("acc_history", L)):
            pick = st.selectbox(t("acc_meeting", L), [f"{m.date} {m.id} {m.title}" for m in view.meetings], key="account_meeting")
            if pick:
                st.text(store.meeting_text(shown, pick.split()[1]))
                if st.button(t("acc_forget", L), key="account_forget"):
                    forget_meeting(store, shown, pick.split()[1], services().embedder)
                    st.rerun()
    elif names:
        st.info(t("acc_choose", L))
