"""Nash bargaining solution on one issue, with an explicit utility shape and disagreement point.

References
----------
Nash, J. (1950). The bargaining problem. Econometrica 18(2), 155-162; asymmetric (weighted) form:
Kalai, E. (1977), Int. J. Game Theory 6(3), 129-133. models.md section 1.3.

Notes
-----
x* = argmax_x sum_i w_i log(u_i(x) - u_i(d)) over the x where every u_i(x) > u_i(d), with
u_i(x) = -|x - x_i| (``"linear"``) or -(x - x_i)^2 (``"quadratic"``) and w_i = c_i s_i. Actors with
w_i = 0 neither weigh nor constrain. The disagreement point d is the status quo; without one it is, for
each actor, the scale end farthest from its position (the worst outcome on the scale). Both utilities
fall with distance, so the feasible set is the intersection of the open intervals
(x_i - |d_i - x_i|, x_i + |d_i - x_i|); when it is empty the result is "no agreement"
(``agreement`` False, forecast None), never NaN. The objective is concave; bisection on the sign
of its slope finds x*.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

from pactlab.errors import PactlabError
from pactlab.negotiate._common import cells, provenance, units
from pactlab.negotiate.results import Forecast
from pactlab.scenario.arrays import ScenarioArrays

__all__ = ["nash_bargaining", "nbs"]

Utility = Literal["linear", "quadratic"]
FloatArray = NDArray[np.float64]


def _utility(x: FloatArray | float, ideal: FloatArray, shape: Utility) -> FloatArray:
    d = np.abs(np.asarray(x, dtype=float) - ideal)
    out: FloatArray = -d if shape == "linear" else -(d**2)
    return out


def nash_bargaining(
    x: FloatArray, w: FloatArray, d: FloatArray, *, utility: Utility = "linear", iterations: int = 200
) -> float | None:
    """Weighted NBS on 0-100 of ideal points ``x``, weights ``w`` and per-actor disagreement ``d``.

    Returns None when the feasible set is empty.
    """
    keep = w > 0
    x, w, d = x[keep], w[keep], d[keep]
    radius = np.abs(d - x)
    lo, hi = float(np.max(x - radius)), float(np.min(x + radius))
    if not lo < hi:
        return None
    r = radius if utility == "linear" else radius**2

    def slope(point: float) -> float:
        """Derivative of the (concave) objective; decreasing in ``point``."""
        off = point - x
        if utility == "linear":
            return float(np.dot(w, -np.sign(off) / (r - np.abs(off))))
        return float(np.dot(w, -2.0 * off / (r - off**2)))

    a, b = lo, hi
    for _ in range(iterations):  # bisection on the sign of the slope (machine precision)
        m = 0.5 * (a + b)
        if m <= a or m >= b:
            break
        if slope(m) > 0:
            a = m
        else:
            b = m
    return 0.5 * (a + b)


def nbs(
    arrays: ScenarioArrays,
    issue: str | int,
    *,
    utility: Utility = "linear",
    disagreement: float | None = None,
) -> Forecast:
    """Nash bargaining solution on ``issue`` (see module Notes); ``disagreement`` in issue units.

    Examples
    --------
    >>> import numpy as np
    >>> round(nash_bargaining(np.array([20.0, 80.0]), np.ones(2), np.array([100.0, 0.0])), 6)
    50.0
    """
    if utility not in ("linear", "quadratic"):
        raise PactlabError.at(arrays.scenario_id, "utility", f"unknown utility shape {utility!r}")
    cell = cells(arrays, issue)
    if disagreement is not None:
        d = np.full(cell.x.shape, float(arrays.from_units(disagreement, cell.column)))
        source = "given"
    elif not np.isnan(arrays.status_quo[cell.column]):
        d = np.full(cell.x.shape, float(arrays.status_quo[cell.column]))
        source = "status_quo"
    else:
        d = np.where(cell.x >= 50.0, 0.0, 100.0)
        source = "farthest_scale_end"
    value = nash_bargaining(cell.x, cell.w, d, utility=utility)
    out = None if value is None else units(arrays, cell.column, value)[0]
    return Forecast(
        model="nbs",
        issue=cell.issue,
        forecast=out,
        trajectory=() if out is None else (out,),
        provenance=provenance("nbs", arrays, {"utility": utility, "disagreement": source}),
        agreement=value is not None,
        details={"disagreement": source},
    )
