"""``pactlab negotiate``: the JSON contract of issue 3, the table, and located errors with exit 2."""

from __future__ import annotations

import json

import pytest
from tests._support.cli import run_cli

from pactlab.negotiate import MODELS


def test_json_contract_all_models():
    run = run_cli("negotiate", "vilnius-2023", "--rounds", "3", "--seed", "7", "--json")
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["scenario"] == "vilnius-2023"
    assert {r["model"] for r in data["results"]} == set(MODELS)
    for r in data["results"]:
        assert {"model", "issue", "forecast", "trajectory", "parameters", "seed"} <= set(r)
        if r["model"] in ("eum", "exchange"):
            assert len(r["trajectory"]) == 4
        if r["model"] == "eum":
            assert len(r["trajectory_mean"]) == 4
            assert r["forecast"] == r["trajectory"][-1]
        if r["model"] == "exchange":  # ties in the canonical order by default: no seed is used
            assert r["parameters"]["ties"] == "order"
            assert r["seed"] is None
    assert isinstance(data["consensus"], list)
    assert data["consensus"]
    kinds = {c["kind"] for c in data["consensus"]}
    assert kinds == {"issue", "option"}


def test_json_units_and_same_seed(shared_data):
    path = str(shared_data / "negotiation/decide/sample_data.txt")
    one = run_cli(
        "negotiate", path, "--model", "exchange", "--issue", "tol-hoogte", "--rounds", "1", "--json"
    )
    two = run_cli(
        "negotiate", path, "--model", "exchange", "--issue", "tol-hoogte", "--rounds", "1", "--json"
    )
    assert one.code == 0
    assert one.stdout == two.stdout
    (result,) = json.loads(one.stdout)["results"]
    # models.md 1.5: round-1 exchange forecast of tol-hoogte, in the units (scale 0.5-7)
    assert result["forecast"] == pytest.approx(3.659, abs=1e-3)
    assert result["trajectory"][0] == pytest.approx(2.2710, abs=1e-4)  # round 0 = compromise (1.1)


def test_table_output():
    run = run_cli("negotiate", "bdm1994-emissions", "--model", "median")
    assert run.code == 0
    assert "emission-standards" in run.stdout
    assert "7" in run.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("negotiate", "vilnius-2023", "--model", "nope"), "vilnius-2023:--model: unknown model 'nope'"),
        (("negotiate", "vilnius-2023", "--issue", "nope"), "vilnius-2023:--issue: unknown issue 'nope'"),
        (("negotiate", "no-such-scenario"), "no-such-scenario: not a catalog id"),
    ],
)
def test_errors_exit_2_without_traceback(args, message):
    run = run_cli(*args)
    assert run.code == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""
