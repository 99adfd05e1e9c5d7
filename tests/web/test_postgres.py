"""The web tables on PostgreSQL: migrations beside the ledger's, runs, results, restart, tokens.

Runs when ``PACTLAB_TEST_POSTGRES_URL`` names a server (CI sets it); each test uses its own schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from _support.postgres import postgres_schema_url
from pactlab.web import Settings, create_app
from pactlab.web.auth import create_token

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from postgres_schema_url("web")


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
