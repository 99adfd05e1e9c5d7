"""Alembic revisions of the ledger schema, oldest first."""

__all__: list[str] = []
