"""The roadmap model: a scenario's instruments and milestones as steps to schedule over a horizon.

Assumptions (stated in every brief that uses the roadmap):

* time runs in discrete periods ``0 .. horizon-1``; a step of duration ``d`` started in period ``s``
  is being put in place in periods ``s .. s+d-1`` and is *in force* from period ``s+d`` to the end
  of
  the horizon (guarantees, once given, are not withdrawn within the horizon);
* while being put in place, a step uses its declared amount of each resource in every period (the
  capacity of a resource may differ by period) and adds its escalation-risk contribution to that
  period's risk, which may not exceed the per-period risk budget: escalation risk is concentrated in
  the transition, when an adversary may act before the guarantee is in force;
* once in force, a step adds its deterrence value in every remaining period; the objective is the
  cumulative deterrence :math:`\\sum_i v_i (H - e_i)` over the steps in the plan;
* a step that needs alliance consensus may start only in a period of a consensus window; optional
  steps may be left out, and a step is in the plan only if its prerequisites are;
* deterrence values come from the deterrence engine's results when given, else from the scenario.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pactlab.errors import Location, Problem
from pactlab.plan.project import PlanError, Status, find_cycle
from pactlab.results import Provenance

__all__ = [
    "Binding",
    "MilestonePlan",
    "RoadmapPlan",
    "RoadmapProblem",
    "StepPlan",
    "roadmap_problem",
]


@dataclass(frozen=True, slots=True)
class RoadmapProblem:
    """The numeric roadmap problem (steps indexed 0..n-1, resources 0..m-1, periods 0..H-1).

    ``uses[i][k]`` is step ``i``'s use of resource ``k`` per period; ``capacity[k][t]`` the capacity
    of resource ``k`` in period ``t``; ``consensus_periods`` the periods in which a step that needs
    consensus may start. ``labels`` carries, per step, its kind ("instrument" or "milestone"), the
    scenario id it refers to and a title; ``benchmarks`` the verifiable benchmarks of milestones.
    """

    step_ids: tuple[str, ...]
    durations: tuple[int, ...]
    prerequisites: tuple[tuple[int, ...], ...]
    deterrence: tuple[float, ...]
    risk: tuple[float, ...]
    optional: tuple[bool, ...]
    needs_consensus: tuple[bool, ...]
    resource_ids: tuple[str, ...]
    uses: tuple[tuple[float, ...], ...]
    capacity: tuple[tuple[float, ...], ...]
    consensus_periods: frozenset[int]
    horizon: int
    risk_budget: float
    name: str = "roadmap"
    labels: tuple[tuple[str, str, str], ...] = ()
    benchmarks: tuple[tuple[tuple[str, str], ...], ...] = ()
    scenario_digest: str | None = None

    @property
    def n_steps(self) -> int:
        return len(self.step_ids)

    def replace(self, **changes: Any) -> RoadmapProblem:
        """A copy with some fields changed (e.g. ``horizon`` or ``risk_budget``)."""
        from dataclasses import replace

        return replace(self, **changes)

    def validate(self, file: str | None = None) -> RoadmapProblem:
        """Raise a located :class:`PlanError` for every problem that makes the plan impossible."""
        file = file or self.name
        problems = []
        cycle = find_cycle(self.n_steps, _successors(self))
        if cycle:
            chain = " -> ".join(self.step_ids[i] for i in cycle)
            where = f"steps[{cycle[0]}].prerequisites"
            problems.append(_at(file, where, f"precedence cycle: {chain}"))
        for i, step in enumerate(self.step_ids):
            if self.durations[i] > self.horizon:
                problems.append(
                    _at(
                        file,
                        f"steps[{i}].duration",
                        f"step {step!r} takes "
                        f"{self.durations[i]} periods, longer than the horizon of "
                        f"{self.horizon}",
                    )
                )
            for k, res in enumerate(self.resource_ids):
                most = max(self.capacity[k], default=0.0)
                if self.uses[i][k] > most + 1e-9:
                    problems.append(
                        _at(
                            file,
                            f"steps[{i}].uses[{res}]",
                            f"step {step!r} needs "
                            f"{self.uses[i][k]:g} of {res!r} per period but its capacity "
                            f"is at most {most:g}",
                        )
                    )
        if problems:
            raise PlanError(problems)
        return self


def _at(file: str, path: str, message: str) -> Problem:
    return Problem(Location(file, "roadmap." + path), message)


def _successors(problem: RoadmapProblem) -> list[list[int]]:
    succ: list[list[int]] = [[] for _ in range(problem.n_steps)]
    for j, pre in enumerate(problem.prerequisites):
        for i in pre:
            succ[i].append(j)
    return succ


def roadmap_problem(
    scenario: Any,
    *,
    horizon: int | None = None,
    risk_budget: float | None = None,
    deterrence: Mapping[str, float] | None = None,
    consensus_periods: Iterable[int] | None = None,
    file: str | None = None,
) -> RoadmapProblem:
    """Build the numeric problem from a scenario's ``roadmap:`` section.

    Parameters
    ----------
    scenario : pactlab.scenario.Scenario
        A scenario with a roadmap section.
    horizon, risk_budget : optional
        Override the section's horizon and per-period risk budget.
    deterrence : mapping of step id or instrument id to float, optional
        Deterrence values per period from the deterrence engine; they replace the scenario's values.
    consensus_periods : iterable of int, optional
        Periods in which alliance consensus is reachable, from the negotiation engine; they replace
        the scenario's consensus windows.
    file : str, optional
        Name used in error locations (the scenario id when omitted).

    Raises
    ------
    PlanError
        Located at ``roadmap.steps[i]...`` for a precedence cycle, a step longer than the horizon or
        a use above a resource's capacity.
    """
    file = file or scenario.id
    section = scenario.roadmap
    if section is None:
        raise PlanError.at(file, "roadmap", "the scenario has no roadmap section")
    horizon = section.horizon if horizon is None else int(horizon)
    if horizon < 1:
        raise PlanError.at(file, "--horizon", f"the horizon must be at least 1, got {horizon}")
    budget = section.risk_budget if risk_budget is None else float(risk_budget)
    if not budget >= 0:
        raise PlanError.at(file, "--risk-budget", f"the risk budget must be >= 0, got {budget}")
    steps = section.steps
    index = {s.id: i for i, s in enumerate(steps)}
    prereq = [list(dict.fromkeys(index[p] for p in s.prerequisites)) for s in steps]
    _add_milestone_dependencies(scenario, steps, prereq)
    values = dict(deterrence or {})
    milestones = {m.id: m for m in scenario.milestones}
    instruments = {x.id: x for x in scenario.instruments}
    labels, benchmarks = [], []
    for s in steps:
        if s.milestone is not None:
            m = milestones[s.milestone]
            labels.append(("milestone", m.id, m.title))
            benchmarks.append(tuple((b.criterion, b.evidence) for b in m.benchmarks))
        else:
            x = instruments[s.instrument]
            labels.append(("instrument", x.id, x.title or x.id))
            benchmarks.append(())
    res_ids = tuple(r.id for r in section.resources)
    uses = tuple(tuple(sum(u.amount for u in s.uses if u.resource == r) for r in res_ids) for s in steps)
    if consensus_periods is None:
        windows = {t for w in section.consensus_windows for t in range(w.start, w.end + 1)}
    else:
        windows = {int(t) for t in consensus_periods}
    problem = RoadmapProblem(
        step_ids=tuple(s.id for s in steps),
        durations=tuple(s.duration for s in steps),
        prerequisites=tuple(tuple(p) for p in prereq),
        deterrence=tuple(
            float(values.get(s.id, values.get(s.instrument or "", s.deterrence))) for s in steps
        ),
        risk=tuple(s.escalation_risk for s in steps),
        optional=tuple(s.optional for s in steps),
        needs_consensus=tuple(s.needs_consensus for s in steps),
        resource_ids=res_ids,
        uses=uses,
        capacity=tuple(tuple(r.capacity_at(t) for t in range(horizon)) for r in section.resources),
        consensus_periods=frozenset(t for t in windows if t < horizon),
        horizon=horizon,
        risk_budget=budget,
        name=scenario.id,
        labels=tuple(labels),
        benchmarks=tuple(benchmarks),
        scenario_digest=scenario.digest,
    )
    return problem.validate(file)


def _add_milestone_dependencies(scenario: Any, steps: Any, prereq: list[list[int]]) -> None:
    """A milestone's ``depends_on`` becomes a prerequisite between the steps that carry them."""
    by_milestone = {s.milestone: i for i, s in enumerate(steps) if s.milestone is not None}
    for m in scenario.milestones:
        j = by_milestone.get(m.id)
        if j is None:
            continue
        for dep in m.depends_on:
            i = by_milestone.get(dep)
            if i is not None and i not in prereq[j]:
                prereq[j].append(i)


@dataclass(frozen=True, slots=True)
class StepPlan:
    """One step of a plan: in the plan or left out, with its start and end periods."""

    id: str
    kind: str
    ref: str
    title: str
    included: bool
    start: int | None
    end: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "included": self.included,
            "kind": self.kind,
            "ref": self.ref,
            "title": self.title,
        }


@dataclass(frozen=True, slots=True)
class MilestonePlan:
    """A milestone in the order the plan reaches it, with its verifiable benchmarks."""

    id: str
    title: str
    end: int
    benchmarks: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "end": self.end,
            "benchmarks": [{"criterion": c, "evidence": e} for c, e in self.benchmarks],
        }


@dataclass(frozen=True, slots=True)
class Binding:
    """A limit that constrains the plan: lifting it raises the optimal cumulative deterrence by
    ``gain`` (re-solved with that limit removed)."""

    constraint: str
    kind: str
    gain: float

    def to_dict(self) -> dict[str, Any]:
        return {"constraint": self.constraint, "kind": self.kind, "gain": self.gain}


@dataclass(frozen=True, slots=True)
class RoadmapPlan:
    """The optimiser's answer: when each step starts and ends, with the solver's verdict."""

    scenario: str
    horizon: int
    risk_budget: float
    objective: float
    peak_risk: float
    status: Status
    gap: float
    time_s: float
    steps: tuple[StepPlan, ...]
    milestones: tuple[MilestonePlan, ...] = ()
    binding: tuple[Binding, ...] = ()
    provenance: Provenance = field(default_factory=lambda: Provenance(model="roadmap.cpsat"))

    def starts(self) -> dict[str, int | None]:
        return {s.id: s.start for s in self.steps}

    def to_dict(self) -> dict[str, Any]:
        """The ``pactlab plan`` JSON contract (without the Pareto front), plus details."""
        return {
            "scenario": self.scenario,
            "status": self.status,
            "objective": self.objective,
            "steps": [{"id": s.id, "start": s.start, "end": s.end} for s in self.steps if s.included],
            "left_out": [s.id for s in self.steps if not s.included],
            "binding": [b.to_dict() for b in self.binding],
            "milestones": [m.to_dict() for m in self.milestones],
            "horizon": self.horizon,
            "risk_budget": self.risk_budget,
            "peak_risk": self.peak_risk,
            "gap": self.gap,
            "time_s": round(self.time_s, 4),
            "provenance": self.provenance.to_dict(),
        }

    def summary(self) -> str:
        """A few lines for the terminal."""
        lines = [
            f"{self.scenario}: cumulative deterrence {self.objective:.3f} ({self.status}, "
            f"peak risk {self.peak_risk:g} of {self.risk_budget:g}, {self.time_s:.2f} s)"
        ]
        for s in sorted(self.steps, key=lambda s: (s.start is None, s.start or 0, s.id)):
            when = f"{s.start:>3}-{s.end:<3}" if s.included else "  left out"
            lines.append(f"  {when} {s.id} ({s.kind})")
        if self.binding:
            lines.append("binding: " + ", ".join(f"{b.constraint} (+{b.gain:g})" for b in self.binding))
        return "\n".join(lines)
