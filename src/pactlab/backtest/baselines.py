"""Naive baselines every negotiation model must beat to earn trust (one registry: name -> rule).

Each baseline reads only what the scenario states before the decision (the scale, its anchors, the status
quo, the deciding group's positions and capabilities), never a model. All values are on 0-100.

- ``status-quo``: nothing changes (the persistence forecast of the forecasting literature);
- ``midpoint``: the middle of the scale (a forecaster who knows only the scale);
- ``group-mean``: the unweighted mean of the deciding group's positions;
- ``weighted-mean``: the deciding group's positions weighted by capability (the compromise model without
  salience, over the deciding group only);
- ``next-anchor``: the first labelled anchor beyond the status quo in the direction of the weighted mean
  (the status quo itself when the weighted mean equals it; the scale's end when no anchor lies beyond).

References
----------
Achen, C. H. (2006). Evaluating political decision-making models. In Thomson, Stokman, Achen & Koenig
(eds.), The European Union Decides. Cambridge UP, 264-298 (the mean and the status quo as benchmarks).
Armstrong, J. S. (2001). Principles of Forecasting. Kluwer, 'Evaluating forecasting methods' (naive and
no-change benchmarks; relative absolute error).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pactlab.scenario import Scenario

__all__ = ["BASELINES", "Baseline", "IssueInputs", "issue_inputs"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class IssueInputs:
    """What a baseline may read about one issue, on 0-100."""

    status_quo: float
    anchors: tuple[float, ...]
    positions: FloatArray  # the deciding group's members with a position
    capabilities: FloatArray  # their capabilities on the issue (issue-specific, else the actor's, else 1)


@dataclass(frozen=True)
class Baseline:
    """A registry entry: name, one-line description for tables and briefs, and the rule."""

    name: str
    title: str
    rule: Callable[[IssueInputs], float]


def issue_inputs(scenario: Scenario, issue_id: str) -> IssueInputs:
    """The inputs of the baselines for one issue, from the scenario's arrays (same normalisation)."""
    arrays = scenario.to_arrays()
    col = arrays.issue_index(issue_id)
    issue = scenario.issue(issue_id)
    members = set(scenario.group_members(issue.decision.group))
    rows = [k for k, a in enumerate(arrays.actor_ids) if a in members and arrays.mask[k, col]]
    span = issue.scale.upper - issue.scale.lower
    anchors = tuple(sorted((float(key) - issue.scale.lower) / span * 100.0 for key in issue.scale.anchors))
    return IssueInputs(
        status_quo=float(arrays.status_quo[col]),
        anchors=anchors,
        positions=np.asarray(arrays.positions[rows, col], dtype=float),
        capabilities=np.asarray(arrays.capability[rows, col], dtype=float),
    )


def _weighted_mean(inputs: IssueInputs) -> float:
    total = float(np.sum(inputs.capabilities))
    if not total > 0:
        return float(np.mean(inputs.positions))  # no capability stated: every member counts alike
    return float(np.sum(inputs.capabilities * inputs.positions) / total)


#: Below this distance (on 0-100) the weighted mean is the status quo: a group standing at the status quo
#: computes it up to rounding, and rounding that depends on the members' order must not move the forecast.
_SAME = 1e-9


def _next_anchor(inputs: IssueInputs) -> float:
    q, target = inputs.status_quo, _weighted_mean(inputs)
    if abs(target - q) <= _SAME:
        return q
    if target > q:
        return min([a for a in inputs.anchors if a > q], default=100.0)
    return max([a for a in inputs.anchors if a < q], default=0.0)


BASELINES: dict[str, Baseline] = {
    b.name: b
    for b in (
        Baseline("status-quo", "no change (the status quo holds)", lambda i: i.status_quo),
        Baseline("midpoint", "the scale's midpoint (50)", lambda i: 50.0),
        Baseline(
            "group-mean", "unweighted mean of the deciding group", lambda i: float(np.mean(i.positions))
        ),
        Baseline("weighted-mean", "capability-weighted mean of the deciding group", _weighted_mean),
        Baseline("next-anchor", "next anchor from the status quo toward the weighted mean", _next_anchor),
    )
}
