"""The archive's table, as typed SQLAlchemy models (the migrations create it).

One row per audit record: the record's bytes exactly as written, and beside
them the few fields queries select and sort on, copied from the record when it
is added. The copies are an index, never the evidence: ``archive verify``
checks each against the bytes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, LargeBinary, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["INDEXED_COLUMNS", "Base", "StoredRecord"]


class Base(DeclarativeBase):
    """The declarative base of the archive's tables."""


class StoredRecord(Base):
    """An archived audit record: its bytes, and the fields it is found by."""

    __tablename__ = "kkpham_audit_records"
    __table_args__ = (
        UniqueConstraint("digest", name="uq_kkpham_audit_records_digest"),
        Index("ix_kkpham_audit_records_region_year", "region_code", "assessment_year"),
        Index("ix_kkpham_audit_records_year", "assessment_year"),
        Index("ix_kkpham_audit_records_regulation", "regulation_id", "regulation_revision"),
        Index("ix_kkpham_audit_records_key_id", "signature_key_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    digest: Mapped[str] = mapped_column(Text)
    region_code: Mapped[str] = mapped_column(Text)
    region_name: Mapped[str] = mapped_column(Text)
    assessment_year: Mapped[int] = mapped_column(Integer)
    regulation_id: Mapped[str] = mapped_column(Text)
    regulation_revision: Mapped[int] = mapped_column(Integer)
    regulation_hash: Mapped[str] = mapped_column(Text)
    # the exact decimal string the record holds ("81.22"): never a binary float
    total_score: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(Text)
    library_version: Mapped[str] = mapped_column(Text)
    signature_key_id: Mapped[str | None] = mapped_column(Text, nullable=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    raw: Mapped[bytes] = mapped_column(LargeBinary)


INDEXED_COLUMNS = (
    "digest",
    "region_code",
    "region_name",
    "assessment_year",
    "regulation_id",
    "regulation_revision",
    "regulation_hash",
    "total_score",
    "category",
    "library_version",
    "signature_key_id",
)
"""The columns copied from a record, which must always agree with its bytes."""
