"""Case library (trainer): browse and filter case stories, read one coloured by label, chart and map what the filters keep."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from features.maps import case_map, need_summary, story_cases
from index.records import Filters
from ui import state
from ui.i18n import industry, region, t
from ui.markup import plain
from ui.resources import library
from ui.widgets import case_text, outcome_badge

L = state.lang()
st.title(t("library_title", L))
lib = library()
values = lib.values()
anyv = t("any", L)
c1, c2, c3 = st.columns(3)
outcome = c1.selectbox(t("outcome", L), [anyv] + list(values.outcome), key="lib_outcome", placeholder=t("choose", L),
                       format_func=lambda v: v if v == anyv else t(v, L))
language = c2.selectbox(t("case_language", L), [anyv] + list(values.language), key="lib_lang", placeholder=t("choose", L),
                        format_func=lambda v: v if v == anyv else t(f"lang_{v}", L))
tag = c3.selectbox(t("tags", L), [anyv] + list(values.tags), key="lib_tag", placeholder=t("choose", L))
need = st.radio(t("need_type", L), [anyv] + list(values.need), horizontal=True, key="lib_need",
                format_func=lambda v: v if v == anyv else t(v, L))
# one entry per story, in the UI's language where that version exists; chart and map show the same entries
cases = story_cases(lib, Filters(outcome=None if outcome == anyv else outcome, language=None if language == anyv else language,
                                 tags=() if tag == anyv else (tag,), need=None if need == anyv else need), L)
st.caption(t("stories_count", L, n=len(cases)))

tab_cases, tab_chart, tab_map = st.tabs([t("pick_case", L), t("by_need", L), t("map", L)])
with tab_cases:
    if cases:
        pick = st.selectbox(t("pick_case", L), [c.id for c in cases], key="lib_case", placeholder=t("choose", L),
                            format_func=lambda cid: next(c.title for c in cases if c.id == cid))
        case = lib.case(pick)
        st.markdown(f"{outcome_badge(case.outcome, L)} {plain(case.year or '')} · {plain(industry(case.industry, L))} · "
                    f"{plain(region(case.region, L))} · {plain(', '.join(case.tags))}")
        case_text(lib, pick, L)
with tab_chart:
    st.caption(t("stories_by_need", L))
    summary = pd.DataFrame(need_summary(lib, cases))
    if not summary.empty:  # values and legend in the reader's language
        summary["need"] = [t(v, L) for v in summary["need"]]
        summary["outcome"] = [t(v, L) if v in ("won", "lost", "ongoing", "unknown") else v for v in summary["outcome"]]
        st.altair_chart(alt.Chart(summary).mark_bar().encode(
            x=alt.X("need:N", title=t("need_type", L)), y=alt.Y("stories:Q", title=t("stories_axis", L)),
            color=alt.Color("outcome:N", title=t("outcome", L)),
            tooltip=[alt.Tooltip("need:N", title=t("need_type", L)), alt.Tooltip("outcome:N", title=t("outcome", L)),
                     alt.Tooltip("stories:Q", title=t("stories_axis", L))]), width="stretch")
with tab_map:
    st.caption(t("map_topic", L))
    points = pd.DataFrame(case_map(lib, cases))
    if not points.empty:
        points["outcome"] = [t(v, L) if v in ("won", "lost", "ongoing", "unknown") else v for v in points["outcome"]]
        points["industry"] = [industry(v, L) for v in points["industry"]]
        st.altair_chart(alt.Chart(points).mark_circle(size=90).encode(
            x=alt.X("x:Q", axis=None), y=alt.Y("y:Q", axis=None), color=alt.Color("outcome:N", title=t("outcome", L)),
            shape=alt.Shape("industry:N", title=t("industry", L)),
            tooltip=[alt.Tooltip("title:N", title=t("case_title", L)), alt.Tooltip("outcome:N", title=t("outcome", L)),
                     alt.Tooltip("industry:N", title=t("industry", L))]).interactive(), width="stretch")
