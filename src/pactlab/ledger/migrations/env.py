"""Alembic environment of the ledger: run programmatically by :func:`pactlab.ledger.db.upgrade`.

The caller passes an open connection in ``config.attributes["connection"]``. Every revision runs in
ONE transaction that takes the write lock before Alembic reads the current revision: ``BEGIN
IMMEDIATE`` on SQLite (set by the engine's ``begin`` hook) and a transaction-scoped advisory lock on
PostgreSQL. Two processes opening a new database at the same moment therefore migrate it once: the
second waits for the first, then finds the schema at the newest revision and does nothing. (Alembic's
default on SQLite, one transaction per revision with the revision read outside them, let a second
process plan revision 0002 while the first was applying it: "table rollups already exists".)
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from pactlab.ledger.tables import Base

_LOCK_KEY = 7_202_605  # an arbitrary constant naming pactlab's migration lock on PostgreSQL

connection = context.config.attributes["connection"]
with connection.begin():  # the lock first, then the revision is read inside the same transaction
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
