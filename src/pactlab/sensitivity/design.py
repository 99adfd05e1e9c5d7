"""Designs, their evaluation on an engine, and the indices: SALib samples and analyses, pactlab
evaluates.

- :func:`sample` draws the design on the unit cube with SALib: Saltelli's scheme on a scrambled
  Sobol' sequence for ``"sobol"`` (``n`` base samples, a power of two, ``n (k + 2)`` rows for ``k``
  factors; first- and total-order indices only), Morris trajectories for ``"morris"`` (``n``
  trajectories of ``k + 1`` rows on a 4-level grid).
- :func:`evaluate` maps the design to input values (:meth:`Space.values`) and evaluates it in
  chunks of rows on an engine (:mod:`pactlab._engines`); each row's outputs depend only on the row
  (and the part's fixed seed), and the chunks come back in order, so any chunk size and any engine
  give the same numbers, bit for bit.
- :func:`analyse` computes, per output, Sobol' S1 and ST with bootstrap confidence intervals
  (Saltelli et al. 2010 estimators, as SALib implements them) or Morris mu, mu* (with its
  confidence interval) and sigma (Campolongo, Cariboni & Saltelli 2007). An output that does not
  vary over the design, or that has missing values, gets no indices, with the reason.

A *part* is any picklable object with ``name``, ``space`` (a :class:`~pactlab.sensitivity.inputs.
Space`), ``outputs`` (names) and ``evaluate(values) -> (rows, outputs)``: the scenario's deterrence
and negotiation parts, or a reference function such as :class:`~pactlab.sensitivity.reference.
Ishigami`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from pactlab._engines import Engine, LocalEngine
from pactlab.errors import ParameterError
from pactlab.sensitivity.inputs import Space

__all__ = ["METHODS", "STATS", "Part", "PartIndices", "analyse", "check_n", "evaluate", "sample"]

Array = NDArray[np.float64]
#: The methods and the statistics each reports per (output, factor).
METHODS = ("sobol", "morris")
STATS: dict[str, tuple[str, ...]] = {
    "sobol": ("S1", "S1_conf", "ST", "ST_conf"),
    "morris": ("mu", "mu_star", "mu_star_conf", "sigma"),
}
MORRIS_LEVELS = 4
RESAMPLES = 100
CONF_LEVEL = 0.95


class Part(Protocol):
    """A model part that a design evaluates (see the module docstring)."""

    @property
    def name(self) -> str: ...

    @property
    def space(self) -> Space: ...

    @property
    def outputs(self) -> tuple[str, ...]: ...

    def evaluate(self, values: Array) -> Array: ...


def check_n(method: str, n: int) -> None:
    """Refuse a design size the method cannot use (a :class:`ParameterError` naming ``n``)."""
    if method not in METHODS:
        raise ParameterError("method", f"unknown method {method!r} (known: {', '.join(METHODS)})")
    if method == "sobol" and (n < 2 or n & (n - 1)):
        below = 1 << max(1, n.bit_length() - 1) if n >= 2 else 2
        raise ParameterError(
            "n",
            f"Sobol' designs need a power of two base samples (Saltelli's scheme keeps the balance "
            f"of the Sobol' sequence only then); {n} is not: use {below} or {below * 2}",
        )
    if method == "morris" and n < 2:
        raise ParameterError("n", f"Morris needs at least 2 trajectories, not {n}")


def sample(space: Space, method: str, n: int, rng: np.random.Generator) -> Array:
    """The design on the unit cube (rows x inputs), drawn by SALib."""
    check_n(method, n)
    problem = space.salib_problem()
    if method == "sobol":
        from SALib.sample import sobol as sobol_sample

        return np.asarray(sobol_sample.sample(problem, n, calc_second_order=False, seed=rng), dtype=float)
    from SALib.sample import morris as morris_sample

    return np.asarray(morris_sample.sample(problem, n, num_levels=MORRIS_LEVELS, seed=rng), dtype=float)


@dataclass(frozen=True)
class _Chunk:
    part: Any
    unit: Array


def _run_chunk(task: _Chunk) -> Array:
    out: Array = np.asarray(task.part.evaluate(task.part.space.values(task.unit)), dtype=float)
    return out


def evaluate(
    part: Part,
    unit: Array,
    *,
    engine: Engine | None = None,
    chunk_rows: int = 16,
    progress: Callable[[int, int], None] | None = None,
) -> Array:
    """The part's outputs on every design row (rows x outputs), chunk by chunk on ``engine``."""
    if chunk_rows < 1:
        raise ParameterError("chunk_rows", f"must be at least 1, not {chunk_rows}")
    tasks = [_Chunk(part, unit[i : i + chunk_rows]) for i in range(0, len(unit), chunk_rows)]
    out = np.empty((len(unit), len(part.outputs)))
    done = 0
    results: Iterator[Array] = iter((engine or LocalEngine()).map(_run_chunk, tasks))
    for k, block in enumerate(results):
        out[done : done + len(block)] = block
        done += len(block)
        if progress is not None:
            progress(k + 1, len(tasks))
    return out


@dataclass(frozen=True)
class PartIndices:
    """The indices of one part: per output, per statistic, one value per factor."""

    part: str
    method: str
    factors: tuple[str, ...]
    indices: Mapping[str, Mapping[str, tuple[float, ...]]]
    undefined: Mapping[str, str]
    rows: int
    notes: tuple[str, ...] = ()


def analyse(
    space: Space,
    method: str,
    unit: Array,
    outputs: Sequence[str],
    y: Array,
    seed: int,
    part: str = "",
) -> PartIndices:
    """SALib's indices of every output column of ``y`` (see the module docstring).

    ``seed`` (a positive integer) seeds the bootstrap of the confidence intervals, the same for every
    output, so an output's intervals do not depend on which other outputs were analysed.
    """
    problem = space.salib_problem()
    found: dict[str, dict[str, tuple[float, ...]]] = {}
    undefined: dict[str, str] = {}
    notes: list[str] = []
    for k, name in enumerate(outputs):
        col = y[:, k]
        if not np.all(np.isfinite(col)):
            undefined[name] = f"missing values on {int(np.sum(~np.isfinite(col)))} of {len(col)} rows"
            continue
        if np.ptp(col) <= np.finfo(float).eps * max(1.0, float(np.max(np.abs(col)))):
            undefined[name] = f"constant over the design ({float(col[0]):.6g}): no input moves it"
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            found[name] = _indices(problem, method, unit, col, seed)
        notes += [f"{name}: SALib: {' '.join(str(w.message).split())}" for w in caught]
    return PartIndices(part, method, space.factors, found, undefined, len(unit), tuple(dict.fromkeys(notes)))


def _indices(
    problem: dict[str, Any], method: str, unit: Array, y: Array, seed: int
) -> dict[str, tuple[float, ...]]:
    if method == "sobol":
        from SALib.analyze import sobol as sobol_analyze

        si = sobol_analyze.analyze(
            problem,
            y,
            calc_second_order=False,
            num_resamples=RESAMPLES,
            conf_level=CONF_LEVEL,
            seed=seed,
        )
    else:
        from SALib.analyze import morris as morris_analyze

        si = morris_analyze.analyze(
            problem,
            unit,
            y,
            num_resamples=RESAMPLES,
            conf_level=CONF_LEVEL,
            num_levels=MORRIS_LEVELS,
            seed=np.random.default_rng(seed),
        )
    return {s: tuple(_num(v) for v in np.asarray(si[s], dtype=float).ravel()) for s in STATS[method]}


def _num(value: float) -> float:
    return float(value) if math.isfinite(value) else math.nan
