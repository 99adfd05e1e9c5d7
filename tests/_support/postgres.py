"""A throwaway PostgreSQL schema per test, for the ledger's and the web's PostgreSQL halves.

Runs when ``PACTLAB_TEST_POSTGRES_URL`` names a server (CI sets it); otherwise the test skips with that
reason, or fails under ``CI``. The schema is reached through ``search_path`` and dropped afterwards, so
tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ENV = "PACTLAB_TEST_POSTGRES_URL"


def postgres_schema_url(prefix: str) -> Iterator[str]:
    """Yield a URL whose connections use a new schema named ``prefix`` plus a random suffix."""
    base = os.environ.get(PG_ENV)
    if not base:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set in CI")
        pytest.skip(f"{PG_ENV} is not set (no PostgreSQL server to test against)")
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
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
