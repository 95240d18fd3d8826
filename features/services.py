"""Builds the shared objects (embedder, classifier, library) from settings; used by cli.py and the app."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from settings import Settings

if TYPE_CHECKING:  # the models and the engine load on first use, so commands that need none start fast
    from index.library import Library
    from nlp.embed.base import Embedder
    from nlp.needs.classifier import NeedsClassifier


@dataclass
class Services:
    settings: Settings
    _embedder: Embedder | None = None
    _classifier: NeedsClassifier | None = None
    _libraries: dict[str, Library] = field(default_factory=dict)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from nlp.runtime import load_embedder

            self._embedder = load_embedder(self.settings.embedder, self.settings.cache_path)
        return self._embedder

    @property
    def classifier(self) -> NeedsClassifier:
        if self._classifier is None:
            from nlp.runtime import load_classifier

            self._classifier = load_classifier(self.settings.model_dir, self.embedder)
        return self._classifier

    def reload_classifier(self) -> None:
        """Load the needs model again (after retraining) and hand it to every open library."""
        self._classifier = None
        for lib in self._libraries.values():
            lib.classifier = self.classifier

    def library(self, location: str | Path | None = None, need_classifier: bool = False) -> Library:
        """The library in a folder or on a postgresql:// server (settings.library_location by default)."""
        from index.opening import library_key, open_library

        location = location or self.settings.library_location
        key = library_key(location)
        if key not in self._libraries:
            self._libraries[key] = open_library(location, self.embedder, self.classifier if need_classifier else None)
        lib = self._libraries[key]
        if need_classifier and lib.classifier is None:
            lib.classifier = self.classifier
        return lib
