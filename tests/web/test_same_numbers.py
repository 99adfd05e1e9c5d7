"""The web runs the command line's library calls: the same scenario and seed give the same numbers
through the API (a job in a worker process) as through ``pactlab ... --json``."""

from __future__ import annotations

import json
from typing import Any

from tests.web.conftest import pactlab, wait_done


def _api(client: Any, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    submitted = client.post(
        f"/api/v1/runs/{kind}", json=body, headers={"Authorization": f"Bearer {client.token}"}
    )
    assert submitted.status_code == 202, submitted.text
    run = wait_done(client, submitted.json()["id"])
    assert run["state"] == "done", run["error"]
    result: dict[str, Any] = client.get(f"/api/v1/runs/{run['id']}/result").json()
    return result


def test_api_and_cli_give_the_same_numbers(worker_client: Any) -> None:
    deter_api = _api(worker_client, "deter", {"scenario": "vilnius-2023", "draws": 3000, "seed": 7})
    cli = pactlab("deter", "vilnius-2023", "--draws", "3000", "--seed", "7", "--json")
    assert cli.returncode == 0, cli.stderr
    assert deter_api == json.loads(cli.stdout)

    negotiate_api = _api(worker_client, "negotiate", {"scenario": "vilnius-2023", "seed": 3, "rounds": 6})
    cli = pactlab("negotiate", "vilnius-2023", "--seed", "3", "--rounds", "6", "--json")
    assert cli.returncode == 0, cli.stderr
    assert negotiate_api == json.loads(cli.stdout)

    # asking again returns the stored result, not a new run
    again = worker_client.post(
        "/api/v1/runs/deter",
        json={"scenario": "vilnius-2023", "draws": 3000, "seed": 7},
        headers={"Authorization": f"Bearer {worker_client.token}"},
    )
    assert again.status_code == 200
    assert again.json()["cached"] is True
    assert worker_client.get(again.json()["links"]["result"]).json() == deter_api


def test_csv_has_labels(worker_client: Any) -> None:
    _api(worker_client, "deter", {"scenario": "vilnius-2023", "draws": 500, "seed": 1})
    runs = worker_client.get("/api/v1/runs?kind=deter&state=done").json()["items"]
    text = worker_client.get(runs[0]["links"]["csv"]).text
    header, *rows = text.splitlines()
    assert header.split(",")[0] == "option"
    assert {r.split(",")[0] for r in rows} >= {"no-guarantee", "defense-escalation"}
