"""An independent feasibility checker for project schedules.

It shares no code with the engines: it rebuilds the resource profile period by period from the
starts
and modes and compares it with the capacities, and checks each precedence pair directly. Every
engine's
output is passed through it in the tests.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pactlab.plan.project import Project

__all__ = ["check_schedule"]


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
                    f"precedence {i} -> {j}: job {j} starts at {starts[j]} "
                    f"before job {i} ends at {ends[i]}"
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
