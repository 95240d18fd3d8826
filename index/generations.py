"""Atomic library writes: each write builds a new generation folder and then swaps the CURRENT pointer.

A write killed half way leaves an unreferenced folder that the next writer deletes; readers keep
reading the generation CURRENT names. One writer at a time, by an advisory file lock.
CURRENT only ever names a folder `gen-NNNNNN` directly inside the library: anything else (garbage, a
path that climbs out) counts as a lost pointer, which `check --repair` restores. Everything written
here is private to its owner: folders 0700, files 0600.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
from pathlib import Path

from corpus.files import DIR_MODE, FILE_MODE, private_dir, private_file, replace_atomically

POINTER = "CURRENT"
PREFIX = "gen-"
COMPLETE = "COMPLETE"  # written into a generation when all its files are on disk
_NAME = re.compile(r"gen-\d{6,9}")


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    replace_atomically(path, lambda fh: fh.write(data))
    fsync_dir(path.parent)


def pointer_name(folder: Path) -> str | None:
    """The generation name CURRENT holds if it is a well-formed one, else None (missing, garbage, traversal)."""
    try:
        raw = (folder / POINTER).read_bytes()[:64]
    except OSError:
        return None
    name = raw.decode("ascii", errors="replace").strip()
    return name if _NAME.fullmatch(name) else None


def current(folder: Path) -> Path | None:
    """The published generation: a `gen-NNNNNN` folder directly inside `folder`, never anything else."""
    name = pointer_name(folder)
    gen = folder / name if name else None
    return gen if gen is not None and is_generation(gen) else None


def is_generation(path: Path) -> bool:
    return bool(_NAME.fullmatch(path.name)) and path.is_dir() and not path.is_symlink()


def _number(gen: Path) -> int:
    return int(gen.name[len(PREFIX):]) if _NAME.fullmatch(gen.name) else -1


@contextlib.contextmanager
def writer_lock(folder: Path):
    private_dir(folder)
    with open(private_file(folder / ".lock"), "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def new_generation(folder: Path) -> Path:
    """A fresh, empty generation folder numbered after every existing one (call under the writer lock)."""
    number = max([_number(g) for g in _generations(folder)] + [0]) + 1
    gen = folder / f"{PREFIX}{number:06d}"
    gen.mkdir(mode=DIR_MODE)
    return gen


def _generations(folder: Path) -> list[Path]:
    return [p for p in folder.glob(PREFIX + "*") if is_generation(p)]


def publish(folder: Path, gen: Path, keep: int = 2) -> None:
    """Make `gen` the current generation; keep the one before it for readers still using it."""
    (gen / COMPLETE).write_text("ok")
    for f in gen.iterdir():
        os.chmod(f, FILE_MODE)
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    os.chmod(gen, DIR_MODE)
    fsync_dir(gen)
    write_atomic(folder / POINTER, gen.name.encode())
    cleanup(folder, keep=keep)


def cleanup(folder: Path, keep: int = 2) -> None:
    """Delete generations older than the newest `keep` published ones, and unpublished leftovers."""
    cur = current(folder)
    if cur is None:
        return  # without a valid pointer nothing is known to be stale; repair decides
    gens = sorted(_generations(folder), key=_number)
    for g in gens:
        if _number(g) > _number(cur) or _number(g) <= _number(cur) - keep:
            shutil.rmtree(g, ignore_errors=True)


def complete_generations(folder: Path) -> list[Path]:
    """Generations that were fully written, newest first."""
    gens = [p for p in _generations(folder) if (p / COMPLETE).exists()]
    return sorted(gens, key=_number, reverse=True)
