"""CP-SAT model of the roadmap problem (see :mod:`pactlab.plan.roadmap` for the assumptions).

One optional fixed-size interval per step (its presence literal is fixed to 1 for required steps),
``AddCumulative`` per resource with fixed filler intervals that lower the capacity in the periods
where
it is below its maximum, one more cumulative for escalation risk whose capacity is the peak-risk
variable ``P <= budget``, ``presence(j) -> presence(i)`` and ``end(i) <= start(j)`` per
prerequisite,
and start domains cut to the consensus periods for steps that need consensus. Real numbers are
scaled
to integers (:data:`SCALE`). The objective is lexicographic: the largest cumulative deterrence, then
the smallest peak risk (``max  f1 * M - P`` with ``M`` above any value of ``P``), as in AUGMECON's
augmented objective (Mavrotas 2009).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from pactlab.plan.project import PlanError, check_risk_budget, check_time_limit
from pactlab.plan.roadmap import (
    Binding,
    MilestonePlan,
    RoadmapPlan,
    RoadmapProblem,
    StepPlan,
)
from pactlab.results import Provenance

__all__ = ["SCALE", "solve_roadmap"]

SCALE = 1000
"""Real numbers (deterrence, risk, uses, capacities) are multiplied by this and rounded."""


def _int(x: float) -> int:
    return round(x * SCALE)


@dataclass
class _Vars:
    model: cp_model.CpModel
    starts: list[cp_model.IntVar]
    present: list[cp_model.IntVar]
    value: cp_model.LinearExpr
    peak: cp_model.IntVar


def _start_var(
    model: cp_model.CpModel, problem: RoadmapProblem, i: int, consensus: bool
) -> cp_model.IntVar | None:
    """The start variable, or None when a step that needs consensus has no window it fits in."""
    latest = problem.horizon - problem.durations[i]
    allowed = range(0, latest + 1)
    if consensus and problem.needs_consensus[i]:
        allowed = [t for t in allowed if t in problem.consensus_periods]  # type: ignore[assignment]
    if not allowed:
        if not problem.optional[i]:
            raise PlanError.at(
                problem.name,
                f"roadmap.steps[{i}]",
                f"step {problem.step_ids[i]!r} needs consensus but no consensus window leaves room for it",
            )
        return None
    return model.new_int_var_from_domain(cp_model.Domain.from_values(list(allowed)), f"s{i}")


def build_model(
    problem: RoadmapProblem,
    *,
    risk_cap: float | None,
    lift_resource: int | None = None,
    consensus: bool = True,
) -> _Vars:
    """The CP-SAT model; ``risk_cap=None`` lifts the risk budget, ``lift_resource`` one resource."""
    model = cp_model.CpModel()
    h = problem.horizon
    starts, present, intervals, values = [], [], [], []
    for i in range(problem.n_steps):
        start = _start_var(model, problem, i, consensus)
        lit = model.new_constant(1) if not problem.optional[i] else model.new_bool_var(f"p{i}")
        if start is None:  # an optional step with no consensus window it fits in: left out
            start = model.new_constant(0)
            model.add(lit == 0)
        d = problem.durations[i]
        intervals.append(model.new_optional_fixed_size_interval_var(start, d, lit, f"i{i}"))
        value = model.new_int_var(0, h, f"v{i}")  # periods in force
        model.add(value == h - d - start).only_enforce_if(lit)
        model.add(value == 0).only_enforce_if(~lit)
        starts.append(start)
        present.append(lit)
        values.append(value)
    for j, pre in enumerate(problem.prerequisites):
        for i in pre:
            model.add_implication(present[j], present[i])
            model.add(starts[j] >= starts[i] + problem.durations[i]).only_enforce_if(present[j])
    for k in range(len(problem.resource_ids)):
        if k != lift_resource:
            _resource(model, problem, k, intervals)
    all_risk = sum(problem.risk)  # a cap above every step's risk together binds nothing (1e308 overflows)
    peak_hi = _int(all_risk) if risk_cap is None else _int(min(risk_cap, all_risk))
    peak = model.new_int_var(0, max(peak_hi, 0), "peak_risk")
    risky = [(iv, _int(r)) for iv, r in zip(intervals, problem.risk, strict=True) if _int(r) > 0]
    if risky:
        model.add_cumulative([iv for iv, _ in risky], [r for _, r in risky], peak)
    total = cp_model.LinearExpr.weighted_sum(values, [_int(v) for v in problem.deterrence])
    return _Vars(model, starts, present, total, peak)


def _resource(
    model: cp_model.CpModel, problem: RoadmapProblem, k: int, intervals: list[cp_model.IntervalVar]
) -> None:
    caps = [_int(c) for c in problem.capacity[k]]
    top = max(caps, default=0)
    demands = [_int(problem.uses[i][k]) for i in range(problem.n_steps)]
    ivs = [iv for iv, d in zip(intervals, demands, strict=True) if d > 0]
    if not ivs:
        return
    fillers = [model.new_fixed_size_interval_var(t, 1, f"cap{k}_{t}") for t, c in enumerate(caps) if c < top]
    model.add_cumulative(
        ivs + fillers, [d for d in demands if d > 0] + [top - c for c in caps if c < top], top
    )


def _solve(
    vars_: _Vars, problem: RoadmapProblem, *, time_limit: float, workers: int, seed: int
) -> tuple[cp_model.CpSolver, Any]:
    weight = _int(sum(problem.risk)) + 1  # exceeds any peak-risk value: lexicographic
    vars_.model.maximize(vars_.value * weight - vars_.peak)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = int(workers)
    solver.parameters.random_seed = int(seed)
    return solver, solver.solve(vars_.model)


def solve_roadmap(
    problem: RoadmapProblem,
    *,
    risk_budget: float | None = None,
    time_limit: float = 10.0,
    workers: int = 1,
    seed: int = 0,
    binding: bool = True,
) -> RoadmapPlan:
    """Maximise cumulative deterrence subject to precedence, capacities, risk budget and consensus.

    Parameters
    ----------
    problem : RoadmapProblem
    risk_budget : float, optional
        Per-period escalation-risk budget; the problem's when omitted.
    time_limit : float
        Seconds per CP-SAT solve.
    workers, seed : int
        CP-SAT workers and random seed (one worker: the same plan on every run).
    binding : bool
        Also find the binding limits, re-solving once with each resource, the risk budget and the
        consensus windows lifted in turn.

    Raises
    ------
    PlanError
        When no plan includes every required step (named in the message), or none is found in time.
    """
    check_time_limit(time_limit)
    clock = time.perf_counter()
    problem.validate()
    budget = problem.risk_budget if risk_budget is None else check_risk_budget(risk_budget)
    vars_ = build_model(problem, risk_cap=budget)
    solver, code = _solve(vars_, problem, time_limit=time_limit, workers=workers, seed=seed)
    if code == cp_model.INFEASIBLE:
        raise PlanError.at(problem.name, "roadmap", _diagnose(problem, budget, time_limit))
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise PlanError.at(problem.name, "roadmap", f"no plan found within {time_limit:g} s")
    objective = solver.value(vars_.value) / SCALE
    bound = solver.best_objective_bound / (_int(sum(problem.risk)) + 1) / SCALE
    plan_steps = _steps(problem, solver, vars_)
    limits = _binding(problem, budget, objective, time_limit) if binding else ()
    return RoadmapPlan(
        scenario=problem.name,
        horizon=problem.horizon,
        risk_budget=budget,
        objective=objective,
        peak_risk=solver.value(vars_.peak) / SCALE,
        status="optimal" if code == cp_model.OPTIMAL else "feasible",
        gap=0.0 if code == cp_model.OPTIMAL else max(bound - objective, 0.0) / max(bound, 1e-12),
        time_s=time.perf_counter() - clock,
        steps=plan_steps,
        milestones=_milestones(problem, plan_steps),
        binding=limits,
        provenance=Provenance(
            model="roadmap.cpsat",
            parameters={
                "horizon": problem.horizon,
                "risk_budget": budget,
                "time_limit": time_limit,
                "workers": workers,
                "scale": SCALE,
            },
            seed=seed,
            scenario_digest=problem.scenario_digest,
        ),
    )


def _steps(problem: RoadmapProblem, solver: cp_model.CpSolver, vars_: _Vars) -> tuple[StepPlan, ...]:
    out = []
    for i, sid in enumerate(problem.step_ids):
        kind, ref, title = problem.labels[i] if problem.labels else ("step", sid, sid)
        inside = bool(solver.boolean_value(vars_.present[i]))
        start = int(solver.value(vars_.starts[i])) if inside else None
        end = start + problem.durations[i] if start is not None else None
        out.append(StepPlan(sid, kind, ref, title, inside, start, end))
    return tuple(out)


def _milestones(problem: RoadmapProblem, steps: tuple[StepPlan, ...]) -> tuple[MilestonePlan, ...]:
    reached = [
        MilestonePlan(s.ref, s.title, s.end, problem.benchmarks[i] if problem.benchmarks else ())
        for i, s in enumerate(steps)
        if s.kind == "milestone" and s.included and s.end is not None
    ]
    return tuple(sorted(reached, key=lambda m: (m.end, m.id)))


def _optimum(problem: RoadmapProblem, time_limit: float, **kwargs: object) -> float | None:
    vars_ = build_model(problem, **kwargs)  # type: ignore[arg-type]
    solver, code = _solve(vars_, problem, time_limit=time_limit, workers=1, seed=0)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return solver.value(vars_.value) / SCALE


def _binding(
    problem: RoadmapProblem, budget: float, objective: float, time_limit: float
) -> tuple[Binding, ...]:
    """Limits whose removal raises the optimum (each re-solved with that limit lifted)."""
    trials: list[tuple[str, str, dict[str, object]]] = [
        (f"resource:{r}", "resource", {"risk_cap": budget, "lift_resource": k})
        for k, r in enumerate(problem.resource_ids)
    ]
    trials.append(("risk_budget", "risk_budget", {"risk_cap": None}))
    if any(problem.needs_consensus):
        trials.append(("consensus_windows", "consensus", {"risk_cap": budget, "consensus": False}))
    found = []
    for name, kind, kwargs in trials:
        lifted = _optimum(problem, time_limit, **kwargs)
        if lifted is not None and lifted > objective + 0.5 / SCALE:
            found.append(Binding(name, kind, round(lifted - objective, 6)))
    return tuple(found)


def _diagnose(problem: RoadmapProblem, budget: float, time_limit: float) -> str:
    """Name the limits that make the required steps impossible (feasible once that limit is lifted)."""
    alone = [
        f"step {sid!r} alone adds {r:g} per period"
        for sid, r, o in zip(problem.step_ids, problem.risk, problem.optional, strict=True)
        if not o and _int(r) > _int(budget)
    ]
    if alone:
        return f"infeasible: the risk budget {budget:g} per period is too small: " + "; ".join(alone)
    culprits = []
    if _optimum(problem, time_limit, risk_cap=None) is not None:
        culprits.append(f"the risk budget {budget:g} per period")
    for k, r in enumerate(problem.resource_ids):
        if _optimum(problem, time_limit, risk_cap=budget, lift_resource=k) is not None:
            culprits.append(f"the capacity of {r!r}")
    if (
        any(problem.needs_consensus)
        and _optimum(problem, time_limit, risk_cap=budget, consensus=False) is not None
    ):
        culprits.append("the consensus windows")
    why = " or ".join(culprits) if culprits else f"the horizon of {problem.horizon} periods"
    required = [s for s, o in zip(problem.step_ids, problem.optional, strict=True) if not o]
    return (
        f"infeasible: the required steps ({', '.join(required)}) cannot all be scheduled; "
        f"the conflict lies with {why}"
    )
