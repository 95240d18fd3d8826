"""Small pieces several pages draw: the outcome badge, a case card, a case's text coloured by label."""
from __future__ import annotations

import streamlit as st

from features.maps import shown_passages
from index.records import Hit
from ui.i18n import industry, region, t
from ui.markup import LABEL_COLOURS, highlighted, md_escape, snippet_markdown

OUTCOME_COLOURS = {"won": "green", "lost": "red", "ongoing": "orange"}


def outcome_badge(outcome: str, lang: str) -> str:
    if not outcome:
        return ""
    return f":{OUTCOME_COLOURS.get(outcome, 'gray')}-badge[{t(outcome, lang)}]"


def legend(lang: str) -> None:
    st.caption(" ".join(f":{c}-background[{t(lab, lang)}]" for lab, c in LABEL_COLOURS.items() if lab != "none"))


def case_card(hit: Hit, lang: str, library=None) -> None:
    """A search hit or similar case as a card; the case opens in an expander."""
    with st.container(border=True):
        shown = {"year": hit.year, "industry": industry(hit.industry, lang), "region": region(hit.region, lang),
                 "language": t(f"lang_{hit.language}", lang) if hit.language in ("zh", "en", "mixed") else None}
        meta = " · ".join(md_escape(str(v)) for v in shown.values() if v)
        st.markdown(f"**{md_escape(hit.title)}** {outcome_badge(hit.outcome, lang)}  \n{meta}")
        st.markdown(snippet_markdown(hit.snippet))
        counts = " ".join(f":{LABEL_COLOURS[k]}-background[{t(k, lang)} {v}]" for k, v in hit.needs.items())
        st.caption(f"{counts} · {t('relevance', lang, score=hit.score)}")
        if library is not None:
            with st.expander(t("open_case", lang)):
                case_text(library, hit.id, lang)


def case_text(library, case_id: str, lang: str) -> None:
    """A case's passages with their statements coloured by label (curated labels respected, features.maps),
    and its needs listed by type."""
    passages = shown_passages(library, case_id)
    legend(lang)
    for p in passages:
        if p.section:
            st.markdown(f"**{md_escape(p.section)}**")
        st.markdown(highlighted(p.text, [(s.start, s.end, s.label) for s in p.statements]))
    st.markdown(f"**{t('needs_in_case', lang)}**")
    for label in ("explicit", "organisational", "personal"):
        items = [s for p in passages for s in p.statements if s.label == label]
        if items:
            st.markdown(f":{LABEL_COLOURS[label]}-background[{t(label, lang)}]")
            for s in items:
                st.markdown("- " + md_escape(s.text))
