"""Ledger test fixtures: every test runs once on SQLite and once on PostgreSQL.

PostgreSQL runs when ``PACTLAB_TEST_POSTGRES_URL`` names a server (for example
``postgresql+psycopg://pactlab:pactlab@127.0.0.1:5432/pactlab_test``; the role needs CREATE on the
database); each test gets its own schema (via ``search_path``), dropped afterwards, so tests never
see each other's rows. Without the variable the PostgreSQL cases skip with that reason (CI sets it).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pactlab.ledger import Ledger, open_ledger

PG_ENV = "PACTLAB_TEST_POSTGRES_URL"


def _postgres_url(tmp_name: str) -> Iterator[str]:
    base = os.environ.get(PG_ENV)
    if not base:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set in CI")
        pytest.skip(f"{PG_ENV} is not set (no PostgreSQL server to test against)")
    schema = f"t_{tmp_name}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    else:
        yield from _postgres_url(uuid.uuid4().hex[:6])


@pytest.fixture
def ledger(db_url: str) -> Iterator[Ledger]:
    """An open, migrated, empty ledger on each backend."""
    with open_ledger(db_url) as opened:
        yield opened
