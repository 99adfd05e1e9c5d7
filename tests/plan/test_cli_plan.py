"""``pactlab plan``: the JSON contracts of issue 7 and the human-readable output."""

from __future__ import annotations

import json
from pathlib import Path

from _support.cli import run_cli


def test_psplib_json_contract(shared_data: Path) -> None:
    """j301_1: PSPLIB j30opt.sm gives the optimum 43 (Demeulemeester & Herroelen 1995)."""
    path = shared_data / "scheduling/psplib/sm/j30/j301_1.sm"
    result = run_cli("plan", "--psplib", str(path), "--json", "--time-limit", "20")
    assert result.code == 0
    payload = json.loads(result.stdout)
    assert {"instance", "makespan", "status", "time_s"} <= set(payload)
    assert (payload["instance"], payload["makespan"], payload["status"]) == ("j301_1", 43, "optimal")


def test_psplib_multimode_human(shared_data: Path) -> None:
    """j1010_1.mm: CP Optimizer 22.1's proven optimum 17 (results/mmrcpsp-PSPLIB-CPO-4W.csv)."""
    path = shared_data / "scheduling/psplib/mm-j10/j1010_1.mm"
    result = run_cli("plan", "--psplib", str(path))
    assert result.code == 0
    assert result.stdout.startswith("j1010_1: makespan 17 (optimal")


def test_scenario_json_contract_with_pareto() -> None:
    result = run_cli("plan", "vilnius-2023", "--pareto", "3", "--json")
    assert result.code == 0
    payload = json.loads(result.stdout)
    assert {"scenario", "status", "objective", "steps", "binding", "pareto"} <= set(payload)
    assert payload["scenario"] == "vilnius-2023"
    assert payload["status"] in {"optimal", "feasible"}
    assert all(set(step) == {"id", "start", "end"} for step in payload["steps"])
    assert all(step["end"] > step["start"] for step in payload["steps"])
    assert len(payload["pareto"]) == 3
    for point in payload["pareto"]:
        assert {"risk_budget", "deterrence", "steps"} <= set(point)
    values = [p["deterrence"] for p in payload["pareto"]]
    assert values == sorted(values, reverse=True)
    assert all(isinstance(b["constraint"], str) for b in payload["binding"])


def test_scenario_human_output_and_gantt(tmp_path: Path) -> None:
    out = tmp_path / "gantt.png"
    result = run_cli("plan", "vilnius-2023", "--risk-budget", "2", "--horizon", "10", "--gantt", str(out))
    assert result.code == 0
    assert result.stdout.startswith("vilnius-2023: cumulative deterrence")
    assert "peak risk" in result.stdout
    assert out.stat().st_size > 1000
