"""The faiss index of passage vectors: exact while small, HNSW above a measured size; ids allow update and delete.

Filters are applied inside faiss with an id selector, so ranking only ever sees allowed passages.
"""
from __future__ import annotations

import faiss
import numpy as np

HNSW_ABOVE = 50_000  # bench/search_latency.py: flat passes 10 ms p95 below this, HNSW keeps 1M under 50 ms
HNSW_M, HNSW_EF_SEARCH, HNSW_EF_CONSTRUCTION = 32, 128, 80


class VectorIndex:
    def __init__(self, dim: int, index: faiss.Index | None = None):
        self.dim = dim
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self.changed: set[int] = set()  # ids added or removed since this object was made (index/writer.py reads it)

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @property
    def approximate(self) -> bool:
        return isinstance(faiss.downcast_index(self.index.index), faiss.IndexHNSW)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        self.changed.update(int(i) for i in ids)
        if len(ids):
            self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64))
        if not self.approximate and self.size > HNSW_ABOVE:
            self._rebuild(hnsw=True)

    def remove(self, ids: np.ndarray) -> None:
        if not len(ids):
            return
        self.changed.update(int(i) for i in ids)
        if self.approximate:
            self._rebuild(hnsw=self.size - len(ids) > HNSW_ABOVE, drop=set(int(i) for i in ids))
        else:
            self.index.remove_ids(np.asarray(ids, dtype=np.int64))

    def cosines(self, ids: np.ndarray, query: np.ndarray) -> np.ndarray:
        """The inner product (the cosine: both are unit vectors) of each of these stored vectors with one query."""
        return self.index.reconstruct_batch(np.asarray(ids, dtype=np.int64)) @ query

    def export(self) -> tuple[np.ndarray, np.ndarray]:
        """(ids, vectors) of every passage in the index, in the index's order."""
        ids = faiss.vector_to_array(self.index.id_map).astype(np.int64)
        vecs = self.index.index.reconstruct_n(0, self.size) if self.size else np.zeros((0, self.dim), np.float32)
        return ids, vecs

    def _rebuild(self, hnsw: bool, drop: set[int] | None = None) -> None:
        ids, vecs = self.export()
        if drop:
            keep = np.array([i not in drop for i in ids], dtype=bool)
            ids, vecs = ids[keep], vecs[keep]
        if hnsw:
            inner = faiss.IndexHNSWFlat(self.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        else:
            inner = faiss.IndexFlatIP(self.dim)
        self.index = faiss.IndexIDMap2(inner)
        if len(ids):
            self.index.add_with_ids(vecs, ids)

    def search(self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) per query row; ids -1 pad rows with fewer results."""
        q = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        if self.size == 0 or k <= 0:
            return np.zeros((len(q), 0), np.float32), np.zeros((len(q), 0), np.int64)
        k = min(k, self.size)
        params = None
        if allowed is not None:
            if len(allowed) == 0:
                return np.zeros((len(q), 0), np.float32), np.zeros((len(q), 0), np.int64)
            sel = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
            params = faiss.SearchParametersHNSW(sel=sel, efSearch=max(HNSW_EF_SEARCH, k)) if self.approximate \
                else faiss.SearchParameters(sel=sel)
        elif self.approximate:
            params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, k))
        if len(q) > 1:
            return self.index.search(q, k, params=params)
        # one query: a single thread. On a busy 2-core machine OpenMP's hand-off costs more than the
        # scan (bench/search_latency.py, load ~19: flat 100k p50 136 ms with 2 threads, 26 ms with 1)
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            return self.index.search(q, k, params=params)
        finally:
            faiss.omp_set_num_threads(threads)

    def save(self, path) -> None:
        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path, dim: int) -> VectorIndex:
        index = faiss.read_index(str(path))
        if index.d != dim:
            raise ValueError(f"vector index has dimension {index.d}, expected {dim}")
        return cls(dim, index)
