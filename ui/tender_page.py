"""Tender matrix (bid team): requirement clauses with labels and past matches, traceability to meeting notes, Excel."""
from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import streamlit as st

from corpus.errors import InputError
from corpus.textfile import decode_bytes
from features.tender.export import word, write_xlsx
from features.tender.matrix import analyse_tender
from ui import state
from ui.i18n import t
from ui.markup import md_escape, message
from ui.resources import library, services
from ui.uploader import file_uploader

L = state.lang()
st.title(t("tender_title", L))
tender = file_uploader(t("tender_upload", L), ["pdf", "docx", "txt", "md"], "tender_file", L)
notes = file_uploader(t("tender_notes", L), ["txt", "md"], "tender_notes", L, multiple=True)

if st.button(t("tender_button", L), type="primary", disabled=tender is None, key="tender_go"):
    bar = st.progress(0.0)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / (Path(tender.name).name or "tender")
            path.write_bytes(tender.getvalue())
            texts = [decode_bytes(n.getvalue(), n.name) for n in notes or []]
            lib = library()
            report = analyse_tender(path, services().classifier, lib if lib.stats().cases else None, texts,
                                    progress=lambda done, total: bar.progress(done / total),
                                    max_clauses=services().settings.max_clauses)
            books = {}
            for lang in ("en", "zh"):  # the workbook follows the UI language, also after a switch
                write_xlsx(report, Path(tmp) / f"matrix-{lang}.xlsx", lang)
                books[lang] = (Path(tmp) / f"matrix-{lang}.xlsx").read_bytes()
            st.session_state[state.TENDER_RESULT] = (report, books)
    except InputError as err:
        st.error(message(err))
    bar.empty()

saved = st.session_state.get(state.TENDER_RESULT)
if saved:
    report, books = saved
    xlsx = books[L]
    if not report.rows:
        st.warning(t("no_clauses", L))
        st.caption(t("no_clauses_why", L, **asdict(report.shape)) if report.shape else report.message)
        for p in report.passages:
            st.markdown("- " + md_escape(p))
        st.stop()
    if report.key_facts:
        st.subheader(t("key_facts", L))
        st.dataframe(pd.DataFrame([{word("Fact", L): word(f.name.replace("_", " "), L), word("Value", L): f.value,
                                    word("Clause", L): f.clause} for f in report.key_facts]), hide_index=True, width="stretch")
    st.caption(t("disqualifying_note", L, n=sum(row.requirement.disqualifying for row in report.rows)))
    frame = pd.DataFrame([{  # headers and the matrix's own words in the UI language, as in the workbook
        word("Clause", L): r.clause, word("Section", L): r.section, word("Requirement", L): r.text,
        word("Kind", L): word(r.kind, L), word("Points", L): r.points, "⚠": "⚠" if r.disqualifying else "",
        word("Need label", L): word(row.need.label, L),
        word("Best past match", L): row.matches[0].title if row.matches else "",
        word("Outcome", L): word(row.matches[0].outcome, L) if row.matches else "",
        word("Explained by (meeting notes)", L): " / ".join(text for text, _, _ in row.explained_by),
    } for row in report.rows for r in (row.requirement,)])
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(t("download_matrix", L), xlsx, "requirement-matrix.xlsx", key="dl_matrix", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if not report.notes_given:
        st.stop()
    c1, c2 = st.columns(2)
    with c1:
        st.subheader(t("uncovered", L))
        for n, _ in report.uncovered_needs:
            st.markdown(f"- [{t(n.label, L)}] {md_escape(n.statement.text)}")
    with c2:
        st.subheader(t("unexplained", L))
        for row in report.unexplained[:30]:
            st.markdown(f"- {md_escape(row.requirement.clause)}: {md_escape(row.requirement.text)}")
    if report.pairs:
        st.subheader(t("matched", L))
        st.dataframe(pd.DataFrame([{word("Text", L): n.statement.text, word("Label", L): word(n.label, L),
                                    word("Clause", L): row.requirement.clause, word("Similarity", L): s}
                                   for n, row, s in report.pairs]), hide_index=True, width="stretch")
