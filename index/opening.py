"""Open a library by where it lives: a folder path (the embedded default) or a postgresql:// URL (a server)."""
from __future__ import annotations

from pathlib import Path

from index.library import Library
from index.pg.connection import is_url
from nlp.embed.base import Embedder
from nlp.needs.classifier import NeedsClassifier


def library_key(location: str | Path) -> str:
    """One key per library: the URL as given, or the folder's absolute path."""
    return str(location) if is_url(location) else str(Path(location).resolve())


def open_library(location: str | Path, embedder: Embedder, classifier: NeedsClassifier | None = None,
                 load: bool = True) -> Library:
    if is_url(location):
        from index.pg.library import PgLibrary

        return PgLibrary(str(location), embedder, classifier, load=load)
    return Library(Path(location), embedder, classifier, load=load)


def exists(location: str | Path) -> bool:
    """Whether a library has been built there (a server library is taken to exist: opening it tells)."""
    return is_url(location) or (Path(location) / "CURRENT").exists()
