"""The web tables on PostgreSQL: migrations beside the ledger's, runs, results, restart, tokens.

Runs when ``PACTLAB_TEST_POSTGRES_URL`` names a server (CI sets it); each test uses its own schema.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pactlab.web import Settings, create_app
from pactlab.web.auth import create_token

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url() -> Iterator[str]:
    base = os.environ.get("PACTLAB_TEST_POSTGRES_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("PACTLAB_TEST_POSTGRES_URL is not set in CI")
        pytest.skip("PACTLAB_TEST_POSTGRES_URL is not set (no PostgreSQL server to test against)")
    schema = f"web_{uuid.uuid4().hex[:10]}"
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


def test_runs_results_and_restart_on_postgres(pg_url: str) -> None:
    from fastapi.testclient import TestClient

    app = create_app(Settings(db_url=pg_url, start_workers=False))
    with TestClient(app) as client:
        token = create_token(app.state.store, "pg")
        auth = {"Authorization": f"Bearer {token}"}
        first: Any = client.post(
            "/api/v1/runs/deter", json={"scenario": "vilnius-2023", "draws": 100}, headers=auth
        )
        assert first.status_code == 202
        second: Any = client.post(
            "/api/v1/runs/deter", json={"scenario": "vilnius-2023", "draws": 101}, headers=auth
        )
        store = app.state.store
        assert store.started(first.json()["id"])
        assert store.finish(first.json()["id"], {"p": 0.5}, {"result.csv": ("text/csv", b"p\n0.5\n")})
        assert client.get(f"/api/v1/runs/{first.json()['id']}/result.csv").text == "p\n0.5\n"
        again = client.post(
            "/api/v1/runs/deter", json={"scenario": "vilnius-2023", "draws": 100}, headers=auth
        )
        assert again.status_code == 200
        assert again.json()["id"] == first.json()["id"]
    restarted = create_app(Settings(db_url=pg_url, start_workers=False))
    with TestClient(restarted) as client:
        assert client.get(f"/api/v1/runs/{second.json()['id']}").json()["state"] == "failed"
        assert client.get(f"/api/v1/runs/{first.json()['id']}/result").json() == {"p": 0.5}
        wrong = client.post(
            "/api/v1/runs/deter",
            json={"scenario": "vilnius-2023"},
            headers={"Authorization": "Bearer plt_" + "C" * 43},
        )
        assert wrong.status_code == 401
