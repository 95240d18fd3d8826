"""Models and the library, loaded once per process and shared by all sessions (st.cache_resource).

Settings come from the environment here, at the edge: NEEDS_DATA_DIR and NEEDS_LIBRARY_DIR let tests
and admins point the app elsewhere.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import streamlit as st

from features.services import Services
from index.library import Library
from settings import Settings

MAX_UPLOAD_FILES = 50
_lock = threading.Lock()


def settings() -> Settings:
    s = Settings()
    if os.environ.get("NEEDS_DATA_DIR"):
        s = s.with_(data_dir=Path(os.environ["NEEDS_DATA_DIR"]))
    return s


def library_dir() -> Path:
    return Path(os.environ.get("NEEDS_LIBRARY_DIR") or settings().library_dir)


@st.cache_resource(show_spinner=False)
def services() -> Services:
    svc = Services(settings())
    _ = svc.classifier  # load models now, once, not inside the first user's request
    return svc


def library() -> Library:
    """The shared library object; it reloads itself when a writer publishes a new generation."""
    with _lock:
        return services().library(library_dir(), need_classifier=True)


def reload_classifier() -> None:
    """After retraining: the next request loads the new model."""
    with _lock:
        services().reload_classifier()
