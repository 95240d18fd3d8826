"""Library admin: upload many files with progress, per-file results, remove cases, statistics, retrain with corrections."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from corpus.errors import InputError
from corpus.readers import SUPPORTED
from features.corrections import retrain_with_corrections, stored_corrections
from features.storage import location
from ui import state
from ui.i18n import t
from ui.markup import message, say
from ui.resources import library, reload_classifier, services
from ui.uploader import file_uploader

L = state.lang()
st.title(t("admin_title", L))
lib = library()

files = file_uploader(t("upload", L), [s.lstrip(".") for s in SUPPORTED], "admin_upload", L, multiple=True)
if st.button(t("ingest", L), type="primary", disabled=not files, key="admin_ingest"):
    if len(files) > services().settings.max_upload_files:
        st.error(t("too_many_files", L, n=services().settings.max_upload_files))
    else:
        bar = st.progress(0.0)
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for f in files:
                name = Path(f.name).name or "upload"  # never a path from the browser: no ../ tricks
                target = Path(tmp) / name
                target.write_bytes(f.getvalue())
                paths.append(target)
            try:
                report = lib.ingest(paths, lambda n, total, name: bar.progress(n / total, text=name))
                st.session_state[state.INGEST_RESULT] = report
            except InputError as err:
                st.error(message(err))
        bar.empty()

result = st.session_state.get(state.INGEST_RESULT)
if result:
    st.success(t("ingest_result", L, a=len(result.added), u=len(result.updated), s=len(result.skipped), f=len(result.failed)))
    for name, reason in result.failed:
        st.error(say("failed_file", L, name=name, reason=reason))
    for row in result.skipped_rows:  # rows of files that otherwise went in
        st.warning(say("skipped_row", L, file=row.file, line=row.line, reason=row.reason))

st.subheader(t("remove", L))
ids = st.multiselect(t("pick_case", L), [c.id for c in lib.cases()], key="admin_remove_ids")
if st.button(t("remove_button", L), disabled=not ids, key="admin_remove"):
    try:
        st.success(say("removed", L, ids=", ".join(lib.remove(ids))))
    except InputError as err:
        st.error(message(err))

st.subheader(t("stats", L))
stats = lib.stats()
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("m_cases", L), stats["cases"])
c2.metric(t("m_passages", L), stats["passages"])
c3.metric(t("m_statements", L), stats["statements"])
c4.metric(t("m_disk", L), f"{stats['bytes_on_disk'] / 1e6:.1f}")
languages = ", ".join(f"{t(f'lang_{lang}', L) if lang in ('zh', 'en', 'mixed') else lang} {n}"
                      for lang, n in sorted(stats["languages"].items()))
index_kind = t("index_exact", L) if stats["index"].startswith("exact") else stats["index"]
st.caption(say("m_details", L, embedder=stats["embedder"], index=index_kind, languages=languages))

waiting = len(stored_corrections(location(lib)))
st.info(t("corrections_waiting", L, n=waiting))
if st.button(t("retrain", L), disabled=waiting == 0, key="admin_retrain"):
    with st.spinner(t("retraining", L)):
        model = retrain_with_corrections(location(lib), services().embedder, services().settings.model_dir, log=lambda m: None)
        reload_classifier()
    st.success(t("retrained", L, f1=model.report["dev_macro_f1"]))
    rows = stored_corrections(location(lib), unused_only=False)
    st.caption(t("corrections_table", L))
    st.dataframe(pd.DataFrame([{
        t("col_text", L): r["text"], t("col_label", L): t(r["label"], L), t("col_was", L): t(r["was"], L) if r["was"] else "",
        t("col_language", L): t(f"lang_{r['language']}", L) if r["language"] in ("zh", "en", "mixed") else r["language"],
        t("col_used", L): "✓" if r["used"] else "",
    } for r in rows]), hide_index=True)
