"""Alembic environment of the web tables: run programmatically by :func:`pactlab.web.store.upgrade`.

The web tables keep their own history in their own version table (``alembic_version_web``), beside the
ledger's, in the same database. The caller passes an open connection in
``config.attributes["connection"]``; the migration runs in one transaction, under an advisory lock on
PostgreSQL and ``BEGIN IMMEDIATE`` on SQLite (the ledger engine's ``begin`` hook), so that two servers
starting on a new database migrate it once.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from pactlab.web.tables import Base

VERSION_TABLE = "alembic_version_web"
_LOCK_KEY = 7_202_614  # an arbitrary constant naming the web's migration lock on PostgreSQL

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    version_table=VERSION_TABLE,
    include_name=lambda name, kind, _parent: kind != "table" or str(name).startswith("web_"),
)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    context.run_migrations()
