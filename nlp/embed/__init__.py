"""Sentence embeddings: the Embedder interface, its backends, and a cache by content hash."""
from nlp.embed.base import Embedder, EmbeddingCache
from nlp.embed.factory import BACKENDS, DEFAULT_EMBEDDER, make_embedder

__all__ = ["BACKENDS", "DEFAULT_EMBEDDER", "Embedder", "EmbeddingCache", "make_embedder"]
