"""Hypothesis properties of the scheduling engines and the roadmap model (issue 7).

* every schedule CP-SAT or the MILP returns passes the independent checker, and both engines find the
  same optimal makespan on random small (multi-mode) projects;
* every roadmap plan passes the checker and its reported objective is the recomputed one;
* the plan is optimal: no assignment of starts found by enumeration on tiny roadmaps does better;
* a larger risk budget never lowers the optimal cumulative deterrence;
* lifting a resource limit never lowers it.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pactlab.plan import (
    Mode,
    PlanError,
    Project,
    RoadmapProblem,
    check_roadmap,
    check_schedule,
    cumulative_deterrence,
    solve_cpsat,
    solve_milp,
    solve_roadmap,
)

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def projects(draw: st.DrawFn) -> Project:
    """Random projects: 2-6 real jobs, 1-2 modes, 1-2 renewable and 0-1 non-renewable resources."""
    n = draw(st.integers(2, 6))
    n_ren = draw(st.integers(1, 2))
    n_non = draw(st.integers(0, 1))
    caps = tuple(draw(st.integers(1, 5)) for _ in range(n_ren))
    jobs = []
    for _ in range(n):
        modes = []
        for _ in range(draw(st.integers(1, 2))):
            modes.append(
                Mode(
                    draw(st.integers(1, 4)),
                    tuple(draw(st.integers(0, c)) for c in caps),
                    tuple(draw(st.integers(0, 4)) for _ in range(n_non)),
                )
            )
        jobs.append(tuple(modes))
    # enough budget for the cheapest mode of every job, sometimes not for the dearest
    non_caps = tuple(
        sum(min(m.nonrenewable[k] for m in modes) for modes in jobs) + draw(st.integers(0, 3))
        for k in range(n_non)
    )
    edges = draw(st.sets(st.tuples(st.integers(1, n), st.integers(1, n)).filter(lambda e: e[0] < e[1])))
    succ = [[] for _ in range(n + 2)]
    succ[0] = list(range(1, n + 1))
    for i, j in sorted(edges):
        succ[i].append(j)
    for j in range(1, n + 1):
        succ[j].append(n + 1)
    zero = Mode(0, (0,) * n_ren, (0,) * n_non)
    return Project(
        name="random",
        modes=((zero,), *jobs, (zero,)),
        successors=tuple(tuple(s) for s in succ),
        renewable_capacity=caps,
        nonrenewable_capacity=non_caps,
    )


@SETTINGS
@given(projects())
def test_cpsat_and_milp_agree_and_pass_the_checker(project: Project) -> None:
    cp = solve_cpsat(project, workers=1, deterministic_limit=5)
    mip = solve_milp(project, horizon=project.max_horizon(), time_limit=30)
    assert check_schedule(project, cp.starts, cp.modes) == []
    assert check_schedule(project, mip.starts, mip.modes) == []
    assert cp.status == mip.status == "optimal"
    assert cp.makespan == mip.makespan


@st.composite
def roadmaps(draw: st.DrawFn, max_steps: int = 6, max_horizon: int = 8) -> RoadmapProblem:
    """Random roadmaps: 2-6 steps over 4-8 periods, one resource with a varying capacity; two steps in
    three optional, so that most draws have a plan."""
    n = draw(st.integers(2, max_steps))
    h = draw(st.integers(4, max_horizon))
    cap = tuple(draw(st.sampled_from([1.0, 2.0, 3.0])) for _ in range(h))
    pre = tuple(
        tuple(sorted(draw(st.sets(st.integers(0, j - 1), max_size=2)))) if j else () for j in range(n)
    )
    return RoadmapProblem(
        step_ids=tuple(f"s{i}" for i in range(n)),
        durations=tuple(draw(st.integers(1, 3)) for _ in range(n)),
        prerequisites=pre,
        deterrence=tuple(draw(st.sampled_from([0.0, 0.1, 0.25, 0.5, 1.0])) for _ in range(n)),
        risk=tuple(draw(st.sampled_from([0.0, 0.1, 0.2, 0.3, 0.5])) for _ in range(n)),
        optional=tuple(draw(st.sampled_from([True, True, False])) for _ in range(n)),
        needs_consensus=tuple(draw(st.booleans()) for _ in range(n)),
        resource_ids=("r",),
        uses=tuple((draw(st.sampled_from([0.0, 1.0, 2.0])),) for _ in range(n)),
        capacity=(cap,),
        consensus_periods=frozenset(draw(st.sets(st.integers(0, h - 1), min_size=2))),
        horizon=h,
        risk_budget=draw(st.sampled_from([0.2, 0.3, 0.5, 1.0])),
    )


def _solve(problem: RoadmapProblem, budget: float | None = None) -> float | None:
    try:
        plan = solve_roadmap(problem, risk_budget=budget, binding=False, time_limit=10)
    except PlanError:
        return None  # the required steps cannot all be scheduled
    budgeted = problem if budget is None else problem.replace(risk_budget=budget)
    assert check_roadmap(budgeted, plan.starts()) == []
    assert plan.objective == pytest.approx(cumulative_deterrence(problem, plan.starts()))
    assert plan.status == "optimal"
    return plan.objective


@SETTINGS
@given(roadmaps(), st.sampled_from([0.1, 0.2, 0.3, 0.5]))
def test_larger_risk_budget_never_lowers_deterrence(problem: RoadmapProblem, extra: float) -> None:
    base = _solve(problem)
    more = _solve(problem, problem.risk_budget + extra)
    if base is not None:
        assert more is not None
        assert more >= base - 1e-9


@SETTINGS
@given(roadmaps())
def test_lifting_a_resource_limit_never_lowers_deterrence(problem: RoadmapProblem) -> None:
    base = _solve(problem)
    lifted = problem.replace(capacity=(tuple(c + 2.0 for c in problem.capacity[0]),))
    more = _solve(lifted)
    if base is not None:
        assert more is not None
        assert more >= base - 1e-9


def _brute_force(problem: RoadmapProblem) -> float | None:
    """The best cumulative deterrence over every assignment of starts (or left out), by enumeration
    with the independent checker: a reference that shares no code with the CP-SAT model."""
    choices = [
        [None, *range(problem.horizon - d + 1)] if optional else list(range(problem.horizon - d + 1))
        for d, optional in zip(problem.durations, problem.optional, strict=True)
    ]
    best = None
    for combo in itertools.product(*choices):
        starts = dict(zip(problem.step_ids, combo, strict=True))
        if not check_roadmap(problem, starts, tol=1e-9):
            value = cumulative_deterrence(problem, starts)
            best = value if best is None else max(best, value)
    return best


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roadmaps(max_steps=4, max_horizon=5))
def test_cpsat_plan_is_optimal_by_enumeration(problem: RoadmapProblem) -> None:
    expected = _brute_force(problem)
    found = _solve(problem)
    if expected is None:
        assert found is None
    else:
        assert found == pytest.approx(expected)
