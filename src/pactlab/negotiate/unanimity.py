"""Unanimity on one dimension: win-set of the status quo, pivotal veto players, agenda setter.

References
----------
Tsebelis, G. (2002). Veto Players: How Political Institutions Work. Princeton UP, ch. 1-2.
Romer, T. & Rosenthal, H. (1978). Political resource allocation, controlled agendas, and the status
quo. Public Choice 33(4), 27-43 (agenda setter). models.md section 1.6.

Notes
-----
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
from pactlab.negotiate._common import cells, provenance, units
from pactlab.negotiate.results import Forecast
from pactlab.scenario.arrays import ScenarioArrays

__all__ = ["accepts", "blockers", "pivotal_players", "unanimity", "win_set"]

FloatArray = NDArray[np.float64]


def win_set(x: FloatArray, q: float) -> tuple[float, float] | None:
    """Open interval (low, high) of points every actor prefers to ``q``; None when q stands."""
    lo, hi = float(np.min(x)), float(np.max(x))
    if lo <= q <= hi:
        return None
    edge = 2.0 * (lo if q < lo else hi) - q
    return (q, edge) if q < edge else (edge, q)


def pivotal_players(x: FloatArray, q: float) -> NDArray[np.intp]:
    """Indices of the pivotal veto players.

    q outside the positions: the actors closest to q (they fix the win-set edge 2 x_p - q). q inside:
    the actors at q, else the nearest actor on each side (each vetoes every move away from it).
    """
    d = x - q
    if np.all(d > 0) or np.all(d < 0):
        return np.flatnonzero(np.abs(d) == np.abs(d).min())
    at = np.flatnonzero(d == 0)
    if at.size:
        return at
    left = np.flatnonzero(d == d[d < 0].max())
    right = np.flatnonzero(d == d[d > 0].min())
    return np.concatenate([left, right])


def accepts(x: FloatArray, q: float, point: float) -> NDArray[np.bool_]:
    """Which actors strictly prefer ``point`` to the status quo ``q``."""
    out: NDArray[np.bool_] = np.abs(point - x) < np.abs(q - x)
    return out


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
    """Outcome under unanimity with an agenda setter (default: the actor with the largest weight).

    Returns the status quo (``agreement`` False) when the win-set is empty, else the point of the
    win-set's closure closest to the setter's ideal. Raises PactlabError when the issue has no
    status quo.

    Examples
    --------
    >>> import numpy as np
    >>> win_set(np.array([60.0, 80.0]), 40.0)
    (40.0, 80.0)
    """
    cell = cells(arrays, issue, need_weight=False)
    q = float(arrays.status_quo[cell.column])
    if np.isnan(q):
        raise PactlabError.at(
            f"{arrays.scenario_id}:issues[{cell.issue}]",
            "status_quo",
            "the unanimity model needs a status quo on this issue",
        )
    if setter is None:
        k = int(np.argmax(np.where(np.isnan(cell.w), 0.0, cell.w)))
        # ties in weight: the first in sorted id order, so that actor order does not matter
        best = np.flatnonzero(cell.w == cell.w[k])
        k = int(min(best, key=lambda i: cell.actors[i]))
    elif setter in cell.actors:
        k = cell.actors.index(setter)
    else:
        raise PactlabError.at(arrays.scenario_id, "setter", f"{setter!r} has no position on {cell.issue}")
    ws = win_set(cell.x, q)
    outcome = q if ws is None else float(np.clip(cell.x[k], ws[0], ws[1]))
    piv = pivotal_players(cell.x, q)
    (out,) = units(arrays, cell.column, outcome)
    return Forecast(
        model="unanimity",
        issue=cell.issue,
        forecast=out,
        trajectory=(out,),
        provenance=provenance("unanimity", arrays, {"setter": cell.actors[k], "utility": "linear"}),
        agreement=ws is not None,
        details={
            "status_quo": units(arrays, cell.column, q)[0],
            "win_set": None if ws is None else list(units(arrays, cell.column, ws)),
            "pivotal": sorted(cell.actors[i] for i in piv),
            "setter": cell.actors[k],
        },
    )
