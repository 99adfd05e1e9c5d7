"""The roadmap model on small hand-checked problems and on the flagship vilnius-2023 scenario.

Hand-checked values are worked out in the docstrings from the model's definition (pactlab.plan.roadmap),
not copied from the code's output.
"""

from __future__ import annotations

import pytest

from pactlab.plan import (
    RoadmapProblem,
    check_roadmap,
    cumulative_deterrence,
    pareto_front,
    roadmap_problem,
    solve_roadmap,
)
from pactlab.plan.gantt import gantt_figure
from pactlab.scenario import load_scenario
from pactlab.scenario.io import scenario_from_data
from plan._roadmap_data import with_roadmap


def _two_steps(budget: float) -> RoadmapProblem:
    return RoadmapProblem(
        step_ids=("a", "b"),
        durations=(2, 2),
        prerequisites=((), ()),
        deterrence=(1.0, 1.0),
        risk=(0.5, 0.5),
        optional=(False, False),
        needs_consensus=(False, False),
        resource_ids=(),
        uses=((), ()),
        capacity=(),
        consensus_periods=frozenset(),
        horizon=6,
        risk_budget=budget,
    )


def test_risk_budget_forces_sequencing() -> None:
    """Two steps of 2 periods, deterrence 1 each, risk 0.5 each, horizon 6.

    Budget 1.0: both start at 0, in force for 4 periods each: 8. Budget 0.5: one at 0 (4 periods in
    force), the other at 2 (2 periods): 6; the peak risk is then 0.5.
    """
    loose = solve_roadmap(_two_steps(1.0), binding=False)
    tight = solve_roadmap(_two_steps(0.5))
    assert loose.objective == pytest.approx(8.0)
    assert tight.objective == pytest.approx(6.0)
    assert tight.peak_risk == pytest.approx(0.5)
    assert [b.constraint for b in tight.binding] == ["risk_budget"]
    assert tight.binding[0].gain == pytest.approx(2.0)


def test_small_scenario_by_hand() -> None:
    """tests/plan/_roadmap_data.py, horizon 6, budget 0.5, money capacity 2, 2, then 1 per period.

    arms (2 periods, 2 money a period) must run in periods 0-1 (money is 1 from period 2 on), in force
    4 periods x 0.6 = 2.4. m1 (1 period) at 0, in force 5 x 0.2 = 1.0; m2 depends on m1 (milestone
    dependency), 2 periods, 1 money: money is full at 0-1, so m2 starts at 2, in force 2 x 0.3 = 0.6.
    guest needs consensus (start in 1..2), risk 0.3: arms' 0.3 fills the budget in 0-1, so guest
    starts at 2, in force 3 x 0.1 = 0.3. Total 4.3; milestones reached in the order m1 (end 1), m2 (4).
    """
    scenario = scenario_from_data(with_roadmap(), "test.yaml")
    problem = roadmap_problem(scenario)
    plan = solve_roadmap(problem)
    assert plan.objective == pytest.approx(4.3)
    assert plan.starts() == {"arms": 0, "guest": 2, "m1": 0, "m2": 2}
    assert [m.id for m in plan.milestones] == ["m1", "m2"]
    assert plan.milestones[0].benchmarks == (("c1", "e1"),)
    assert plan.status == "optimal"
    assert plan.gap == 0.0


def test_optional_step_left_out_when_it_cannot_fit() -> None:
    """With a consensus window only at periods 6-7, beyond guest's last possible start (5), the
    optional step is left out and the plan says so."""
    data = with_roadmap()
    data["roadmap"]["consensus_windows"] = [{"start": 6, "end": 7, "rationale": "test"}]
    plan = solve_roadmap(roadmap_problem(scenario_from_data(data, "t.yaml")))
    assert plan.starts()["guest"] is None
    assert "guest" in plan.to_dict()["left_out"]


def test_deterrence_engine_values_replace_the_scenario_values() -> None:
    """Deterrence from the deterrence engine (here 0 for arms) replaces the stated 0.6: 4.3 - 2.4 = 1.9."""
    scenario = scenario_from_data(with_roadmap(), "test.yaml")
    plan = solve_roadmap(roadmap_problem(scenario, deterrence={"arms": 0.0}), binding=False)
    assert plan.objective == pytest.approx(1.9)


def test_consensus_periods_from_the_negotiation_engine() -> None:
    """Consensus reachable only in period 4 (instead of 1-2): guest starts at 4, in force 1 x 0.1,
    so the optimum falls by 0.2 from 4.3 to 4.1."""
    scenario = scenario_from_data(with_roadmap(), "test.yaml")
    plan = solve_roadmap(roadmap_problem(scenario, consensus_periods=[4]), binding=False)
    assert plan.starts()["guest"] == 4
    assert plan.objective == pytest.approx(4.1)


@pytest.fixture(scope="module")
def vilnius() -> RoadmapProblem:
    return roadmap_problem(load_scenario("vilnius-2023"))


def test_vilnius_plan_is_feasible_and_reproducible(vilnius: RoadmapProblem) -> None:
    """The flagship plan passes the independent checker; its objective is the recomputed one; the same
    seed gives the same plan."""
    plan = solve_roadmap(vilnius, binding=False)
    again = solve_roadmap(vilnius, binding=False)
    assert check_roadmap(vilnius, plan.starts()) == []
    assert plan.objective == pytest.approx(cumulative_deterrence(vilnius, plan.starts()))
    assert plan.starts() == again.starts()
    assert plan.status == "optimal"
    ends = [m.end for m in plan.milestones]
    assert ends == sorted(ends)
    assert plan.provenance.scenario_digest == load_scenario("vilnius-2023").digest


def test_vilnius_pareto_front(vilnius: RoadmapProblem) -> None:
    """AUGMECON front: 10 points, budgets decreasing, deterrence never rising as the budget tightens,
    every point's peak risk within its budget and its plan feasible under that budget."""
    front = pareto_front(vilnius, 10)
    budgets = [p.risk_budget for p in front.points]
    values = [p.deterrence for p in front.points]
    assert len(front.points) == 10
    assert budgets == sorted(budgets, reverse=True)
    assert values == sorted(values, reverse=True)
    for point in front.points:
        assert point.peak_risk <= point.risk_budget + 1e-9
        problem = vilnius.replace(risk_budget=point.risk_budget)
        assert check_roadmap(problem, point.plan.starts()) == []
    assert front.solves <= 10


def test_gantt_figure(vilnius: RoadmapProblem) -> None:
    plan = solve_roadmap(vilnius, binding=False)
    fig = gantt_figure(plan)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert sorted(labels) == sorted(s.id for s in plan.steps if s.included)
