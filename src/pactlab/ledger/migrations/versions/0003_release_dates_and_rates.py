"""Release publication dates and currency conversion: ``import_batches.published_on``, the ECB rate
used for each record (``fx_rate`` units per EUR, ``fx_date``) on pledges and deliveries, and
``currency_sums``: per batch and currency other than EUR, the values converted or not (backfilled
from the records, so that reports list them without scanning every record).

Existing rows keep every value; the new columns start empty (``NULL``): a batch imported before this
revision has no known publication date (an as-of report then cuts its records by date only), and a
record in another currency imported before it stays unconverted (``value_eur`` NULL) and is listed as
"not converted" in reports until its file is imported into a new database.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("import_batches") as batch:
        batch.add_column(sa.Column("published_on", sa.Date))
    for table in ("pledges", "deliveries"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("fx_rate", sa.Float))
            batch.add_column(sa.Column("fx_date", sa.Date))
    op.create_table(
        "currency_sums",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "batch_id",
            sa.Integer,
            sa.ForeignKey("import_batches.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("currency", sa.String(16), nullable=False),
        sa.Column("converted", sa.Boolean, nullable=False),
        sa.Column("records", sa.Integer, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("value_eur", sa.Float),
        sa.Column("lowest_rate", sa.Float),
        sa.Column("highest_rate", sa.Float),
        sa.Column("first_rate_date", sa.Date),
        sa.Column("last_rate_date", sa.Date),
    )
    op.create_index("ix_currency_sums_batch", "currency_sums", ["batch_id"])
    for table in ("pledges", "deliveries"):
        op.execute(
            "INSERT INTO currency_sums (batch_id, currency, converted, records, value, value_eur,"
            " lowest_rate, highest_rate, first_rate_date, last_rate_date)"
            " SELECT batch_id, currency, value_eur IS NOT NULL, COUNT(*), SUM(value), SUM(value_eur),"
            f" MIN(fx_rate), MAX(fx_rate), MIN(fx_date), MAX(fx_date) FROM {table}"
            " WHERE value IS NOT NULL AND currency IS NOT NULL AND currency <> 'EUR'"
            " GROUP BY batch_id, currency, value_eur IS NOT NULL"
        )


def downgrade() -> None:
    op.drop_table("currency_sums")
    # native DROP COLUMN (SQLite >= 3.35, PostgreSQL): a batch "move and copy" of a table that
    # others reference would fail on SQLite's foreign-key check
    for table, column in (
        ("pledges", "fx_date"),
        ("pledges", "fx_rate"),
        ("deliveries", "fx_date"),
        ("deliveries", "fx_rate"),
        ("import_batches", "published_on"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
