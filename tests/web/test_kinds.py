"""Each kind of run executes in-process exactly as a worker would (the job function itself), and its
outputs are the engine's ``to_dict()`` and a CSV with labels."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from pactlab.web.jobs import Job, execute
from pactlab.web.kinds import KINDS
from pactlab.web.runs import cache_key
from pactlab.web.sources import Source
from pactlab.web.store import open_store

CASES = [
    ("negotiate", {"model": "all", "issue": None, "rounds": 4}),
    ("deter", {"option": None, "draws": 300, "profile": None}),
    ("plan", {"horizon": None, "risk_budget": None, "pareto": None, "time_limit": 2.0}),
    ("analyze", {"draws": 300, "rounds": 4, "roadmap": False}),
    ("sensitivity", {"method": "morris", "n": 2, "draws": 300, "inputs": ["sq", "lam"]}),
]


@pytest.mark.parametrize(("kind", "parameters"), CASES)
def test_a_job_runs_its_kind_and_the_server_stores_it(
    tmp_path: Path, kind: str, parameters: dict[str, Any]
) -> None:
    store = open_store(str(tmp_path / "web.sqlite3"))
    try:
        fields = {
            "kind": kind,
            "scenario_ref": "vilnius-2023",
            "scenario_digest": "d" * 64,
            "parameters": json.dumps(parameters),
            "seed": 2,
            "version": "test",
            "cache_key": cache_key(kind, "d" * 64, parameters, 2),
            "created_by": "test",
        }
        run, how = store.submit(fields)
        assert how == "new"
        outcome = execute(Job(run.id, kind, Source("vilnius-2023"), parameters, 2, store.url))
        assert outcome.problem is None, outcome.problem
        assert outcome.payload is not None
        assert store.finish(run.id, outcome.payload, outcome.artifacts)
        stored = store.run(run.id)
        assert stored is not None
        assert stored.state == "done"
        assert store.result(stored.result_key or "") == json.loads(json.dumps(outcome.payload))
        table = list(csv.reader(io.StringIO(outcome.artifacts["result.csv"][1].decode())))
        assert len(table) > 1, "rows under the header"
        assert all(cell for cell in table[0]), "a header of named columns"
        if kind == "analyze":
            assert outcome.artifacts["brief.pdf"][1].startswith(b"%PDF-")
            assert b"<html" in outcome.artifacts["brief.html"][1].lower()
    finally:
        store.close()


def test_a_failing_run_is_a_located_problem(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "web.sqlite3"))
    try:
        parameters = {"option": "no-such-option", "draws": 100, "profile": None}
        fields = {
            "kind": "deter",
            "scenario_ref": "vilnius-2023",
            "scenario_digest": "d" * 64,
            "parameters": json.dumps(parameters),
            "seed": 0,
            "version": "test",
            "cache_key": "k" * 64,
            "created_by": "test",
        }
        run, _how = store.submit(fields)
        outcome = execute(Job(run.id, "deter", Source("vilnius-2023"), parameters, 0, store.url))
        assert outcome.payload is None
        assert outcome.problem is not None
        assert outcome.problem["status"] == 422
        assert "no-such-option" in outcome.problem["detail"]
        again = execute(Job(run.id, "deter", Source("vilnius-2023"), parameters, 0, store.url))
        assert again.skipped, "a run is started once"
    finally:
        store.close()


def test_every_kind_checks_its_parameters_with_the_library() -> None:
    from pactlab.errors import PactlabError
    from pactlab.web.sources import catalog_scenario

    scenario = catalog_scenario("vilnius-2023")
    bad = {
        "negotiate": {"model": "nope", "issue": None, "rounds": 1},
        "deter": {"option": None, "draws": 10, "profile": "nope"},
        "plan": {"horizon": None, "risk_budget": 0.5, "pareto": 3, "time_limit": 1.0},
        "sensitivity": {"method": "sobol", "n": 100, "draws": 10, "inputs": None},
    }
    for kind, parameters in bad.items():
        with pytest.raises(PactlabError):
            KINDS[kind].check(scenario, parameters)
