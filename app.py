"""Streamlit entry: page navigation and the shared sidebar (interface language) only."""
import streamlit as st

from ui import state
from ui.i18n import t

# emoji icons: the browser draws them locally; a :material/...: page icon makes it fetch an SVG from fonts.gstatic.com
st.set_page_config(page_title="Needs discovery", page_icon="🧭", layout="wide")
with st.sidebar:
    choice = st.radio("中文 / English", ["English", "中文"], key="lang_choice", horizontal=True)
    st.session_state[state.LANG] = "zh" if choice == "中文" else "en"
    st.caption(t("private_note", state.lang()))
L = state.lang()
pages = [
    st.Page("ui/analyse_page.py", title=t("nav_analyse", L), icon="📝", default=True),
    st.Page("ui/accounts_page.py", title=t("nav_accounts", L), icon="👥"),
    st.Page("ui/search_page.py", title=t("nav_search", L), icon="🔎"),
    st.Page("ui/library_page.py", title=t("nav_library", L), icon="📚"),
    st.Page("ui/tender_page.py", title=t("nav_tender", L), icon="📋"),
    st.Page("ui/admin_page.py", title=t("nav_admin", L), icon="🗂️"),
]
st.navigation(pages).run()
