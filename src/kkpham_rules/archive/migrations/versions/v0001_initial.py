"""The archive's first schema: one table of audit records, kept as written.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_TABLE = "kkpham_audit_records"


def upgrade() -> None:
    """Create the table of records and its indexes."""
    op.create_table(
        _TABLE,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("digest", sa.Text(), nullable=False),
        sa.Column("region_code", sa.Text(), nullable=False),
        sa.Column("region_name", sa.Text(), nullable=False),
        sa.Column("assessment_year", sa.Integer(), nullable=False),
        sa.Column("regulation_id", sa.Text(), nullable=False),
        sa.Column("regulation_revision", sa.Integer(), nullable=False),
        sa.Column("regulation_hash", sa.Text(), nullable=False),
        sa.Column("total_score", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("library_version", sa.Text(), nullable=False),
        sa.Column("signature_key_id", sa.Text(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.UniqueConstraint("digest", name="uq_kkpham_audit_records_digest"),
    )
    op.create_index(
        "ix_kkpham_audit_records_region_year", _TABLE, ["region_code", "assessment_year"]
    )
    op.create_index("ix_kkpham_audit_records_year", _TABLE, ["assessment_year"])
    op.create_index(
        "ix_kkpham_audit_records_regulation", _TABLE, ["regulation_id", "regulation_revision"]
    )
    op.create_index("ix_kkpham_audit_records_key_id", _TABLE, ["signature_key_id"])


def downgrade() -> None:
    """Drop the table (and every record in it)."""
    op.drop_table(_TABLE)
