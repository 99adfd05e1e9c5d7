"""Runs on a Dask cluster (``pactlab serve --scheduler ADDRESS``) give the numbers the local pool gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import wait_done

from pactlab.web import Settings, create_app
from pactlab.web.auth import create_token


@pytest.fixture
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, scheduler_port=0
    ) as cluster:
        yield str(cluster.scheduler_address)


def _deter(client: Any, token: str) -> dict[str, Any]:
    answer = client.post(
        "/api/v1/runs/deter",
        json={"scenario": "vilnius-2023", "draws": 800, "seed": 11},
        headers={"Authorization": f"Bearer {token}"},
    )
    run = wait_done(client, answer.json()["id"])
    assert run["state"] == "done", run["error"]
    result: dict[str, Any] = client.get(f"/api/v1/runs/{run['id']}/result").json()
    return result


def test_dask_and_local_pool_give_the_same_numbers(tmp_path: Path, scheduler: str) -> None:
    from fastapi.testclient import TestClient

    results = []
    for name, settings in (
        ("local", Settings(db_url=str(tmp_path / "local.sqlite3"), workers=1)),
        ("dask", Settings(db_url=str(tmp_path / "dask.sqlite3"), scheduler=scheduler)),
    ):
        app = create_app(settings)
        with TestClient(app) as client:
            results.append(_deter(client, create_token(app.state.store, name)))
    assert results[0] == results[1]
