"""The web tables: runs, results and artefacts, uploaded scenarios, digests, tokens, sessions.

Revision ID: w0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "w0001"
down_revision = None
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "web_results",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
    )
    op.create_table(
        "web_artifacts",
        sa.Column(
            "result_key",
            sa.String(64),
            sa.ForeignKey("web_results.key", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "web_runs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False, index=True),
        sa.Column("scenario_ref", sa.String(200), nullable=False),
        sa.Column("scenario_digest", sa.String(64), nullable=False),
        sa.Column("parameters", sa.Text, nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("cache_key", sa.String(64), nullable=False, index=True),
        sa.Column("state", sa.String(16), nullable=False, index=True),
        sa.Column("progress", sa.Float, nullable=False),
        sa.Column("message", sa.String(200), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("cached", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False, index=True),
        sa.Column("started_at", _WHEN),
        sa.Column("finished_at", _WHEN),
        sa.Column("result_key", sa.String(64), sa.ForeignKey("web_results.key")),
    )
    op.create_table(
        "web_scenarios",
        sa.Column("ref", sa.String(32), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("scenario_id", sa.String(200), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False, index=True),
    )
    op.create_table(
        "web_digests",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("sentences", sa.Integer, nullable=False),
        sa.Column("article", sa.LargeBinary, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False, index=True),
    )
    op.create_table(
        "web_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("revoked_at", _WHEN),
    )
    op.create_table(
        "web_sessions",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("token_id", sa.Integer, sa.ForeignKey("web_tokens.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("expires_at", _WHEN, nullable=False),
    )


def downgrade() -> None:
    for name in ("web_sessions", "web_tokens", "web_digests", "web_scenarios", "web_runs"):
        op.drop_table(name)
    op.drop_table("web_artifacts")
    op.drop_table("web_results")
