"""Running statistics of the deterrence Monte Carlo: flat memory, mergeable, order-exact.

Each block of draws (:data:`pactlab.deter.montecarlo.BLOCK`) is reduced at once to a
:class:`BlockStats`: per option and metric the sum and sum of squares of the per-draw values
(floats), integer histograms of the probabilities and survival figures on [0, 1], and pairwise
counts of which option deters more on each draw. :class:`Totals` folds blocks IN BLOCK ORDER (float
sums) and adds the integer counts (exact in any order), so a run gives the same numbers whatever the
chunk size and engine.

Quantiles (median, 5th and 95th percentiles) come from the histograms of :data:`BINS` equal bins on
[0, 1], interpolated linearly within a bin: the error of a reported quantile is at most one bin
width, ``1 / BINS`` = 0.00049. Drivers (rank correlations) use the per-draw values of the first
``driver_draws`` draws only (a bounded sample, the same whatever the chunking).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

__all__ = ["BINS", "HIST", "METRICS", "BlockStats", "Totals", "histogram_quantile"]

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]
BINS = 2048
#: The per-draw values summed for every option (class probabilities, outcomes, game parameters,
#: survival), in a fixed order.
METRICS = (
    "deterrence",
    "limited_conflict",
    "direct_clash",
    "o.SQ",
    "o.CG",
    "o.LR",
    "o.CE",
    "o.GE",
    "o.DC",
    "o.DC_accident",
    "g.p_T",
    "g.p_S",
    "g.denial",
    "g.provocation",
    "g.p_accident",
    "g.lam",
    "g.counter_after_in_kind",
    "s1",
    "s5",
    "s10",
)
#: The metrics with quantiles (values in [0, 1]).
HIST = ("deterrence", "limited_conflict", "direct_clash", "s1", "s5", "s10")
_SAMPLED = (
    "deterrence",
    "direct_clash",
    "g.p_T",
    "g.p_S",
    "g.denial",
    "g.provocation",
    "g.p_accident",
    "g.lam",
)


def _bins(x: Array) -> IntArray:
    idx = np.clip((np.asarray(x) * BINS).astype(np.int64), 0, BINS - 1)
    return np.bincount(idx, minlength=BINS).astype(np.int64)


@dataclass(frozen=True)
class BlockStats:
    """The statistics of one block of draws."""

    n: int
    sums: Array  # (options, metrics)
    squares: Array  # (options, metrics)
    hist: IntArray  # (options, HIST, BINS)
    beats: IntArray  # (options, options): 2 [a > b] + [a == b], on P(deterrence)
    sample: Mapping[str, Array] | None = None  # per-draw values kept for the drivers

    @classmethod
    def of(
        cls,
        names: tuple[str, ...],
        per_option: Mapping[str, Mapping[str, Array]],
        draws: Mapping[str, Array] | None,
    ) -> BlockStats:
        rows = [np.stack([np.asarray(per_option[o][m], dtype=float) for m in METRICS]) for o in names]
        values = np.stack(rows)  # (options, metrics, n)
        n = values.shape[2]
        hist = np.stack([np.stack([_bins(per_option[o][m]) for m in HIST]) for o in names])
        deter = values[:, 0, :]
        beats = (
            2 * (deter[:, None, :] > deter[None, :, :]).sum(axis=2)
            + (deter[:, None, :] == deter[None, :, :]).sum(axis=2)
        ).astype(np.int64)
        sample = None
        if draws is not None:
            sample = {f"draw.{k}": np.asarray(v, dtype=float) for k, v in draws.items()}
            for o in names:
                sample.update(
                    {f"{o}|{m}": np.asarray(per_option[o][m], dtype=float).copy() for m in _SAMPLED}
                )
        return cls(n, values.sum(axis=2), (values * values).sum(axis=2), hist, beats, sample)


@dataclass
class Totals:
    """Folded statistics of a whole run."""

    names: tuple[str, ...]
    n: int = 0
    sums: Array = field(default_factory=lambda: np.zeros(0))
    squares: Array = field(default_factory=lambda: np.zeros(0))
    hist: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    beats: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    samples: list[Mapping[str, Array]] = field(default_factory=list)

    @classmethod
    def empty(cls, names: tuple[str, ...]) -> Totals:
        k = len(names)
        return cls(
            names,
            0,
            np.zeros((k, len(METRICS))),
            np.zeros((k, len(METRICS))),
            np.zeros((k, len(HIST), BINS), dtype=np.int64),
            np.zeros((k, k), dtype=np.int64),
        )

    def add(self, block: BlockStats) -> None:
        """Fold one block (call in block order)."""
        self.n += block.n
        self.sums = self.sums + block.sums
        self.squares = self.squares + block.squares
        self.hist += block.hist
        self.beats += block.beats
        if block.sample is not None:
            self.samples.append(block.sample)

    def mean(self, option: str, metric: str) -> float:
        return float(self.sums[self.names.index(option), METRICS.index(metric)] / self.n)

    def std(self, option: str, metric: str) -> float:
        i, j = self.names.index(option), METRICS.index(metric)
        mean = self.sums[i, j] / self.n
        var = max(self.squares[i, j] / self.n - mean * mean, 0.0) * self.n / max(self.n - 1, 1)
        return float(np.sqrt(var))

    def quantile(self, option: str, metric: str, q: float) -> float:
        return histogram_quantile(self.hist[self.names.index(option), HIST.index(metric)], q)

    def p_beats(self, a: str, b: str) -> float:
        """P(option ``a`` deters more than ``b`` on a draw), ties counted half."""
        return float(self.beats[self.names.index(a), self.names.index(b)] / (2.0 * self.n))

    def sample(self, key: str) -> Array:
        return np.concatenate([s[key] for s in self.samples]) if self.samples else np.zeros(0)


def histogram_quantile(counts: IntArray, q: float) -> float:
    """The ``q`` quantile of values in [0, 1] from their histogram (error <= 1 / BINS).

    Examples
    --------
    >>> c = np.zeros(BINS, dtype=np.int64); c[BINS // 2] = 10
    >>> abs(histogram_quantile(c, 0.5) - 0.5) <= 1 / BINS
    True
    """
    total = int(counts.sum())
    if total == 0:
        return float("nan")
    cum = np.cumsum(counts)
    target = q * total
    i = int(np.searchsorted(cum, target, side="left"))
    i = min(i, counts.size - 1)
    before = cum[i - 1] if i > 0 else 0
    inside = (target - before) / counts[i] if counts[i] else 0.0
    return float((i + min(max(inside, 0.0), 1.0)) / counts.size)
