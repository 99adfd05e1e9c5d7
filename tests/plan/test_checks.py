"""pactlab.plan.checks: what ``plan`` needs of a roadmap section, found at validation, located by line.

Each case breaks the small roadmap of ``_roadmap_data.with_roadmap`` (horizon 6, risk budget 0.5, money
capacity [2, 2, 1], consensus window periods 1-2; steps arms 2, guest 1 optional needing consensus,
m1 1, m2 2 after m1) in one way and expects one problem, from ``scenarios validate`` and from ``plan``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from _support.cli import run_cli
from pactlab.errors import ParameterError
from pactlab.plan import PlanError, check_scenario, roadmap_problem
from pactlab.plan.checks import roadmap_problems
from pactlab.scenario.io import scenario_from_data
from plan._roadmap_data import with_roadmap


def _steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = data["roadmap"]["steps"]
    return steps


def _longer(data: dict[str, Any]) -> None:
    _steps(data)[3]["duration"] = 7


def _chain(data: dict[str, Any]) -> None:
    """m1 (1) -> m2 (5) takes 6 periods; then arms after m2 (2 more): 8 > 6."""
    _steps(data)[3]["duration"] = 5
    _steps(data)[0]["prerequisites"] = ["m2"]


def _use(data: dict[str, Any]) -> None:
    _steps(data)[0]["uses"] = [{"resource": "money", "amount": 2.5}]


def _risk(data: dict[str, Any]) -> None:
    _steps(data)[0]["escalation_risk"] = 0.7


def _no_window(data: dict[str, Any]) -> None:
    """guest made required; its only window (1-2) moved to start at 6, after the last start (5)."""
    _steps(data)[1]["optional"] = False
    data["roadmap"]["consensus_windows"] = [{"start": 6, "end": 7, "rationale": "test"}]


def _orphan_dependency(data: dict[str, Any]) -> None:
    """m2 depends on m1 (milestones section) but m1's step is removed: plan would drop the dependency."""
    del _steps(data)[2]


def _twin(data: dict[str, Any]) -> None:
    _steps(data).append({"id": "arms-again", "instrument": "arms", "duration": 1, "rationale": "test"})


CASES: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "longer-than-horizon": (
        _longer,
        "roadmap.steps[3].duration",
        "step 'm2' takes 7 periods, longer than the horizon of 6",
    ),
    "chain-too-long": (
        _chain,
        "roadmap.steps[0]",
        "required step 'arms' cannot end within the horizon of 6: its chain m1 -> m2 -> arms takes 8 periods",
    ),
    "use-above-capacity": (
        _use,
        "roadmap.steps[0].uses[0].amount",
        "step 'arms' needs 2.5 of 'money' per period but its capacity is at most 2",
    ),
    "risk-above-budget": (
        _risk,
        "roadmap.steps[0].escalation_risk",
        "the risk budget 0.5 per period is too small: step 'arms' alone adds 0.7 per period, and the step "
        "is required",
    ),
    "consensus-without-window": (
        _no_window,
        "roadmap.steps[1].needs_consensus",
        "required step 'guest' needs consensus, but no consensus window lets it start and finish its 1 "
        "period within the horizon of 6",
    ),
    "dependency-without-step": (
        _orphan_dependency,
        "roadmap.steps[2].milestone",
        "milestone 'm2' depends on 'm1', which has no roadmap step: the plan could not respect the "
        "dependency (add a step for 'm1')",
    ),
    "two-steps-one-instrument": (
        _twin,
        "roadmap.steps[4].instrument",
        "instrument 'arms' already has a step (roadmap.steps[0]): its deterrence would count twice",
    ),
}


def test_the_unbroken_roadmap_passes() -> None:
    assert check_scenario(scenario_from_data(with_roadmap(), "t.yaml")) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_problem_is_found_and_located(tmp_path: Path, case: str) -> None:
    mutate, path, message = CASES[case]
    data = with_roadmap()
    mutate(data)
    assert check_scenario(scenario_from_data(data, "t.yaml")) == [(path, message)]
    file = tmp_path / "s.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False))
    result = run_cli("scenarios", "validate", str(file))
    assert result.code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{file}:")
    assert line.endswith(f":{path}: {message}")
    planned = run_cli("plan", str(file), "--json")
    assert planned.code == 2
    assert planned.stdout == ""
    assert planned.stderr == result.stderr


def test_line_is_the_field_line(tmp_path: Path) -> None:
    data = with_roadmap()
    _use(data)
    file = tmp_path / "s.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False))
    line = next(no for no, text in enumerate(file.read_text().splitlines(), 1) if "amount: 2.5" in text)
    result = run_cli("scenarios", "validate", str(file))
    assert result.stderr.startswith(f"{file}:{line}:roadmap.steps[0].uses[0].amount: ")


def test_overrides_are_checked_with_their_values() -> None:
    """A shorter --horizon or a smaller --risk-budget meets the problems of those values."""
    scenario = scenario_from_data(with_roadmap(), "t.yaml")
    found = roadmap_problems(scenario, horizon=1, risk_budget=0.2)
    assert ("roadmap.steps[0].duration", "step 'arms' takes 2 periods, longer than the horizon of 1") in found
    assert any(path == "roadmap.steps[0].escalation_risk" for path, _ in found)
    with pytest.raises(PlanError) as error:
        roadmap_problem(scenario, horizon=1)
    assert "t.yaml:roadmap.steps[0].duration: step 'arms' takes 2 periods" in str(error.value)


def test_windows_from_the_negotiation_engine_replace_the_checks_of_the_section() -> None:
    data = with_roadmap()
    _no_window(data)
    scenario = scenario_from_data(data, "t.yaml")
    problem = roadmap_problem(scenario, consensus_periods=[0, 1, 2])
    assert problem.consensus_periods == frozenset({0, 1, 2})


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"horizon": 0}, "horizon"),
        ({"horizon": 2.5}, "horizon"),
        ({"risk_budget": float("inf")}, "risk_budget"),
        ({"risk_budget": float("nan")}, "risk_budget"),
        ({"risk_budget": -0.1}, "risk_budget"),
    ],
)
def test_library_errors_name_parameters_not_flags(kwargs: dict[str, Any], parameter: str) -> None:
    scenario = scenario_from_data(with_roadmap(), "t.yaml")
    with pytest.raises(ParameterError) as error:
        roadmap_problem(scenario, **kwargs)
    assert error.value.parameter == parameter
    assert "--" not in str(error.value)


def test_solver_parameters_are_named() -> None:
    from pactlab.plan import pareto_front, solve_roadmap

    problem = roadmap_problem(scenario_from_data(with_roadmap(), "t.yaml"))
    for call, parameter in (
        (lambda: solve_roadmap(problem, time_limit=0), "time_limit"),
        (lambda: solve_roadmap(problem, time_limit=float("inf")), "time_limit"),
        (lambda: solve_roadmap(problem, risk_budget=float("inf")), "risk_budget"),
        (lambda: pareto_front(problem, 1), "points"),
    ):
        with pytest.raises(ParameterError) as error:
            call()
        assert error.value.parameter == parameter
