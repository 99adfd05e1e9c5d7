"""ScenarioArrays: the immutable NumPy view every model consumes, built once per scenario.

Positions are normalised to 0-100 on each issue's scale (``to_units`` and ``from_units`` convert both
ways); a missing actor-issue cell is a mask (``mask`` False and NaN in ``positions``, ``salience`` and
``capability``), never a zero. An actor without a stated capability counts with capability 1. Who
decides each issue (its rule, the members of its deciding group, their votes, outsiders' lobbying
shares, the capability measure it names) is :class:`DecisionArrays`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pactlab.errors import Problem, ScenarioError

if TYPE_CHECKING:
    from pactlab.scenario.schema import Actor, Issue, Scenario

__all__ = ["DecisionArrays", "ScenarioArrays", "measure_value"]

FloatArray = NDArray[np.float64]


def _frozen(array: ArrayLike, dtype: type = np.float64) -> NDArray[np.float64]:
    out: NDArray[np.float64] = np.array(array, dtype=dtype)
    out.flags.writeable = False
    return out


def measure_value(actor: Actor, measure: str | None) -> float | None:
    """The actor's value on a named capability measure (``None``: its default ``capability``, 1 when it
    states none); ``None`` when the actor does not define the named measure."""
    if measure is None:
        return actor.capability.value if actor.capability is not None else 1.0
    named = actor.capabilities.get(measure)
    return None if named is None else named.value


@dataclass(frozen=True, eq=False)
class DecisionArrays:
    """Who decides each issue, over actors (rows) and issues (columns).

    Attributes
    ----------
    rule : per issue, ``"unanimity"``, ``"majority"``, ``"qualified_majority"`` or
        ``"coalition_of_the_willing"``.
    group : per issue, the deciding group's label (None: every actor).
    member : (n_actors, n_issues) True for the members of the deciding group (voters).
    abstain : (n_actors, n_issues) True for members that abstain explicitly (no position).
    influence : (n_actors, n_issues) the share of capability x salience with which an actor weighs on
        the bargain: 1 for members, the lobbying share for an outsider the scenario names, else 0.
    votes : (n_actors, n_issues) each member's votes (1 each unless the decision names a measure), 0
        for outsiders.
    quota : (n_issues,) the share of all members' votes a qualified majority needs, NaN elsewhere.
    measure : per issue, the named capability measure the issue uses (None: the default measure).
    """

    rule: tuple[str, ...]
    group: tuple[str | None, ...]
    member: NDArray[np.bool_]
    abstain: NDArray[np.bool_]
    influence: FloatArray
    votes: FloatArray
    quota: FloatArray
    measure: tuple[str | None, ...]

    @classmethod
    def everyone(cls, n_actors: int, n_issues: int) -> DecisionArrays:
        """Every actor decides every issue by unanimity, one vote each, on the default measure."""
        shape = (n_actors, n_issues)
        return cls(
            rule=("unanimity",) * n_issues,
            group=(None,) * n_issues,
            member=_frozen(np.ones(shape, dtype=bool), dtype=bool),  # type: ignore[arg-type]
            abstain=_frozen(np.zeros(shape, dtype=bool), dtype=bool),  # type: ignore[arg-type]
            influence=_frozen(np.ones(shape)),
            votes=_frozen(np.ones(shape)),
            quota=_frozen(np.full(n_issues, np.nan)),
            measure=(None,) * n_issues,
        )

    def take(self, order: ArrayLike) -> DecisionArrays:
        """The same decisions with the actors (rows) listed in ``order``."""
        rows = np.asarray(order)
        return DecisionArrays(
            rule=self.rule,
            group=self.group,
            member=_frozen(self.member[rows], dtype=bool),  # type: ignore[arg-type]
            abstain=_frozen(self.abstain[rows], dtype=bool),  # type: ignore[arg-type]
            influence=_frozen(self.influence[rows]),
            votes=_frozen(self.votes[rows]),
            quota=self.quota,
            measure=self.measure,
        )


def _decisions(scenario: Scenario) -> DecisionArrays:
    actors = [a.id for a in scenario.actors]
    shape = (len(actors), len(scenario.issues))
    member, abstain = np.zeros(shape, dtype=bool), np.zeros(shape, dtype=bool)
    influence, votes = np.zeros(shape), np.zeros(shape)
    quota = np.full(shape[1], np.nan)
    problems: list[Problem] = []
    for col, issue in enumerate(scenario.issues):
        d = issue.decision
        ids = set(_group(scenario, issue))
        for k, actor in enumerate(scenario.actors):
            member[k, col] = actor.id in ids
            abstain[k, col] = member[k, col] and actor.id in d.abstaining
            influence[k, col] = 1.0 if member[k, col] else d.lobbying.get(actor.id, 0.0)
            if member[k, col]:
                value = 1.0 if d.votes is None else measure_value(actor, d.votes)
                if value is None:
                    where = scenario.locate(f"actors[{k}].capabilities")
                    problems.append(Problem(where, f"no {d.votes!r} measure for the votes of {issue.id}"))
                votes[k, col] = np.nan if value is None else value
        if d.quota is not None:
            quota[col] = d.quota
    if problems:
        raise ScenarioError(problems)
    return DecisionArrays(
        rule=tuple(i.decision.rule.value for i in scenario.issues),
        group=tuple(i.decision.group for i in scenario.issues),
        member=_frozen(member, dtype=bool),  # type: ignore[arg-type]
        abstain=_frozen(abstain, dtype=bool),  # type: ignore[arg-type]
        influence=_frozen(influence),
        votes=_frozen(votes),
        quota=_frozen(quota),
        measure=tuple(i.decision.capability for i in scenario.issues),
    )


def _group(scenario: Scenario, issue: Issue) -> tuple[str, ...]:
    """Ids of the deciding group's members: a group label, an actor id, or (None) every actor."""
    group = issue.decision.group
    if group is not None and group in {a.id for a in scenario.actors}:
        return (group,)
    return scenario.group_members(group)


@dataclass(frozen=True, eq=False)
class ScenarioArrays:
    """Arrays over actors (rows) and issues (columns).

    Attributes
    ----------
    positions : (n_actors, n_issues) positions on 0-100, NaN where masked.
    salience : (n_actors, n_issues) saliences in [0, 1], NaN where masked.
    capability : (n_actors, n_issues) issue-specific capability, else the actor's, NaN where masked.
    mask : (n_actors, n_issues) True where the actor has a position on the issue.
    lower, upper : (n_issues,) the scale's bounds in the issue's own units.
    status_quo : (n_issues,) the status quo on 0-100, NaN where none is given.
    decision : who decides each issue (None: every actor, by unanimity; see :attr:`decisions`).
    """

    scenario_id: str
    digest: str
    actor_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    positions: FloatArray
    salience: FloatArray
    capability: FloatArray
    mask: NDArray[np.bool_]
    lower: FloatArray
    upper: FloatArray
    status_quo: FloatArray
    decision: DecisionArrays | None = field(default=None, repr=False)

    @property
    def decisions(self) -> DecisionArrays:
        """Who decides each issue (every actor by unanimity when the arrays were built without)."""
        if self.decision is not None:
            return self.decision
        return DecisionArrays.everyone(self.n_actors, self.n_issues)

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> ScenarioArrays:
        actors = tuple(a.id for a in scenario.actors)
        issues = tuple(i.id for i in scenario.issues)
        row = {a: k for k, a in enumerate(actors)}
        shape = (len(actors), len(issues))
        pos = np.full(shape, np.nan)
        sal = np.full(shape, np.nan)
        cap = np.full(shape, np.nan)
        decision = _decisions(scenario)
        lower = np.array([i.scale.lower for i in scenario.issues], dtype=float)
        upper = np.array([i.scale.upper for i in scenario.issues], dtype=float)
        sq = np.array(
            [np.nan if i.status_quo is None else i.status_quo for i in scenario.issues], dtype=float
        )
        problems: list[Problem] = []
        for col, issue in enumerate(scenario.issues):
            measure = issue.decision.capability
            for p in issue.positions:
                k = row[p.actor]
                pos[k, col] = p.position
                sal[k, col] = p.salience
                value = measure_value(scenario.actors[k], measure) if p.capability is None else p.capability
                if value is None and decision.influence[k, col] > 0:
                    where = scenario.locate(f"actors[{k}].capabilities")
                    problems.append(Problem(where, f"no {measure!r} measure, which {issue.id} weighs by"))
                cap[k, col] = 0.0 if value is None else value  # 0: an outsider that does not take part
        if problems:
            raise ScenarioError(problems)
        span = upper - lower
        return cls(
            scenario_id=scenario.metadata.id,
            digest=scenario.digest,
            actor_ids=actors,
            issue_ids=issues,
            positions=_frozen((pos - lower) / span * 100.0),
            salience=_frozen(sal),
            capability=_frozen(cap),
            mask=_frozen(~np.isnan(pos), dtype=bool),  # type: ignore[arg-type]
            lower=_frozen(lower),
            upper=_frozen(upper),
            status_quo=_frozen((sq - lower) / span * 100.0),
            decision=decision,
        )

    @property
    def n_actors(self) -> int:
        return len(self.actor_ids)

    @property
    def n_issues(self) -> int:
        return len(self.issue_ids)

    @property
    def weights(self) -> FloatArray:
        """capability x salience, 0 where masked (for sums; the mask says what is missing)."""
        return _frozen(np.where(self.mask, self.capability * self.salience, 0.0))

    def issue_index(self, issue: str | int) -> int:
        """Column of an issue given by id or index."""
        if isinstance(issue, int):
            if not 0 <= issue < self.n_issues:
                raise IndexError(issue)
            return issue
        return self.issue_ids.index(issue)

    def to_units(self, values: ArrayLike, issue: str | int) -> FloatArray:
        """Convert 0-100 values to the issue's own units."""
        col = self.issue_index(issue)
        span = self.upper[col] - self.lower[col]
        out: FloatArray = np.asarray(values, dtype=float) / 100.0 * span + self.lower[col]
        return out

    def from_units(self, values: ArrayLike, issue: str | int) -> FloatArray:
        """Convert values in the issue's own units to 0-100."""
        col = self.issue_index(issue)
        span = self.upper[col] - self.lower[col]
        out: FloatArray = (np.asarray(values, dtype=float) - self.lower[col]) / span * 100.0
        return out
