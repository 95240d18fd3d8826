"""Maps an embedder name to its backend: 'e5' (default), 'minilm', or 'st:<folder or model name>'."""
from __future__ import annotations

from corpus.errors import InputError
from nlp.embed.base import Embedder, EmbeddingCache

DEFAULT_EMBEDDER = "e5"  # chosen by bench/embedders.py: better Chinese retrieval and needs F1
BACKENDS = ("e5", "minilm", "st:<model folder or name>")


def make_embedder(name: str = DEFAULT_EMBEDDER, cache: EmbeddingCache | None = None) -> Embedder:
    if name == "e5":
        from nlp.embed.e5 import E5Embedder

        return E5Embedder(cache)
    if name == "minilm":
        from nlp.embed.sbert import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(None, cache)
    if name.startswith("st:") and len(name) > 3:
        from nlp.embed.sbert import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(name[3:], cache)
    raise InputError(f"Unknown embedder {name!r}; choose one of: {', '.join(BACKENDS)}.")
