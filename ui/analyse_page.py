"""Analyse notes (sales rep): paste or upload, see labelled needs, questions, similar cases; correct and export."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from corpus.errors import InputError
from corpus.records import Case, content_hash
from corpus.textfile import check_size, decode_bytes
from features.corrections import add_correction
from features.exports import markdown_brief, needs_frame, to_csv, to_xlsx
from features.similar import analysis_with_cases
from nlp.analyse import analyse
from nlp.embed.base import content_key
from nlp.needs.signals import compliance_warning
from nlp.records import LABELS
from nlp.redact import redact
from ui import state
from ui.i18n import t
from ui.markup import LABEL_COLOURS, highlighted, md_escape, message, say
from ui.resources import library, services
from ui.widgets import case_card, legend

L = state.lang()
st.title(t("analyse_title", L))
st.caption(t("analyse_help", L))

st.text_area(t("notes_input", L), key=state.NOTE_TEXT, height=200)
upload = st.file_uploader(t("upload_notes", L), type=["txt", "md"], key="analyse_upload")

if st.button(t("analyse_button", L), type="primary", key="analyse_go"):
    try:
        text = st.session_state.get(state.NOTE_TEXT, "")
        if upload is not None:
            data = upload.getvalue()
            check_size(data, services().settings.max_input_bytes, upload.name)
            text = decode_bytes(data, upload.name)
        lib = library()
        analysis = analyse(text, services().classifier)
        has_cases = lib.stats()["cases"] > 0
        st.session_state[state.ANALYSIS] = analysis_with_cases(analysis, lib if has_cases else None, 5)
        st.session_state[state.ANALYSED_TEXT] = text
    except InputError as err:
        st.error(message(err))

result = st.session_state.get(state.ANALYSIS)
text = st.session_state.get(state.ANALYSED_TEXT, "")
if result is not None:
    statements = result["statements"]
    if not statements:
        st.info(t("no_statements", L))
        st.stop()
    counts = {lab: sum(s["label"] == lab for s in statements) for lab in LABELS}
    st.success(t("summary", L, n=len(statements), e=counts["explicit"], o=counts["organisational"], p=counts["personal"]))

    for s in statements:
        if s["compliance_risk"]:
            st.warning(f"**{md_escape(s['text'])}**  \n{md_escape(compliance_warning(L))}", icon=":material/gpp_maybe:")

    left, right = st.columns([3, 2])
    with left:
        st.subheader(t("in_text", L))
        legend(L)
        with st.container(border=True):
            st.markdown(highlighted(text, [(s["start"], s["end"], s["label"]) for s in statements]))
    with right:
        st.subheader(t("questions", L))
        missing = result["gaps"]["missing"]
        if missing:
            st.caption(t("missing", L, types=", ".join(t(m, L) for m in missing)))
        for q in result["questions"]:
            st.markdown(f":{LABEL_COLOURS[q['need']]}-background[{t(q['need'], L)}] {md_escape(q['text'])}")
        if result["legitimate_wins"]:
            with st.expander(t("wins", L)):
                for w in result["legitimate_wins"]:
                    st.markdown("- " + md_escape(w))

    st.subheader(t("needs_table", L))
    st.caption(t("corrections_hint", L))
    order = {lab: i for i, lab in enumerate(LABELS)}
    rows = sorted(range(len(statements)), key=lambda i: (order[statements[i]["label"]], -statements[i]["confidence"]))
    frame = pd.DataFrame([{
        "statement": statements[i]["text"],
        "label": statements[i]["label"],
        "confidence": statements[i]["confidence"],
        "stakeholder": statements[i]["stakeholder"] or "",
        "cues": ", ".join(statements[i]["evidence"]["cues"]),
        "nearest": " / ".join(f"{e['text']} ({e['label']})" for e in statements[i]["evidence"]["similar_examples"][:2]),
        "case": (statements[i].get("similar_case") or {}).get("title", ""),
    } for i in rows])
    edited = st.data_editor(
        frame, key="needs_editor", hide_index=True, width="stretch", disabled=["statement", "confidence", "stakeholder", "cues", "nearest", "case"],
        column_config={
            "statement": st.column_config.TextColumn(t("statement", L), width="large"),
            "label": st.column_config.SelectboxColumn(t("label", L), options=list(LABELS), required=True),
            "confidence": st.column_config.ProgressColumn(t("confidence", L), min_value=0.0, max_value=1.0, format="%.2f"),
            "stakeholder": st.column_config.TextColumn(t("stakeholder", L)),
            "cues": st.column_config.TextColumn(t("cues", L)),
            "nearest": st.column_config.TextColumn(t("nearest", L), width="medium"),
            "case": st.column_config.TextColumn(t("similar_need", L)),
        },
    )
    changed = [(frame.iloc[j], edited.iloc[j]["label"]) for j in range(len(frame)) if edited.iloc[j]["label"] != frame.iloc[j]["label"]]
    if st.button(t("save_corrections", L), disabled=not changed, key="save_corrections"):
        lib = library()
        for row, new in changed:
            waiting = add_correction(lib.folder, row["statement"], new, row["label"], result["language"])
        st.success(t("saved_corrections", L, n=len(changed), w=waiting))

    if result["similar_cases"]:
        st.subheader(t("similar_note", L))
        for h in result["similar_cases"]:
            case_card(h, L, library=library())
    else:
        st.caption(t("no_library", L))

    st.subheader(t("export", L))
    private = st.toggle(t("redact", L), value=True, key="redact_exports")
    table = needs_frame(result, redact=private)
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("download_csv", L), to_csv(table), "needs.csv", "text/csv", key="dl_csv")
    c2.download_button(t("download_xlsx", L), to_xlsx(table), "needs.xlsx", key="dl_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    c3.download_button(t("download_brief", L), markdown_brief(result, lang=L, redact=private).encode("utf-8"), "brief.md", "text/markdown", key="dl_md")
    with st.expander(t("save_as_case", L)):
        title = st.text_input(t("case_title", L), key="note_title")
        if st.button(t("save", L), key="save_note", disabled=not title.strip()):
            try:
                case_id = "note-" + content_hash(text)[:10]
                saved_text = redact(text) if private else text
                # the cache keys of the statements as analysed (before redaction), so that forget can reach them
                forms = [content_key(services().embedder.name, "query", s["text"]) for s in statements]
                report = library().ingest_cases([Case(id=case_id, title=title.strip(), text=saved_text, kind="note",
                                                      language=result["language"], source="app", source_hash=content_hash(text),
                                                      extra={"forms": forms})])
                st.success(say("saved_case", L, id=(report.added + report.updated + report.skipped + [case_id])[0]))
            except InputError as err:
                st.error(message(err))
