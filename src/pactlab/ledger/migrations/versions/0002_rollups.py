"""Rollups: per-batch sums by guarantor, instrument, month and stage, so reports stay fast.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rollups",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "batch_id",
            sa.Integer,
            sa.ForeignKey("import_batches.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("guarantor_id", sa.String(64), nullable=False),
        sa.Column("instrument_id", sa.String(64)),
        sa.Column("month", sa.String(7)),
        sa.Column("value_eur", sa.Float, nullable=False),
        sa.Column("quantity", sa.Float, nullable=False),
        sa.Column("records", sa.Integer, nullable=False),
    )
    op.create_index("ix_rollups_batch", "rollups", ["batch_id"])
    _backfill()


def _backfill() -> None:
    """Rollups of batches imported before this revision (from their records)."""
    bind = op.get_bind()
    month = {
        "sqlite": "strftime('%Y-%m', {0})",
        "postgresql": "to_char({0}, 'YYYY-MM')",
    }.get(bind.dialect.name, "NULL")
    for table, kind, date in (
        ("pledges", "stage", "pledged_on"),
        ("deliveries", "'delivered'", "delivered_on"),
    ):
        m = month.format(date)
        groups = ", ".join(
            g for g in ("batch_id", kind, "guarantor_id", "instrument_id", m) if not g.startswith("'")
        )
        op.execute(
            f"INSERT INTO rollups (batch_id, kind, guarantor_id, instrument_id, month, value_eur,"
            f" quantity, records) SELECT batch_id, {kind}, guarantor_id, instrument_id, {m},"
            f" COALESCE(SUM(value_eur), 0), COALESCE(SUM(quantity), 0), COUNT(*) FROM {table}"
            f" GROUP BY {groups}"
        )


def downgrade() -> None:
    op.drop_table("rollups")
