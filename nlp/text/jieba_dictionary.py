"""jieba's prefix dictionary, loaded from a compact copy: the words as one string and their counts as one array.

jieba keeps its 500,000-entry dictionary (words and their prefixes, with counts) in a marshal file of the dict and
loading it took 0.34-0.45 s of every process that reads Chinese; rebuilding the same dict from one string and one
int64 array takes about 0.08 s. The copy sits beside jieba's own cache (the temp folder), is named after jieba's
version and its dictionary file's size and time, and is checked when read; anything unexpected falls back to jieba's
own loading, which then writes the copy again. Only the default dictionary is handled this way.

`posseg()` does the same for jieba.posseg's part-of-speech table (349,045 words): jieba reads it from the dictionary
text at import (0.16 s); it is imported here with that read skipped and the table rebuilt from a copy (about 0.05 s).
"""
from __future__ import annotations

import array
import io
import marshal
import os
import tempfile
import threading
from pathlib import Path

from corpus.files import replace_atomically

_FORMAT = "jieba-freq-1"
_TAGS_FORMAT = "jieba-tags-1"
_lock = threading.Lock()


def _source() -> Path:
    import jieba

    return Path(jieba.__file__).resolve().parent / "dict.txt"


def copy_path(folder: Path | None = None, kind: str = _FORMAT) -> Path:
    """Where the compact copy of the default dictionary (or of its tags) lives (`folder`: the temp folder by default)."""
    import jieba

    st = os.stat(_source())
    return Path(folder or tempfile.gettempdir()) / f"{kind}-{jieba.__version__}-{st.st_size}-{int(st.st_mtime)}.bin"


def _load(path: Path, fmt: str, size: int) -> tuple | None:
    """The fields after the format tag of a copy written by this module, or None for any other file."""
    try:
        with open(path, "rb") as fh:
            fields = marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return fields[1:] if isinstance(fields, tuple) and len(fields) == size + 1 and fields[0] == fmt else None


def _read(path: Path) -> tuple[dict[str, int], int] | None:
    fields = _load(path, _FORMAT, 3)
    if fields is None:
        return None
    words, counts, total = fields
    if not isinstance(words, str) or not isinstance(counts, bytes) or not isinstance(total, int):
        return None
    values = array.array("q")
    try:
        values.frombytes(counts)
    except ValueError:
        return None
    keys = words.split("\n")
    return (dict(zip(keys, values.tolist())), total) if len(keys) == len(values) else None


def _write(path: Path, freq: dict[str, int], total: int) -> None:
    if any("\n" in w for w in freq):
        return
    try:
        replace_atomically(path, lambda fh: marshal.dump(
            (_FORMAT, "\n".join(freq), array.array("q", freq.values()).tobytes(), total), fh))
    except (OSError, ValueError, OverflowError):
        pass  # an unwritable temp folder only costs the next process the slower load


def ready(folder: Path | None = None):
    """jieba's default tokenizer with its dictionary loaded (from the compact copy when it is there); returned."""
    import jieba

    dt = jieba.dt
    if dt.initialized:  # every call after the first
        return dt
    with _lock, dt.lock:
        if dt.initialized:
            return dt
        jieba.setLogLevel(60)
        if dt.dictionary != jieba.DEFAULT_DICT:  # a custom dictionary: jieba's own loading
            dt.initialize()
            return dt
        path = copy_path(folder)
        loaded = _read(path) if path.exists() else None
        if loaded is None:
            dt.initialize()
            _write(path, dt.FREQ, dt.total)
        else:
            dt.FREQ, dt.total = loaded
            dt.initialized = True
        return dt


def _read_tags(path: Path) -> dict[str, str] | None:
    fields = _load(path, _TAGS_FORMAT, 3)
    if fields is None:
        return None
    words, names, codes = fields
    if not isinstance(words, str) or not isinstance(names, list) or not isinstance(codes, bytes):
        return None
    keys = words.split("\n")
    if len(keys) != len(codes) or any(not isinstance(n, str) for n in names) or max(codes, default=0) >= len(names):
        return None
    return dict(zip(keys, map(names.__getitem__, codes)))


def _write_tags(path: Path, table: dict[str, str]) -> None:
    names = sorted(set(table.values()))
    if len(names) > 255 or any("\n" in w for w in table):
        return
    index = {n: i for i, n in enumerate(names)}
    try:
        replace_atomically(path, lambda fh: marshal.dump(
            (_TAGS_FORMAT, "\n".join(table), names, bytes(index[t] for t in table.values())), fh))
    except (OSError, ValueError):
        pass


def posseg(folder: Path | None = None):
    """jieba.posseg, imported with its part-of-speech table from the compact copy when there is one; the
    dictionary loaded too."""
    import sys

    import jieba

    dt = ready(folder)
    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    with _lock:
        if "jieba.posseg" in sys.modules:
            return sys.modules["jieba.posseg"]
        path = copy_path(folder, _TAGS_FORMAT)
        table = _read_tags(path) if dt.dictionary == jieba.DEFAULT_DICT and path.exists() else None
        if table is None:
            import jieba.posseg as pseg  # jieba's own read of the table

            if dt.dictionary == jieba.DEFAULT_DICT:
                _write_tags(path, pseg.dt.word_tag_tab)
            return pseg
        # jieba.posseg reads the table from the dictionary file at import: hand it an empty file meanwhile
        dt.get_dict_file = lambda: io.BytesIO(b"")
        try:
            import jieba.posseg as pseg
        finally:
            del dt.get_dict_file
        pseg.dt.word_tag_tab = table
        return pseg
