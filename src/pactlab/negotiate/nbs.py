"""Nash bargaining solution among an issue's deciding group, with an explicit utility and disagreement point.

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

The bargainers are the issue's deciding group (:mod:`pactlab.negotiate.rules`): its members with a
position, under a coalition of the willing only the willing ones. With linear utility and the status quo
as common disagreement point, the feasible set is exactly the unanimity win-set of the bargainers, so
it is empty when the status quo lies among their positions: the result then names the members on each
side, who lose from any move (``details["blocking"]``).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from pactlab.errors import ParameterError
from pactlab.negotiate._common import provenance, units
from pactlab.negotiate.results import Forecast
from pactlab.negotiate.rules import Deciders, deciding_cells, ruled_forecast
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
    if hi - lo <= 1e-12:  # a feasible set narrower than the 0-100 scale's resolution: its midpoint
        return 0.5 * (lo + hi)
    r = radius if utility == "linear" else radius**2

    def slope(point: float) -> float:
        """Derivative of the (concave) objective; decreasing in ``point``."""
        off = point - x
        with np.errstate(divide="ignore", invalid="ignore"):  # at an interval's end: an infinite pull
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
    """Nash bargaining solution among the deciding group on ``issue`` (see module Notes).

    The bargainers are the group's members with a position (under a coalition of the willing, the
    willing ones); outsiders, lobbying or not, are no party to the bargain. ``disagreement`` is in issue
    units (default: the status quo). When no point leaves every bargainer better off, the forecast is
    None and ``details["blocking"]`` says who blocks and why.

    Examples
    --------
    >>> import numpy as np
    >>> round(nash_bargaining(np.array([20.0, 80.0]), np.ones(2), np.array([100.0, 0.0])), 6)
    50.0
    """
    if utility not in ("linear", "quadratic"):
        raise ParameterError("utility", f"unknown utility shape {utility!r} (known: linear, quadratic)")
    cell, d = deciding_cells(arrays, issue)
    members = np.array([a in d.members for a in cell.actors], dtype=bool)  # lobbyists are no party
    names = tuple(a for a, m in zip(cell.actors, members, strict=True) if m)
    x, w = cell.x[members], cell.w[members]
    if disagreement is not None:
        d_point, source = float(arrays.from_units(disagreement, cell.column)), "given"
    elif d.status_quo is not None:
        d_point, source = d.status_quo, "status_quo"
    else:
        d_point, source = None, "farthest_scale_end"
    if not names:  # a coalition nobody is willing to join
        return _no_agreement(
            arrays, d, utility, source, {"reason": "no member wants more than the status quo"}
        )
    dis = np.where(x >= 50.0, 0.0, 100.0) if d_point is None else np.full(x.shape, d_point)
    value = nash_bargaining(x, w, dis, utility=utility)
    if value is None:  # only with a common disagreement point (the farthest scale ends always admit one)
        weighs = w > 0
        kept = tuple(a for a, k in zip(names, weighs, strict=True) if k)
        return _no_agreement(arrays, d, utility, source, _blocking(arrays, d.column, kept, x[weighs], dis[0]))
    return ruled_forecast(
        "nbs",
        arrays,
        d,
        np.array([value]),
        bargainers_ids=names,
        parameters={"utility": utility, "disagreement": source},
        details={"disagreement": source},
    )


def _blocking(
    arrays: ScenarioArrays, col: int, names: tuple[str, ...], x: FloatArray, d: float | np.floating[Any]
) -> dict[str, Any]:
    """Who blocks every point: the disagreement point lies between the bargainers' ideal points, so any
    move makes those on the other side worse off."""
    below = sorted((float(units(arrays, col, v)[0]), a) for a, v in zip(names, x, strict=True) if v < d)
    above = sorted((float(units(arrays, col, v)[0]), a) for a, v in zip(names, x, strict=True) if v > d)
    at = sorted(a for a, v in zip(names, x, strict=True) if v == d)
    (dq,) = units(arrays, col, d)

    def who(side: list[tuple[float, str]]) -> str:
        shown = ", ".join(f"{a} ({v:g})" for v, a in side[:4])
        return shown + (f" and {len(side) - 4} more" if len(side) > 4 else "")

    if at:
        reason = f"{', '.join(at)} stand at the disagreement point {dq:g}: any move makes them worse off"
    else:
        reason = (
            f"the disagreement point {dq:g} lies between {who(below)}, who lose from any move up, and "
            f"{who(above)}, who lose from any move down"
        )
    return {
        "reason": reason,
        "below": [a for _, a in below],
        "above": [a for _, a in above],
        "at": at,
    }


def _no_agreement(
    arrays: ScenarioArrays, d: Deciders, utility: str, source: str, blocking: dict[str, Any]
) -> Forecast:
    return Forecast(
        model="nbs",
        issue=d.issue,
        forecast=None,
        trajectory=(),
        provenance=provenance("nbs", arrays, {"utility": utility, "disagreement": source}),
        agreement=False,
        details={
            "disagreement": source,
            "blocking": blocking,
            "decision": {"rule": d.rule, "group": d.group, "note": "no agreement: " + blocking["reason"]},
        },
    )
