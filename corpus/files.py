"""Private places on disk: every folder the product creates is 0700 and every file 0600; and files replaced whole,
never half written.

The library, the embedding cache and the corrections hold customers' words; nobody else on the machine
should read them. SQLite gives a database's -wal and -shm files the mode of the database file, so creating
that file 0600 first is enough.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

DIR_MODE, FILE_MODE = 0o700, 0o600


def private_dir(path: Path) -> Path:
    """Create a folder (and its parents) readable by its owner only; tighten it if it already exists."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if path.stat().st_mode & 0o077:
        os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create an empty file readable by its owner only, or tighten an existing one.

    An existing file is never opened here: closing any descriptor of a SQLite database drops every lock this
    process holds on it, and another connection's writes could then corrupt it.
    """
    path = Path(path)
    if not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
        except FileExistsError:  # another thread or process made it first
            pass
    if path.stat().st_mode & 0o077:
        os.chmod(path, FILE_MODE)
    return path


def replace_atomically(path: Path, write) -> None:
    """Replace `path` with what `write(binary file)` writes: into a hidden temporary file beside it, flushed to
    disk, then renamed over it; a failure removes the temporary file and leaves `path` as it was."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def kept_lines(path: Path, build) -> list[str]:
    """The lines of a plain copy derived from slower data (a package's lists, parsed): read from `path`, or, when it
    cannot be read, `build()`'s lines, written there for the next process. A folder that cannot be written to only
    costs the build each time."""
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        pass
    lines = build()
    try:
        replace_atomically(Path(path), lambda fh: fh.write("\n".join(lines).encode("utf-8")))
    except OSError:
        pass
    return lines
