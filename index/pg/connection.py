"""Connections to the library database: URLs with the password masked, one plain sentence per failure, the schema.

Every message that names the database goes through `mask()`, so a password never reaches a log or a
screen. psycopg errors become index.errors.LibraryError here and nowhere else.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from index.errors import LibraryError

SCHEMES = ("postgresql://", "postgres://")
CONNECT_TIMEOUT = 5  # seconds; an unreachable server fails fast instead of hanging a search


def is_url(location) -> bool:
    return isinstance(location, str) and location.lower().startswith(SCHEMES)


def mask(url: str) -> str:
    """The URL with its password (in the authority or as a `password=` parameter) replaced by ***."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            auth, host = netloc.rsplit("@", 1)
            if ":" in auth:
                auth = auth.split(":", 1)[0] + ":***"
            netloc = f"{auth}@{host}"
        query = re.sub(r"(?i)(password=)[^&]*", r"\1***", parts.query)
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        return "the library database"


def _reason(err: Exception) -> str:
    text = str(err).lower()
    if "password authentication failed" in text or "no password supplied" in text:
        return "the user name or password is wrong"
    if "does not exist" in text and "database" in text:
        return "that database does not exist"
    if "timeout" in text or "timed out" in text:
        return "the server did not answer in time"
    if "ssl" in text or "certificate" in text:
        return "the TLS connection failed"
    if "refused" in text or "could not connect" in text or "no route" in text or "translate host" in text:
        return "the server is unreachable"
    if "permission denied" in text:
        return "this user may not do that"
    if "terminat" in text or "closed" in text or "lost" in text or "broken" in text:
        return "the connection was lost"
    return "the database refused the request"


def failure(url: str, err: Exception, doing: str = "") -> LibraryError:
    """One plain sentence naming the problem and the database (password masked)."""
    what = f" while {doing}" if doing else ""
    tail = "; nothing was changed." if doing else "."
    return LibraryError(f"Cannot use the library database {mask(url)}{what}: {_reason(err)}{tail}")


class Row(tuple):
    """A result row readable by position and by column name, like sqlite3.Row (dict(row) works)."""

    names: tuple[str, ...] = ()

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names.index(key))
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


def row_factory(cursor):
    names = tuple(c.name for c in cursor.description) if cursor.description else ()

    def make(values):
        row = Row(values)
        row.names = names
        return row

    return make


def qmarks(sql: str) -> str:
    """sqlite's `?` placeholders as psycopg's `%s` (the shared SQL of index/store.py and index/library.py)."""
    return sql.replace("%", "%%").replace("?", "%s")


def connect(url: str, autocommit: bool = False):
    """An open psycopg connection with pgvector's types; LibraryError if the server cannot be used."""
    try:
        import psycopg
        from pgvector.psycopg import register_vector
    except ImportError as err:
        raise LibraryError("A PostgreSQL library needs the psycopg and pgvector packages; run `make setup`.") from err
    try:
        con = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, autocommit=autocommit, row_factory=row_factory)
    except psycopg.Error as err:
        raise failure(url, err) from None
    try:
        has_vector = con.execute("SELECT 1 FROM pg_extension WHERE extname = 'vector'").fetchone()
        if not has_vector:
            try:
                con.execute("CREATE EXTENSION IF NOT EXISTS vector")
                con.commit()
            except psycopg.Error:
                con.close()
                raise LibraryError(f"The library database {mask(url)} has no pgvector extension; ask its administrator "
                                   "to run CREATE EXTENSION vector.") from None
        register_vector(con)
        if not autocommit:
            con.commit()
    except psycopg.Error as err:
        con.close()
        raise failure(url, err) from None
    return con


@contextmanager
def translated(url: str, doing: str = ""):
    """Turn a psycopg error raised inside the block into LibraryError."""
    import psycopg

    try:
        yield
    except psycopg.Error as err:
        raise failure(url, err, doing) from None
