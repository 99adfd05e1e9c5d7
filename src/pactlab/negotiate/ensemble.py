"""The EUM over many perturbed draws of a scenario, streamed: memory flat in the number of draws.

Each draw perturbs every present cell: position + N(0, sd_position) (0-100 scale, clipped to [0, 100]),
salience + N(0, sd_salience) (clipped to [0.01, 1]). Each draw runs the EUM among the issue's
bargainers and then the issue's decision rule (:mod:`pactlab.negotiate.rules`), on the perturbed
positions: under a coalition of the willing, who is willing is decided per draw; under a vote, the
win-set is the perturbed members' (a draw whose win-set is empty gives the status quo without running
the EUM, which cannot change that).

Streaming and reproducibility: draws come in fixed blocks of :data:`BLOCK`; block ``b`` takes its
random numbers from the child ``b`` of the run's SeedSequence (NumPy's ``spawn_key``), so the numbers of
a draw depend only on the seed and the draw's index, never on the chunk size, the engine or the number
of draws. A chunk (several blocks) is the unit of work an engine runs; it returns, per block, running
sums and a histogram of the forecasts, which the caller adds up in block order. The mean and standard
deviation are exact; a quantile is read from the histogram (:data:`BINS` bins on the 0-100 scale, each
with its smallest and largest value): the midpoint of the values in the bin of the inverted-CDF sample
quantile, so within half a bin (0.005 on the 0-100 scale) of it, and exact when the bin holds one value.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, Self

import numpy as np
from numpy.typing import NDArray

from pactlab._rng import DEFAULT_SEED, RNGLike, fresh, seed_of
from pactlab.errors import ParameterError
from pactlab.negotiate.eum import Variant, eum_batch
from pactlab.negotiate.results import number
from pactlab.negotiate.rules import COALITION, bargainers, deciders, win_set_batch
from pactlab.results import Provenance, ResultMixin
from pactlab.scenario.arrays import ScenarioArrays

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BINS",
    "BLOCK",
    "Engine",
    "EnsembleResult",
    "LocalEngine",
    "ProcessEngine",
    "ThreadEngine",
    "eum_ensemble",
]

F = NDArray[np.float64]
BLOCK = 64
"""Draws per random-number block (fixed: it defines the seed stream)."""
BINS = 10_000
"""Histogram bins on the 0-100 scale (width 0.01) from which the quantiles are read."""
_QUANTILES = (0.05, 0.5, 0.95)


class Engine(Protocol):
    """Runs a function over tasks and returns the results in task order (one-method interface; a
    Dask adapter with this method, such as the deterrence engine's, works too)."""

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterable[Any]: ...


class LocalEngine:
    """Every chunk in this thread, in order."""

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterable[Any]:
        return (fn(t) for t in tasks)


class ThreadEngine:
    """Chunks on a thread pool (NumPy releases the GIL in its kernels); results in task order."""

    def __init__(self, workers: int = 2) -> None:
        self.workers = workers

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterator[Any]:
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            yield from pool.map(fn, tasks)


class ProcessEngine:
    """Chunks on a pool of worker processes; results in task order."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterator[Any]:
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            yield from pool.map(fn, tasks)


@dataclass(frozen=True)
class _Issue:
    """What a chunk needs of one issue (picklable): the bargainers' cells and the rule."""

    x: F
    s: F
    c: F
    member: NDArray[np.bool_]
    votes: F
    rule: str
    quota: float | None
    abstain_votes: float
    q: float  # NaN: no status quo


@dataclass(frozen=True)
class _Task:
    entropy: int | Sequence[int]
    spawn_key: tuple[int, ...]
    first: int
    blocks: int
    draws: int
    issues: tuple[_Issue, ...]
    rounds: int
    sd_position: float
    sd_salience: float
    q: float
    variant: Variant
    dtype: str


def _issue(arrays: ScenarioArrays, col: int) -> _Issue:
    # every member with a position is a candidate: under a coalition of the willing, who is willing is
    # decided per draw on the perturbed positions
    cell, d = bargainers(arrays, col, willing_only=False), deciders(arrays, col)
    member = np.array([a in d.members for a in cell.actors], dtype=bool)
    votes = np.array([d.votes[d.members.index(a)] if a in d.members else 0.0 for a in cell.actors])
    return _Issue(
        cell.x,
        cell.s,
        cell.c,
        member,
        votes,
        d.rule,
        d.quota,
        d.abstain_votes,
        np.nan if d.status_quo is None else d.status_quo,
    )


def _forecasts(issue: _Issue, x: F, s: F, task: _Task) -> tuple[F, F]:
    """Final median and mean (0-100) per draw of one block, after the rule."""
    b = x.shape[0]
    med, mean = np.full(b, issue.q), np.full(b, issue.q)
    act = np.ones(x.shape, dtype=bool)
    run = np.ones(b, dtype=bool)
    lo = hi = None
    if not np.isnan(issue.q):
        if issue.rule == COALITION:
            act = ~issue.member | (x > issue.q)
            run = np.asarray((act & issue.member).any(axis=1), dtype=bool)
        else:
            lo, hi = win_set_batch(
                x[:, issue.member],
                issue.votes[issue.member],
                issue.rule,
                issue.q,
                quota=issue.quota,
                abstain_votes=issue.abstain_votes,
            )
            run = ~np.isnan(lo)
    run &= (act * issue.c * s).sum(axis=1) > 0
    # draws with the same bargainers run together on those columns only (the EUM's fast path, and the
    # same computation as eum() on the willing); a draw's result depends only on its own numbers
    patterns, which = np.unique(act[run], axis=0, return_inverse=True)
    rows_run = np.flatnonzero(run)
    for k, cols in enumerate(patterns):
        rows = rows_run[np.asarray(which).ravel() == k]
        tr = eum_batch(
            x[np.ix_(rows, cols)],
            np.broadcast_to(issue.c[cols], (rows.size, int(cols.sum()))),
            s[np.ix_(rows, cols)],
            q=task.q,
            max_rounds=task.rounds,
            variant=task.variant,
            dtype=np.dtype(task.dtype).type,
        )
        med[rows], mean[rows] = tr.median[:, -1], tr.mean[:, -1]
    if lo is not None and hi is not None:
        edge_lo, edge_hi = np.fmin(lo, issue.q), np.fmax(hi, issue.q)
        med, mean = np.clip(med, edge_lo, edge_hi), np.clip(mean, edge_lo, edge_hi)
    elif issue.rule == COALITION and not np.isnan(issue.q):
        med, mean = np.maximum(med, issue.q), np.maximum(mean, issue.q)
    return med, mean


def _stats(values: F, q: float, ends: NDArray[np.intp]) -> dict[str, Any]:
    """Running statistics of one chunk's forecasts (0-100): per block the sum and the sum of squares
    (added up in block order by the caller, so the totals do not depend on the chunking), and for the
    chunk the occupied histogram bins with their counts and smallest and largest values (order-free:
    integers, min and max; sparse, so a chunk's result stays small)."""
    bins = np.clip((values * (BINS / 100.0)).astype(np.int64), 0, BINS - 1)
    occupied, index, counts = np.unique(bins, return_inverse=True, return_counts=True)
    lo, hi = np.full(occupied.size, np.inf), np.full(occupied.size, -np.inf)
    np.minimum.at(lo, index, values)
    np.maximum.at(hi, index, values)
    blocks = [values[a:b] for a, b in itertools.pairwise(ends)]
    return {
        "sums": [(float(v.sum()), float((v * v).sum())) for v in blocks],
        "bins": occupied,
        "counts": counts,
        "lo": lo,
        "hi": hi,
        "changed": int(np.sum(values != q)) if not np.isnan(q) else len(values),
    }


def _run_chunk(task: _Task) -> list[dict[str, dict[str, Any]]]:
    """Per issue: the running statistics of the chunk's median and mean (see :func:`_stats`).

    The random numbers are drawn block by block (each block from its own child seed, every issue
    BLOCK rows, so a draw's numbers never depend on the chunk or the number of draws); the EUM then
    runs on the whole chunk at once (its rows are independent), and the statistics are taken per block.
    """
    sizes = [min(BLOCK, task.draws - b * BLOCK) for b in range(task.first, task.first + task.blocks)]
    xs: list[list[F]] = [[] for _ in task.issues]
    ss: list[list[F]] = [[] for _ in task.issues]
    for block, n in zip(range(task.first, task.first + task.blocks), sizes, strict=True):
        gen = np.random.default_rng(np.random.SeedSequence(task.entropy, spawn_key=(*task.spawn_key, block)))
        for k, issue in enumerate(task.issues):
            x = np.clip(issue.x + gen.normal(0.0, task.sd_position, (BLOCK, issue.x.size)), 0.0, 100.0)
            s = np.clip(issue.s + gen.normal(0.0, task.sd_salience, (BLOCK, issue.s.size)), 0.01, 1.0)
            xs[k].append(x[:n])
            ss[k].append(s[:n])
    ends = np.cumsum([0, *sizes])
    out = []
    for k, issue in enumerate(task.issues):
        med, mean = _forecasts(issue, np.concatenate(xs[k]), np.concatenate(ss[k]), task)
        out.append({"median": _stats(med, issue.q, ends), "mean": _stats(mean, issue.q, ends)})
    return out


@dataclass(frozen=True)
class EnsembleResult(ResultMixin):
    """Per issue, statistics of the final EUM median (the forecast) and mean over the draws, in each
    issue's units: mean, sd, 5%/50%/95% quantiles, and the share of draws in which a change from the
    status quo is agreed (``p_change``; 1 without a status quo)."""

    issue_ids: tuple[str, ...]
    draws: int
    median: Mapping[str, Mapping[str, float]]
    mean: Mapping[str, Mapping[str, float]]
    provenance: Provenance

    def to_dict(self) -> dict[str, Any]:
        return {
            "issues": list(self.issue_ids),
            "draws": self.draws,
            "median": {k: dict(v) for k, v in self.median.items()},
            "mean": {k: dict(v) for k, v in self.mean.items()},
            "provenance": self.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            issue_ids=tuple(data["issues"]),
            draws=int(data["draws"]),
            median={k: dict(v) for k, v in data["median"].items()},
            mean={k: dict(v) for k, v in data["mean"].items()},
            provenance=Provenance.from_dict(data["provenance"]),
        )

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = [
            {"issue": i, "series": name, **dict(getattr(self, name)[i])}
            for i in self.issue_ids
            for name in ("median", "mean")
        ]
        return pd.DataFrame(rows)

    def summary(self) -> str:
        lines = [f"EUM ensemble, {self.draws} draws (forecast = final median; 90% interval)"]
        for i in self.issue_ids:
            m = self.median[i]
            lines.append(
                f"  {i}: {number(m['mean'])} ({number(m['q05'])} to {number(m['q95'])}), "
                f"change agreed in {m['p_change']:.0%} of draws"
            )
        return "\n".join(lines)


def _merge(total: dict[str, Any], part: dict[str, Any]) -> None:
    """Add a chunk's statistics to the running totals (chunks arrive in order)."""
    for s, sq in part["sums"]:  # block by block, in block order
        total["sum"] += s
        total["sq"] += sq
    bins = part["bins"]
    total["hist"][bins] += part["counts"]
    total["lo"][bins] = np.minimum(total["lo"][bins], part["lo"])
    total["hi"][bins] = np.maximum(total["hi"][bins], part["hi"])
    total["changed"] += part["changed"]


def _finish(arrays: ScenarioArrays, col: int, acc: dict[str, Any], draws: int) -> dict[str, float]:
    mean = acc["sum"] / draws
    var = max(acc["sq"] / draws - mean * mean, 0.0) * draws / max(draws - 1, 1)
    cum = np.cumsum(acc["hist"])
    out = {"mean": mean}
    for p in _QUANTILES:
        k = int(np.searchsorted(cum, np.ceil(p * draws)))  # the bin of the inverted-CDF order statistic
        out[f"q{round(p * 100):02d}"] = 0.5 * (acc["lo"][k] + acc["hi"][k])  # within half the bin's spread
    scale = {k: float(arrays.to_units(v, col)) for k, v in out.items()}
    scale["sd"] = float(np.sqrt(var)) * float(arrays.upper[col] - arrays.lower[col]) / 100.0
    scale["p_change"] = acc["changed"] / draws
    return scale


def eum_ensemble(
    arrays: ScenarioArrays,
    *,
    draws: int = 1000,
    rounds: int = 10,
    sd_position: float = 5.0,
    sd_salience: float = 0.05,
    q: float = 1.0,
    variant: Variant = "equations",
    rng: RNGLike = DEFAULT_SEED,
    workers: int = 1,
    chunk: int = 512,
    engine: Engine | None = None,
    dtype: type = np.float32,
) -> EnsembleResult:
    """Run the EUM over ``draws`` perturbed copies of every issue, streamed (see the module docstring).

    ``chunk`` (draws, rounded up to whole blocks) and ``engine`` (default: this thread, or a thread pool
    of ``workers``) change the speed, never the numbers. ``dtype`` np.float32 halves memory traffic.
    """
    for name, value, least in (
        ("draws", draws, 2),
        ("workers", workers, 1),
        ("chunk", chunk, 1),
        ("rounds", rounds, 0),
    ):
        if value < least:
            raise ParameterError(name, f"must be at least {least}, not {value}")
    seed = fresh(rng)
    if isinstance(seed, np.random.Generator):
        seq = np.random.SeedSequence(int(seed.integers(0, 2**63)))
    else:
        seq = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    issues = tuple(_issue(arrays, col) for col in range(arrays.n_issues))
    per = max(1, -(-chunk // BLOCK))
    n_blocks = -(-draws // BLOCK)
    entropy = seq.entropy if seq.entropy is not None else 0  # None only for a pool-less SeedSequence
    tasks = [
        _Task(
            entropy,
            tuple(seq.spawn_key),
            b,
            min(per, n_blocks - b),
            draws,
            issues,
            rounds,
            sd_position,
            sd_salience,
            q,
            variant,
            np.dtype(dtype).name,
        )
        for b in range(0, n_blocks, per)
    ]
    runner = engine or (ThreadEngine(workers) if workers > 1 else LocalEngine())
    acc = [
        {
            k: {
                "sum": 0.0,
                "sq": 0.0,
                "hist": np.zeros(BINS, np.int64),
                "lo": np.full(BINS, np.inf),
                "hi": np.full(BINS, -np.inf),
                "changed": 0,
            }
            for k in ("median", "mean")
        }
        for _ in issues
    ]
    for chunk_stats in runner.map(_run_chunk, tasks):
        for total, part in zip(acc, chunk_stats, strict=True):
            _merge(total["median"], part["median"])
            _merge(total["mean"], part["mean"])
    stats = {
        k: {i: _finish(arrays, col, acc[col][k], draws) for col, i in enumerate(arrays.issue_ids)}
        for k in ("median", "mean")
    }
    params = {
        "draws": draws,
        "rounds": rounds,
        "sd_position": sd_position,
        "sd_salience": sd_salience,
        "q": q,
        "variant": variant,
        "dtype": np.dtype(dtype).name,
        "block": BLOCK,
        "bins": BINS,
    }
    prov = Provenance("eum-ensemble", params, seed_of(seed), arrays.digest)
    return EnsembleResult(arrays.issue_ids, draws, stats["median"], stats["mean"], prov)
