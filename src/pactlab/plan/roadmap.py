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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pactlab.errors import Location, ParameterError, Problem
from pactlab.plan.checks import roadmap_problems
from pactlab.plan.project import PlanError, check_risk_budget, find_cycle
from pactlab.plan.results import Binding, MilestonePlan, RoadmapPlan, StepPlan
from pactlab.scenario import Scenario
from pactlab.scenario.roadmap import RoadmapStep

__all__ = [
    "Binding",
    "MilestonePlan",
    "RoadmapPlan",
    "RoadmapProblem",
    "StepPlan",
    "roadmap_problem",
]  # the result types live in pactlab.plan.results and are re-exported here


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
    scenario: Scenario,
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
        Override the section's horizon (an int >= 1) and per-period risk budget (a finite number >= 0).
    deterrence : mapping of step id or instrument id to float, optional
        Deterrence values per period from the deterrence engine; they replace the scenario's values.
    consensus_periods : iterable of int, optional
        Periods in which alliance consensus is reachable, from the negotiation engine; they replace
        the scenario's consensus windows.
    file : str, optional
        Name used in error locations instead of the scenario's file (:meth:`Scenario.locate`).

    Raises
    ------
    ParameterError
        For a horizon below 1 or a risk budget that is negative or not finite (named ``horizon`` or
        ``risk_budget``).
    PlanError
        Every problem of :func:`pactlab.plan.checks.roadmap_problems` for this horizon and budget,
        located at its field and line (a step longer than the horizon, a use above a capacity...).
    """
    section = scenario.roadmap
    if section is None:
        where = Location(file or scenario.origin, "roadmap")  # no line: the file has no such section
        raise PlanError(Problem(where, "the scenario has no roadmap section"))
    horizon = section.horizon if horizon is None else _horizon(horizon)
    budget = section.risk_budget if risk_budget is None else check_risk_budget(risk_budget)
    found = roadmap_problems(scenario, horizon=horizon, risk_budget=budget, windows=consensus_periods is None)
    if found:
        raise PlanError([_located(scenario, file, path, message) for path, message in found])
    steps = section.steps
    index = {s.id: i for i, s in enumerate(steps)}
    prereq = [list(dict.fromkeys(index[p] for p in s.prerequisites)) for s in steps]
    _add_milestone_dependencies(scenario, steps, prereq)
    labels, benchmarks = _labels(scenario, steps)
    values = dict(deterrence or {})
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
    return problem.validate(file or scenario.origin)


def _located(scenario: Scenario, file: str | None, path: str, message: str) -> Problem:
    where = scenario.locate(path)
    return Problem(Location(file, where.path, where.line) if file else where, message)


def _horizon(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ParameterError("horizon", f"must be a whole number of periods, at least 1, not {value!r}")
    return value


def _labels(
    scenario: Scenario, steps: Sequence[RoadmapStep]
) -> tuple[list[tuple[str, str, str]], list[tuple[tuple[str, str], ...]]]:
    """Per step: (kind, the id it refers to, title), and the benchmarks of milestones."""
    milestones = {m.id: m for m in scenario.milestones}
    instruments = {x.id: x for x in scenario.instruments}
    labels: list[tuple[str, str, str]] = []
    benchmarks: list[tuple[tuple[str, str], ...]] = []
    for s in steps:
        if s.milestone is not None:
            m = milestones[s.milestone]
            labels.append(("milestone", m.id, m.title))
            benchmarks.append(tuple((b.criterion, b.evidence) for b in m.benchmarks))
        else:
            x = instruments[str(s.instrument)]
            labels.append(("instrument", x.id, x.title or x.id))
            benchmarks.append(())
    return labels, benchmarks


def _add_milestone_dependencies(
    scenario: Scenario, steps: Sequence[RoadmapStep], prereq: list[list[int]]
) -> None:
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
