"""Nothing lost on the pages: drafts kept per browser tab (a token in the address, the text in the accounts store)
so they survive a page change and a reload, and every analysed note filed to the account the rep chose, or to
"unfiled". The logic is in features.accounts; this only binds it to the session and the address."""
from __future__ import annotations

import re
import secrets

import streamlit as st

from corpus.errors import InputError
from features.accounts.service import UNFILED, AddResult, add_note
from features.accounts.store import AccountStore
from ui.i18n import t
from ui.resources import library_dir, services

TOKEN = "draft_token"


def store() -> AccountStore:
    return AccountStore.beside(library_dir())


def _token() -> str:
    token = st.session_state.get(TOKEN) or st.query_params.get("draft", "")
    if not re.fullmatch(r"[0-9a-f]{16}", token or ""):
        token = secrets.token_hex(8)
    st.session_state[TOKEN] = token
    if st.query_params.get("draft") != token:
        st.query_params["draft"] = token  # a reload keeps the address, so the tab finds its drafts again
    return token


def restore(page: str, key: str) -> None:
    """Before the widget is drawn: give it this tab's draft when the session holds none (a reload, a page change)."""
    if key not in st.session_state:
        saved = store().draft(_token(), page)
        st.session_state[key] = saved[0] if saved else st.session_state.get(f"{key}__kept", "")


def keep(page: str, key: str, account: str = "") -> None:
    """After the widget is drawn: store the text when it changed."""
    text = st.session_state.get(key, "") or ""
    if st.session_state.get(f"{key}__kept") != text:
        st.session_state[f"{key}__kept"] = text
        store().save_draft(_token(), page, text, account)


def account_name(account: str, lang: str) -> str:
    """An account's name as the pages show it: the notes kept without an account in the reader's language."""
    return t("acc_unfiled", lang) if account == UNFILED else account


def account_chooser(label: str, key: str, lang: str, placeholder: str) -> str:
    """The account an analysed note is filed to: an existing one, a new name, or unfiled (shown in the reader's
    language, stored under its one name)."""
    names = [a[0] for a in store().accounts() if a[0] != UNFILED]
    choice = st.selectbox(label, [UNFILED, *names], key=key, accept_new_options=True, placeholder=placeholder,
                          format_func=lambda n: account_name(n, lang))
    return (choice or UNFILED).strip() or UNFILED


def file_note(account: str, text: str, analysis) -> AddResult | None:
    """Store an analysed note as a meeting of the account; None when the note cannot be a meeting (empty)."""
    try:
        return add_note(store(), account, text, services().classifier, analysis=analysis)
    except InputError:
        return None
