"""Per-session state: every key the pages keep in st.session_state, named in one place."""
from __future__ import annotations

import streamlit as st

LANG = "ui_lang"  # "en" | "zh"
NOTE_TEXT = "analyse_text"
ANALYSIS = "analysis_result"  # the analysis dict of the last note
ANALYSED_TEXT = "analysed_text"  # the text that analysis belongs to
SEARCH_QUERY = "search_query"
TENDER_RESULT = "tender_result"
INGEST_RESULT = "ingest_result"


def lang() -> str:
    return st.session_state.get(LANG, "en")
