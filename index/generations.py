"""Atomic library writes: each write builds a new generation folder and then swaps the CURRENT pointer.

A write killed half way leaves an unreferenced folder that the next writer deletes; readers keep
reading the generation CURRENT names. One writer at a time, by an advisory file lock.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

POINTER = "CURRENT"
PREFIX = "gen-"
COMPLETE = "COMPLETE"  # written into a generation when all its files are on disk


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def current(folder: Path) -> Path | None:
    try:
        name = (folder / POINTER).read_text().strip()
    except FileNotFoundError:
        return None
    gen = folder / name
    return gen if name.startswith(PREFIX) and gen.is_dir() else None


def _number(gen: Path) -> int:
    try:
        return int(gen.name[len(PREFIX):])
    except ValueError:
        return -1


@contextlib.contextmanager
def writer_lock(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def new_generation(folder: Path) -> Path:
    """A fresh, empty generation folder numbered after every existing one (call under the writer lock)."""
    gens = [p for p in folder.glob(PREFIX + "*") if p.is_dir()]
    number = max([_number(g) for g in gens] + [0]) + 1
    gen = folder / f"{PREFIX}{number:06d}"
    gen.mkdir()
    return gen


def publish(folder: Path, gen: Path, keep: int = 2) -> None:
    """Make `gen` the current generation; keep the one before it for readers still using it."""
    (gen / COMPLETE).write_text("ok")
    for f in gen.iterdir():
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    fsync_dir(gen)
    write_atomic(folder / POINTER, gen.name.encode())
    cleanup(folder, keep=keep)


def cleanup(folder: Path, keep: int = 2) -> None:
    """Delete generations older than the newest `keep` published ones, and unpublished leftovers."""
    cur = current(folder)
    gens = sorted((p for p in folder.glob(PREFIX + "*") if p.is_dir()), key=_number)
    if cur is None:
        return
    for g in gens:
        if _number(g) > _number(cur) or _number(g) <= _number(cur) - keep:
            shutil.rmtree(g, ignore_errors=True)


def complete_generations(folder: Path) -> list[Path]:
    """Generations that were fully written, newest first."""
    gens = [p for p in folder.glob(PREFIX + "*") if p.is_dir() and (p / COMPLETE).exists()]
    return sorted(gens, key=_number, reverse=True)
