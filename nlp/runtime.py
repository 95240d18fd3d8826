"""Loads the embedder and the needs classifier once, from settings given by the caller."""
from __future__ import annotations

import logging
from pathlib import Path

from nlp.embed import EmbeddingCache, make_embedder
from nlp.embed.base import Embedder
from nlp.needs.classifier import NeedsClassifier

logging.getLogger("jieba").setLevel(logging.WARNING)
try:  # jieba logs its dictionary loading to stderr at import; keep stderr for real messages
    import jieba

    jieba.setLogLevel(logging.WARNING)
except ImportError:  # pragma: no cover
    pass


def load_embedder(name: str, cache_path: Path | None) -> Embedder:
    return make_embedder(name, EmbeddingCache(cache_path) if cache_path else None)


def load_classifier(model_dir: Path, embedder: Embedder) -> NeedsClassifier:
    return NeedsClassifier.load(model_dir, embedder)
