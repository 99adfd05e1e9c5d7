"""Alembic revisions of the web tables, oldest first."""

__all__: list[str] = []
