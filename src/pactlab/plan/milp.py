"""Time-indexed MILP for (multi-mode) RCPSP on HiGHS: the cross-check of the CP-SAT engine.

Pritsker, Watters & Wolfe (1969, "Multiproject scheduling with limited resources: a zero-one
programming approach", Management Science 16(1):93-108) formulation with binary ``x[j, m, t]`` = job
``j`` starts in mode ``m`` at period ``t``, with the disaggregated ("strong") precedence rows of
Christofides, Alvarez-Valdes & Tamarit (1987, EJOR 29(3):262-273), one per pair and period:

.. math:: \\sum_{m, s \\le t} x_{jms} \\le \\sum_{m, s \\le t - d_{im}} x_{ims}
          \\quad \\forall (i, j) \\in E,\\ t

(job ``j`` cannot have started by ``t`` unless ``i`` has finished by ``t``), renewable rows
:math:`\\sum_{j,m} r_{jmk} \\sum_{s=t-d_{jm}+1}^{t} x_{jms} \\le R_k` for every period,
non-renewable rows
:math:`\\sum_{j,m,t} n_{jmk} x_{jmt} \\le N_k`, and the objective :math:`\\min \\sum_t
t\\,x_{n,1,t}`
(the super-sink's start). Solved with ``scipy.optimize.milp`` (HiGHS).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

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

__all__ = ["serial_sgs", "solve_milp"]


def serial_sgs(project: Project) -> int:
    """Makespan of the serial schedule-generation scheme (Kelley 1963) with each job's first mode.

    A quick feasible upper bound (single-mode projects) used as the MILP's horizon.
    """
    order = topological_order(project.n_jobs, project.successors)
    preds: list[list[int]] = [[] for _ in range(project.n_jobs)]
    for i, j in project.edges():
        preds[j].append(i)
    horizon = project.max_horizon() + 1
    use = np.zeros((len(project.renewable_capacity), horizon), dtype=np.int64)
    cap = np.asarray(project.renewable_capacity, dtype=np.int64)[:, None]
    ends = [0] * project.n_jobs
    for j in order:
        mode = project.modes[j][0]
        need = np.asarray(mode.renewable or [0] * len(cap), dtype=np.int64)[:, None]
        t = max((ends[i] for i in preds[j]), default=0)
        while mode.duration and np.any(use[:, t : t + mode.duration] + need > cap):
            t += 1
        use[:, t : t + mode.duration] += need
        ends[j] = t + mode.duration
    return max(ends)


@dataclass(frozen=True, slots=True)
class _Block:
    """The columns of one job and mode: ``x[first + s - t0]`` is "starts at period s", t0 <= s <=
    t1."""

    first: int
    t0: int
    t1: int
    duration: int

    def columns(self, upto: int | None = None) -> range:
        last = self.t1 if upto is None else min(upto, self.t1)
        return range(self.first, self.first + max(last - self.t0 + 1, 0))


def _index(project: Project, horizon: int) -> tuple[list[list[_Block]], int]:
    """Column blocks per job and mode (earliest starts from heads, latest from tails)."""
    order = topological_order(project.n_jobs, project.successors)
    es, tail = earliest_starts(project, order), tails(project, order)
    blocks: list[list[_Block]] = []
    col = 0
    for j, modes in enumerate(project.modes):
        succ_tail = max((tail[s] for s in project.successors[j]), default=0)
        row = []
        for mode in modes:
            latest = horizon - succ_tail - mode.duration
            row.append(_Block(col, es[j], max(latest, es[j] - 1), mode.duration))
            col += max(latest - es[j] + 1, 0)
        blocks.append(row)
    return blocks, col


def solve_milp(project: Project, *, horizon: int | None = None, time_limit: float = 60.0) -> ProjectSchedule:
    """Minimise the makespan with the time-indexed MILP (see the module notes).

    Parameters
    ----------
    project : Project
    horizon : int, optional
        Periods to index; a serial-SGS makespan for single-mode projects, else the sum of the
        longest durations.
    time_limit : float
        Seconds for HiGHS.
    """
    check_time_limit(time_limit)
    clock = time.perf_counter()
    if horizon is None:
        horizon = project.max_horizon() if project.multimode else serial_sgs(project)
    blocks, n_cols = _index(project, horizon)
    if any(all(not b.columns() for b in modes) for modes in blocks):
        raise PlanError.at(project.name, "", f"a job cannot fit within horizon {horizon}")
    matrix, low, high = _rows(project, blocks, n_cols, horizon)
    cost = np.zeros(n_cols)
    for block in blocks[-1]:
        cost[list(block.columns())] = np.arange(block.t0, block.t1 + 1) + block.duration
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, low, high),
        integrality=np.ones(n_cols),
        bounds=Bounds(0, 1),
        options={"time_limit": float(time_limit), "disp": False},
    )
    elapsed = time.perf_counter() - clock
    if result.x is None:
        raise PlanError.at(
            project.name,
            "",
            f"MILP found no schedule within horizon {horizon} and {time_limit:g} s ({result.message})",
        )
    starts, modes = _decode(blocks, result.x)
    makespan = round(result.fun)
    optimal = result.status == 0
    bound = makespan if optimal else int(np.ceil(getattr(result, "mip_dual_bound", 0.0) - 1e-6))
    return ProjectSchedule(
        instance=project.name,
        starts=starts,
        modes=modes,
        makespan=makespan,
        lower_bound=bound,
        status="optimal" if optimal else "feasible",
        time_s=elapsed,
        provenance=Provenance(
            model="rcpsp.milp.time_indexed",
            parameters={
                "horizon": horizon,
                "time_limit": time_limit,
                "solver": "HiGHS via scipy.optimize.milp",
            },
        ),
    )


class _Rows:
    """A growing sparse constraint matrix in COO triplets with its row bounds."""

    def __init__(self) -> None:
        self.r: list[int] = []
        self.c: list[int] = []
        self.v: list[float] = []
        self.low: list[float] = []
        self.high: list[float] = []

    def add(self, entries: dict[int, float], low: float, high: float) -> None:
        row = len(self.low)
        for col, val in entries.items():
            if val:
                self.r.append(row)
                self.c.append(col)
                self.v.append(val)
        self.low.append(low)
        self.high.append(high)


def _rows(
    project: Project, blocks: list[list[_Block]], n_cols: int, horizon: int
) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    rows = _Rows()
    for modes in blocks:  # one start per job
        rows.add({c: 1.0 for b in modes for c in b.columns()}, 1.0, 1.0)
    for i, j in project.edges():  # disaggregated precedence, one row per period
        first = min(b.t0 for b in blocks[j])
        last = max(b.t1 for b in blocks[j])
        for t in range(first, last + 1):
            entries = {c: 1.0 for b in blocks[j] for c in b.columns(t)}
            for b in blocks[i]:
                for c in b.columns(t - b.duration):
                    entries[c] = entries.get(c, 0.0) - 1.0
            rows.add(entries, -np.inf, 0.0)
    for k, cap in enumerate(project.renewable_capacity):  # capacity per period
        usage: list[dict[int, float]] = [{} for _ in range(horizon + 1)]
        for j, modes in enumerate(blocks):
            for m, b in enumerate(modes):
                use = project.modes[j][m].renewable[k]
                for c in b.columns() if use else ():
                    s = b.t0 + c - b.first
                    for t in range(s, min(s + b.duration, horizon + 1)):
                        usage[t][c] = float(use)
        for entries in usage:
            if entries:
                rows.add(entries, -np.inf, float(cap))
    for k, cap in enumerate(project.nonrenewable_capacity):  # budget totals
        entries = {
            c: float(project.modes[j][m].nonrenewable[k])
            for j, modes in enumerate(blocks)
            for m, b in enumerate(modes)
            for c in b.columns()
        }
        rows.add(entries, -np.inf, float(cap))
    matrix = sparse.csr_matrix((rows.v, (rows.r, rows.c)), shape=(len(rows.low), n_cols))
    return matrix, np.asarray(rows.low), np.asarray(rows.high)


def _decode(blocks: list[list[_Block]], x: np.ndarray) -> tuple[tuple[int, ...], tuple[int, ...]]:
    starts, modes = [], []
    for job in blocks:
        for m, b in enumerate(job):
            cols = list(b.columns())
            hits = np.flatnonzero(x[cols] > 0.5) if cols else np.array([], dtype=int)
            if hits.size:
                starts.append(b.t0 + int(hits[0]))
                modes.append(m)
                break
    return tuple(starts), tuple(modes)
