"""Infeasible or broken input: a clear error located at file:line or file:field, exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from _support.cli import run_cli
from pactlab.plan import PlanError, parse_psplib, read_psplib, roadmap_problem, solve_roadmap
from pactlab.plan.psplib import _EXAMPLE
from pactlab.scenario.io import scenario_from_data
from plan._roadmap_data import with_roadmap


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_example_parses() -> None:
    project = parse_psplib(_EXAMPLE)
    assert project.successors == ((1, 2), (3,), (3,), ())


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "   4        1          0\n",
            "   4        1          1           1\n",
            "precedence cycle: jobs 1 -> ",
        ),
        (
            "  2      1     3       2\n",
            "  2      1     x       2\n",
            ":REQUESTS/DURATIONS: expected integers",
        ),
        (
            "   2        1          1           4\n",
            "   2        1          2           4\n",
            ":PRECEDENCE RELATIONS: expected: job, #modes",
        ),
        (
            "   2        1          1           4\n",
            "   2        1          1           9\n",
            "successor 9 is out of range 1..4",
        ),
        ("    2\n*****", "    2  3\n*****", ":RESOURCEAVAILABILITIES: expected one row of 1 capacities"),
        ("horizon                       :  5\n", "", "missing the 'horizon' line"),
        ("  3      1     2       1\n", "", "job 3 declares 1 modes but lists 0"),
    ],
)
def test_malformed_sm_file(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in _EXAMPLE
    path = _write(tmp_path, "bad.sm", _EXAMPLE.replace(old, new))
    with pytest.raises(PlanError, match=r"bad\.sm") as error:
        read_psplib(path)
    assert expected in str(error.value)
    result = run_cli("plan", "--psplib", str(path), "--json")
    assert result.code == 2
    assert result.stdout == ""
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_sm_line_number(tmp_path: Path) -> None:
    """The line of the bad token is named: line 16 of the example holds job 2's request row."""
    path = _write(
        tmp_path, "bad.sm", _EXAMPLE.replace("  2      1     3       2\n", "  2      1     x       2\n")
    )
    assert _EXAMPLE.splitlines()[15].startswith("  2      1     3")
    with pytest.raises(PlanError) as error:
        read_psplib(path)
    assert str(error.value).startswith(f"{path}:16:REQUESTS/DURATIONS:")


def test_missing_psplib_file() -> None:
    result = run_cli("plan", "--psplib", "/no/such/file.sm")
    assert result.code == 2
    assert result.stderr == "/no/such/file.sm: no such PSPLIB file\n"


def _line_of(path: Path, fragment: str, after: str = "") -> int:
    """The 1-based line of the first ``fragment`` at or after the first line holding ``after``."""
    lines = path.read_text().splitlines()
    start = next(no for no, text in enumerate(lines) if after in text)
    return next(no for no, text in enumerate(lines[start:], start + 1) if fragment in text)


def _yaml(tmp_path: Path, data: dict) -> Path:  # type: ignore[type-arg]
    return _write(tmp_path, "s.yaml", yaml.safe_dump(data, sort_keys=False))


def test_precedence_cycle_in_roadmap(tmp_path: Path) -> None:
    data = with_roadmap()
    steps = data["roadmap"]["steps"]
    steps[0]["prerequisites"] = ["m2"]
    steps[3]["prerequisites"] = ["arms"]
    result = run_cli("plan", str(_yaml(tmp_path, data)))
    assert result.code == 2
    assert "roadmap.steps[" in result.stderr
    assert "precedence cycle: " in result.stderr
    assert "arms" in result.stderr
    assert "m2" in result.stderr


def test_problem_built_in_code_is_validated_too() -> None:
    """A RoadmapProblem built without a scenario gets the same located errors (cycle, long step)."""
    from pactlab.plan import RoadmapProblem

    problem = RoadmapProblem(
        step_ids=("a", "b"),
        durations=(2, 9),
        prerequisites=((1,), (0,)),
        deterrence=(1.0, 1.0),
        risk=(0.0, 0.0),
        optional=(False, False),
        needs_consensus=(False, False),
        resource_ids=(),
        uses=((), ()),
        capacity=(),
        consensus_periods=frozenset(),
        horizon=6,
        risk_budget=1.0,
        name="p",
    )
    with pytest.raises(PlanError) as error:
        solve_roadmap(problem)
    lines = error.value.lines()
    assert any(line.startswith("p:roadmap.steps[") and "precedence cycle: " in line for line in lines)
    assert "p:roadmap.steps[1].duration: step 'b' takes 9 periods, longer than the horizon of 6" in lines


def test_step_longer_than_horizon(tmp_path: Path) -> None:
    """Located at the file, the line of the duration and its field path (before: without the line)."""
    data = with_roadmap()
    data["roadmap"]["steps"][3]["duration"] = 7
    path = _yaml(tmp_path, data)
    line = _line_of(path, "duration: 7")
    result = run_cli("plan", str(path))
    assert result.code == 2
    assert (
        f"s.yaml:{line}:roadmap.steps[3].duration: step 'm2' takes 7 periods, longer than the horizon of 6"
        in result.stderr
    )
    result = run_cli("plan", "vilnius-2023", "--horizon", "3", "--json")
    assert result.code == 2
    assert result.stdout == ""
    from pactlab.scenario import catalog

    line = _line_of(catalog.path("vilnius-2023"), "duration: 4", after="instrument: ammunition")
    assert (
        f"catalog:vilnius-2023:{line}:roadmap.steps[0].duration: step 'ammunition' takes 4 periods"
        in result.stderr
    )


def test_capacity_below_one_steps_need(tmp_path: Path) -> None:
    data = with_roadmap()
    data["roadmap"]["steps"][0]["uses"] = [{"resource": "money", "amount": 5}]
    result = run_cli("plan", str(_yaml(tmp_path, data)))
    assert result.code == 2
    line = _line_of(tmp_path / "s.yaml", "amount: 5")
    assert (
        f"s.yaml:{line}:roadmap.steps[0].uses[0].amount: step 'arms' needs 5 of 'money' per period but its "
        "capacity is at most 2" in result.stderr
    )


def test_unknown_resource_is_located_with_its_line(tmp_path: Path) -> None:
    data = with_roadmap()
    data["roadmap"]["steps"][1]["uses"] = [{"resource": "oil", "amount": 1}]
    path = _yaml(tmp_path, data)
    line = next(no for no, text in enumerate(path.read_text().splitlines(), 1) if "resource: oil" in text)
    result = run_cli("plan", str(path))
    assert result.code == 2
    assert f"s.yaml:{line}:roadmap.steps[1].uses[0].resource: unknown resource 'oil'" in result.stderr


def test_unknown_instrument_reference(tmp_path: Path) -> None:
    data = with_roadmap()
    data["roadmap"]["steps"][0]["instrument"] = "nukes"
    result = run_cli("scenarios", "validate", str(_yaml(tmp_path, data)))
    assert result.code == 2
    assert "roadmap.steps[0].instrument: unknown instrument 'nukes'" in result.stderr


def test_numbers_need_a_source_or_rationale(tmp_path: Path) -> None:
    data = with_roadmap()
    del data["roadmap"]["resources"][0]["rationale"]
    result = run_cli("scenarios", "validate", str(_yaml(tmp_path, data)))
    assert result.code == 2
    assert "roadmap.resources[0]" in result.stderr
    assert "needs a source or a rationale" in result.stderr


def test_required_step_that_never_fits_names_the_conflict() -> None:
    """Required 'arms' (risk 0.3) under a budget of 0.2: the message names the step and the budget."""
    scenario = scenario_from_data(with_roadmap(), "t.yaml")
    with pytest.raises(
        PlanError, match=r"risk budget 0.2 per period is too small: step 'arms' alone adds 0.3"
    ):
        solve_roadmap(roadmap_problem(scenario, risk_budget=0.2))


def test_infeasible_roadmap_names_the_limit(tmp_path: Path) -> None:
    """Required arms and m2 both need money 2 a period but only periods 0-1 have 2: the capacity of
    'money' is named as the conflict."""
    data = with_roadmap()
    data["roadmap"]["steps"][3]["uses"] = [{"resource": "money", "amount": 2}]
    result = run_cli("plan", str(_yaml(tmp_path, data)), "--json")
    assert result.code == 2
    assert result.stdout == ""
    assert "infeasible" in result.stderr
    assert "the capacity of 'money'" in result.stderr


def test_risk_budget_and_pareto_are_exclusive() -> None:
    result = run_cli("plan", "vilnius-2023", "--risk-budget", "1", "--pareto", "3")
    assert result.code == 2
    assert "--pareto" in result.stderr


def test_scenario_without_roadmap() -> None:
    result = run_cli("plan", "bdm1994-emissions")
    assert result.code == 2
    assert result.stderr == "catalog:bdm1994-emissions:roadmap: the scenario has no roadmap section\n"


def test_json_is_only_json_on_success(tmp_path: Path) -> None:
    """The example: job 2 (3 periods, 2 units) and job 3 (2 periods, 1 unit) under capacity 2 cannot
    overlap, so the optimal makespan is 3 + 2 = 5."""
    result = run_cli("plan", "--psplib", str(_write(tmp_path, "ex.sm", _EXAMPLE)), "--json")
    assert result.code == 0
    payload = json.loads(result.stdout)
    assert (payload["instance"], payload["makespan"], payload["status"]) == ("ex", 5, "optimal")
    assert isinstance(payload["time_s"], float)
