"""Models and the library, loaded once per process and shared by all sessions (st.cache_resource).

Settings are read once here, at the edge (Settings.from_env: NEEDS_DATA_DIR, NEEDS_LIBRARY, NEEDS_EMBEDDER),
so tests and admins can point the app elsewhere.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import streamlit as st

from features.services import Services
from index.library import Library
from settings import Settings

_lock = threading.Lock()


def settings() -> Settings:
    return Settings.from_env(os.environ)


def library_dir() -> Path | str:
    """Where the library and the stores beside it (accounts, corrections) live: a folder or a postgresql:// URL."""
    return settings().library_location


@st.cache_resource(show_spinner=False)
def services() -> Services:
    svc = Services(settings())
    _ = svc.classifier  # load models now, once, not inside the first user's request
    return svc


def library() -> Library:
    """The shared library object; it reloads itself when a writer publishes a new generation."""
    with _lock:
        return services().library(settings().library_location, need_classifier=True)


def reload_classifier() -> None:
    """After retraining: the next request loads the new model."""
    with _lock:
        services().reload_classifier()
