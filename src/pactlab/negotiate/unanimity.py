"""Unanimity within the deciding group on one dimension: win-set, pivotal veto players, agenda setter.

References
----------
Tsebelis, G. (2002). Veto Players: How Political Institutions Work. Princeton UP, ch. 1-2.
Romer, T. & Rosenthal, H. (1978). Political resource allocation, controlled agendas, and the status
quo. Public Choice 33(4), 27-43 (agenda setter). models.md section 1.6.

Notes
-----
Only the members of the issue's deciding group vote (:mod:`pactlab.negotiate.rules`).
Utility: linear (Euclidean) loss, unweighted: actor i accepts x iff |x - x_i| < |q - x_i|. The win-set
is the intersection of the open intervals (q, 2 x_i - q): empty when q lies within [min x_i, max x_i]
(the status quo stands); otherwise the open interval between q and 2 x_p - q, x_p the actor closest to
q (the pivotal veto player). The agenda setter gets the point of the win-set's closure closest to its
ideal point (the supremum: strictly inside, the setter can get arbitrarily close).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from pactlab.errors import PactlabError
from pactlab.negotiate._common import provenance, units
from pactlab.negotiate.results import Forecast
from pactlab.negotiate.rules import accepts, deciders, pivotal, veto_pivots, win_set_batch
from pactlab.negotiate.rules import win_set as rule_win_set
from pactlab.scenario.arrays import ScenarioArrays

__all__ = ["accepts", "blockers", "pivotal_players", "unanimity", "win_set"]

FloatArray = NDArray[np.float64]

pivotal_players = veto_pivots


def win_set(x: FloatArray, q: float) -> tuple[float, float] | None:
    """Open interval (low, high) of points every actor at ``x`` prefers to ``q``; None when q stands."""
    lo, hi = win_set_batch(np.asarray(x, dtype=float)[None], np.ones(len(x)), "unanimity", q)
    return None if np.isnan(lo[0]) else (float(lo[0]), float(hi[0]))


def blockers(x: FloatArray, q: float, point: float) -> tuple[NDArray[np.intp], FloatArray]:
    """Actors who veto ``point`` and the smallest shift of each one's position that makes it accept.

    Actor i accepts iff x_i lies strictly on ``point``'s side of the midpoint m = (q + point) / 2; the
    shift reported is |m - x_i|, the infimum (a move of the shift plus any epsilon suffices).
    """
    if point == q:  # the status quo itself: nothing to veto
        return np.empty(0, dtype=np.intp), np.empty(0)
    idx = np.flatnonzero(~accepts(x, q, point))
    shift: FloatArray = np.abs(0.5 * (q + point) - x[idx])
    return idx, shift


def unanimity(arrays: ScenarioArrays, issue: str | int, *, setter: str | None = None) -> Forecast:
    """Outcome under unanimity within the deciding group, with an agenda setter (default: the member
    with the largest capability x salience; ties: the first id).

    Only members of the deciding group with a position vote (an explicit abstention does not block);
    outsiders never do. Returns the status quo (``agreement`` False) when the win-set is empty, else the
    point of the win-set's closure closest to the setter's ideal. The win-set and the pivotal members
    are :func:`pactlab.negotiate.rules.win_set` and :func:`~pactlab.negotiate.rules.pivotal`, the same
    computation as the consensus report's. Raises PactlabError when the issue has no status quo or is
    not decided by unanimity.

    Examples
    --------
    >>> import numpy as np
    >>> win_set(np.array([60.0, 80.0]), 40.0)
    (40.0, 80.0)
    """
    d = deciders(arrays, issue)
    where = f"{arrays.scenario_id}:issues[{d.issue}]"
    if d.rule != "unanimity":
        rule = d.rule.replace("_", " ")
        raise PactlabError.at(where, "decision.rule", f"decided by {rule}, not unanimity: no member can veto")
    if d.status_quo is None:
        raise PactlabError.at(where, "status_quo", "the unanimity model needs a status quo on this issue")
    if not d.members:
        raise PactlabError.at(where, "positions", "no member of the deciding group has a position")
    if setter is None:
        best = np.flatnonzero(d.weight == np.nanmax(d.weight))
        k = int(min(best, key=lambda i: d.members[i]))
    elif setter in d.members:
        k = d.members.index(setter)
    else:
        from pactlab.negotiate.checks import did_you_mean

        known = did_you_mean(setter, d.members)
        raise PactlabError.at(where, "setter", f"{setter!r} is no voting member of the group" + known)
    q = d.status_quo
    ws = rule_win_set(d)
    outcome = q if ws is None else float(np.clip(d.x[k], ws[0], ws[1]))
    (out,) = units(arrays, d.column, outcome)
    ws_units = None if ws is None else list(units(arrays, d.column, ws))
    note = (
        "the status quo holds: its win-set is empty"
        if ws is None
        else "the setter's best point in the win-set"
    )
    decision = {
        "rule": d.rule,
        "group": d.group,
        "status_quo": units(arrays, d.column, q)[0],
        "bargainers": list(d.members),
        "win_set": ws_units,
        "pivotal": list(pivotal(d)),
        "note": note,
    }
    return Forecast(
        model="unanimity",
        issue=d.issue,
        forecast=out,
        trajectory=(out,),
        provenance=provenance("unanimity", arrays, {"setter": d.members[k], "utility": "linear"}),
        agreement=ws is not None,
        details={
            "status_quo": units(arrays, d.column, q)[0],
            "win_set": ws_units,
            "pivotal": list(pivotal(d)),
            "setter": d.members[k],
            "group": d.group,
            "abstaining": list(d.abstaining),
            "decision": decision,
        },
    )
