"""Analyse notes (sales rep): paste or upload, see labelled needs, questions, similar cases; correct and export.

A label correction changes the analysis kept in the session, so the summary, the highlighting, the table and
every export show it at once; it is also stored for retraining. Exports and saved notes are masked with one
plan per note (features.exports), so a person has the same placeholder in all of them.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from corpus.errors import InputError
from corpus.records import Case, content_hash
from corpus.textfile import check_size, decode_bytes
from features.corrections import add_correction
from features.exports import cue_text, markdown_brief, masked_analysis, needs_frame, stakeholder_text, to_csv, to_xlsx
from features.privacy import note_masking
from features.similar import analysis_with_cases
from features.storage import location
from nlp.analyse import analyse
from nlp.embed.base import content_key
from nlp.needs.signals import compliance_warning
from nlp.records import LABELS, NEED_LABELS
from ui import keeping, state
from ui.i18n import error_text, t
from ui.markup import LABEL_COLOURS, highlighted, md_escape, message, say
from ui.resources import library, services
from ui.uploader import file_uploader
from ui.widgets import case_card, legend

L = state.lang()
st.title(t("analyse_title", L))
st.caption(t("analyse_help", L))

source = st.segmented_control(t("source", L), ["paste", "upload"], format_func=lambda s: t(f"source_{s}", L),
                              default="paste", key=state.NOTE_SOURCE) or "paste"
if source == "paste":
    keeping.restore("analyse", state.NOTE_TEXT)
    st.text_area(t("notes_input", L), key=state.NOTE_TEXT, height=200)
    keeping.keep("analyse", state.NOTE_TEXT)
    upload = None
else:
    upload = file_uploader(t("upload_notes", L), ["txt", "md"], "analyse_upload", L)
    st.caption(t("upload_limits", L))


def run_analysis() -> None:
    """Read the chosen input, analyse it with visible steps; on an error drop the previous result and say which
    input failed."""
    state.clear_analysis()
    if source == "upload" and upload is None:
        st.error(t("no_file", L))
        return
    name = upload.name if source == "upload" else t("pasted_text", L)
    try:
        with st.status(t("progress_read", L), expanded=False) as status:
            try:
                if source == "upload":
                    data = upload.getvalue()
                    check_size(data, services().settings.max_input_bytes, upload.name)
                    text = decode_bytes(data, upload.name)
                else:
                    text = st.session_state.get(state.NOTE_TEXT, "")
                status.update(label=t("progress_label", L))
                analysis = analyse(text, services().classifier, services().settings.max_statements, ui_language=L)
                status.update(label=t("progress_cases", L))
                lib = library()
                result = analysis_with_cases(analysis, lib if lib.stats().cases > 0 else None, 5, ui_language=L)
            except InputError:
                status.update(label=t("progress_failed", L), state="error")
                raise
            status.update(label=t("progress_done", L, n=len(result.needs)), state="complete")
        st.session_state[state.ANALYSIS] = result
        st.session_state[state.ANALYSED_TEXT] = text
        st.session_state[state.ANALYSED_NAME] = name
        filed = keeping.file_note(file_to, text, analysis)  # nothing analysed is lost: kept in its account
        if filed is not None:
            shown_as = keeping.account_name(file_to, L)
            st.caption(t("acc_filed", L, account=shown_as, date=filed.meeting.date))
    except InputError as err:
        st.error(say("analysis_failed", L, name=name, reason=error_text(err, name, L)))


def masking_for(text: str, lang: str, account: str | None = None):
    """One masking plan per note, language and account, kept for the session: exports and saved notes share it;
    with an account, every person the account knows is masked too."""
    key = (content_hash(text), lang, account)
    if st.session_state.get(state.MASKING, (None,))[0] != key:
        store = keeping.store() if account else None
        st.session_state[state.MASKING] = (key, note_masking(text, lang, store, account))
    return st.session_state[state.MASKING][1]


file_to = keeping.account_chooser(t("acc_file_to", L), "analyse_account", L, t("choose_or_add", L))
if st.button(t("analyse_button", L), type="primary", key="analyse_go"):
    run_analysis()

flash = st.session_state.pop(state.FLASH, None)
if flash:
    st.success(flash)

result = st.session_state.get(state.ANALYSIS)
text = st.session_state.get(state.ANALYSED_TEXT, "")
if result is not None:
    needs = result.needs
    if not needs:
        st.info(t("no_statements", L))
        st.stop()
    counts = {lab: sum(s.label == lab for s in needs) for lab in LABELS}
    st.success(say("summary", L, name=st.session_state.get(state.ANALYSED_NAME, ""), n=len(needs),
                 e=counts["explicit"], o=counts["organisational"], p=counts["personal"]))

    for s in needs:
        if s.compliance_risk:
            st.warning(f"**{md_escape(s.statement.text)}**  \n{md_escape(compliance_warning(L))}", icon=":material/gpp_maybe:")

    left, right = st.columns([3, 2])
    with left:
        st.subheader(t("in_text", L))
        legend(L)
        with st.container(border=True):
            st.markdown(highlighted(text, [(s.statement.start, s.statement.end, s.label) for s in needs]))
    with right:
        st.subheader(t("questions", L))
        missing = [lab for lab in NEED_LABELS if counts[lab] == 0]
        if missing:
            st.caption(t("missing", L, types="、".join(t(m, L) for m in missing) if L == "zh" else
                         ", ".join(t(m, L) for m in missing)))
        for q in result.questions:
            st.markdown(f":{LABEL_COLOURS[q.need]}-background[{t(q.need, L)}] {md_escape(stakeholder_text(q.text, L))}")
        if result.wins:
            with st.expander(t("wins", L)):
                for w in result.wins:
                    st.markdown("- " + md_escape(w))

    st.subheader(t("needs_table", L))
    st.caption(t("corrections_hint", L))
    order = {lab: i for i, lab in enumerate(LABELS)}
    rows = sorted(range(len(needs)), key=lambda i: (order[needs[i].label], -needs[i].confidence))
    label_names = {lab: t(lab, L) for lab in LABELS}
    frame = pd.DataFrame([{
        "statement": needs[i].statement.text,
        "label": label_names[needs[i].label],
        "confidence": needs[i].confidence,
        "stakeholder": stakeholder_text(needs[i].stakeholder, L),
        "cues": ", ".join(cue_text(c, L) for c in needs[i].evidence.cues),
        "nearest": " / ".join(f"{e.text} ({label_names[e.label]})" for e in needs[i].evidence.examples[:2]),
        "case": result.case_of(i).title if result.case_of(i) else "",
    } for i in rows])
    edited = st.data_editor(
        frame, key=state.editor_key(), hide_index=True, width="stretch",
        disabled=["statement", "confidence", "stakeholder", "cues", "nearest", "case"],
        column_config={
            "statement": st.column_config.TextColumn(t("statement", L), width="large"),
            "label": st.column_config.SelectboxColumn(t("label", L), options=list(label_names.values()), required=True),
            "confidence": st.column_config.ProgressColumn(t("confidence", L), min_value=0.0, max_value=1.0, format="%.2f"),
            "stakeholder": st.column_config.TextColumn(t("stakeholder", L)),
            "cues": st.column_config.TextColumn(t("cues", L)),
            "nearest": st.column_config.TextColumn(t("nearest", L), width="medium"),
            "case": st.column_config.TextColumn(t("similar_need", L)),
        },
    )
    by_name = {v: k for k, v in label_names.items()}
    changed = [(rows[j], by_name[edited.iloc[j]["label"]]) for j in range(len(frame))
               if edited.iloc[j]["label"] != frame.iloc[j]["label"]]
    if st.button(t("save_corrections", L), disabled=not changed, key="save_corrections"):
        waiting = 0
        for i, new in changed:
            s = result.needs[i]
            waiting = add_correction(location(library()), s.statement.text, new, s.label, result.language)
            result = result.with_label(i, new)
        st.session_state[state.ANALYSIS] = result  # the page, summary, highlighting and exports follow at once
        st.session_state[state.FLASH] = t("saved_corrections", L, n=len(changed), w=waiting)
        state.bump_editor()
        st.rerun()

    if result.cases:
        st.subheader(t("similar_note", L))
        for h in result.cases:
            case_card(h, L, library=library())
    else:
        st.caption(t("no_library", L))

    st.subheader(t("export", L))
    private = st.toggle(t("redact", L), value=True, key="redact_exports")
    accounts = [a[0] for a in keeping.store().accounts()] if private else []
    account = st.selectbox(t("mask_account", L), [None, *accounts], key="mask_account", placeholder=t("choose", L),
                           format_func=lambda a: t("mask_account_none", L) if a is None else
                           keeping.account_name(a, L)) if accounts else None
    masking = masking_for(text, L, account) if private else None
    shared = masked_analysis(result, text, L, masking) if private else result
    if private:
        st.caption(t("masked_report", L, **shared.masked))
    table = needs_frame(shared, L)
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("download_csv", L), to_csv(table), "needs.csv", "text/csv", key="dl_csv", on_click="ignore")
    c2.download_button(t("download_xlsx", L), to_xlsx(table, lang=L), "needs.xlsx", key="dl_xlsx", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    c3.download_button(t("download_brief", L), markdown_brief(shared, lang=L).encode("utf-8"), "brief.md",
                       "text/markdown", key="dl_md", on_click="ignore")
    with st.expander(t("save_as_case", L)):
        title = st.text_input(t("case_title", L), key="note_title")
        if st.button(t("save", L), key="save_note", disabled=not title.strip()):
            try:
                case_id = "note-" + content_hash(text)[:10]
                saved_text = masking.apply(text) if masking else text
                # the cache keys of the statements as analysed (before masking), so that forget can reach them
                forms = [content_key(services().embedder.name, "query", s.statement.text) for s in result.needs]
                report = library().ingest_cases([Case(id=case_id, title=masking.apply(title.strip()) if masking else title.strip(),
                                                      text=saved_text, kind="note", language=result.language, source="app",
                                                      source_hash=content_hash(text), extra={"forms": forms})])
                st.success(say("saved_case", L, id=(report.added + report.updated + report.skipped + [case_id])[0]))
            except InputError as err:
                st.error(message(err))
