"""Alembic's environment for the archive, run by :func:`kkpham_rules.archive.database.upgrade`.

The archive opens its own connection and passes it in ``config.attributes``;
there is no ``alembic.ini`` and no offline (SQL script) mode.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from kkpham_rules.archive.database import VERSION_TABLE
from kkpham_rules.archive.schema import Base

_MIGRATION_LOCK = 0x6B6B7068616D  # "kkpham": the advisory lock servers take while migrating

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only Archive runs these migrations
    raise RuntimeError("the archive's migrations run on the connection Archive opens")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        # two servers opening a new archive at once: the second waits, then finds it at head
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    context.run_migrations()
