"""What ``pactlab plan`` needs of a scenario's ``roadmap:`` section, checked before any solver runs.

The schema (:mod:`pactlab.scenario.roadmap`) already checks that every reference exists (steps name
instruments and milestones of the scenario, uses name declared resources, prerequisites name steps) and
that there is no precedence cycle. This module checks what makes a plan impossible or silently different
from what the section says, for the horizon and risk budget the plan will use:

* a step longer than the horizon, or a chain of required steps (prerequisites and milestone
  dependencies) that cannot end within it;
* a step that uses more of a resource per period than the resource ever has;
* a required step whose escalation risk alone exceeds the per-period risk budget;
* a required step that needs consensus with no consensus window it can start in and still finish;
* a milestone step whose milestone depends on a milestone without a step (the dependency would be
  dropped), and two steps for the same instrument or milestone (its deterrence counted twice).

Every problem is a (field path, message) pair; :func:`pactlab.checks.check_scenario` locates them in the
file. This module imports no solver, so that ``pactlab scenarios validate`` stays fast.
"""

from __future__ import annotations

import math
from graphlib import CycleError, TopologicalSorter

from pactlab.scenario import Scenario
from pactlab.scenario.roadmap import Roadmap, RoadmapStep

__all__ = ["check_scenario", "roadmap_problems"]

Problems = list[tuple[str, str]]


def check_scenario(scenario: Scenario) -> Problems:
    """(field path, message) for each problem ``plan`` would meet with the scenario's own settings.

    A scenario without a roadmap section has nothing to check here (``plan`` says so when asked).

    Examples
    --------
    >>> from pactlab.scenario import load_scenario
    >>> check_scenario(load_scenario("vilnius-2023"))
    []
    """
    return roadmap_problems(scenario)


def roadmap_problems(
    scenario: Scenario,
    *,
    horizon: int | None = None,
    risk_budget: float | None = None,
    windows: bool = True,
) -> Problems:
    """The problems of :func:`check_scenario` for a given horizon and risk budget (the section's when
    None), as ``pactlab plan --horizon N --risk-budget X`` would meet them; ``windows=False`` leaves
    out the checks of the consensus windows (when the negotiation engine supplies the periods)."""
    section = scenario.roadmap
    if section is None:
        return []
    horizon = section.horizon if horizon is None else horizon
    budget = section.risk_budget if risk_budget is None else risk_budget
    problems: Problems = []
    problems += _step_problems(section, horizon, budget, windows)
    problems += _chain_problems(scenario, section, horizon)
    problems += _milestone_problems(scenario, section)
    problems += _twin_problems(section)
    return problems


def _step_problems(section: Roadmap, horizon: int, budget: float, windows: bool) -> Problems:
    problems: Problems = []
    most = {r.id: max(r.capacity) if isinstance(r.capacity, tuple) else r.capacity for r in section.resources}
    for i, step in enumerate(section.steps):
        where = f"roadmap.steps[{i}]"
        if step.duration > horizon:
            problems.append(
                (
                    f"{where}.duration",
                    f"step {step.id!r} takes {step.duration} periods, longer than the horizon of {horizon}",
                )
            )
        for k, use in enumerate(step.uses):
            cap = most.get(use.resource, math.inf)
            if use.amount > cap + 1e-9:
                problems.append(
                    (
                        f"{where}.uses[{k}].amount",
                        f"step {step.id!r} needs {use.amount:g} of {use.resource!r} per period but its "
                        f"capacity is at most {cap:g}",
                    )
                )
        if not step.optional and step.escalation_risk > budget + 1e-9:
            problems.append(
                (
                    f"{where}.escalation_risk",
                    f"the risk budget {budget:g} per period is too small: step {step.id!r} alone adds "
                    f"{step.escalation_risk:g} per period, and the step is required",
                )
            )
        if (
            windows
            and step.needs_consensus
            and not step.optional
            and not _window_fits(section, step, horizon)
        ):
            problems.append(
                (
                    f"{where}.needs_consensus",
                    f"required step {step.id!r} needs consensus, but no consensus window lets it start "
                    f"and finish its {_periods(step.duration)} within the horizon of {horizon}",
                )
            )
    return problems


def _periods(n: int) -> str:
    return f"{n} period" if n == 1 else f"{n} periods"


def _window_fits(section: Roadmap, step: RoadmapStep, horizon: int) -> bool:
    latest = horizon - step.duration
    return any(w.start <= latest for w in section.consensus_windows)


def _chain_problems(scenario: Scenario, section: Roadmap, horizon: int) -> Problems:
    """The longest chain of required steps, with each step's prerequisites, must end within the horizon."""
    steps = {s.id: s for s in section.steps}
    before = _predecessors(scenario, section)
    try:
        order = list(TopologicalSorter(before).static_order())
    except CycleError:
        return []  # the schema reports the cycle
    finish: dict[str, int] = {}
    via: dict[str, str | None] = {}
    for sid in order:
        if sid not in steps:
            continue
        first = max(before.get(sid, ()), key=lambda p: finish.get(p, 0), default=None)
        finish[sid] = finish.get(first, 0) + steps[sid].duration if first else steps[sid].duration
        via[sid] = first
    required = [s.id for s in section.steps if not s.optional]
    if not required:
        return []
    last = max(required, key=lambda sid: finish[sid])
    if finish[last] <= horizon or steps[last].duration > horizon:
        return []  # fits, or the step alone is too long (reported at its duration)
    chain = [last]
    while via[chain[-1]] is not None:
        chain.append(str(via[chain[-1]]))
    index = next(i for i, s in enumerate(section.steps) if s.id == last)
    return [
        (
            f"roadmap.steps[{index}]",
            f"required step {last!r} cannot end within the horizon of {horizon}: its chain "
            f"{' -> '.join(reversed(chain))} takes {finish[last]} periods",
        )
    ]


def _predecessors(scenario: Scenario, section: Roadmap) -> dict[str, set[str]]:
    """Each step's prerequisites, with the milestone dependencies that ``plan`` adds between steps."""
    known = {s.id for s in section.steps}
    before = {s.id: {p for p in s.prerequisites if p in known} for s in section.steps}
    by_milestone = {s.milestone: s.id for s in section.steps if s.milestone is not None}
    for milestone in scenario.milestones:
        sid = by_milestone.get(milestone.id)
        if sid is None:
            continue
        before[sid] |= {by_milestone[d] for d in milestone.depends_on if d in by_milestone}
    return before


def _milestone_problems(scenario: Scenario, section: Roadmap) -> Problems:
    with_step = {s.milestone for s in section.steps if s.milestone is not None}
    depends = {m.id: m.depends_on for m in scenario.milestones}
    problems: Problems = []
    for i, step in enumerate(section.steps):
        if step.milestone is None:
            continue
        for dep in depends.get(step.milestone, ()):
            if dep not in with_step:
                problems.append(
                    (
                        f"roadmap.steps[{i}].milestone",
                        f"milestone {step.milestone!r} depends on {dep!r}, which has no roadmap step: the "
                        f"plan could not respect the dependency (add a step for {dep!r})",
                    )
                )
    return problems


def _twin_problems(section: Roadmap) -> Problems:
    first: dict[tuple[str, str], int] = {}
    problems: Problems = []
    for i, step in enumerate(section.steps):
        kind, ref = (
            ("instrument", step.instrument) if step.instrument is not None else ("milestone", step.milestone)
        )
        key = (kind, str(ref))
        if key in first:
            problems.append(
                (
                    f"roadmap.steps[{i}].{kind}",
                    f"{kind} {ref!r} already has a step (roadmap.steps[{first[key]}]): its deterrence would "
                    "count twice",
                )
            )
        else:
            first[key] = i
    return problems
