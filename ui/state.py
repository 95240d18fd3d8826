"""Per-session state: every key the pages keep in st.session_state, named in one place."""
from __future__ import annotations

import streamlit as st

LANG = "ui_lang"  # "en" | "zh"
NOTE_SOURCE = "analyse_source"  # "paste" | "upload": one explicit choice, never both at once
NOTE_TEXT = "analyse_text"
ANALYSIS = "analysis_result"  # the analysis dict of the last note, with the rep's label corrections applied
ANALYSED_TEXT = "analysed_text"  # the text that analysis belongs to
ANALYSED_NAME = "analysed_name"  # the file name, or "pasted text"
MASKING = "analyse_masking"  # ((note hash, language), the note's masking plan)
FLASH = "analyse_flash"  # a message to show once after a rerun
EDITOR_VERSION = "needs_editor_version"  # bumped to reset the needs table's edits once they are applied
SEARCH_QUERY = "search_query"
TENDER_RESULT = "tender_result"
INGEST_RESULT = "ingest_result"


def lang() -> str:
    return st.session_state.get(LANG, "en")


def clear_analysis() -> None:
    """Forget the last analysis, so a failed run never leaves an older result on screen."""
    for key in (ANALYSIS, ANALYSED_TEXT, ANALYSED_NAME):
        st.session_state.pop(key, None)
    bump_editor()


def editor_key() -> str:
    version = st.session_state.get(EDITOR_VERSION, 0)
    return f"needs_editor_{version}" if version else "needs_editor"


def bump_editor() -> None:
    st.session_state[EDITOR_VERSION] = st.session_state.get(EDITOR_VERSION, 0) + 1
