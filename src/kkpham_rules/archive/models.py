"""What the archive answers, as JSON-ready pydantic models (the edge a service serves)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from .._json import json_text
from .._models import Frozen
from ..audit import Cause, Check, SignatureStatus, Verification
from ..errors import Problem

__all__ = [
    "AddOutcome",
    "AddStatus",
    "ArchiveCause",
    "ArchivedRecord",
    "History",
    "HistoryEntry",
    "ProblemData",
    "RecordCheck",
]

ArchiveCause = Literal[Cause, "invalid_record", "index_altered", "other_signature_archived"]
"""Why a record is refused or does not verify: :func:`~kkpham_rules.audit.verify`'s
causes, and the archive's own: ``invalid_record`` (the bytes are not a
readable audit record), ``index_altered`` (a column copied from the record
no longer agrees with its bytes) and ``other_signature_archived`` (the record
is archived signed by another key, which is kept)."""

AddStatus = Literal["added", "already_archived", "signature_added", "refused", "not_added"]
"""What became of one record offered to the archive.

``signature_added``: the record was archived unsigned (or, with trusted keys,
signed by a key not trusted); this signed copy, its signature checked, now
stands in its place. ``not_added``: the record was fine, but another in the
same batch was refused, and a batch is added whole or not at all.
"""


class ProblemData(Frozen):
    """A :class:`~kkpham_rules.errors.Problem` as JSON-ready data."""

    code: str
    pointer: str
    message: str
    expected: str | None = None
    received: str | None = None
    location: str | None = None

    @classmethod
    def of(cls, problem: Problem) -> ProblemData:
        """Return the data of ``problem``."""
        return cls(
            code=problem.code,
            pointer=problem.pointer,
            message=problem.message,
            expected=problem.expected,
            received=problem.received,
            location=problem.location,
        )


class ArchivedRecord(Frozen):
    """An archived record's indexed fields (its bytes are read with ``Archive.raw``)."""

    digest: str
    region_code: str
    region_name: str
    assessment_year: int
    regulation_id: str
    regulation_revision: int
    regulation_hash: str
    total_score: str
    category: str
    library_version: str
    signature_key_id: str | None
    added_at: datetime


class AddOutcome(Frozen):
    """What became of one record offered to the archive, and why.

    ``checks`` are the integrity checks made (digest, signature, input hash);
    ``problems`` say why bytes that are not a readable record were refused.
    """

    source: str | None
    status: AddStatus
    digest: str | None
    record: ArchivedRecord | None
    causes: list[ArchiveCause]
    checks: list[Check]
    problems: list[ProblemData]


class RecordCheck(Frozen):
    """An archived record verified again: re-computed, and its columns checked against it.

    ``verification`` is ``None`` when the stored bytes are no longer a readable
    record (``problems`` say why).
    """

    record: ArchivedRecord
    status: Literal["reproduced", "not_reproduced"]
    causes: list[ArchiveCause]
    signature: SignatureStatus | None
    altered_columns: list[str]
    verification: Verification | None
    problems: list[ProblemData]


class HistoryEntry(Frozen):
    """One year of a region under one regulation revision, and whether it still verifies.

    The labels and short name are read from the record itself, so a record of a
    regulation not installed here still shows them (``None`` only when the
    stored bytes are no longer a readable record).
    """

    assessment_year: int
    regulation_id: str
    regulation_short_name: str | None
    regulation_revision: int
    total_score: str
    category: str
    category_label_id: str | None
    category_label_en: str | None
    region_name: str
    digest: str
    signature_key_id: str | None
    added_at: datetime
    status: Literal["reproduced", "not_reproduced"]
    causes: list[ArchiveCause]
    signature: SignatureStatus | None


class History(Frozen):
    """A region's archived records, oldest year first, each verified again.

    One shape wherever a history is written: ``kkpham archive history --json``
    prints :meth:`to_json`, and ``GET /archive/regions/{code}`` answers it.
    """

    region_code: str
    entries: list[HistoryEntry]

    def to_json(self) -> str:
        """Return the history as JSON text (two-space indent, a final newline)."""
        return json_text(self.model_dump(mode="json"))
