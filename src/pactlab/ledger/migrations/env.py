"""Alembic environment of the ledger: run programmatically by :func:`pactlab.ledger.db.upgrade`.

The caller passes an open connection in ``config.attributes["connection"]``. The migration runs in
one transaction; on PostgreSQL it first takes an advisory lock and on SQLite the transaction is
``BEGIN IMMEDIATE`` (set by the engine's ``begin`` hook), so that two processes opening a new
database at the same moment migrate it once.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from pactlab.ledger.tables import Base

_LOCK_KEY = 7_202_605  # an arbitrary constant naming pactlab's migration lock on PostgreSQL

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    context.run_migrations()
