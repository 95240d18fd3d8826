"""The library's writer: copy the current generation, let the caller change the copy, rebuild BM25, publish.

A failure or a kill at any point leaves the published generation untouched (see index/generations.py).
"""
from __future__ import annotations

import shutil
import sqlite3

import numpy as np

from index import generations as gens
from index import store
from index.keywords import BM25
from index.vectors import VectorIndex


class Writer:
    """Context manager: copy the current generation, let the caller change the copy, then publish it."""

    def __init__(self, library, source=None, rebuild_vectors: bool = False, vacuum: bool = False):
        self.lib = library
        self.source = source  # copy this generation instead of the current one (repair)
        self.rebuild_vectors = rebuild_vectors  # start from an empty vector index (repair)
        self.vacuum = vacuum  # rewrite the database so deleted text leaves no trace in free pages (forget)

    def __enter__(self):
        lib = self.lib
        self._lock = gens.writer_lock(lib.folder)
        self._lock.__enter__()
        try:
            lib.check_config()
            gens.cleanup(lib.folder)  # drop what a killed writer left behind
            cur = self.source or gens.current(lib.folder)
            self.gen = gens.new_generation(lib.folder)
            self.con = store.connect(self.gen / "library.sqlite")
            if cur is not None:
                src = sqlite3.connect(f"file:{cur / 'library.sqlite'}?mode=ro", uri=True)
                src.backup(self.con)
                src.close()
            if cur is not None and not self.rebuild_vectors:
                self.vectors = VectorIndex.load(cur / "vectors.faiss", lib.embedder.dim)
            else:
                self.vectors = VectorIndex(lib.embedder.dim)
            return self.con, self.vectors
        except BaseException:
            self._abort()
            raise

    def _abort(self):
        con = getattr(self, "con", None)
        if con is not None:
            con.close()
        gen = getattr(self, "gen", None)
        if gen is not None:
            shutil.rmtree(gen, ignore_errors=True)
        self._lock.__exit__(None, None, None)

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self._abort()
            return False
        try:
            lib, con = self.lib, self.con
            rows = con.execute("SELECT pid, tokens FROM passages ORDER BY pid").fetchall()
            con.commit()
            if self.vacuum:
                con.execute("VACUUM")
            con.close()
            self.con = None
            bm25 = BM25.build([(r[1] or "").split() for r in rows])
            bm25.save(self.gen / "bm25.npz", self.gen / "bm25.json")
            np.save(self.gen / "bm25_pids.npy", np.array([r[0] for r in rows], dtype=np.int64))
            self.vectors.save(self.gen / "vectors.faiss")
            lib.write_config()
            gens.publish(lib.folder, self.gen)
        except BaseException:
            self._abort()
            raise
        self._lock.__exit__(None, None, None)
        return False
