"""Weighted median and the pairwise (Condorcet) winner among the actors' positions.

References
----------
Black, D. (1948). On the rationale of group decision-making. J. Political Economy 56(1), 23-34.
Bueno de Mesquita, B. (1994), the "median voter" of the expected-utility model; models.md section 1.2.

Notes
-----
Weighted median: the smallest position whose cumulative weight (c x s, positions sorted ascending)
reaches half the total weight. When the cumulative weight hits exactly half, every point between that
position and the next one ties; the rule takes the smaller (lower) one, and counts the tie.
Pairwise winner: v(j vs k) = sum_i w_i (|x_i - x_k| - |x_i - x_j|) / (x_max - x_min); a position that no
other beats. With linear loss it equals the weighted median off exact ties.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from pactlab.negotiate._common import units
from pactlab.negotiate.results import Forecast
from pactlab.negotiate.rules import deciding_cells, ruled_forecast
from pactlab.scenario.arrays import ScenarioArrays

__all__ = ["condorcet_winner", "median", "pairwise_votes", "weighted_median"]

_REL = 1e-12  # relative tolerance on "reaches half" against rounding in the cumulative sum


def weighted_median(x: NDArray[np.float64], w: NDArray[np.float64]) -> NDArray[np.float64]:
    """Weighted median along the last axis (vectorised over leading axes; w = 0 drops a cell)."""
    order = np.argsort(x, axis=-1, kind="stable")
    xs = np.take_along_axis(x, order, axis=-1)
    cw = np.cumsum(np.take_along_axis(w, order, axis=-1), axis=-1)
    half = 0.5 * cw[..., -1:] * (1.0 - _REL)
    first = np.argmax(cw >= half, axis=-1)
    out: NDArray[np.float64] = np.take_along_axis(xs, first[..., None], axis=-1)[..., 0]
    return out


def _median_tie(x: NDArray[np.float64], w: NDArray[np.float64]) -> bool:
    """True when the cumulative weight hits exactly half at a position below the largest one."""
    order = np.argsort(x, kind="stable")
    cw = np.cumsum(w[order])
    total = cw[-1]
    hit = np.isclose(cw, 0.5 * total, rtol=1e-9, atol=0.0) & (x[order] < x[order].max())
    return bool(hit.any())


def pairwise_votes(x: NDArray[np.float64], w: NDArray[np.float64]) -> NDArray[np.float64]:
    """Matrix v[j, k] = sum_i w_i (|x_i - x_k| - |x_i - x_j|) / (max x - min x) over the positions x."""
    span = float(x.max() - x.min())
    dist = np.abs(x[:, None] - x[None, :])  # dist[i, j] = |x_i - x_j|
    votes: NDArray[np.float64] = (w @ dist)[None, :] - (w @ dist)[:, None]
    return votes / span if span > 0 else votes


def condorcet_winner(x: NDArray[np.float64], w: NDArray[np.float64]) -> tuple[float, int]:
    """Lowest actor position that no other position beats, and how many distinct positions tie for it."""
    cand = np.unique(x)
    if cand.size == 1:
        return float(cand[0]), 0
    v = w @ np.abs(x[:, None] - cand[None, :])  # total weighted distance to each candidate
    beats = v[None, :] - v[:, None]  # beats[j, k] > 0: j beats k
    scale = max(float(np.abs(v).max()), 1e-300)
    unbeaten = np.all(beats >= -1e-12 * scale, axis=1)
    winners = cand[unbeaten]
    return float(winners.min()), int(winners.size - 1)


def median(arrays: ScenarioArrays, issue: str | int) -> Forecast:
    """Weighted median of the bargainers' positions on ``issue`` (issue units), then the issue's decision
    rule (:mod:`pactlab.negotiate.rules`); the pairwise winner is in details.

    Examples
    --------
    >>> from pactlab.scenario import load_scenario
    >>> a = load_scenario("bdm1994-emissions").to_arrays()
    >>> median(a, "emission-standards").forecast
    7.0
    """
    cell, d = deciding_cells(arrays, issue)
    if not cell.actors:  # a coalition nobody joins: the status quo
        raw, ties, details = float(d.status_quo or 0.0), 0, {}
    else:
        raw = float(weighted_median(cell.x, cell.w))
        winner, winner_ties = condorcet_winner(cell.x, cell.w)
        (cw,) = units(arrays, cell.column, winner)
        ties, details = (
            int(_median_tie(cell.x, cell.w)),
            {"condorcet_winner": cw, "condorcet_ties": winner_ties},
        )
    return ruled_forecast(
        "median",
        arrays,
        d,
        np.array([raw]),
        bargainers_ids=cell.actors,
        parameters={"tie_rule": "lowest"},
        ties=ties,
        details=details,
    )
