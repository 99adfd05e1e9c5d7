"""Monte Carlo over parameter uncertainty: does each guarantee option deter, at what escalation
risk?

Every draw of the priors (:mod:`pactlab.deter.mapping`) is mapped to the parameters of the
graduated escalation game (:func:`pactlab.deter.games.escalation_game`) for each option and for the
no-guarantee baseline, on the SAME draws (common random numbers, so that options differ only for
their stated reasons), and solved in closed form, vectorised over the draws
(:func:`solve_escalation`, checked against the generic tree solver in the tests). Draws run in
chunks of fixed size; chunk ``k`` uses the ``k``-th child of the seed's SeedSequence, so any engine
(one process, a process pool) gives the same numbers for the same seed.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit

from pactlab._rng import RNGLike, seed_of, spawn
from pactlab.deter.durability import option_survival
from pactlab.deter.mapping import (
    NO_GUARANTEE,
    OptionSpec,
    Parameter,
    draw_parameters,
    game_parameters,
    resolve_parameters,
)

__all__ = [
    "DERIVED",
    "OUTCOMES",
    "ChunkResult",
    "DaskEngine",
    "Engine",
    "LocalEngine",
    "ProcessEngine",
    "seed_record",
    "simulate_chunks",
    "solve_escalation",
]

Array = NDArray[np.float64]

#: Terminal outcomes of the escalation game, their class and a plain description.
OUTCOMES: dict[str, tuple[str, str]] = {
    "SQ": ("deterrence", "status quo holds: no attack"),
    "CG": ("limited_conflict", "attack, no guarantor response"),
    "LR": ("limited_conflict", "attack met in kind; the challenger backs down"),
    "CE": ("limited_conflict", "challenger counter-escalates; the guarantors back down"),
    "GE": ("limited_conflict", "guarantors intervene directly; the challenger backs down"),
    "DC": ("direct_clash", "direct clash between guarantors and challenger"),
    "DC_accident": ("direct_clash", "an in-kind exchange spirals into a direct clash"),
}
_CLASSES = ("deterrence", "limited_conflict", "direct_clash")
#: Game parameters an option changes (reported as drivers with their shift against the baseline).
DERIVED = ("p_T", "p_S", "denial", "provocation", "p_accident", "lam")


def _pick(a: Array, b: Array, lam: Array | float) -> Array:
    """P(choose b over a): logit with precision lam, or the even-tie limit when lam is inf."""
    if np.ndim(lam) == 0 and math.isinf(float(lam)):
        return np.where(b > a, 1.0, np.where(b < a, 0.0, 0.5))
    return np.asarray(expit(lam * (b - a)), dtype=float)


def solve_escalation(
    p: Mapping[str, Any], lam: Array | float | None = None, behaviour: dict[str, Array] | None = None
) -> dict[str, Array]:
    """Outcome probabilities of the reduced escalation game on every draw (logit agent QRE).

    Closed form of :func:`pactlab.solve.logit_qre` on :func:`pactlab.deter.games.escalation_game`
    (same payoffs; ``lam=np.inf`` gives the subgame-perfect limit with ties split evenly).
    ``lam`` defaults to ``p["lam"]``. When a dict is passed as ``behaviour``, it receives the
    challenger's choice probabilities: ``attack``, ``counter_after_in_kind`` and
    ``counter_after_direct``.
    """
    lam = p["lam"] if lam is None else lam
    kept = p["gain"] * (1.0 - p["denial"])
    cg = kept - p["cost_attack"]
    lr = kept * (1.0 - p["in_kind_effect"]) - p["cost_attack"] - p["cost_limited"] - p["provocation"]
    ce = kept - p["cost_attack"] - p["cost_limited"]
    ge = -p["cost_attack"] - p["cost_limited"]
    dc = -p["cost_attack"] - p["cost_clash"]
    p_t, p_s, acc = p["p_T"], p["p_S"], p["p_accident"]
    q2 = _pick(ge, dc, lam)  # counter-escalate after direct involvement
    v2 = ge + q2 * (dc - ge)
    ce_value = p_s * dc + (1.0 - p_s) * ce
    q1 = _pick(lr, ce_value, lam)  # counter-escalate after an in-kind response
    v1 = lr + q1 * (ce_value - lr)
    v_ik = acc * dc + (1.0 - acc) * v1
    w_ik, w_dir, w_none = p_t, (1.0 - p_t) * p_s, (1.0 - p_t) * (1.0 - p_s)
    v_attack = w_ik * v_ik + w_dir * v2 + w_none * cg
    attack = _pick(p["sq"], v_attack, lam)
    if behaviour is not None:
        behaviour.update(attack=attack, counter_after_in_kind=q1, counter_after_direct=q2)
    contained = attack * w_ik * (1.0 - acc)
    return {
        "SQ": 1.0 - attack,
        "CG": attack * w_none,
        "LR": contained * (1.0 - q1),
        "CE": contained * q1 * (1.0 - p_s),
        "GE": attack * w_dir * (1.0 - q2),
        "DC": contained * q1 * p_s + attack * w_dir * q2,
        "DC_accident": attack * w_ik * acc,
    }


# --- engines -------------------------------------------------------------------------------------


class Engine(Protocol):
    """Runs a function over tasks and returns the results in task order (one-method interface)."""

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterable[Any]: ...


class LocalEngine:
    """Runs every chunk in this process, in order."""

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterable[Any]:
        return (fn(t) for t in tasks)


class ProcessEngine:
    """Runs chunks in a pool of worker processes (results come back in task order)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterable[Any]:
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            yield from pool.map(fn, tasks)


class DaskEngine:
    """Runs chunks on Dask (optional extra ``pactlab[dask]``): on a ``distributed.Client`` when one
    is given, else with ``dask.compute`` on the named local scheduler. Same seed, same numbers as
    :class:`LocalEngine`: the chunks and their seeds are fixed before any engine sees them."""

    def __init__(self, client: Any = None, scheduler: str = "threads") -> None:
        self.client = client
        self.scheduler = scheduler

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterable[Any]:
        if self.client is not None:
            return list(self.client.gather(self.client.map(fn, tasks, pure=False)))
        dask: Any = importlib.import_module("dask")  # optional dependency, typed loosely
        return list(dask.compute(*[dask.delayed(fn)(t) for t in tasks], scheduler=self.scheduler))


# --- chunks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Task:
    rng: np.random.Generator
    n: int
    params: Mapping[str, Parameter]
    options: tuple[OptionSpec, ...]
    credibility: Mapping[str, float]
    lam: float | None


@dataclass(frozen=True)
class ChunkResult:
    """Per-draw arrays: the prior draws, and per option its outcomes, parameters and survival."""

    draws: dict[str, Array]
    outcomes: dict[str, dict[str, Array]]
    derived: dict[str, dict[str, Array]]
    survival: dict[str, dict[str, Array]]


def _run_chunk(task: _Task) -> ChunkResult:
    draws = draw_parameters(task.params, task.n, task.rng)
    outcomes, derived, survival = {}, {}, {}
    for opt in task.options:
        gp = game_parameters(opt, draws, task.credibility)
        moves: dict[str, Array] = {}
        outcomes[opt.id] = solve_escalation(gp, task.lam, moves)
        derived[opt.id] = {k: np.broadcast_to(gp[k], (task.n,)).copy() for k in DERIVED}
        # the escalation channel: how often the challenger counter-escalates after an in-kind
        # response (the branch that depends most on the guarantors' types; games.escalation_game)
        derived[opt.id]["counter_after_in_kind"] = np.broadcast_to(
            moves["counter_after_in_kind"], (task.n,)
        ).copy()
        survival[opt.id] = {
            k: np.broadcast_to(v, (task.n,)).copy() for k, v in option_survival(opt, draws).items()
        }
    return ChunkResult(draws, outcomes, derived, survival)


def simulate_chunks(
    options: Sequence[OptionSpec],
    *,
    draws: int,
    rng: RNGLike,
    parameters: Iterable[Any] | Mapping[str, Parameter] = (),
    credibility: Mapping[str, float] | None = None,
    lam: float | None = None,
    chunk_size: int = 50_000,
    engine: Engine | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ChunkResult:
    """Draw, map and solve ``draws`` draws for the baseline and every option; concatenate chunks.

    The baseline (:data:`NO_GUARANTEE`) is always included first. ``chunk_size`` fixes the
    partition of the draws, and with it the numbers; the engine does not.
    """
    if draws < 2:
        raise ValueError("draws must be at least 2")
    params = parameters if isinstance(parameters, Mapping) else resolve_parameters(parameters)
    opts = (NO_GUARANTEE, *[o for o in options if o.id != NO_GUARANTEE.id])
    n_chunks = math.ceil(draws / chunk_size)
    sizes = [chunk_size] * (n_chunks - 1) + [draws - chunk_size * (n_chunks - 1)]
    tasks = [
        _Task(g, s, dict(params), opts, dict(credibility or {}), lam)
        for g, s in zip(spawn(rng, n_chunks), sizes, strict=True)
    ]
    parts: list[ChunkResult] = []
    for k, part in enumerate((engine or LocalEngine()).map(_run_chunk, tasks)):
        parts.append(part)
        if progress is not None:
            progress(k + 1, n_chunks)
    return _concat(parts)


def _concat(parts: list[ChunkResult]) -> ChunkResult:
    def nested(name: str) -> dict[str, dict[str, Array]]:
        first: dict[str, dict[str, Array]] = getattr(parts[0], name)
        return {
            o: {k: np.concatenate([getattr(p, name)[o][k] for p in parts]) for k in first[o]} for o in first
        }

    return ChunkResult(
        {k: np.concatenate([p.draws[k] for p in parts]) for k in parts[0].draws},
        nested("outcomes"),
        nested("derived"),
        nested("survival"),
    )


def seed_record(rng: RNGLike) -> int | None:
    """The seed to print in results (None for fresh entropy or a bare Generator)."""
    return seed_of(rng)
