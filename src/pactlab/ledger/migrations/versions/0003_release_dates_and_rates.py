"""Release publication dates and currency conversion: ``import_batches.published_on``, and the ECB
rate used for each record (``fx_rate`` units per EUR, ``fx_date``) on pledges and deliveries.

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


def downgrade() -> None:
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
