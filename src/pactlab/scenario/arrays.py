"""ScenarioArrays: the immutable NumPy view every model consumes, built once per scenario.

Positions are normalised to 0-100 on each issue's scale (``to_units`` and ``from_units`` convert both
ways); a missing actor-issue cell is a mask (``mask`` False and NaN in ``positions``, ``salience`` and
``capability``), never a zero. An actor without a stated capability counts with capability 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    from pactlab.scenario.schema import Scenario

__all__ = ["ScenarioArrays"]

FloatArray = NDArray[np.float64]


def _frozen(array: ArrayLike, dtype: type = np.float64) -> NDArray[np.float64]:
    out: NDArray[np.float64] = np.array(array, dtype=dtype)
    out.flags.writeable = False
    return out


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

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> ScenarioArrays:
        actors = tuple(a.id for a in scenario.actors)
        issues = tuple(i.id for i in scenario.issues)
        row = {a: k for k, a in enumerate(actors)}
        shape = (len(actors), len(issues))
        pos = np.full(shape, np.nan)
        sal = np.full(shape, np.nan)
        cap = np.full(shape, np.nan)
        base = np.array([a.capability.value if a.capability else 1.0 for a in scenario.actors])
        lower = np.array([i.scale.lower for i in scenario.issues], dtype=float)
        upper = np.array([i.scale.upper for i in scenario.issues], dtype=float)
        sq = np.array(
            [np.nan if i.status_quo is None else i.status_quo for i in scenario.issues], dtype=float
        )
        for col, issue in enumerate(scenario.issues):
            for p in issue.positions:
                k = row[p.actor]
                pos[k, col] = p.position
                sal[k, col] = p.salience
                cap[k, col] = base[k] if p.capability is None else p.capability
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
