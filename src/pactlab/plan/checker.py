"""An independent feasibility checker for project schedules.

It shares no code with the engines: it rebuilds the resource profile period by period from the
starts
and modes and compares it with the capacities, and checks each precedence pair directly. Every
engine's
output is passed through it in the tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from pactlab.plan.project import Project
from pactlab.plan.roadmap import RoadmapProblem

__all__ = ["check_roadmap", "check_schedule", "cumulative_deterrence"]


def check_schedule(
    project: Project,
    starts: Sequence[int],
    modes: Sequence[int] | None = None,
    *,
    capacity_profile: Sequence[Sequence[int]] | None = None,
) -> list[str]:
    """Return every violated constraint of a schedule (an empty list when it is feasible).

    Parameters
    ----------
    project : Project
    starts : sequence of int
        Start period of each job (0-based periods; a job of duration d started at s occupies
        periods s .. s+d-1).
    modes : sequence of int, optional
        Mode index of each job (0-based); all zeros when omitted.
    capacity_profile : sequence of sequence of int, optional
        ``capacity_profile[k][t]``: capacity of renewable resource ``k`` in period ``t``, for
        time-varying capacities; the project's constant capacities when omitted.
    """
    n = project.n_jobs
    modes = [0] * n if modes is None else list(modes)
    problems: list[str] = []
    if len(starts) != n or len(modes) != n:
        return [f"expected {n} starts and modes, got {len(starts)} and {len(modes)}"]
    for j in range(n):
        if not 0 <= modes[j] < len(project.modes[j]):
            problems.append(f"job {j}: mode {modes[j]} does not exist")
        if starts[j] < 0:
            problems.append(f"job {j}: negative start {starts[j]}")
    if problems:
        return problems
    chosen = [project.modes[j][modes[j]] for j in range(n)]
    ends = [starts[j] + chosen[j].duration for j in range(n)]
    for i, succ in enumerate(project.successors):
        for j in succ:
            if starts[j] < ends[i]:
                problems.append(
                    f"precedence {i} -> {j}: job {j} starts at {starts[j]} before job {i} ends at {ends[i]}"
                )
    horizon = max(ends, default=0)
    for k, cap in enumerate(project.renewable_capacity):
        profile = np.zeros(horizon + 1, dtype=np.int64)
        for j in range(n):
            profile[starts[j] : ends[j]] += chosen[j].renewable[k]
        limit = np.full(horizon + 1, cap, dtype=np.int64)
        if capacity_profile is not None:
            given = np.asarray(capacity_profile[k], dtype=np.int64)
            limit[: min(len(given), horizon + 1)] = given[: horizon + 1]
        over = np.flatnonzero(profile > limit)
        if over.size:
            t = int(over[0])
            problems.append(
                f"renewable resource {k}: use {int(profile[t])} exceeds capacity "
                f"{int(limit[t])} in period {t}"
            )
    for k, cap in enumerate(project.nonrenewable_capacity):
        used = sum(c.nonrenewable[k] for c in chosen)
        if used > cap:
            problems.append(f"non-renewable resource {k}: total use {used} exceeds {cap}")
    return problems


def check_roadmap(problem: RoadmapProblem, starts: Mapping[str, int | None], tol: float = 1e-6) -> list[str]:
    """Every violated constraint of a roadmap plan (an empty list when it is feasible).

    ``starts`` maps each step id to its start period, or None when the step is left out. Checked from
    scratch: required steps present, prerequisites present and finished first, steps within the
    horizon, consensus starts inside a window, per-period resource use and escalation risk within
    capacity and budget (``tol`` absorbs the engine's integer scaling).
    """
    problems: list[str] = []
    h = problem.horizon
    use = np.zeros((len(problem.resource_ids), h))
    risk = np.zeros(h)
    for i, sid in enumerate(problem.step_ids):
        s = starts.get(sid)
        if s is None:
            if not problem.optional[i]:
                problems.append(f"required step {sid!r} is left out")
            continue
        end = s + problem.durations[i]
        if s < 0 or end > h:
            problems.append(f"step {sid!r} runs {s}..{end}, outside the horizon 0..{h}")
            continue
        if problem.needs_consensus[i] and s not in problem.consensus_periods:
            problems.append(f"step {sid!r} needs consensus but starts at {s}, outside every window")
        for p in problem.prerequisites[i]:
            ps = starts.get(problem.step_ids[p])
            if ps is None:
                problems.append(
                    f"step {sid!r} is in the plan but its prerequisite {problem.step_ids[p]!r} is not"
                )
            elif ps + problem.durations[p] > s:
                problems.append(f"step {sid!r} starts at {s} before {problem.step_ids[p]!r} ends")
        use[:, s:end] += np.asarray(problem.uses[i], dtype=float)[:, None]
        risk[s:end] += problem.risk[i]
    for k, rid in enumerate(problem.resource_ids):
        over = np.flatnonzero(use[k] > np.asarray(problem.capacity[k]) + tol)
        if over.size:
            t = int(over[0])
            problems.append(
                f"resource {rid!r}: use {use[k, t]:g} exceeds capacity "
                f"{problem.capacity[k][t]:g} in period {t}"
            )
    over = np.flatnonzero(risk > problem.risk_budget + tol)
    if over.size:
        problems.append(
            f"escalation risk {risk[int(over[0])]:g} exceeds the budget "
            f"{problem.risk_budget:g} in period {int(over[0])}"
        )
    return problems


def cumulative_deterrence(problem: RoadmapProblem, starts: Mapping[str, int | None]) -> float:
    """The objective recomputed from a plan: sum of deterrence x periods in force before the horizon."""
    total = 0.0
    for i, sid in enumerate(problem.step_ids):
        s = starts.get(sid)
        if s is not None:
            total += problem.deterrence[i] * max(problem.horizon - s - problem.durations[i], 0)
    return total
