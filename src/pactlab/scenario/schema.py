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
from collections.abc import Mapping
from functools import cached_property
from typing import Any, Literal, Self

from pydantic import Field, PrivateAttr, model_validator

from pactlab.errors import Location
from pactlab.scenario._base import Finite, Id, Model, ReferenceProblems, Sourced, Unit, line_of, parse_path
from pactlab.scenario.arrays import ScenarioArrays
from pactlab.scenario.references import reference_problems
from pactlab.scenario.roadmap import RoadmapSection
from pactlab.scenario.taxonomy import DecisionRule, InstrumentKind, LegalForm
from pactlab.scenario.timeline import SourceDate

__all__ = [
    "Actor",
    "AnchorSource",
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


class Source(Model):
    """A document the scenario cites, with the date it was made public (see :mod:`.timeline`)."""

    id: Id
    citation: str = Field(min_length=1)
    url: str | None = None
    date: SourceDate | None = Field(
        default=None,
        description=(
            "When the text was first made public: YYYY-MM-DD, YYYY-MM, YYYY, or 'before/after YYYY-MM-DD'. "
            "Needed for every cited source once metadata.as_of is set."
        ),
    )
    covers: SourceDate | None = Field(
        default=None,
        description=(
            "For a data set: the period its figures measure (e.g. 2022). A capability may cite data "
            "published after the cut-off only for a period that ended by it (a later vintage)."
        ),
    )


class Metadata(Model):
    """Who, what and when."""

    id: Id
    title: str = Field(min_length=1)
    as_of: dt.date | None = Field(
        default=None,
        description=(
            "The cut-off: the last day whose public record the scenario uses; the decision it forecasts "
            "comes later. None when the input does not say (no time checks)."
        ),
    )
    retrospective: str | None = Field(
        default=None,
        min_length=1,
        description=(
            "Why the inputs were coded after as_of on purpose (e.g. a replication of a published study's "
            "retrospective data). Exempts the scenario from the cut-off checks; it cannot be backtested."
        ),
    )
    description: str = ""
    sources: tuple[Source, ...] = ()


class Capability(Sourced):
    """An actor's capability (clout, power) on a stated measure."""

    value: Finite = Field(ge=0.0)
    measure: str = Field(default="", description="What the number measures, e.g. SIPRI milex 2022, USD bn.")


class Actor(Model):
    """A state, organisation or other party."""

    id: Id
    name: str = Field(min_length=1)
    kind: Literal["state", "organisation", "coalition", "party", "group", "other"] = "state"
    groups: tuple[str, ...] = ()
    capability: Capability | None = None
    capabilities: dict[Id, Capability] = Field(
        default_factory=dict,
        description="Further named measures (gdp, population, votes...) that an issue's decision can "
        "choose as capability or as vote weights; `capability` is the default measure.",
    )


class AnchorSource(Sourced):
    """Where an anchor's option comes from: the proposal, draft or statement that put it on the table."""


class Scale(Model):
    """An issue's scale: its bounds, unit and labelled anchor points (and, optionally, their sources)."""

    lower: Finite
    upper: Finite
    unit: str = ""
    anchors: dict[str, str] = Field(
        default_factory=dict, description="Labelled points: a number (as text) -> what it means."
    )
    anchor_sources: dict[str, AnchorSource] = Field(
        default_factory=dict,
        description="For an anchor (same key): the source or rationale of the option it labels.",
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
        labelled = {float(key) for key in self.anchors}
        for key in self.anchor_sources:
            try:
                point = float(key)
            except ValueError as error:
                raise ValueError(f"anchor source {key!r} is not a number on the scale") from error
            if point not in labelled:
                raise ValueError(f"anchor source {key!r} has no anchor with that number")
        return self


class Decision(Model):
    """How an issue is decided, by which group, and what weighs (docs/negotiation.md).

    Only members of ``group`` vote or veto; an actor outside it takes part in the bargain only through
    ``lobbying``. Cross-field checks (known measures, vote weights where the rule needs them, abstainers
    without a position) are the negotiation engine's (:func:`pactlab.negotiate.check_scenario`).
    """

    rule: DecisionRule = DecisionRule.UNANIMITY
    group: str | None = Field(default=None, description="The deciding group (e.g. NATO); None: all actors.")
    quota: Unit | None = Field(
        default=None,
        description="Share of all members' votes needed under qualified_majority (required there).",
    )
    votes: Id | None = Field(
        default=None,
        description="The named measure (a key of the actors' `capabilities`) that gives each member's "
        "votes: required under qualified_majority; under majority, None gives one vote each.",
    )
    capability: Id | None = Field(
        default=None,
        description="The named measure that weighs the actors on this issue; None: each actor's "
        "`capability` (or a position's own).",
    )
    abstaining: tuple[Id, ...] = Field(
        default=(), description="Members of the group that state no position and abstain explicitly."
    )
    lobbying: dict[Id, Unit] = Field(
        default_factory=dict,
        description="Actors outside the group that weigh on the bargain: actor id -> the share of its "
        "capability x salience that counts. They never vote or veto.",
    )
    rationale: str | None = Field(
        default=None, description="Why this rule, group and measure (printed with the weights)."
    )


class Position(Sourced):
    """One actor's stand on one issue."""

    actor: Id
    position: Finite
    salience: Unit
    capability: Finite | None = Field(default=None, ge=0.0, description="Issue-specific capability.")


class Issue(Model):
    """A question on one dimension, with every actor's position on it."""

    id: Id
    title: str = Field(min_length=1)
    scale: Scale = Scale(lower=0.0, upper=100.0)
    status_quo: Finite | None = None
    decision: Decision = Decision()
    positions: tuple[Position, ...] = ()


class Trigger(Model):
    """What sets an instrument off, e.g. strikes on civilian infrastructure above a threshold."""

    description: str = Field(min_length=1)
    indicator: str | None = None
    threshold: Finite | None = None


class Instrument(Sourced):
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


class OptionAdoption(Model):
    """The issue on which an option is decided and the level at which it counts as adopted."""

    issue: Id
    level: Finite


class Option(Model):
    """A guarantee option: a package of instruments given by guarantors."""

    id: Id
    title: str = Field(min_length=1)
    description: str = ""
    instruments: tuple[Id, ...] = ()
    guarantors: tuple[Id, ...] = ()
    adoption: OptionAdoption | None = None


class Benchmark(Model):
    """A verifiable criterion and the evidence that shows it is met."""

    criterion: str = Field(min_length=1)
    evidence: str = Field(min_length=1)


class Milestone(Model):
    """A step of a settlement or roadmap, with verifiable benchmarks."""

    id: Id
    title: str = Field(min_length=1)
    benchmarks: tuple[Benchmark, ...] = ()
    depends_on: tuple[Id, ...] = ()


class Prior(Model):
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


class Parameter(Sourced):
    """An overridable model parameter with its prior and source."""

    id: Id
    value: Finite
    prior: Prior | None = None
    description: str = ""


class DeterrenceSpec(Model):
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


class Scenario(Model):
    """A whole scenario: actors, issues, instruments, options, milestones and deterrence settings."""

    metadata: Metadata
    actors: tuple[Actor, ...] = Field(min_length=1)
    issues: tuple[Issue, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    options: tuple[Option, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    deterrence: DeterrenceSpec = DeterrenceSpec()
    roadmap: RoadmapSection = None

    _origin: tuple[str, dict[tuple[str | int, ...], int]] | None = PrivateAttr(default=None)

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

    def to_arrays(self) -> ScenarioArrays:
        """The immutable NumPy view the models consume (:class:`~pactlab.scenario.arrays.ScenarioArrays`)."""
        return ScenarioArrays.from_scenario(self)

    @property
    def origin(self) -> str:
        """The name of the file (or catalog entry) the scenario was read from, else its id."""
        return self._origin[0] if self._origin is not None else self.metadata.id

    def locate(self, path: str) -> Location:
        """Where a field path (``"deterrence.parameters[2].id"``) is: the file, the path, and its line.

        Engines that find a problem in a valid scenario report it by field path; this turns the path into
        the ``file:line:path`` location a reader can act on (the line of the deepest part of the path the
        file has; no line for scenarios built in code or read from formats without lines).
        """
        if self._origin is None:
            return Location(self.metadata.id, path)
        name, lines = self._origin
        return Location(name, path, line_of(lines, parse_path(path)))

    def __eq__(self, other: object) -> bool:
        # equal content is an equal scenario, wherever it was read from (the origin is not compared)
        if not isinstance(other, Scenario):
            return NotImplemented
        fields = type(self).model_fields
        return all(self.__dict__.get(name) == other.__dict__.get(name) for name in fields)

    __hash__ = None  # type: ignore[assignment]  # holds mappings: never hashable

    def with_origin(self, name: str, lines: Mapping[tuple[str | int, ...], int]) -> Self:
        """Record the file the scenario came from and the line of each field path (readers call it)."""
        self._origin = (name, dict(lines))
        return self

    @model_validator(mode="after")
    def _check_references(self) -> Self:
        problems = reference_problems(self)
        if problems:
            raise ReferenceProblems(problems)
        return self


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
