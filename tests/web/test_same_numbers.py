"""The web runs the command line's library calls: the same scenario and seed give the same numbers
through the API (a job in a worker process) as through ``pactlab ... --json``."""

from __future__ import annotations

import json
from pathlib import Path
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


def test_sensitivity_through_api_and_cli(worker_client: Any) -> None:
    body = {"scenario": "vilnius-2023", "seed": 5, "method": "morris", "n": 2, "draws": 300}
    api = _api(worker_client, "sensitivity", {**body, "inputs": ["sq", "lam"]})
    args = ["--method", "morris", "--n", "2", "--draws", "300", "--seed", "5"]
    args += ["--input", "sq", "--input", "lam"]
    cli = pactlab("sensitivity", "vilnius-2023", *args, "--json")  # the CLI's default engine: processes
    assert cli.returncode == 0, cli.stderr
    assert api == json.loads(cli.stdout)


def _untimed(results: dict[str, Any]) -> dict[str, Any]:
    """results.json without the moment it was made (the only field that differs between two runs)."""
    provenance = dict(results["provenance"])
    assert provenance.pop("timestamp")
    assert provenance.pop("generated_at")
    return {**results, "provenance": provenance}


def test_analyze_through_api_and_cli(worker_client: Any, tmp_path: Path) -> None:
    api = _api(worker_client, "analyze", {"scenario": "vilnius-2023", "seed": 4, "draws": 500})
    db = worker_client.app.state.store.url  # the same (empty) ledger the server's jobs read
    out = tmp_path / "brief"
    cli = pactlab("analyze", "vilnius-2023", "-o", str(out), "--draws", "500", "--seed", "4", "--db", db)
    assert cli.returncode == 0, cli.stderr
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["deterrence"]["options"], "numbers to compare"
    assert _untimed(api) == _untimed(results)
