"""The archive: audit records kept exactly as written, found by region, year and regulation.

:class:`Archive` is safe to share between threads (a web server's): it holds
one engine, and every call works in a session of its own.

What ``add`` checks, and why not more: a record is admitted when its digest
matches its content, its signature (if any) is consistent (and trusted, when
trusted keys are given), and its submission is valid and hashes to the
recorded input hash (:func:`~kkpham_rules.audit.check_integrity`). It is not
re-computed on the way in: an archive must take records computed under
regulation revisions not installed where it runs (an older plugin, another
ministry's), and loading years of records should not cost a full evaluation
each. Re-computation is :meth:`Archive.verify_all`'s job (and ``history``'s),
where a missing regulation is reported as such (``regulation_missing``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from .._documents import DocumentProblem, read_bounded, worded
from ..audit import (
    MAX_RECORD_BYTES,
    AuditRecord,
    Check,
    check_integrity,
    load_record,
    record_data,
    verify,
)
from ..errors import InputError, Problem, RecordError
from .database import database_url, open_engine, shown_url, unreachable, writer
from .models import (
    AddOutcome,
    AddStatus,
    ArchiveCause,
    ArchivedRecord,
    HistoryEntry,
    ProblemData,
    RecordCheck,
)
from .rows import StoredRow, loose_columns, row_of, stored_row
from .schema import INDEXED_COLUMNS, StoredRecord

if TYPE_CHECKING:
    from ..registry import Registry
    from ..signing import PublicKey

__all__ = ["Archive"]

_T = TypeVar("_T")
_REGION_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}", re.ASCII)
_UNSAFE_IN_NAMES = re.compile(r"[^A-Za-z0-9._-]")
_INTEGER_MIN, _INTEGER_MAX = -(2**31), 2**31 - 1  # the INTEGER column, on every database
_DIGIT_RUNS = re.compile(r"([0-9]+)")
_LOOKUP_CHUNK = 500  # digests per IN (...) query: well under every database's limit


@dataclass
class _Offered:
    """A record offered to the archive, with what its integrity checks found."""

    source: str | None
    raw: bytes
    record: AuditRecord | None = None
    causes: list[ArchiveCause] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    problems: list[ProblemData] = field(default_factory=list)


class Archive:
    """An archive of audit records in a SQLite or PostgreSQL database.

    ``Archive(url)`` (or :meth:`open`) opens the archive at ``url`` (see
    :func:`~kkpham_rules.archive.database.database_url`; ``None``: the
    ``KKPHAM_DATABASE_URL`` variable, else ``kkpham-archive.sqlite3`` here) and
    brings its schema to the newest migration. ``create=False`` refuses to make
    a new SQLite file. Raises :class:`~kkpham_rules.errors.ArchiveError` when
    the database cannot be opened.
    """

    def __init__(self, url: str | None = None, *, create: bool = True) -> None:
        self.url = database_url(url)
        self._engine = open_engine(self.url, create=create)

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = True) -> Archive:
        """Return the archive at ``url`` (the same as ``Archive(url)``)."""
        return cls(url, create=create)

    def __repr__(self) -> str:
        return f"Archive({self.location!r})"

    @property
    def location(self) -> str:
        """Return the archive's URL fit to print (no password)."""
        return shown_url(self.url)

    def close(self) -> None:
        """Close the archive's connections."""
        self._engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- adding ---------------------------------------------------------------------

    def add(
        self, source: bytes | Path, *, trusted: Sequence[PublicKey] | None = None
    ) -> AddOutcome:
        """Add one record (its bytes, or a file) unless it fails its integrity checks.

        Adding a record already archived (the same digest) changes nothing and
        says so, but for its signature: a signed copy of a record archived
        unsigned (or, with ``trusted`` keys, signed by a key not trusted) takes
        its place (``signature_added``), and a copy signed by another key than
        the archived one is refused (``other_signature_archived``). With
        ``trusted`` keys, only records signed by one of them are admitted.
        """
        return self.add_all([source], trusted=trusted)[0]

    def add_all(
        self, sources: Sequence[bytes | Path], *, trusted: Sequence[PublicKey] | None = None
    ) -> list[AddOutcome]:
        """Add records all together, or none of them if any is refused.

        Every record is checked and every outcome returned, so all that is wrong
        is reported at once; a batch with a refused record adds nothing (its good
        records are ``not_added``), so a batch never lands half-way.
        """
        offered = [_offer(source, trusted) for source in sources]
        trusted_ids = None if trusted is None else {key.key_id for key in trusted}
        try:
            try:
                return self._store(offered, trusted_ids)
            except IntegrityError:
                # another writer added one of these digests meanwhile: look again
                return self._store(offered, trusted_ids)
        except SQLAlchemyError as error:
            raise unreachable(self.location, error) from error

    def _store(self, offered: list[_Offered], trusted_ids: set[str] | None) -> list[AddOutcome]:
        now = datetime.now(UTC)
        outcomes: list[AddOutcome] = []
        with Session(writer(self._engine)) as session, session.begin():
            digests = [item.record.digest for item in offered if item.record is not None]
            known = {row.digest: row for row in self._rows_with(session, digests)}
            for item in offered:
                if item.record is not None and not item.causes:
                    row = known.get(item.record.digest)
                    if row is not None and _signed_differently(row, item.record, trusted_ids):
                        item.causes.append("other_signature_archived")
            refused = any(item.causes for item in offered)
            for item in offered:
                if item.causes or item.record is None:
                    outcomes.append(_outcome(item, "refused", None))
                    continue
                row = known.get(item.record.digest)
                if row is not None and _gains_signature(row, item.record, trusted_ids):
                    if refused:
                        outcomes.append(_outcome(item, "not_added", None))
                        continue
                    # the same record (one digest), now signed: the signed copy is kept
                    row.raw = item.raw
                    row.signature_key_id = _columns(item.record)["signature_key_id"]
                    session.flush()
                    outcomes.append(_outcome(item, "signature_added", row))
                elif row is not None:
                    outcomes.append(_outcome(item, "already_archived", row))
                elif refused:
                    outcomes.append(_outcome(item, "not_added", None))
                else:
                    row = StoredRecord(**_columns(item.record), added_at=now, raw=item.raw)
                    session.add(row)
                    known[item.record.digest] = row
                    session.flush()
                    outcomes.append(_outcome(item, "added", row))
        return outcomes

    @staticmethod
    def _rows_with(session: Session, digests: Sequence[str]) -> Iterator[StoredRecord]:
        for start in range(0, len(digests), _LOOKUP_CHUNK):
            chunk = digests[start : start + _LOOKUP_CHUNK]
            yield from session.scalars(select(StoredRecord).where(StoredRecord.digest.in_(chunk)))

    # --- reading ----------------------------------------------------------------------

    def records(
        self,
        *,
        region_code: str | None = None,
        year: int | None = None,
        regulation: str | None = None,
    ) -> list[ArchivedRecord]:
        """Return the archived records that match, by region, year, regulation and revision.

        ``regulation`` is a regulation id (``permenkumham-22-2021``).
        """
        return [_summary(row) for row in self._select(region_code, year, regulation)]

    def raw(self, digest: str) -> bytes:
        """Return the bytes of the record with ``digest``, exactly as they were added.

        Raises ``KeyError`` when no archived record has that digest.
        """
        query = select(*loose_columns()).where(StoredRecord.digest == digest)
        found = self._query(lambda session: session.execute(query).mappings().first())
        if found is None:
            raise KeyError(digest)
        return stored_row(found).raw

    def export(
        self, folder: str | Path, *, year: int | None = None, regulation: str | None = None
    ) -> list[Path]:
        """Write each matching record to ``folder``, one file each, exactly as stored.

        A file is named by region, year, regulation, revision and digest, so
        adding the folder to another archive gives the same archive.
        A file already there is never overwritten: one with the same bytes is
        left as it is (exporting again is harmless), and one with other bytes
        stops the export before anything is written
        (:class:`~kkpham_rules.errors.InputError`, ``file_exists``). Nothing is
        made when no record matches.
        """
        target = Path(folder)
        rows = self._select(None, year, regulation)
        files = [(target / _file_name(row.columns), row.raw) for row in rows]
        taken = [
            worded(Problem("export_file_exists", "", "", None, str(path)))
            for path, raw in files
            if path.exists() and not (path.is_file() and path.read_bytes() == raw)
        ]
        if taken:
            raise InputError(f"{target}: exported records are never overwritten", taken)
        if files:
            target.mkdir(parents=True, exist_ok=True)
        for path, raw in files:
            if not path.exists():
                path.write_bytes(raw)
        return [path for path, _ in files]

    def history(
        self,
        region_code: str,
        *,
        trusted: Sequence[PublicKey] | None = None,
        registry: Registry | None = None,
    ) -> list[HistoryEntry]:
        """Return every archived record of a region, verified again, oldest year first.

        Entries are ordered by data year, then regulation id and revision (as
        numbers), then when they were added. Raises
        :class:`~kkpham_rules.errors.InputError` for a region code not of
        the form ``72.71``.
        """
        if not _REGION_CODE.fullmatch(region_code):
            problem = Problem(
                "string_pattern_mismatch",
                "/region/code",
                "the region code must be 2 digits, a dot and 2 digits, e.g. 72.71",
                "two digits, a dot, two digits",
                json.dumps(region_code, ensure_ascii=False),
            )
            raise InputError(f"{region_code} is not a region code", [problem])
        entries = [
            _history_entry(*_checked(row, trusted, registry))
            for row in self._select(region_code, None, None)
        ]
        return sorted(entries, key=_history_order)

    def verify_all(
        self,
        *,
        year: int | None = None,
        regulation: str | None = None,
        trusted: Sequence[PublicKey] | None = None,
        registry: Registry | None = None,
    ) -> list[RecordCheck]:
        """Verify every matching record again: re-computed, signature, and its columns.

        Each is checked as :func:`~kkpham_rules.audit.verify` checks a file
        (``trusted`` as there), and its indexed columns against its bytes (a
        row edited in the database is ``index_altered``).
        """
        rows = self._select(None, year, regulation)
        return [_checked(row, trusted, registry)[0] for row in rows]

    def _select(
        self, region_code: str | None, year: int | None, regulation: str | None
    ) -> list[StoredRow]:
        """Return the matching rows, each as stored (a damaged one is read, not fatal)."""
        if year is not None and not _INTEGER_MIN <= year <= _INTEGER_MAX:
            return []  # no column holds it, so no record has it (and no driver overflows)
        query: Select[Any] = select(*loose_columns())
        if region_code is not None:
            query = query.where(StoredRecord.region_code == region_code)
        if year is not None:
            query = query.where(StoredRecord.assessment_year == year)
        if regulation is not None:
            query = query.where(StoredRecord.regulation_id == regulation)
        query = query.order_by(
            StoredRecord.region_code,
            StoredRecord.assessment_year,
            StoredRecord.regulation_id,
            StoredRecord.regulation_revision,
            StoredRecord.added_at,
            StoredRecord.id,
        )
        return self._query(
            lambda session: [stored_row(values) for values in session.execute(query).mappings()]
        )

    def _query(self, run: Callable[[Session], _T]) -> _T:
        """Return ``run(session)`` in a session of its own; database failures are reported."""
        try:
            with Session(self._engine, expire_on_commit=False) as session:
                return run(session)
        except SQLAlchemyError as error:
            raise unreachable(self.location, error) from error


# --- a record on its way in ----------------------------------------------------------------


def _offer(source: bytes | Path, trusted: Sequence[PublicKey] | None) -> _Offered:
    """Return ``source`` read and checked for what ``add`` requires."""
    name = str(source) if isinstance(source, Path) else None
    if isinstance(source, Path):
        try:
            raw = read_bounded(source, MAX_RECORD_BYTES)
        except DocumentProblem as error:
            return _Offered(
                name, b"", None, ["invalid_record"], [], [ProblemData.of(error.problem)]
            )
    else:
        raw = bytes(source)
    try:
        data = record_data(raw)
        record = load_record(data)
        integrity = check_integrity(data, trusted=trusted)
    except RecordError as error:
        problems = [ProblemData.of(problem) for problem in error.problems]
        return _Offered(name, raw, None, ["invalid_record"], [], problems)
    return _Offered(name, raw, record, list(integrity.causes), integrity.checks)


def _gains_signature(row: StoredRecord, record: AuditRecord, trusted_ids: set[str] | None) -> bool:
    """Return whether ``record`` (admitted) is the archived ``row`` better signed.

    It is when the row is unsigned and the record signed, or, with trusted keys,
    when the row's signer is not trusted and the record's is. The record's
    signature was checked on the way in (by a trusted key, when keys are given).
    """
    if record.signature is None:
        return False
    if row.signature_key_id is None:
        return True
    return (
        trusted_ids is not None
        and row.signature_key_id not in trusted_ids
        and record.signature.key_id in trusted_ids
    )


def _signed_differently(
    row: StoredRecord, record: AuditRecord, trusted_ids: set[str] | None
) -> bool:
    """Return whether the archive holds ``record`` signed by another key, which is kept.

    One signature is kept per record: a second signer's copy is refused by
    name rather than dropped as "already archived".
    """
    if record.signature is None or row.signature_key_id in (None, record.signature.key_id):
        return False
    return not _gains_signature(row, record, trusted_ids)


def _outcome(item: _Offered, status: AddStatus, row: StoredRecord | None) -> AddOutcome:
    return AddOutcome(
        source=item.source,
        status=status,
        digest=None if item.record is None else item.record.digest,
        record=None if row is None else _summary(row_of(row)),
        causes=item.causes,
        checks=item.checks,
        problems=item.problems,
    )


def _columns(record: AuditRecord) -> dict[str, Any]:
    """Return the indexed columns of ``record``, as its bytes say."""
    evaluation = record.evaluation
    columns = {
        "digest": record.digest,
        "region_code": evaluation.region.code,
        "region_name": evaluation.region.name,
        "assessment_year": evaluation.assessment_year,
        "regulation_id": record.regulation.id,
        "regulation_revision": record.regulation.revision,
        "regulation_hash": record.regulation.content_hash,
        "total_score": evaluation.total_score,
        "category": evaluation.category.code,
        "library_version": record.library_version,
        "signature_key_id": None if record.signature is None else record.signature.key_id,
    }
    assert tuple(columns) == INDEXED_COLUMNS
    return columns


def _summary(row: StoredRow, record: AuditRecord | None = None) -> ArchivedRecord:
    """Return the row's indexed fields; a damaged column shows the record's own value."""
    columns = dict(row.columns)
    if record is not None:
        columns.update({name: _columns(record)[name] for name in row.damaged if name in columns})
    return ArchivedRecord(**columns, added_at=row.added_at)


def _file_name(columns: dict[str, Any]) -> str:
    parts = (
        columns["region_code"],
        str(columns["assessment_year"]),
        f"{columns['regulation_id']}-r{columns['regulation_revision']}",
        columns["digest"].removeprefix("sha256:"),
    )
    return _UNSAFE_IN_NAMES.sub("_", "_".join(parts)) + ".json"


# --- a stored record verified again ------------------------------------------------------


def _checked(
    row: StoredRow, trusted: Sequence[PublicKey] | None, registry: Registry | None
) -> tuple[RecordCheck, AuditRecord | None]:
    """Return ``row`` verified again (bytes re-computed, columns against bytes), and its record."""
    try:
        data = record_data(row.raw)
        record = load_record(data)
        verification = verify(data, registry=registry, trusted=trusted)
    except RecordError as error:
        problems = [ProblemData.of(problem) for problem in error.problems]
        unreadable = RecordCheck(
            record=_summary(row),
            status="not_reproduced",
            causes=["invalid_record", "index_altered"] if row.damaged else ["invalid_record"],
            signature=None,
            altered_columns=list(row.damaged),
            verification=None,
            problems=problems,
        )
        return unreadable, None
    summary = _summary(row, record)
    altered = [
        name
        for name, value in _columns(record).items()
        if name in row.damaged or row.columns[name] != value
    ]
    if "added_at" in row.damaged:
        altered.append("added_at")
    causes: list[ArchiveCause] = [*verification.causes]
    if altered:
        causes.append("index_altered")
    checked = RecordCheck(
        record=summary,
        status="reproduced" if not causes else "not_reproduced",
        causes=causes,
        signature=verification.signature,
        altered_columns=altered,
        verification=verification,
        problems=[],
    )
    return checked, record


def _history_entry(checked: RecordCheck, record: AuditRecord | None) -> HistoryEntry:
    # the names are the record's own, so a regulation not installed here still shows them
    evaluation = None if record is None else record.evaluation
    row = checked.record
    return HistoryEntry(
        assessment_year=row.assessment_year,
        regulation_id=row.regulation_id,
        regulation_short_name=None if evaluation is None else evaluation.regulation.short_name,
        regulation_revision=row.regulation_revision,
        total_score=row.total_score,
        category=row.category,
        category_label_id=None if evaluation is None else evaluation.category.label_id,
        category_label_en=None if evaluation is None else evaluation.category.label_en,
        region_name=row.region_name,
        digest=row.digest,
        signature_key_id=row.signature_key_id,
        added_at=row.added_at,
        status=checked.status,
        causes=checked.causes,
        signature=checked.signature,
    )


def _history_order(entry: HistoryEntry) -> tuple[Any, ...]:
    """Order by data year, regulation id (its numbers as numbers), revision, then when added."""
    return (
        entry.assessment_year,
        _numbers_as_numbers(entry.regulation_id),
        entry.regulation_revision,
        entry.added_at,
    )


def _numbers_as_numbers(text: str) -> tuple[tuple[int, int | str], ...]:
    """Return a key that sorts ``permenkumham-9-2030`` before ``permenkumham-10-2030``.

    >>> sorted(["p-10-2030", "p-9-2030", "p-9-2029"], key=_numbers_as_numbers)
    ['p-9-2029', 'p-9-2030', 'p-10-2030']
    """
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in _DIGIT_RUNS.split(text) if part
    )
