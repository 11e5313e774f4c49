"""A throwaway PostgreSQL server for tests, started from the Debian binaries when they exist.

:func:`start_server` runs ``initdb`` into a new temporary folder (trust
authentication, no fsync: the data is thrown away) and ``pg_ctl start`` with
the server listening only on a Unix socket in that folder, so no port is
taken or raced for. PostgreSQL refuses to run as root: as root, the folder is
given to the ``postgres`` user and every command runs as that user
(``runuser``); otherwise commands run as the current user, as in CI.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from itertools import count
from pathlib import Path

__all__ = ["PostgresServer", "PostgresUnavailable", "start_server"]

SUPERUSER = "kkpham"
"""The superuser ``initdb`` makes; trust authentication lets tests connect as it."""


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server can be started here; the message says why."""


def _binaries() -> Path:
    """Return the newest installed PostgreSQL's ``bin`` folder."""
    found = sorted(
        (Path(path).parent for path in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda folder: int(folder.parent.name) if folder.parent.name.isdigit() else 0,
    )
    found = [folder for folder in found if (folder / "pg_ctl").exists()]
    if not found:
        raise PostgresUnavailable(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb and pg_ctl)"
        )
    return found[-1]


def _as_server_user() -> tuple[list[str], pwd.struct_passwd | None]:
    """Return the prefix that runs a command as the server's user, and that user (root only)."""
    if os.geteuid() != 0:
        return [], None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError as error:
        raise PostgresUnavailable("running as root, and there is no postgres user") from error
    runuser = shutil.which("runuser")
    if runuser is None:
        raise PostgresUnavailable("running as root, and runuser is not installed")
    return [runuser, "-u", "postgres", "--"], user


class PostgresServer:
    """A running PostgreSQL server in a temporary folder; :meth:`stop` removes it all."""

    def __init__(self, folder: Path, binaries: Path, prefix: Sequence[str]) -> None:
        self.folder = folder
        self.binaries = binaries
        self.prefix = list(prefix)
        self._numbers = count(1)

    @property
    def data(self) -> Path:
        """Return the server's data folder."""
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        """Return the URL of ``database`` on this server, as a user would write it."""
        return f"postgresql://{SUPERUSER}@/{database}?host={self.folder}"

    def new_database(self) -> str:
        """Create an empty database and return its URL (each test gets its own)."""
        import psycopg

        name = f"archive_{next(self._numbers)}"
        with psycopg.connect(
            host=str(self.folder), user=SUPERUSER, dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')  # the name is ours, not input
        return self.url(name)

    def run(self, *command: str) -> subprocess.CompletedProcess[str]:
        """Run one of the server's programs as the server's user."""
        return subprocess.run(
            [*self.prefix, str(self.binaries / command[0]), *command[1:]],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def start_server() -> PostgresServer:
    """Start a PostgreSQL server of its own; raise :class:`PostgresUnavailable` saying why not."""
    binaries = _binaries()
    prefix, user = _as_server_user()
    folder = Path(tempfile.mkdtemp(prefix="kkpham-pg-"))
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    server = PostgresServer(folder, binaries, prefix)
    steps = (
        ("initdb", "-D", str(server.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
         "--locale=C", "--no-sync"),
        ("pg_ctl", "-D", str(server.data), "-l", str(folder / "server.log"), "-w", "-t", "60",
         "-o", f"-c listen_addresses='' -k {folder} -F", "start"),
    )  # fmt: skip
    for step in steps:
        done = server.run(*step)
        if done.returncode != 0:
            log = folder / "server.log"
            tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
            server.stop()
            raise PostgresUnavailable(
                f"{step[0]} failed ({done.returncode}): {done.stderr.strip()[-800:]} {tail}"
            )
    return server
