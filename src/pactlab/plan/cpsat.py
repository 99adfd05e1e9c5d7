"""OR-Tools CP-SAT engine for (multi-mode) resource-constrained project scheduling.

The interval model of Laborie et al. (2018, "IBM ILOG CP optimizer for scheduling", Constraints
23:210-250), as written for CP-SAT in OR-Tools' ``rcpsp_sat`` example: one start variable per job,
one optional interval per mode with a presence literal (exactly one per job), ``AddCumulative`` per
renewable resource, a linear row per non-renewable resource, and ``end(i) <= start(j)`` per
precedence.
Start domains are cut by the critical-path heads and tails; the objective is the super-sink's start.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from pactlab.plan.project import (
    PlanError,
    Project,
    ProjectSchedule,
    check_time_limit,
    earliest_starts,
    tails,
    topological_order,
)
from pactlab.results import Provenance

__all__ = ["solve_cpsat", "solver_status"]


def solver_status(code: int) -> str:
    """CP-SAT's status code as a name."""
    return str(cp_model.CpSolver().status_name(code))


def _build(
    project: Project, horizon: int
) -> tuple[cp_model.CpModel, list[cp_model.IntVar], list[list[cp_model.IntVar]]]:
    order = topological_order(project.n_jobs, project.successors)
    es, tail = earliest_starts(project, order), tails(project, order)
    model = cp_model.CpModel()
    starts, presences = [], []
    ren: list[list[tuple[cp_model.IntervalVar, int]]] = [[] for _ in project.renewable_capacity]
    non: list[list[tuple[cp_model.IntVar, int]]] = [[] for _ in project.nonrenewable_capacity]
    ends = []
    for j, modes in enumerate(project.modes):
        latest = horizon - tail[j]
        if latest < es[j]:
            raise PlanError.at(project.name, f"job {j + 1}", "cannot fit within the horizon")
        start = model.new_int_var(es[j], latest, f"s{j}")
        end = model.new_int_var(es[j], horizon, f"e{j}")
        lits = []
        for m, mode in enumerate(modes):
            lit = model.new_constant(1) if len(modes) == 1 else model.new_bool_var(f"x{j}_{m}")
            interval = model.new_optional_fixed_size_interval_var(start, mode.duration, lit, f"i{j}_{m}")
            model.add(end == start + mode.duration).only_enforce_if(lit)
            for k, use in enumerate(mode.renewable):
                if use:
                    ren[k].append((interval, use))
            for k, use in enumerate(mode.nonrenewable):
                if use:
                    non[k].append((lit, use))
            lits.append(lit)
        model.add_exactly_one(lits)
        starts.append(start)
        ends.append(end)
        presences.append(lits)
    for i, j in project.edges():
        model.add(starts[j] >= ends[i])
    for k, cap in enumerate(project.renewable_capacity):
        if ren[k]:
            model.add_cumulative([iv for iv, _ in ren[k]], [u for _, u in ren[k]], cap)
    for k, cap in enumerate(project.nonrenewable_capacity):
        model.add(sum(u * lit for lit, u in non[k]) <= cap)
    model.minimize(ends[-1])
    return model, starts, presences


def solve_cpsat(
    project: Project,
    *,
    time_limit: float = 10.0,
    workers: int = 1,
    seed: int = 0,
    horizon: int | None = None,
    deterministic_limit: float | None = None,
) -> ProjectSchedule:
    """Minimise the makespan of ``project`` with CP-SAT.

    Parameters
    ----------
    project : Project
    time_limit : float
        Seconds of wall time for the search.
    workers : int
        CP-SAT search workers (1 gives a deterministic run for a given seed).
    seed : int
        CP-SAT's random seed.
    horizon : int, optional
        Upper bound on the makespan; the sum of the longest durations when omitted.
    deterministic_limit : float, optional
        CP-SAT's deterministic time limit (machine-independent work units); with ``workers=1`` the
        run, including where it stops, is then the same on every machine.

    Returns
    -------
    ProjectSchedule
        Status ``"optimal"`` when the makespan is proven, else ``"feasible"`` with the best bound.

    Raises
    ------
    PlanError
        When the project is infeasible (e.g. a non-renewable budget no mode choice respects) or no
        schedule was found within the time limit.
    """
    check_time_limit(time_limit)
    clock = time.perf_counter()
    horizon = project.max_horizon() if horizon is None else horizon
    model, starts, presences = _build(project, horizon)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = int(workers)
    solver.parameters.random_seed = int(seed)
    if deterministic_limit is not None:
        solver.parameters.max_deterministic_time = float(deterministic_limit)
    code = solver.solve(model)
    elapsed = time.perf_counter() - clock
    if code == cp_model.INFEASIBLE:
        raise PlanError.at(project.name, "", "infeasible: no schedule respects the resources")
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise PlanError.at(project.name, "", f"no schedule found within {time_limit:g} s")
    chosen = tuple(next(m for m, lit in enumerate(lits) if solver.boolean_value(lit)) for lits in presences)
    makespan = int(solver.objective_value)
    bound = makespan if code == cp_model.OPTIMAL else int(solver.best_objective_bound)
    return ProjectSchedule(
        instance=project.name,
        starts=tuple(int(solver.value(s)) for s in starts),
        modes=chosen,
        makespan=makespan,
        lower_bound=bound,
        status="optimal" if code == cp_model.OPTIMAL else "feasible",
        time_s=elapsed,
        provenance=Provenance(
            model="rcpsp.cpsat",
            parameters={
                "time_limit": time_limit,
                "workers": workers,
                "horizon": horizon,
                "deterministic_limit": deterministic_limit,
                "solver": f"OR-Tools CP-SAT {_ortools_version()}",
            },
            seed=seed,
        ),
    )


def _ortools_version() -> str:
    import ortools

    return str(getattr(ortools, "__version__", "unknown"))
