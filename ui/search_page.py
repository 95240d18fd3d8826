"""Search past cases (bid team): one box, filters applied before ranking, result cards, open a case, export."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from corpus.errors import InputError
from index.ranking import NO_CLOSE_MATCH
from index.records import Filters
from ui import state
from ui.i18n import industry as industry_name
from ui.i18n import region as region_name
from ui.i18n import t
from ui.markup import message
from ui.resources import library
from ui.widgets import case_card

L = state.lang()
st.title(t("search_title", L))
lib = library()
values = lib.values()

query = st.text_input(t("query", L), key=state.SEARCH_QUERY, placeholder=t("query_help", L))
with st.expander(t("filters", L), expanded=False):
    c1, c2, c3, c4 = st.columns(4)
    anyv = t("any", L)
    outcome = c1.selectbox(t("outcome", L), [anyv] + list(values.outcome), key="f_outcome", placeholder=t("choose", L),
                           format_func=lambda v: v if v == anyv else t(v, L))
    industry = c2.selectbox(t("industry", L), [anyv] + list(values.industry), key="f_industry", placeholder=t("choose", L),
                            format_func=lambda v: v if v == anyv else industry_name(v, L))
    region = c3.selectbox(t("region", L), [anyv] + list(values.region), key="f_region", placeholder=t("choose", L),
                          format_func=lambda v: v if v == anyv else region_name(v, L))
    language = c4.selectbox(t("case_language", L), [anyv] + list(values.language), key="f_lang", placeholder=t("choose", L),
                            format_func=lambda v: v if v == anyv else t(f"lang_{v}", L))
    c5, c6, c7 = st.columns([1, 2, 1])
    need = c5.selectbox(t("need_type", L), [anyv] + list(values.need), key="f_need", placeholder=t("choose", L),
                        format_func=lambda v: v if v == anyv else t(v, L))
    tags = c6.multiselect(t("tags", L), list(values.tags), key="f_tags", placeholder=t("choose_many", L))
    kind = c7.selectbox(t("kind", L), [anyv] + list(values.kind), key="f_kind", placeholder=t("choose", L),  # cases, tenders, saved notes
                        format_func=lambda v: v if v == anyv else t(f"kind_{v}", L))
    years = list(values.year)
    year_range = st.slider(t("years", L), min(years), max(years), (min(years), max(years)), key="f_years") \
        if len(years) > 1 else (None, None)

if query.strip():
    filters = Filters(
        outcome=None if outcome == anyv else outcome, industry=None if industry == anyv else industry,
        region=None if region == anyv else region, language=None if language == anyv else language,
        need=None if need == anyv else need, tags=tuple(tags), kind=None if kind == anyv else kind,
        year_from=year_range[0] if years and year_range[0] != min(years) else None,
        year_to=year_range[1] if years and year_range[1] != max(years) else None,
    )
    try:
        hits = lib.search(query, 10, filters)
    except InputError as err:
        st.error(message(err))
        hits = []
    st.caption(t("results", L, n=len(hits)))
    if not hits:
        st.info(t("no_results", L))
    elif hits[0].score < NO_CLOSE_MATCH:
        st.warning(t("no_close_match", L, score=hits[0].score))
    for h in hits:
        case_card(h, L, library=lib)
    if hits:
        frame = pd.DataFrame([{"id": h.id, "title": h.title, "outcome": h.outcome, "year": h.year, "industry": h.industry,
                               "region": h.region, "language": h.language, "score": round(h.score, 6), "snippet": h.snippet}
                              for h in hits])
        st.download_button(t("export_results", L), frame.to_csv(index=False).encode("utf-8-sig"), "search.csv", "text/csv", key="dl_search", on_click="ignore")
