"""Where the archive lives: its database URL, the engine, and the schema kept at head.

An archive is a SQLite file by default (``kkpham-archive.sqlite3`` in the
current folder), or any database SQLAlchemy reaches by URL: the
``--database`` option, else the ``KKPHAM_DATABASE_URL`` environment variable.
``postgresql://`` (and ``postgres://``) URLs use the psycopg 3 driver, the one
this package installs; a plain path is a SQLite file.

Opening an archive brings its schema to the newest migration (Alembic, run on
the archive's own connection), so an empty database becomes an archive and an
older one is upgraded; at head, nothing changes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .._documents import worded
from ..errors import ArchiveError, Problem

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import URL, Connection, Engine

__all__ = [
    "DEFAULT_URL",
    "MIGRATIONS",
    "URL_VARIABLE",
    "VERSION_TABLE",
    "WRITING",
    "current_revision",
    "database_url",
    "head_revision",
    "open_engine",
    "shown_url",
    "upgrade",
    "writer",
]

DEFAULT_URL: Final = "sqlite:///kkpham-archive.sqlite3"
"""The archive when none is named: a SQLite file in the current folder."""

URL_VARIABLE: Final = "KKPHAM_DATABASE_URL"
"""The environment variable naming the archive's database URL."""

MIGRATIONS: Final = Path(__file__).parent / "migrations"
"""The Alembic scripts, shipped inside the package."""

VERSION_TABLE: Final = "kkpham_archive_version"
"""Alembic's bookkeeping table, named for the archive so a shared database keeps its own."""

_DRIVERS: Final = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}
# (the first scheme is the one shown for the driver's: addresses are shown as people write them)
"""Schemes given without a driver, and the installed driver that serves them."""

_EXAMPLES: Final = "sqlite:///FILE or postgresql://USER@HOST/DATABASE"


def database_url(given: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Return the SQLAlchemy URL of the archive named by ``given``, the environment or default.

    >>> database_url("postgresql://kkpham@db/arsip")
    'postgresql+psycopg://kkpham@db/arsip'
    >>> database_url("arsip.sqlite3"), database_url(environ={})
    ('sqlite:///arsip.sqlite3', 'sqlite:///kkpham-archive.sqlite3')
    """
    environ = os.environ if environ is None else environ
    value = (given or environ.get(URL_VARIABLE) or DEFAULT_URL).strip()
    if "://" not in value:
        return f"sqlite:///{value}"  # a path: a SQLite file, relative to the current folder
    scheme, rest = value.split("://", 1)
    return f"{_DRIVERS.get(scheme, scheme)}://{rest}"


def shown_url(url: str) -> str:
    """Return ``url`` fit to print: as written, but any password replaced by ``***``.

    >>> shown_url("postgresql+psycopg://kkpham:rahasia@db/arsip")
    'postgresql://kkpham:***@db/arsip'
    >>> shown_url("sqlite:///file:arsip.sqlite3?mode=ro&uri=true")
    'sqlite:///file:arsip.sqlite3?mode=ro&uri=true'
    """
    # the text itself, not SQLAlchemy's rendering, which escapes ":" and names the driver
    masked = _PASSWORD.sub(r"\1***@", url, count=1)
    scheme, separator, rest = masked.partition("://")
    shown_scheme = next((given for given, full in _DRIVERS.items() if full == scheme), scheme)
    return f"{shown_scheme}{separator}{rest}"


_PASSWORD: Final = re.compile(r"^([^:/?#]+://[^:/@?#]*:)[^@]*@")
"""The password of a URL (``scheme://user:PASSWORD@host``)."""


def open_engine(url: str, *, create: bool = True) -> Engine:
    """Return an engine on the archive at ``url``, its schema brought to head.

    ``create=False`` refuses a SQLite file that does not exist yet (reading an
    archive never makes an empty one). Raises
    :class:`~kkpham_rules.errors.ArchiveError` for a URL that is not
    understood, a driver that is not installed, or a database that cannot be
    opened; the password never appears in it.
    """
    from sqlalchemy import create_engine
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    parsed = _parsed(url)
    shown = shown_url(url)
    if parsed.get_backend_name() == "sqlite":
        file = _sqlite_file(parsed, shown)
        if not create and not file.exists():
            problem = worded(Problem("no_archive", "", "", "an archive", shown))
            raise ArchiveError(f"no archive at {shown}", [problem])
    try:
        engine = create_engine(parsed)
    except (ArgumentError, ImportError) as error:  # an unknown dialect, a driver not installed
        raise _bad_url(shown) from error
    if engine.dialect.name == "sqlite":
        _sqlite_begins_as_asked(engine)
    try:
        upgrade(engine)
    except SQLAlchemyError as error:
        engine.dispose()
        raise unreachable(shown, error) from error
    return engine


WRITING: Final = "kkpham_archive_writing"
"""The execution option marking a transaction that will write (see :func:`writer`)."""


def writer(engine: Engine) -> Engine:
    """Return ``engine`` for transactions that write: on SQLite they take the lock at once.

    By default SQLite takes the write lock at the first write, and two
    transactions that both read first (is this digest archived?) then write
    cannot both go on: one fails at once with "database is locked" instead of
    waiting. A writing transaction begins with ``BEGIN IMMEDIATE`` instead, so
    concurrent adds (a web server's threads, two commands) queue for up to the
    driver's timeout, as on PostgreSQL. Reading transactions keep the plain
    ``BEGIN``, so a read-only archive file can still be verified.
    """
    return engine.execution_options(**{WRITING: True})


def _sqlite_begins_as_asked(engine: Engine) -> None:
    """Let SQLAlchemy, not the driver, begin SQLite transactions, as :func:`writer` asks."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        writing = connection.get_execution_options().get(WRITING, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def _parsed(url: str) -> URL:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url)
    except ArgumentError as error:
        raise _bad_url(shown_url(url)) from error


def _sqlite_file(url: URL, shown: str) -> Path:
    """Return the file a SQLite archive address names; refuse one that names no file.

    An archive is kept: an in-memory database (``sqlite://``, ``sqlite:///``,
    ``:memory:``, ``mode=memory``) would take records and lose them at once.
    A ``file:`` name is a SQLite URI only with ``?uri=true`` (then its path is
    the file, e.g. ``file:arsip.sqlite3?mode=ro&uri=true`` to read only);
    without it SQLite would make a file literally named ``file:...``, so it is
    refused rather than guessed.
    """
    database = url.database or ""
    is_uri = str(url.query.get("uri", "")).lower() in ("true", "1")
    if database.startswith("file:") and is_uri:
        path = database.removeprefix("file:").split("?", 1)[0]
        in_memory = str(url.query.get("mode", "")) == "memory" or path in ("", ":memory:")
    elif database.startswith("file:"):
        raise _not_a_file(shown, "file_uri_without_uri")
    else:
        path, in_memory = database, database in ("", ":memory:")
    if in_memory:
        raise _not_a_file(shown, "archive_in_memory")
    return Path(path)


def _not_a_file(shown: str, code: str) -> ArchiveError:
    problem = worded(Problem(code, "", "", "sqlite:///FILE", shown))
    return ArchiveError(f"the archive at {shown} would not be kept in a file", [problem])


def _bad_url(shown: str) -> ArchiveError:
    problem = worded(Problem("bad_database_url", "", "", _EXAMPLES, shown))
    return ArchiveError("the archive database address is not understood", [problem])


def unreachable(shown: str, error: Exception) -> ArchiveError:
    """Return the error of a database that cannot be opened or queried, saying why."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    detail = reason[0] if reason else type(error).__name__
    # the driver's reason (refused, no such database, wrong password) is the detail people need
    problem = Problem("database_unreachable", "", detail, None, shown)
    return ArchiveError(f"cannot open the archive at {shown}", [problem])


def _config(connection: Connection | None) -> Config:
    from alembic.config import Config

    config = Config()
    # the option is read through configparser: a "%" in the path must be doubled
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Bring the archive's schema at ``engine`` to the newest migration (nothing if it is).

    An archive at the newest migration is only read (so a read-only file opens).
    Otherwise the migration runs in a writing transaction (:func:`writer`): two
    processes creating one new SQLite archive queue for the lock, and the second
    finds the schema made, instead of failing with "database is locked".
    """
    from alembic import command

    if current_revision(engine) == head_revision():
        return
    with writer(engine).begin() as connection:
        command.upgrade(_config(connection), "head")


def head_revision() -> str:
    """Return the newest migration's revision id."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config(None)).get_current_head()
    assert head is not None  # the package ships its migrations
    return head


def current_revision(engine: Engine) -> str | None:
    """Return the migration the archive at ``engine`` is at (``None``: not an archive yet)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        return context.get_current_revision()
