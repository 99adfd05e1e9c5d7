"""Alembic migrations of the web tables (package data, run by pactlab.web.store.upgrade)."""

__all__: list[str] = []
