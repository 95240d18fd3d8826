"""Maps an embedder name to its backend: 'e5' (default), 'minilm', 'st:<model folder>', or 'hub:<model name>'.

Only 'hub:' may reach the network: naming a hub model that way is the user's permission to download it.
'st:' loads a folder on this machine and never tries the hub, whatever the name looks like.
"""
from __future__ import annotations

from pathlib import Path

from corpus.errors import InputError
from nlp.embed.base import Embedder, EmbeddingCache

DEFAULT_EMBEDDER = "e5"  # chosen by bench/embedders.py: better Chinese retrieval and needs F1
BACKENDS = ("e5", "minilm", "st:<model folder>", "hub:<model name, downloaded>")


def make_embedder(name: str = DEFAULT_EMBEDDER, cache: EmbeddingCache | None = None) -> Embedder:
    if name == "e5":
        from nlp.embed.e5 import E5Embedder

        return E5Embedder(cache)
    if name == "minilm":
        from nlp.embed.sbert import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(None, cache)
    if name.startswith("st:") and len(name) > 3:
        from nlp.embed.sbert import SentenceTransformerEmbedder

        if not Path(name[3:]).is_dir():
            raise InputError(f"There is no model folder {name[3:]!r} on this machine; to download a model from the "
                             f"Hugging Face hub, name it as hub:{name[3:]} (nothing else goes on the network).")
        return SentenceTransformerEmbedder(name[3:], cache)
    if name.startswith("hub:") and len(name) > 4:
        from nlp.embed.sbert import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(name[4:], cache, allow_download=True)
    raise InputError(f"Unknown embedder {name!r}; choose one of: {', '.join(BACKENDS)}.")
