"""The scenario format: pydantic v2 models, validated once at the edge.

A scenario is what an analyst writes by hand (YAML or JSON) or what a reader builds from the formats the
field already uses (decide ``#A/#P/#M/#D`` CSV, Bueno de Mesquita CSV). Every number an analyst supplies
(a capability, a position, a salience, a deterrence parameter) carries its source or the analyst's
rationale, so that the brief can say which numbers are estimates.

Cross-reference checks (unknown actors, issues or instruments, duplicate ids, cycles among milestones,
out-of-scale positions) run in :meth:`Scenario._check_references` and report every problem at once, each
with its field path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import cached_property
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pactlab.scenario.roadmap import RoadmapSection
from pactlab.scenario.taxonomy import DecisionRule, InstrumentKind, LegalForm

__all__ = [
    "Actor",
    "Benchmark",
    "Capability",
    "Decision",
    "DeterrenceSpec",
    "Instrument",
    "Issue",
    "Metadata",
    "Milestone",
    "Option",
    "OptionAdoption",
    "Parameter",
    "Position",
    "Prior",
    "ReferenceProblems",
    "Scale",
    "Scenario",
    "Source",
    "Trigger",
]

# Ids are short labels without control characters or surrounding blanks; readers of the field's formats
# keep the ids they find ("EU (incl Norway)"), hand-written scenarios use slugs ("usa", "membership-path").
Id = Annotated[
    str,
    Field(min_length=1, max_length=120, pattern=r"^[^\s\x00-\x1f](?:[^\x00-\x1f]*[^\s\x00-\x1f])?$"),
]
Unit = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Finite = Annotated[float, Field(allow_inf_nan=False)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class _Sourced(_Model):
    """A value that carries its source (a source id or a citation) or the analyst's rationale."""

    source: str | None = Field(default=None, description="Source id from metadata.sources, or a citation.")
    rationale: str | None = Field(default=None, description="The analyst's reason for the value.")

    @property
    def is_estimate(self) -> bool:
        """True when the value rests on the analyst's judgement rather than a cited measurement."""
        return self.source is None


class Source(_Model):
    """A document the scenario cites."""

    id: Id
    citation: str = Field(min_length=1)
    url: str | None = None


class Metadata(_Model):
    """Who, what and when."""

    id: Id
    title: str = Field(min_length=1)
    as_of: dt.date | None = Field(
        default=None, description="The date the scenario describes; None when the input does not say."
    )
    description: str = ""
    sources: tuple[Source, ...] = ()


class Capability(_Sourced):
    """An actor's capability (clout, power) on a stated measure."""

    value: Finite = Field(ge=0.0)
    measure: str = Field(default="", description="What the number measures, e.g. SIPRI milex 2022, USD bn.")


class Actor(_Model):
    """A state, organisation or other party."""

    id: Id
    name: str = Field(min_length=1)
    kind: Literal["state", "organisation", "coalition", "party", "group", "other"] = "state"
    groups: tuple[str, ...] = ()
    capability: Capability | None = None


class Scale(_Model):
    """An issue's scale: its bounds, unit and labelled anchor points."""

    lower: Finite
    upper: Finite
    unit: str = ""
    anchors: dict[str, str] = Field(
        default_factory=dict, description="Labelled points: a number (as text) -> what it means."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.upper > self.lower:
            raise ValueError(f"upper ({self.upper}) must be greater than lower ({self.lower})")
        for key in self.anchors:
            try:
                point = float(key)
            except ValueError as error:
                raise ValueError(f"anchor {key!r} is not a number on the scale") from error
            if not self.lower <= point <= self.upper:
                raise ValueError(f"anchor {key} lies outside [{self.lower}, {self.upper}]")
        return self


class Decision(_Model):
    """How an issue is decided, and by which group."""

    rule: DecisionRule = DecisionRule.UNANIMITY
    group: str | None = Field(default=None, description="The deciding group (e.g. NATO); None: all actors.")
    quota: Unit | None = Field(default=None, description="Share of weight needed under qualified majority.")


class Position(_Sourced):
    """One actor's stand on one issue."""

    actor: Id
    position: Finite
    salience: Unit
    capability: Finite | None = Field(default=None, ge=0.0, description="Issue-specific capability.")


class Issue(_Model):
    """A question on one dimension, with every actor's position on it."""

    id: Id
    title: str = Field(min_length=1)
    scale: Scale = Scale(lower=0.0, upper=100.0)
    status_quo: Finite | None = None
    decision: Decision = Decision()
    positions: tuple[Position, ...] = ()


class Trigger(_Model):
    """What sets an instrument off, e.g. strikes on civilian infrastructure above a threshold."""

    description: str = Field(min_length=1)
    indicator: str | None = None
    threshold: Finite | None = None


class Instrument(_Sourced):
    """A concrete guarantee instrument of the taxonomy."""

    id: Id
    kind: InstrumentKind
    title: str = ""
    legal_form: LegalForm = LegalForm.POLITICAL_DECLARATION
    trigger: Trigger | None = None
    capability: Unit = Field(default=0.0, description="Capability delivered, 0 (none) to 1 (decisive).")
    escalation_signal: Unit = Field(default=0.0, description="How strongly it signals escalation, 0-1.")
    verifiability: Unit = Field(default=0.0, description="How verifiable delivery is, 0-1.")
    guarantors: tuple[Id, ...] = ()


class OptionAdoption(_Model):
    """The issue on which an option is decided and the level at which it counts as adopted."""

    issue: Id
    level: Finite


class Option(_Model):
    """A guarantee option: a package of instruments given by guarantors."""

    id: Id
    title: str = Field(min_length=1)
    description: str = ""
    instruments: tuple[Id, ...] = ()
    guarantors: tuple[Id, ...] = ()
    adoption: OptionAdoption | None = None


class Benchmark(_Model):
    """A verifiable criterion and the evidence that shows it is met."""

    criterion: str = Field(min_length=1)
    evidence: str = Field(min_length=1)


class Milestone(_Model):
    """A step of a settlement or roadmap, with verifiable benchmarks."""

    id: Id
    title: str = Field(min_length=1)
    benchmarks: tuple[Benchmark, ...] = ()
    depends_on: tuple[Id, ...] = ()


class Prior(_Model):
    """A prior distribution over a parameter.

    Parameters by distribution: beta ``a, b``; normal ``mean, sd``; truncnormal ``mean, sd, lower,
    upper``; lognormal ``mean, sd`` of log(value) (so the median is exp(mean)); uniform ``lower, upper``;
    triangular ``lower, mode, upper``; fixed none (the parameter's value).
    """

    distribution: Literal["fixed", "beta", "normal", "truncnormal", "lognormal", "uniform", "triangular"]
    params: dict[str, Finite] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _params(self) -> Self:
        needed = {
            "fixed": set(),
            "beta": {"a", "b"},
            "normal": {"mean", "sd"},
            "truncnormal": {"mean", "sd", "lower", "upper"},
            "lognormal": {"mean", "sd"},
            "uniform": {"lower", "upper"},
            "triangular": {"lower", "mode", "upper"},
        }[self.distribution]
        missing = needed - set(self.params)
        if missing:
            raise ValueError(f"{self.distribution} prior needs {sorted(missing)}")
        extra = set(self.params) - needed
        if extra:
            raise ValueError(f"{self.distribution} prior has unknown parameters {sorted(extra)}")
        for key in ("sd", "a", "b"):
            if key in self.params and not self.params[key] > 0:
                raise ValueError(f"{key} must be positive")
        return self


class Parameter(_Sourced):
    """An overridable model parameter with its prior and source."""

    id: Id
    value: Finite
    prior: Prior | None = None
    description: str = ""


class DeterrenceSpec(_Model):
    """Deterrence settings: who challenges whom, and overrides of the engine's documented defaults."""

    challenger: Id | None = None
    target: Id | None = None
    armed_conflict: bool = Field(
        default=False,
        description="True when challenger and target are or were at war: only then is the durability "
        "of a settlement reported.",
    )
    profile: Id | None = Field(
        default=None, description="A shipped deterrence profile applied before the parameters below."
    )
    parameters: tuple[Parameter, ...] = ()


class Scenario(_Model):
    """A whole scenario: actors, issues, instruments, options, milestones and deterrence settings."""

    metadata: Metadata
    actors: tuple[Actor, ...] = Field(min_length=1)
    issues: tuple[Issue, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    options: tuple[Option, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    deterrence: DeterrenceSpec = DeterrenceSpec()
    roadmap: RoadmapSection = None

    @property
    def id(self) -> str:
        return self.metadata.id

    @cached_property
    def digest(self) -> str:
        """SHA-256 of a canonical form: independent of the order in which id'd items are listed."""
        canonical = _canonical(self.model_dump(mode="json"))
        text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(text.encode()).hexdigest()

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id."""
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        raise KeyError(actor_id)

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id."""
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        raise KeyError(issue_id)

    def instrument(self, instrument_id: str) -> Instrument:
        """The instrument with this id."""
        for instrument in self.instruments:
            if instrument.id == instrument_id:
                return instrument
        raise KeyError(instrument_id)

    def group_members(self, group: str | None) -> tuple[str, ...]:
        """Ids of the actors in ``group`` (all actors when ``group`` is None), in listed order."""
        return tuple(a.id for a in self.actors if group is None or group in a.groups)

    def to_arrays(self) -> Any:
        """The immutable NumPy view the models consume (:class:`~pactlab.scenario.arrays.ScenarioArrays`)."""
        from pactlab.scenario.arrays import ScenarioArrays

        return ScenarioArrays.from_scenario(self)

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        problems = _reference_problems(self)
        if problems:
            raise ReferenceProblems(problems)
        return self


class ReferenceProblems(ValueError):
    """Every cross-reference problem of a scenario at once, as (field path, message) pairs.

    pydantic wraps it as one error; :func:`pactlab.scenario.io.validate` splits it back into one located
    problem per pair.
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{path}: {message}" for path, message in problems))


def _canonical(value: Any) -> Any:
    """Sort lists of id'd items by id (and positions by actor) so that listing order does not matter."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        if items and all(isinstance(v, dict) and "id" in v for v in items):
            return sorted(items, key=lambda v: str(v["id"]))
        if items and all(isinstance(v, dict) and "actor" in v for v in items):
            return sorted(items, key=lambda v: str(v["actor"]))
        return items
    return value


def _duplicates(ids: list[str]) -> list[int]:
    seen: set[str] = set()
    dup = []
    for index, item in enumerate(ids):
        if item in seen:
            dup.append(index)
        seen.add(item)
    return dup


def _reference_problems(s: Scenario) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for name, items in (
        ("actors", s.actors),
        ("issues", s.issues),
        ("instruments", s.instruments),
        ("options", s.options),
        ("milestones", s.milestones),
    ):
        ids = [item.id for item in items]
        problems += [(f"{name}[{i}].id", f"duplicate id {ids[i]!r}") for i in _duplicates(ids)]
    problems += _source_problems(s)
    actors = {a.id for a in s.actors}
    groups = {g for a in s.actors for g in a.groups}
    for i, issue in enumerate(s.issues):
        problems += _issue_problems(f"issues[{i}]", issue, actors, groups)
    instruments = {x.id for x in s.instruments}
    for i, instrument in enumerate(s.instruments):
        problems += [
            (f"instruments[{i}].guarantors[{k}]", f"unknown actor {g!r}")
            for k, g in enumerate(instrument.guarantors)
            if g not in actors
        ]
    issues = {x.id: x for x in s.issues}
    for i, option in enumerate(s.options):
        problems += _option_problems(f"options[{i}]", option, actors, instruments, issues)
    problems += _milestone_problems(s.milestones)
    for field_name in ("challenger", "target"):
        ref = getattr(s.deterrence, field_name)
        if ref is not None and ref not in actors:
            problems.append((f"deterrence.{field_name}", f"unknown actor {ref!r}"))
    param_ids = [p.id for p in s.deterrence.parameters]
    problems += [
        (f"deterrence.parameters[{i}].id", f"duplicate id {param_ids[i]!r}") for i in _duplicates(param_ids)
    ]
    return problems


def _source_problems(s: Scenario) -> list[tuple[str, str]]:
    """Every actor capability and every position must carry a source or a rationale."""
    problems = []
    for i, actor in enumerate(s.actors):
        cap = actor.capability
        if cap is not None and not (cap.source or cap.rationale):
            problems.append((f"actors[{i}].capability", "needs a source or a rationale"))
    for i, issue in enumerate(s.issues):
        for k, pos in enumerate(issue.positions):
            if not (pos.source or pos.rationale):
                problems.append((f"issues[{i}].positions[{k}]", "needs a source or a rationale"))
    for i, param in enumerate(s.deterrence.parameters):
        if not (param.source or param.rationale):
            problems.append((f"deterrence.parameters[{i}]", "needs a source or a rationale"))
    return problems


def _issue_problems(path: str, issue: Issue, actors: set[str], groups: set[str]) -> list[tuple[str, str]]:
    problems = []
    lo, hi = issue.scale.lower, issue.scale.upper
    if not issue.positions:
        problems.append((f"{path}.positions", "an issue needs at least one actor's position"))
    if issue.status_quo is not None and not lo <= issue.status_quo <= hi:
        problems.append((f"{path}.status_quo", f"{issue.status_quo} lies outside the scale [{lo}, {hi}]"))
    group = issue.decision.group
    if group is not None and group not in groups and group not in actors:
        problems.append((f"{path}.decision.group", f"unknown group {group!r}"))
    seen: set[str] = set()
    for k, pos in enumerate(issue.positions):
        where = f"{path}.positions[{k}]"
        if pos.actor not in actors:
            problems.append((f"{where}.actor", f"unknown actor {pos.actor!r}"))
        if pos.actor in seen:
            problems.append((f"{where}.actor", f"duplicate position for actor {pos.actor!r}"))
        seen.add(pos.actor)
        if not lo <= pos.position <= hi:
            problems.append((f"{where}.position", f"{pos.position} lies outside the scale [{lo}, {hi}]"))
    return problems


def _option_problems(
    path: str,
    option: Option,
    actors: set[str],
    instruments: set[str],
    issues: dict[str, Issue],
) -> list[tuple[str, str]]:
    problems = [
        (f"{path}.instruments[{k}]", f"unknown instrument {ref!r}")
        for k, ref in enumerate(option.instruments)
        if ref not in instruments
    ]
    problems += [
        (f"{path}.guarantors[{k}]", f"unknown actor {ref!r}")
        for k, ref in enumerate(option.guarantors)
        if ref not in actors
    ]
    adoption = option.adoption
    if adoption is not None:
        issue = issues.get(adoption.issue)
        if issue is None:
            problems.append((f"{path}.adoption.issue", f"unknown issue {adoption.issue!r}"))
        elif not issue.scale.lower <= adoption.level <= issue.scale.upper:
            problems.append(
                (
                    f"{path}.adoption.level",
                    f"{adoption.level} lies outside the scale "
                    f"[{issue.scale.lower}, {issue.scale.upper}] of issue {issue.id!r}",
                )
            )
    return problems


def _milestone_problems(milestones: tuple[Milestone, ...]) -> list[tuple[str, str]]:
    known = {m.id for m in milestones}
    problems = [
        (f"milestones[{i}].depends_on[{k}]", f"unknown milestone {ref!r}")
        for i, m in enumerate(milestones)
        for k, ref in enumerate(m.depends_on)
        if ref not in known
    ]
    cycle = _find_cycle({m.id: [d for d in m.depends_on if d in known] for m in milestones})
    if cycle:
        index = next(i for i, m in enumerate(milestones) if m.id == cycle[0])
        problems.append((f"milestones[{index}].depends_on", "dependency cycle: " + " -> ".join(cycle)))
    return problems


def _find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """A cycle in a dependency graph as a closed path of ids, or None (iterative DFS)."""
    state: dict[str, int] = {}
    for root in sorted(graph):
        if state.get(root):
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = []
        while stack:
            node, child = stack.pop()
            if child == 0:
                state[node] = 1
                path.append(node)
            successors = graph.get(node, [])
            if child < len(successors):
                stack.append((node, child + 1))
                nxt = successors[child]
                if state.get(nxt) == 1:
                    return [*path[path.index(nxt) :], nxt]
                if not state.get(nxt):
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                path.pop()
    return None
