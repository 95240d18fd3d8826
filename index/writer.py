"""The library's writer: copy the current generation, let the caller change the copy, update BM25, publish.

BM25 is updated by the write's delta (index/keyword_counts.py): the passages whose vectors the write added or
removed are counted again, the rest keep the counts the previous generation saved.

A failure or a kill at any point leaves the published generation untouched (see index/generations.py).
The file system's refusals (disk full, read-only folder, no permission) come out as one plain sentence.
"""
from __future__ import annotations

import errno
import json
import shutil
import sqlite3

import numpy as np

from index import generations as gens
from index import keyword_counts, store
from index.errors import LibraryError
from index.keywords import BM25, counts
from index.vectors import VectorIndex

_DISK_FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
_READ_ONLY = (errno.EROFS,)
_DENIED = (errno.EACCES, errno.EPERM)


def storage_error(err: BaseException, folder) -> LibraryError:
    """One plain sentence for an OS or SQLite refusal while writing the library in `folder`."""
    code = getattr(err, "errno", None)
    text = str(err).lower()
    if code in _DISK_FULL or "disk is full" in text or "file too large" in text:
        why = "the disk is full (or the file size limit was reached); free some space and try again"
    elif "disk i/o error" in text:  # SQLite's word for a write the OS refused half way (a size limit, a failing disk)
        why = "the disk refused the write (it may be full); free some space and try again"
    elif code in _READ_ONLY or "readonly" in text or "read-only" in text:
        why = "the folder is read-only"
    elif code in _DENIED or "permission" in text or "unable to open" in text:
        why = "permission was denied"
    else:
        why = getattr(err, "strerror", None) or str(err) or type(err).__name__
    return LibraryError(f"The library in {folder} could not be written: {why}; nothing was changed.")


class Writer:
    """Context manager: copy the current generation, let the caller change the copy, then publish it."""

    def __init__(self, library, source=None, rebuild_vectors: bool = False, vacuum: bool = False):
        self.lib = library
        self.source = source  # copy this generation instead of the current one (repair)
        self.rebuild_vectors = rebuild_vectors  # start from an empty vector index (repair)
        self.vacuum = vacuum  # rewrite the database so deleted text leaves no trace in free pages (forget)

    def __enter__(self):
        lib = self.lib
        try:
            self._lock = gens.writer_lock(lib.folder)
            self._lock.__enter__()
        except OSError as err:
            raise storage_error(err, lib.folder) from err
        try:
            lib.check_config()
            cur = self.base = self.source or gens.current(lib.folder)
            if cur is None and gens.complete_generations(lib.folder):
                # a lost or damaged pointer: writing now would publish a library without the existing cases
                raise LibraryError(f"The library in {lib.folder} has lost its CURRENT pointer; run `cli.py check --repair`.")
            gens.cleanup(lib.folder)  # drop what a killed writer left behind
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
        except (OSError, sqlite3.Error) as err:
            self._abort()
            raise storage_error(err, lib.folder) from err
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

    def _counts(self, con: sqlite3.Connection):
        """(vocabulary, term counts, passage ids) of the new generation: the previous generation's counts updated by
        the passages this write touched, or counted from every passage when there is nothing to start from."""
        base = None if self.rebuild_vectors else self.base
        tf = keyword_counts.load(base / keyword_counts.FILE) if base is not None else None
        if tf is not None:
            try:
                pids = np.load(base / "bm25_pids.npy", allow_pickle=False)
                vocab = json.loads((base / "bm25.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                tf = None
        if tf is not None and tf.shape[0] == len(pids):
            touched = sorted(self.vectors.changed)
            rows = con.execute("SELECT pid, tokens FROM passages WHERE pid IN (SELECT value FROM json_each(?))",
                               (json.dumps(touched),)).fetchall()
            vocab, tf, pids = keyword_counts.update(vocab, tf, pids, set(touched), [(r[0], (r[1] or "").split()) for r in rows])
            if len(pids) == con.execute("SELECT COUNT(*) FROM passages").fetchone()[0]:
                return vocab, tf, pids
        # no counts to start from, or passages changed without their vectors: count every passage
        rows = con.execute("SELECT pid, tokens FROM passages ORDER BY pid").fetchall()
        vocab, tf = counts([(r[1] or "").split() for r in rows])
        return vocab, tf, np.array([r[0] for r in rows], dtype=np.int64)

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self._abort()
            if issubclass(exc_type, (OSError, sqlite3.OperationalError)):
                raise storage_error(exc, self.lib.folder) from exc
            return False
        try:
            lib, con = self.lib, self.con
            vocab, tf, pids = self._counts(con)
            con.commit()
            if self.vacuum:
                con.execute("VACUUM")
            con.close()
            self.con = None
            BM25.from_counts(vocab, tf).save(self.gen / "bm25.npz", self.gen / "bm25.json")
            keyword_counts.save(self.gen / keyword_counts.FILE, tf)
            np.save(self.gen / "bm25_pids.npy", pids)
            self.vectors.save(self.gen / "vectors.faiss")
            lib.write_config()
            gens.publish(lib.folder, self.gen)
        except (OSError, sqlite3.Error, RuntimeError) as err:  # faiss reports a failed write as RuntimeError
            self._abort()
            raise storage_error(err, lib.folder) from err
        except BaseException:
            self._abort()
            raise
        self._lock.__exit__(None, None, None)
        return False
