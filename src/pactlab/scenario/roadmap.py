"""The scenario's ``roadmap:`` section: resources, steps and consensus windows for the roadmap
optimiser.

A roadmap schedules a scenario's instruments and milestones over discrete periods (quarters by
default). Every step has a duration, prerequisites, a use per period of declared resources while
it is
being put in place, a deterrence value per period once in force, an escalation-risk contribution per
period while it is being put in place, and whether it needs alliance consensus (then it may start
only
in a consensus window) or only willing guarantors. Every number carries its source or the analyst's
rationale (checked here), and every reference (step -> instrument or milestone, use -> resource,
prerequisite -> step) is checked against the scenario when the section is part of a
:class:`~pactlab.scenario.schema.Scenario` (see :data:`RoadmapSection`).
"""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter
from typing import Annotated, Any, Self

from pydantic import AfterValidator, Field, ValidationInfo, model_validator

from pactlab.scenario._base import Id, Model, NonNegative, ReferenceProblems, SourcedRequired
from pactlab.scenario._ids import unknown_message

__all__ = [
    "ConsensusWindow",
    "ResourceUse",
    "Roadmap",
    "RoadmapResource",
    "RoadmapSection",
    "RoadmapStep",
    "roadmap_reference_problems",
]


class RoadmapResource(SourcedRequired):
    """A limited means (stockpile, budget, training capacity) with a capacity per period.

    ``capacity`` is one number for every period, or a list giving each period's capacity (the last
    value
    holds for the periods after the list ends).
    """

    id: Id
    title: str = Field(min_length=1)
    unit: str = ""
    capacity: NonNegative | tuple[NonNegative, ...]

    def capacity_at(self, period: int) -> float:
        """The capacity in ``period`` (0-based)."""
        if isinstance(self.capacity, tuple):
            return self.capacity[min(period, len(self.capacity) - 1)] if self.capacity else 0.0
        return self.capacity


class ResourceUse(Model):
    """How much of a resource a step uses in each period while it is being put in place."""

    resource: Id
    amount: NonNegative


class RoadmapStep(SourcedRequired):
    """An instrument or a milestone to schedule (exactly one of ``instrument`` and
    ``milestone``)."""

    id: Id
    instrument: Id | None = None
    milestone: Id | None = None
    duration: int = Field(ge=1, description="Periods needed to put the step in place.")
    prerequisites: tuple[Id, ...] = Field(default=(), description="Steps that must be finished first.")
    uses: tuple[ResourceUse, ...] = ()
    deterrence: NonNegative = Field(default=0.0, description="Deterrence per period once in force.")
    escalation_risk: NonNegative = Field(
        default=0.0, description="Escalation-risk contribution per period while being put in place."
    )
    needs_consensus: bool = Field(
        default=False, description="True: alliance consensus (start only in a consensus window)."
    )
    optional: bool = Field(default=False, description="True: the plan may leave the step out.")

    @model_validator(mode="after")
    def _one_target(self) -> Self:
        if (self.instrument is None) == (self.milestone is None):
            raise ValueError("a step names exactly one of 'instrument' and 'milestone'")
        return self


class ConsensusWindow(SourcedRequired):
    """Periods ``start`` .. ``end`` (inclusive) in which alliance consensus is reachable."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class Roadmap(SourcedRequired):
    """The roadmap section: the horizon, the per-period escalation-risk budget, resources and
    steps."""

    period: str = Field(default="quarter", description="The unit of time of every duration.")
    first_period: str = Field(default="", description="Label of period 0, e.g. '2023-Q3'.")
    horizon: int = Field(ge=1, description="Number of periods planned.")
    risk_budget: NonNegative = Field(description="Escalation-risk budget per period.")
    resources: tuple[RoadmapResource, ...] = ()
    steps: tuple[RoadmapStep, ...] = Field(min_length=1)
    consensus_windows: tuple[ConsensusWindow, ...] = ()

    @model_validator(mode="after")
    def _internal_references(self) -> Self:
        problems = _internal_problems(self, "roadmap.")
        if problems:
            raise ReferenceProblems(problems)
        return self


def _internal_problems(roadmap: Roadmap, prefix: str) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for name, ids in (
        ("resources", [r.id for r in roadmap.resources]),
        ("steps", [s.id for s in roadmap.steps]),
    ):
        seen: set[str] = set()
        for i, item in enumerate(ids):
            if item in seen:
                problems.append((f"{prefix}{name}[{i}].id", f"duplicate id {item!r}"))
            seen.add(item)
    steps = {s.id for s in roadmap.steps}
    resources = {r.id for r in roadmap.resources}
    for i, step in enumerate(roadmap.steps):
        where = f"{prefix}steps[{i}]"
        problems += [
            (f"{where}.prerequisites[{k}]", unknown_message("step", ref, [s.id for s in roadmap.steps]))
            for k, ref in enumerate(step.prerequisites)
            if ref not in steps
        ]
        problems += [
            (
                f"{where}.uses[{k}].resource",
                unknown_message("resource", use.resource, [r.id for r in roadmap.resources]),
            )
            for k, use in enumerate(step.uses)
            if use.resource not in resources
        ]
    graph = {s.id: [p for p in s.prerequisites if p in steps] for s in roadmap.steps}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:
        cycle = [str(node) for node in error.args[1]][::-1]
        index = next(i for i, s in enumerate(roadmap.steps) if s.id == cycle[0])
        problems.append((f"{prefix}steps[{index}].prerequisites", "precedence cycle: " + " -> ".join(cycle)))
    return problems


def roadmap_reference_problems(
    roadmap: Roadmap, instruments: set[str], milestones: set[str], prefix: str = "roadmap."
) -> list[tuple[str, str]]:
    """Steps that name an instrument or milestone the scenario does not have, as (path, message)."""
    problems: list[tuple[str, str]] = []
    for i, step in enumerate(roadmap.steps):
        if step.instrument is not None and step.instrument not in instruments:
            message = unknown_message("instrument", step.instrument, sorted(instruments))
            problems.append((f"{prefix}steps[{i}].instrument", message))
        if step.milestone is not None and step.milestone not in milestones:
            message = unknown_message("milestone", step.milestone, sorted(milestones))
            problems.append((f"{prefix}steps[{i}].milestone", message))
    return problems


def _check_against_scenario(value: Roadmap | None, info: ValidationInfo) -> Roadmap | None:
    """Check the section's references against the scenario's instruments and milestones.

    Runs as the field's after-validator, so it sees the scenario fields validated before it
    (``info.data``); problems are raised as the schema's ``ReferenceProblems``, one located line
    each.
    """
    if value is None:
        return None
    data: dict[str, Any] = info.data
    instruments = {x.id for x in data.get("instruments", ())}
    milestones = {m.id for m in data.get("milestones", ())}
    problems = roadmap_reference_problems(value, instruments, milestones)
    if problems:
        raise ReferenceProblems(problems)
    return value


RoadmapSection = Annotated[Roadmap | None, AfterValidator(_check_against_scenario)]
"""The type of ``Scenario.roadmap``: an optional :class:`Roadmap` checked against the scenario."""
