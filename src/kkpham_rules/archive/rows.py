"""Archived rows read as the database holds them, so one damaged row cannot stop a listing.

The ORM converts each column as it loads a row, and a value of the wrong type
(text in an integer column, a date SQLite cannot parse; a row edited by hand
or by a broken tool) raises there, for the whole query. Reading commands
instead select the columns without conversion (:func:`loose_columns`) and
check each value here (:func:`stored_row`): a value of the wrong type is
named in :attr:`StoredRow.damaged`, so the row is reported (``index_altered``)
and the others are read on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import ColumnElement, type_coerce
from sqlalchemy.types import NullType

from .schema import INDEXED_COLUMNS, StoredRecord

__all__ = ["StoredRow", "loose_columns", "row_of", "stored_row"]

_INTEGERS: Final = frozenset({"assessment_year", "regulation_revision"})
_OPTIONAL: Final = frozenset({"signature_key_id"})

UNKNOWN_TIME: Final = datetime(1970, 1, 1, tzinfo=UTC)
"""Shown for an ``added_at`` that is not a time (the column is named as damaged)."""


@dataclass(frozen=True)
class StoredRow:
    """One archived row: its indexed columns, when it was added, its bytes.

    A column in ``damaged`` held a value of the wrong type; its value here is
    a stand-in (0, "", ``None``, :data:`UNKNOWN_TIME`) until the record's own
    value replaces it.
    """

    id: int | None
    columns: dict[str, Any]
    added_at: datetime
    raw: bytes
    damaged: tuple[str, ...]


def loose_columns() -> list[ColumnElement[Any]]:
    """Return the columns to select, each as the driver gives it (no conversion)."""
    names = ("id", *INDEXED_COLUMNS, "added_at", "raw")
    return [type_coerce(getattr(StoredRecord, name), NullType()).label(name) for name in names]


def stored_row(values: Mapping[Any, Any]) -> StoredRow:
    """Return a row selected with :func:`loose_columns`, each value's type checked."""
    damaged: list[str] = []
    columns: dict[str, Any] = {}
    for name in INDEXED_COLUMNS:
        value = values[name]
        if name in _INTEGERS:
            fits = isinstance(value, int) and not isinstance(value, bool)
            stand_in: Any = 0
        else:
            fits = isinstance(value, str) or (value is None and name in _OPTIONAL)
            stand_in = None if name in _OPTIONAL else ""
        if not fits:
            damaged.append(name)
        columns[name] = value if fits else stand_in
    added_at = _time(values["added_at"])
    if added_at is None:
        damaged.append("added_at")
    raw = values["raw"]
    if isinstance(raw, memoryview | bytearray):
        raw = bytes(raw)
    elif isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")  # text where bytes belong: read as written
    elif not isinstance(raw, bytes):
        raw = b""
    row_id = values["id"] if isinstance(values["id"], int) else None
    return StoredRow(row_id, columns, added_at or UNKNOWN_TIME, raw, tuple(damaged))


def row_of(record: StoredRecord) -> StoredRow:
    """Return an ORM row just written or loaded by the archive (its types are its own)."""
    columns = {name: getattr(record, name) for name in INDEXED_COLUMNS}
    return StoredRow(record.id, columns, _time(record.added_at) or UNKNOWN_TIME, record.raw, ())


def _time(value: Any) -> datetime | None:
    """Return a stored time in UTC (SQLite keeps text without a zone: the archive writes UTC)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
