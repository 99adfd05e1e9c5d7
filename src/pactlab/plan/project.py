"""The scheduling problem pactlab's engines solve: a project of jobs with modes, precedence and
resources.

One data type serves the PSPLIB single-mode (``.sm``) and multi-mode (``.mm``) instances (Kolisch &
Sprecher 1997) and the roadmap model: jobs are indexed from 0 (PSPLIB's job 1, the super-source,
is job
0; the super-sink is the last job). A job has one or more :class:`Mode`; each mode has a duration,
a use
per period of every renewable resource while the job runs, and a total use of every non-renewable
(budget) resource.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Self

from pactlab.errors import PactlabError, ParameterError
from pactlab.results import Provenance, ResultMixin

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Mode",
    "PlanError",
    "Project",
    "ProjectSchedule",
    "Status",
    "check_risk_budget",
    "check_time_limit",
    "status_of",
]

Status = Literal["optimal", "feasible"]


def check_time_limit(time_limit: float) -> float:
    """A solver's time limit: a finite number of seconds above 0, else a :class:`ParameterError`."""
    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)):
        raise ParameterError("time_limit", f"must be a number of seconds, not {time_limit!r}")
    if not (math.isfinite(time_limit) and time_limit > 0):
        raise ParameterError("time_limit", f"must be a finite number of seconds above 0, not {time_limit!r}")
    return float(time_limit)


def check_risk_budget(risk_budget: float) -> float:
    """A per-period escalation-risk budget: a finite number >= 0, else a :class:`ParameterError`."""
    value = risk_budget
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
    ):
        raise ParameterError("risk_budget", f"must be a finite number >= 0, not {value!r}")
    return float(value)


def status_of(value: object) -> Status:
    """A solver status read back from data (``"optimal"`` or ``"feasible"``)."""
    if value not in ("optimal", "feasible"):
        raise ValueError(f"status must be 'optimal' or 'feasible', not {value!r}")
    return value


class PlanError(PactlabError):
    """A scheduling problem is malformed or infeasible; each problem names its location."""


@dataclass(frozen=True, slots=True)
class Mode:
    """One way to carry out a job: duration, renewable use per period, non-renewable total use."""

    duration: int
    renewable: tuple[int, ...] = ()
    nonrenewable: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Project:
    """A (multi-mode) resource-constrained project scheduling instance.

    Parameters
    ----------
    name : str
        Instance name (the file stem for PSPLIB files).
    modes : tuple of tuple of Mode
        ``modes[j]`` are the modes of job ``j``.
    successors : tuple of tuple of int
        ``successors[j]`` are the jobs that may start only once ``j`` has finished.
    renewable_capacity, nonrenewable_capacity : tuple of int
        Capacity per period of each renewable resource; total of each non-renewable one.
    horizon : int
        An upper bound on the makespan (PSPLIB's ``horizon``: the sum of the longest durations).
    """

    name: str
    modes: tuple[tuple[Mode, ...], ...]
    successors: tuple[tuple[int, ...], ...]
    renewable_capacity: tuple[int, ...]
    nonrenewable_capacity: tuple[int, ...] = ()
    horizon: int = 0

    @property
    def n_jobs(self) -> int:
        return len(self.modes)

    @property
    def multimode(self) -> bool:
        return any(len(m) > 1 for m in self.modes) or bool(self.nonrenewable_capacity)

    def edges(self) -> list[tuple[int, int]]:
        """All precedence pairs ``(i, j)``: ``j`` starts after ``i`` ends."""
        return [(i, j) for i, succ in enumerate(self.successors) for j in succ]

    def max_horizon(self) -> int:
        """The declared horizon, or the sum of the longest durations when that is larger."""
        total = sum(max(m.duration for m in modes) for modes in self.modes)
        return max(self.horizon, total)


@dataclass(frozen=True)
class ProjectSchedule(ResultMixin):
    """A schedule of a :class:`Project`: start and mode of every job, with the solver's verdict.

    ``lower_bound`` is the best bound the solver proved; ``status`` is ``"optimal"`` when it equals the
    makespan. ``time_s`` (the solver's wall time) is reported but not compared.
    """

    instance: str
    starts: tuple[int, ...]
    modes: tuple[int, ...]
    makespan: int
    lower_bound: int
    status: Status
    time_s: float = field(compare=False)
    provenance: Provenance = field(default_factory=lambda: Provenance(model="rcpsp"))

    @property
    def gap(self) -> float:
        """Relative optimality gap ``(makespan - bound) / makespan`` (0 when proven optimal)."""
        return 0.0 if self.makespan == 0 else (self.makespan - self.lower_bound) / self.makespan

    def ends(self, project: Project) -> tuple[int, ...]:
        return tuple(
            s + project.modes[j][m].duration
            for j, (s, m) in enumerate(zip(self.starts, self.modes, strict=True))
        )

    def to_dict(self) -> dict[str, Any]:
        """The ``pactlab plan --psplib`` JSON contract, plus the schedule and provenance."""
        return {
            "instance": self.instance,
            "makespan": self.makespan,
            "status": self.status,
            "time_s": round(self.time_s, 4),
            "lower_bound": self.lower_bound,
            "gap": self.gap,
            "starts": list(self.starts),
            "modes": [m + 1 for m in self.modes],
            "provenance": self.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Inverse of :meth:`to_dict` (modes are numbered from 1 there, as in PSPLIB)."""
        return cls(
            instance=str(data["instance"]),
            starts=tuple(int(s) for s in data["starts"]),
            modes=tuple(int(m) - 1 for m in data["modes"]),
            makespan=int(data["makespan"]),
            lower_bound=int(data["lower_bound"]),
            status=status_of(data["status"]),
            time_s=float(data["time_s"]),
            provenance=Provenance.from_dict(data["provenance"]),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per job, numbered from 1 as in PSPLIB: its mode (from 1) and start period."""
        import pandas as pd

        return pd.DataFrame(
            {
                "job": range(1, len(self.starts) + 1),
                "mode": [m + 1 for m in self.modes],
                "start": list(self.starts),
            }
        )

    def summary(self) -> str:
        """One line for the terminal."""
        return (
            f"{self.instance}: makespan {self.makespan} ({self.status}, lower bound "
            f"{self.lower_bound}, {self.time_s:.2f} s)"
        )


def topological_order(n: int, successors: Sequence[Sequence[int]]) -> list[int]:
    """Kahn's order of ``n`` nodes; raises ValueError naming a node on a cycle when there is one."""
    indeg = [0] * n
    for succ in successors:
        for j in succ:
            indeg[j] += 1
    queue = [i for i in range(n) if indeg[i] == 0]
    order: list[int] = []
    while queue:
        i = queue.pop()
        order.append(i)
        for j in successors[i]:
            indeg[j] -= 1
            if indeg[j] == 0:
                queue.append(j)
    if len(order) < n:
        raise ValueError(find_cycle(n, successors))
    return order


def find_cycle(n: int, successors: Sequence[Sequence[int]]) -> list[int]:
    """One precedence cycle as a list of nodes (first node repeated at the end); [] if acyclic."""
    colour = [0] * n
    parent = [-1] * n
    for root in range(n):
        if colour[root]:
            continue
        stack = [(root, iter(successors[root]))]
        colour[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                colour[node] = 2
                stack.pop()
            elif colour[nxt] == 1:
                cycle = [nxt]
                cur = node
                while cur != nxt:
                    cycle.append(cur)
                    cur = parent[cur]
                cycle.append(nxt)
                return cycle[::-1]
            elif colour[nxt] == 0:
                colour[nxt] = 1
                parent[nxt] = node
                stack.append((nxt, iter(successors[nxt])))
    return []


def earliest_starts(project: Project, order: Sequence[int] | None = None) -> list[int]:
    """Critical-path earliest starts with each job's shortest mode (a valid lower bound)."""
    if order is None:
        order = topological_order(project.n_jobs, project.successors)
    es = [0] * project.n_jobs
    for i in order:
        d = min(m.duration for m in project.modes[i])
        for j in project.successors[i]:
            es[j] = max(es[j], es[i] + d)
    return es


def tails(project: Project, order: Sequence[int] | None = None) -> list[int]:
    """Shortest time from each job's start to the project's end (critical path, shortest modes)."""
    if order is None:
        order = topological_order(project.n_jobs, project.successors)
    tail = [0] * project.n_jobs
    for i in reversed(order):
        d = min(m.duration for m in project.modes[i])
        tail[i] = d + max((tail[j] for j in project.successors[i]), default=0)
    return tail
