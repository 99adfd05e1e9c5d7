"""Ledger test fixtures: every test runs once on SQLite and once on PostgreSQL.

PostgreSQL runs when ``PACTLAB_TEST_POSTGRES_URL`` names a server (for example
``postgresql+psycopg://pactlab:pactlab@127.0.0.1:5432/pactlab_test``; the role needs CREATE on the
database); each test gets its own schema (via ``search_path``), dropped afterwards, so tests never
see each other's rows. Without the variable the PostgreSQL cases skip with that reason (CI sets it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from _support.postgres import postgres_schema_url
from pactlab.ledger import Ledger, open_ledger


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    else:
        yield from postgres_schema_url("t")


@pytest.fixture
def ledger(db_url: str) -> Iterator[Ledger]:
    """An open, migrated, empty ledger on each backend."""
    with open_ledger(db_url) as opened:
        yield opened
