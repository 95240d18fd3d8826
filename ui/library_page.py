"""Case library (trainer): browse and filter cases, read one coloured by label, see the library by need type, map it."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from features.maps import case_map, need_summary
from index.records import Filters
from ui import state
from ui.i18n import industry, region, t
from ui.resources import library
from ui.widgets import case_text, outcome_badge

L = state.lang()
st.title(t("library_title", L))
lib = library()
values = lib.values()
anyv = t("any", L)
c1, c2, c3 = st.columns(3)
outcome = c1.selectbox(t("outcome", L), [anyv] + values["outcome"], key="lib_outcome",
                       format_func=lambda v: v if v == anyv else t(v, L))
language = c2.selectbox(t("case_language", L), [anyv] + values["language"], key="lib_lang",
                        format_func=lambda v: v if v == anyv else t(f"lang_{v}", L))
tag = c3.selectbox(t("tags", L), [anyv] + values["tags"], key="lib_tag")
need = st.radio(t("need_type", L), [anyv] + values["need"], horizontal=True, key="lib_need",
                format_func=lambda v: v if v == anyv else t(v, L))
cases = lib.cases(Filters(outcome=None if outcome == anyv else outcome, language=None if language == anyv else language,
                          tags=() if tag == anyv else (tag,), need=None if need == anyv else need))
st.caption(t("cases_count", L, n=len(cases)))

tab_cases, tab_chart, tab_map = st.tabs([t("pick_case", L), t("by_need", L), t("map", L)])
with tab_cases:
    if cases:
        pick = st.selectbox(t("pick_case", L), [c.id for c in cases], key="lib_case",
                            format_func=lambda cid: next(c.title for c in cases if c.id == cid))
        case = lib.case(pick)
        st.markdown(f"{outcome_badge(case.outcome, L)} {case.year or ''} · {industry(case.industry, L)} · {region(case.region, L)} · "
                    f"{', '.join(case.tags)}")
        case_text(lib, pick, L)
with tab_chart:
    summary = pd.DataFrame(need_summary(lib))
    if not summary.empty:  # values and legend in the reader's language
        summary["need"] = [t(v, L) for v in summary["need"]]
        summary["outcome"] = [t(v, L) if v in ("won", "lost", "ongoing", "unknown") else v for v in summary["outcome"]]
        st.altair_chart(alt.Chart(summary).mark_bar().encode(
            x=alt.X("need:N", title=t("need_type", L)), y=alt.Y("statements:Q", title=t("m_statements", L)), color=alt.Color("outcome:N", title=t("outcome", L)),
            tooltip=[alt.Tooltip("need:N", title=t("need_type", L)), alt.Tooltip("outcome:N", title=t("outcome", L)),
                     alt.Tooltip("statements:Q", title=t("m_statements", L))]), width="stretch")
with tab_map:
    points = pd.DataFrame(case_map(lib))
    if not points.empty:
        points["outcome"] = [t(v, L) if v in ("won", "lost", "ongoing", "unknown") else v for v in points["outcome"]]
        points["language"] = [t(f"lang_{v}", L) if v in ("zh", "en", "mixed") else v for v in points["language"]]
        st.altair_chart(alt.Chart(points).mark_circle(size=90).encode(
            x=alt.X("x:Q", axis=None), y=alt.Y("y:Q", axis=None), color=alt.Color("outcome:N", title=t("outcome", L)),
            shape=alt.Shape("language:N", title=t("case_language", L)), tooltip=[alt.Tooltip("title:N", title=t("case_title", L)), alt.Tooltip("outcome:N", title=t("outcome", L)),
                     alt.Tooltip("language:N", title=t("case_language", L))]).interactive(), width="stretch")
