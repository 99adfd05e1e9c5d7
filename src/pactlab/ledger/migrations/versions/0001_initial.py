"""The first ledger tables: guarantors, instruments, batches, pledges, deliveries, benchmarks.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The instrument taxonomy as of this revision (pactlab.scenario.taxonomy.InstrumentKind); a later
# kind is added by a later revision, so that this one stays a fixed snapshot.
_INSTRUMENTS = [
    ("arms_deliveries", "Arms deliveries"),
    ("long_range_strike", "Long-range strike systems"),
    ("air_defence", "Air defence"),
    ("ammunition", "Ammunition"),
    ("intelligence_sharing", "Intelligence sharing"),
    ("joint_exercises", "Joint exercises"),
    ("joint_procurement", "Joint procurement"),
    ("council_guest", "Council participation as a guest"),
    ("bilateral_security_agreement", "Bilateral security agreement"),
    ("collective_defence_clause", "Collective-defence clause"),
    ("post_hostilities_guarantee", "Post-hostilities guarantee"),
    ("monitoring_mission", "Monitoring or verification mission"),
    ("sanctions", "Sanctions"),
    ("financial_aid", "Financial aid"),
]


def _record_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "batch_id",
            sa.Integer,
            sa.ForeignKey("import_batches.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("row_number", sa.Integer),
        sa.Column("guarantor_id", sa.String(64), sa.ForeignKey("guarantors.id"), nullable=False),
        sa.Column("instrument_id", sa.String(64), sa.ForeignKey("instruments.id")),
        sa.Column("recipient", sa.String(64), nullable=False),
        sa.Column("aid_type", sa.String(64)),
        sa.Column("item", sa.String(300)),
        sa.Column("value", sa.Float),
        sa.Column("currency", sa.String(16)),
        sa.Column("value_eur", sa.Float),
        sa.Column("quantity", sa.Float),
        sa.Column("unit", sa.String(64)),
        sa.Column("date_precision", sa.String(8), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("source_url", sa.Text),
        sa.Column("external_ref", sa.String(200)),
        sa.Column("is_correction", sa.Boolean, nullable=False),
    ]


def upgrade() -> None:
    guarantors = op.create_table(
        "guarantors",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
    )
    del guarantors
    instruments = op.create_table(
        "instruments",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
    )
    op.bulk_insert(instruments, [{"id": i, "title": t} for i, t in _INSTRUMENTS])
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("stream", sa.String(200), nullable=False),
        sa.Column("release", sa.String(200)),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("row_count", sa.Integer, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_by", sa.Integer, sa.ForeignKey("import_batches.id")),
        sa.UniqueConstraint("source", "digest", name="uq_batch_source_digest"),
    )
    op.create_table(
        "pledges",
        *_record_columns(),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("pledged_on", sa.Date),
        sa.Column("due_on", sa.Date),
    )
    op.create_table(
        "deliveries",
        *_record_columns(),
        sa.Column("pledge_id", sa.Integer, sa.ForeignKey("pledges.id")),
        sa.Column("delivered_on", sa.Date),
    )
    op.create_table(
        "benchmarks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "batch_id",
            sa.Integer,
            sa.ForeignKey("import_batches.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("guarantor_id", sa.String(64), sa.ForeignKey("guarantors.id")),
        sa.Column("instrument_id", sa.String(64), sa.ForeignKey("instruments.id")),
        sa.Column("criterion", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("checked_on", sa.Date),
    )
    for table in ("pledges", "deliveries"):
        op.create_index(f"ix_{table}_batch", table, ["batch_id"])
        op.create_index(f"ix_{table}_guarantor", table, ["guarantor_id"])


def downgrade() -> None:
    for table in (
        "benchmarks",
        "deliveries",
        "pledges",
        "import_batches",
        "instruments",
        "guarantors",
    ):
        op.drop_table(table)
