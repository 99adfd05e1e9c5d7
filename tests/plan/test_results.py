"""The plan's result types follow the result protocol (pactlab.results): provenance, a JSON round trip,
a table, a plain-text summary and the notebook display."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactlab.plan import (
    ParetoFront,
    ProjectSchedule,
    RoadmapPlan,
    pareto_front,
    parse_psplib,
    roadmap_problem,
    solve_cpsat,
    solve_roadmap,
)
from pactlab.plan.psplib import _EXAMPLE
from pactlab.results import Provenance, Result
from pactlab.scenario.io import scenario_from_data
from plan._roadmap_data import with_roadmap


@pytest.fixture(scope="module")
def plan() -> RoadmapPlan:
    return solve_roadmap(roadmap_problem(scenario_from_data(with_roadmap(), "t.yaml")))


@pytest.fixture(scope="module")
def front() -> ParetoFront:
    return pareto_front(roadmap_problem(scenario_from_data(with_roadmap(), "t.yaml")), 3)


@pytest.fixture(scope="module")
def schedule() -> ProjectSchedule:
    return solve_cpsat(parse_psplib(_EXAMPLE, name="tiny"))


def _round_trip(result: Result) -> None:
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))  # JSON-able, through real JSON
    assert "provenance" in data
    back = type(result).from_dict(data)
    assert back == result
    assert back.to_dict() == data
    assert isinstance(result.provenance, Provenance)
    assert isinstance(result.summary(), str)
    html = result._repr_html_()
    assert html.startswith("<div class='pactlab-result'>")
    assert result.provenance.model in html


def test_roadmap_plan_protocol(plan: RoadmapPlan) -> None:
    assert isinstance(plan, Result)
    _round_trip(plan)
    assert plan.provenance.scenario_digest == scenario_from_data(with_roadmap(), "t.yaml").digest
    frame = plan.to_frame()
    assert list(frame.columns) == ["id", "kind", "ref", "title", "included", "start", "end"]
    assert frame.set_index("id")["start"].to_dict() == plan.starts()
    assert str(plan) == plan.summary()


def test_roadmap_plan_keeps_the_json_contract(plan: RoadmapPlan) -> None:
    data = plan.to_dict()
    assert all(set(step) == {"id", "start", "end"} for step in data["steps"])
    assert [s["id"] for s in data["all_steps"]] == [s.id for s in plan.steps]


def test_time_is_reported_but_not_compared(plan: RoadmapPlan) -> None:
    data = plan.to_dict()
    data["time_s"] = 99.0
    assert RoadmapPlan.from_dict(data) == plan


def test_pareto_front_protocol(front: ParetoFront) -> None:
    assert isinstance(front, Result)
    _round_trip(front)
    frame = front.to_frame()
    assert len(frame) == 3
    assert frame["deterrence"].is_monotonic_decreasing
    assert front.summary().splitlines()[0] == "test-minimal: deterrence against escalation risk, 3 points"


def test_project_schedule_protocol(schedule: ProjectSchedule) -> None:
    """The PSPLIB example: makespan 5 (job 2, 3 periods, and job 3, 2 periods, cannot overlap)."""
    assert isinstance(schedule, Result)
    _round_trip(schedule)
    assert schedule.makespan == 5
    assert schedule.to_frame()["job"].tolist() == [1, 2, 3, 4]
    assert schedule.summary().startswith("tiny: makespan 5 (optimal, lower bound 5")


def test_gantt_is_written_in_the_format_of_its_extension(plan: RoadmapPlan, tmp_path: Path) -> None:
    from pactlab.errors import ParameterError
    from pactlab.plan.gantt import save_gantt

    out = save_gantt(plan, tmp_path / "g.svg")
    assert out.read_text().lstrip().startswith("<?xml")
    with pytest.raises(ParameterError) as error:
        save_gantt(plan, tmp_path / "g.xyz")
    assert error.value.parameter == "path"
    with pytest.raises(ParameterError, match="does not exist"):
        save_gantt(plan, tmp_path / "no" / "g.png")
