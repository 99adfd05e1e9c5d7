"""``pactlab negotiate``: the JSON contract of issue 3, the table, and located errors with exit 2."""

from __future__ import annotations

import json
import re

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
        # issue 16: the provenance travels with every result (the CLI used to pop it)
        assert r["provenance"]["model"] == r["model"]
        assert r["provenance"]["scenario_digest"] == data["provenance"]["scenario_digest"]
        if r["model"] in ("eum", "exchange"):
            assert len(r["trajectory"]) == 4
        if r["model"] == "eum":
            assert len(r["trajectory_mean"]) == 4
            assert r["forecast"] == r["trajectory"][-1]
        if r["model"] == "exchange":
            assert r["seed"] == 7
    assert isinstance(data["consensus"], list)
    assert data["consensus"]
    kinds = {c["kind"] for c in data["consensus"]}
    assert kinds == {"issue", "option"}
    assert data["provenance"]["model"] == "negotiate"
    assert data["provenance"]["seed"] == 7
    assert {c["issue"] for c in data["coalitions"]} == {
        "long-range-strike",
        "escalation-trigger",
        "post-hostilities",
        "bilateral-web",
    }
    assert {w["issue"] for w in data["weights"]} == {i["id"] for i in _issues("vilnius-2023")}


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
    # models.md 1.5: round-1 exchange forecast of tol-hoogte, in the issue's units (scale 0.5-7)
    assert result["forecast"] == pytest.approx(3.659, abs=1e-3)
    assert result["trajectory"][0] == pytest.approx(2.2710, abs=1e-4)  # round 0 = compromise (1.1)


def _issues(name):
    from pactlab.scenario import load_scenario

    return [{"id": i.id} for i in load_scenario(name).issues]


def test_text_output_reads_as_words_and_rounded_numbers():
    """issue 17: no Python True/False/None, no float noise (55.00000000000001), no 'agreement: yes' next to
    'acceptable: no' without a word of explanation; the weight warning where one actor holds over half."""
    run = run_cli("negotiate", "vilnius-2023", "--rounds", "3")
    assert run.code == 0, run.stderr
    text = run.stdout
    for word in ("True", "False", "None", "nan"):
        assert not re.search(rf"\b{word}\b", text), word
    assert not re.search(r"\d\.\d{5,}", text)  # at most 4 significant digits
    assert "status quo holds" in text
    assert "change agreed" in text
    # a forecast on the win-set's edge says why it is agreed though not strictly acceptable (the table
    # wraps the words across lines, so they are looked for one by one)
    assert "edge" in text
    assert "indifferent" in text
    assert "warning: usa holds 78% of the weight on membership-path" in " ".join(text.split())
    assert "Decided by a coalition of the willing" in text


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
        (
            ("negotiate", "vilnius-2023", "--model", "eun"),
            "(known: compromise, median, nbs, eum, exchange, unanimity, all; did you mean 'eum'?)",
        ),
        (("negotiate", "vilnius-2023", "--issue", "membership"), "did you mean 'membership-path'?"),
        (("negotiate", "no-such-scenario"), "no-such-scenario: not a catalog id"),
    ],
)
def test_errors_exit_2_without_traceback(args, message):
    run = run_cli(*args)
    assert run.code == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""
