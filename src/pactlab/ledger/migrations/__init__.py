"""Alembic migrations of the ledger (shipped as package data, run by pactlab.ledger.db.upgrade)."""

__all__: list[str] = []
