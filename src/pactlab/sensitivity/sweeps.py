"""One input at a time through its range: the tornado and "what would flip the ranking".

For each deterrence input ``X`` and each point ``v`` of a grid of its quantiles (:data:`GRID`, from
the 0.5th to the 99.5th percentile), :func:`run_sweeps` computes every option's mean
P(deterrence) with ``X = v`` while the engine draws every other parameter from its distribution
(``draws`` draws, the same seed at every point: common random numbers, so that the points differ
only by ``v``); the instrument ratings other than ``X`` stay at their stated values, as in the
deterrence report. This is ``E[P(deterrence) | X = v]``, the curve whose variance is the numerator
of ``X``'s first-order Sobol' index.

:func:`find_flips` walks each curve from the input's median outwards and reports where the leading
option first loses first place (linear interpolation between the two grid points around the
change), with the option that takes its place. The flip points are sorted by how plausible they
are: by the distance of their quantile from the median.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pactlab._engines import Engine, LocalEngine
from pactlab.deter.mapping import NO_GUARANTEE
from pactlab.sensitivity.deterrence import DeterrencePart
from pactlab.sensitivity.inputs import Input

__all__ = ["GRID", "Flip", "Sweep", "find_flips", "run_sweeps"]

Array = NDArray[np.float64]
#: The quantiles at which each input is swept (the 5th and 95th percentiles give the tornado's bars).
GRID = (0.005, 0.05, 0.15, 0.25, 0.35, 0.5, 0.65, 0.75, 0.85, 0.95, 0.995)
_MEDIAN = GRID.index(0.5)


@dataclass(frozen=True)
class Sweep:
    """Every option's mean P(deterrence) with one input at each grid point."""

    input: str
    quantiles: tuple[float, ...]
    values: tuple[float, ...]
    p_deter: tuple[tuple[float, ...], ...]  # grid point x option

    def at(self, quantile: float, option: int) -> float:
        return self.p_deter[self.quantiles.index(quantile)][option]

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "quantiles": list(self.quantiles),
            "values": list(self.values),
            "p_deter": [list(r) for r in self.p_deter],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Sweep:
        return cls(
            str(d["input"]),
            tuple(float(q) for q in d["quantiles"]),
            tuple(float(v) for v in d["values"]),
            tuple(tuple(float(p) for p in r) for r in d["p_deter"]),
        )


@dataclass(frozen=True)
class Flip:
    """Where one input, moved alone, makes the leading option lose first place."""

    input: str
    direction: str  # "below", "above" or "median" (already at the input's median)
    value: float
    quantile: float
    between: tuple[float, float]
    new_leader: str

    def describe(self, central: float) -> str:
        if self.direction == "median":
            return (
                f"{self.input} at its median {self.value:.3g} (stated {central:.3g}): {self.new_leader} leads"
            )
        return (
            f"{self.input} {self.direction} {self.value:.3g} (stated {central:.3g}, "
            f"at quantile {self.quantile:.2f} of its range): {self.new_leader} leads"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "direction": self.direction,
            "value": self.value,
            "quantile": self.quantile,
            "between": list(self.between),
            "new_leader": self.new_leader,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Flip:
        lo, hi = d["between"]
        return cls(
            str(d["input"]),
            str(d["direction"]),
            float(d["value"]),
            float(d["quantile"]),
            (float(lo), float(hi)),
            str(d["new_leader"]),
        )


@dataclass(frozen=True)
class _SweepTask:
    part: DeterrencePart
    input: str
    values: tuple[float, ...]
    draws: int


def _run_sweep(task: _SweepTask) -> Array:
    rows = np.asarray(task.values, dtype=float)[:, None]
    out: Array = task.part.means([task.input], rows, draws=task.draws)[:, :, 0]
    return out


def run_sweeps(
    part: DeterrencePart,
    inputs: Sequence[Input],
    *,
    draws: int,
    engine: Engine | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Sweep, ...]:
    """Sweep each of ``inputs`` over :data:`GRID` (one engine task per input)."""
    tasks = [
        _SweepTask(part, i.name, tuple(float(v) for v in i.quantile(np.asarray(GRID))), draws) for i in inputs
    ]
    sweeps = []
    for k, p in enumerate((engine or LocalEngine()).map(_run_sweep, tasks)):
        task = tasks[k]
        sweeps.append(Sweep(task.input, GRID, task.values, tuple(tuple(float(x) for x in r) for r in p)))
        if progress is not None:
            progress(k + 1, len(tasks))
    return tuple(sweeps)


def _margin(row: Sequence[float], lead: int, others: Sequence[int]) -> tuple[float, int]:
    best = max(others, key=lambda j: row[j])
    return row[lead] - row[best], best


def _crossing(sweep: Sweep, g0: int, g1: int, m0: float, m1: float) -> tuple[float, float]:
    t = m0 / (m0 - m1) if m0 != m1 else 0.0
    value = sweep.values[g0] + t * (sweep.values[g1] - sweep.values[g0])
    quantile = sweep.quantiles[g0] + t * (sweep.quantiles[g1] - sweep.quantiles[g0])
    return value, quantile


def _flip(sweep: Sweep, options: Sequence[str], lead: int, others: Sequence[int]) -> list[Flip]:
    margins = [_margin(row, lead, others) for row in sweep.p_deter]
    m_mid, best = margins[_MEDIAN]
    if m_mid < 0:
        value = sweep.values[_MEDIAN]
        return [Flip(sweep.input, "median", value, 0.5, (value, value), options[best])]
    found = []
    for direction, path in (("above", range(_MEDIAN + 1, len(GRID))), ("below", range(_MEDIAN - 1, -1, -1))):
        prev = _MEDIAN
        for g in path:
            m, best = margins[g]
            if m < 0:
                value, quantile = _crossing(sweep, prev, g, margins[prev][0], m)
                bracket = (sweep.values[prev], sweep.values[g])
                found.append(Flip(sweep.input, direction, value, quantile, bracket, options[best]))
                break
            prev = g
    return found


def find_flips(sweeps: Sequence[Sweep], options: Sequence[str], leader: str) -> tuple[Flip, ...]:
    """Every single-input change that makes ``leader`` lose first place (see the module docstring),
    the most plausible first."""
    lead = list(options).index(leader)
    others = [j for j, o in enumerate(options) if o not in (leader, NO_GUARANTEE.id)]
    if not others:
        return ()
    flips = [f for s in sweeps for f in _flip(s, options, lead, others)]
    return tuple(sorted(flips, key=lambda f: (abs(f.quantile - 0.5), f.input)))
