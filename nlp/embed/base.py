"""The Embedder interface shared by all backends, and the content-hash cache in front of them.

Vectors are float32, L2-normalised, one row per text. `kind` says whether a text is a query
(a statement or search box) or a passage (a stored document piece); models that were trained
with prefixes (e5) use it, others ignore it.
"""
from __future__ import annotations

import hashlib
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from pathlib import Path

import numpy as np

from corpus.files import private_dir, private_file

KINDS = ("query", "passage")


class Embedder(ABC):
    """Turns texts into normalised vectors. Subclasses implement `_encode` only."""

    name: str  # recorded in a library's config.json; a library is searched only with its own model
    dim: int

    def __init__(self, cache: EmbeddingCache | None = None, batch_size: int = 16):
        self.cache = cache
        self.batch_size = batch_size
        self._lock = threading.Lock()  # backends hold native state; one call at a time

    @abstractmethod
    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        """Embed a batch; rows need not be normalised."""

    def embed(self, texts: list[str], kind: str = "passage") -> np.ndarray:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        keys = [content_key(self.name, kind, t) for t in texts]
        todo = list(range(len(texts)))
        if self.cache is not None:
            found = self.cache.get_many(keys)
            todo = [i for i in todo if keys[i] not in found]
            for i, k in enumerate(keys):
                if k in found:
                    out[i] = found[k]
        # long texts are slow for the model; grouping by length keeps batches even
        todo.sort(key=lambda i: len(texts[i]))
        for at in range(0, len(todo), self.batch_size):
            idx = todo[at : at + self.batch_size]
            with self._lock:
                vecs = np.asarray(self._encode([texts[i] or " " for i in idx], kind), dtype=np.float32)
            vecs = normalise_rows(vecs)
            out[idx] = vecs
            if self.cache is not None:
                self.cache.put_many({keys[i]: vecs[j] for j, i in enumerate(idx)})
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text], "query")[0]


def normalise_rows(vecs: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vecs / norms).astype(np.float32)


def content_key(model: str, kind: str, text: str) -> str:
    return hashlib.sha1(f"{model}\x1f{kind}\x1f{text}".encode()).hexdigest()


class EmbeddingCache:
    """Vectors by content hash: a bounded in-memory LRU, optionally backed by a SQLite file."""

    def __init__(self, path: str | Path | None = None, memory_items: int = 20000):
        self._mem: OrderedDict[str, np.ndarray] = OrderedDict()
        self._max = memory_items
        self._lock = threading.Lock()
        self._db = None
        if path is not None:
            try:
                private_dir(Path(path).parent)
                private_file(Path(path))
                self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB)")
                self._db.commit()
            except (OSError, sqlite3.Error):
                self._db = None  # an unwritable cache folder only costs speed: keep the vectors in memory

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for k in keys:
                if k in self._mem:
                    self._mem.move_to_end(k)
                    found[k] = self._mem[k]
            missing = [k for k in set(keys) if k not in found]
            if self._db is not None and missing:
                for at in range(0, len(missing), 500):
                    chunk = missing[at : at + 500]
                    marks = ",".join("?" * len(chunk))
                    for k, blob in self._db.execute(f"SELECT key, v FROM vec WHERE key IN ({marks})", chunk):
                        found[k] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self._lock:
            for k, v in items.items():
                self._mem[k] = v
                self._mem.move_to_end(k)
            while len(self._mem) > self._max:
                self._mem.popitem(last=False)
            if self._db is not None:
                try:
                    self._db.executemany(
                        "INSERT OR REPLACE INTO vec VALUES (?, ?)",
                        [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
                    )
                    self._db.commit()
                except sqlite3.OperationalError:
                    pass  # a read-only or busy cache file only costs speed

    def forget(self, keys: list[str]) -> None:
        """Drop vectors (a forgotten case's) from memory and disk, leaving no copy in free pages."""
        with self._lock:
            for k in keys:
                self._mem.pop(k, None)
            if self._db is not None:
                self._db.executemany("DELETE FROM vec WHERE key = ?", [(k,) for k in keys])
                self._db.commit()
                self._db.execute("VACUUM")
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the log may still hold the deleted rows

    def __len__(self) -> int:
        return len(self._mem)
