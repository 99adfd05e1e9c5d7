"""Monte Carlo over parameter uncertainty: does each guarantee option deter, at what escalation
risk?

Every draw takes (1) the priors of :mod:`pactlab.deter.mapping` (``prior`` or ``analyst``), (2) a
vector of the calibration's coefficients from their estimated sampling distribution
(:mod:`pactlab.deter.calibration`, ``fitted``) and (3) one bootstrap replicate of the durability
baseline (:mod:`pactlab.deter.durability`); maps them to the parameters of the graduated escalation
game for each option and for the no-guarantee baseline, on the SAME draws (common random numbers,
so that options differ only for their stated reasons), and solves the game vectorised over the
draws (:func:`solve_escalation`).

The game is defined once, as a tree with payoff expressions (:func:`pactlab.deter.games.
escalation_game`): :func:`solve_escalation` evaluates the tree's own payoff expressions and
outcome classes and solves its (fixed) shape backwards in closed form; a Hypothesis property test
checks it against the generic tree solver on random parameter draws.

Streaming: draws are made in blocks of :data:`BLOCK` draws; block ``b`` draws from the ``b``-th
child of the seed's SeedSequence, whatever the chunk (a whole number of blocks) it is computed
in and whatever engine runs the chunks. Each block is reduced at once to running sums, integer
histograms and pairwise counts (:mod:`pactlab.deter.streaming`); the sums are added in block order,
so the numbers are bit-identical for any chunk size and engine, and memory does not grow with the
number of draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit, logit

from pactlab._engines import DaskEngine, Engine, LocalEngine, ProcessEngine
from pactlab._rng import RNGLike, check_seed, seed_of
from pactlab.deter.calibration import (
    Calibration,
    ally_effect,
    attack_index,
    pact_index_shift,
    response_index,
)
from pactlab.deter.durability import option_survival
from pactlab.deter.games import escalation_game, evaluate
from pactlab.deter.mapping import (
    NO_GUARANTEE,
    PACT_KIND,
    REFERENCE_PACT,
    OptionSpec,
    draw_parameters,
    game_parameters,
)
from pactlab.deter.priors import Parameter
from pactlab.deter.streaming import BlockStats, Totals

__all__ = [
    "BLOCK",
    "DERIVED",
    "OUTCOMES",
    "DaskEngine",
    "Engine",
    "LocalEngine",
    "Plan",
    "ProcessEngine",
    "block_draws",
    "pact_weight",
    "root_seed",
    "run_plan",
    "seed_record",
    "solve_escalation",
]

Array = NDArray[np.float64]
BLOCK = 4096
_GAME = escalation_game()
_PAYOFF = {o: _GAME.payoffs[o]["Challenger"] for o in ("SQ", "CG", "LR", "CE", "GE", "DC")}
#: Terminal outcomes of the escalation game with their class (from the tree's ``outcome_class``).
OUTCOMES: dict[str, str] = dict(_GAME.outcome_class)
#: Game parameters an option changes (reported as drivers with their shift against the baseline).
DERIVED = ("p_T", "p_S", "denial", "provocation", "p_accident", "lam")
#: Parameters the calibration sets on every draw unless the analyst overrides them.
CALIBRATED = ("cost_attack", "p_T_base", "effect.collective_defence_clause.p_T", "calibration.pact_weight")


def _pick(a: Array, b: Array, lam: Array | float) -> Array:
    """P(choose b over a): logit with precision lam, the even-tie limit where lam is inf."""
    lam_arr = np.asarray(lam, dtype=float)
    with np.errstate(invalid="ignore"):
        q = np.asarray(expit(lam_arr * (b - a)), dtype=float)
    if np.isinf(lam_arr).any():
        limit = np.where(b > a, 1.0, np.where(b < a, 0.0, 0.5))
        q = np.where(np.isinf(lam_arr), limit, q)
    return q


def solve_escalation(
    p: Mapping[str, Any], lam: Array | float | None = None, behaviour: dict[str, Array] | None = None
) -> dict[str, Array]:
    """Outcome probabilities of the escalation game on every draw (logit agent QRE).

    The payoffs are the tree's own expressions (:func:`pactlab.deter.games.escalation_game`);
    ``lam`` defaults to ``p["lam"]`` and may be an array (``np.inf``: the subgame-perfect limit
    with ties split evenly). ``behaviour`` receives the challenger's choice probabilities
    (``attack``, ``counter_after_in_kind``, ``counter_after_direct``) and ``v_attack``, the
    challenger's expected value of attacking.
    """
    lam = p["lam"] if lam is None else lam
    u = {o: evaluate(expr, p) for o, expr in _PAYOFF.items()}
    p_t, p_s, acc = p["p_T"], p["p_S"], p["p_accident"]
    q2 = _pick(u["GE"], u["DC"], lam)  # counter-escalate after direct involvement
    v2 = u["GE"] + q2 * (u["DC"] - u["GE"])
    ce_value = p_s * u["DC"] + (1.0 - p_s) * u["CE"]
    q1 = _pick(u["LR"], ce_value, lam)  # counter-escalate after an in-kind response
    v1 = u["LR"] + q1 * (ce_value - u["LR"])
    v_ik = acc * u["DC"] + (1.0 - acc) * v1
    w_ik, w_dir, w_none = p_t, (1.0 - p_t) * p_s, (1.0 - p_t) * (1.0 - p_s)
    v_attack = w_ik * v_ik + w_dir * v2 + w_none * u["CG"]
    attack = _pick(u["SQ"], v_attack, lam)
    if behaviour is not None:
        behaviour.update(attack=attack, counter_after_in_kind=q1, counter_after_direct=q2, v_attack=v_attack)
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


# The engines (Engine, LocalEngine, ProcessEngine, DaskEngine) live in pactlab._engines, shared
# with the sensitivity analysis; they are re-exported here for the existing API.


# --- one block of draws ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Everything a chunk needs (picklable): parameters, options, calibration, seed."""

    params: Mapping[str, Parameter]
    options: tuple[OptionSpec, ...]
    seed: np.random.SeedSequence
    draws: int
    credibility: Mapping[str, float] = field(default_factory=dict)
    lam: float | None = None
    calibration: Calibration | None = None
    driver_draws: int = 65_536

    def calibrated(self) -> tuple[str, ...]:
        """The parameters the calibration sets (those not overridden by the analyst)."""
        if self.calibration is None:
            return ()
        analyst = {k for k, p in self.params.items() if p.kind == "analyst"}
        out = [k for k in CALIBRATED if k not in analyst]
        drop = set()
        if {"sq", "cost_attack"} & analyst:
            drop.add("cost_attack")
        pacts = any(i.kind == PACT_KIND for o in self.options for i in o.instruments)
        if not pacts or analyst & {
            "effect.collective_defence_clause.p_T",
            "effect.collective_defence_clause.p_S",
        }:
            drop.add("calibration.pact_weight")
        return tuple(k for k in out if k not in drop)


def root_seed(rng: RNGLike) -> np.random.SeedSequence:
    """The SeedSequence whose children seed the blocks."""
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, np.random.Generator):
        seq = rng.bit_generator.seed_seq
        if isinstance(seq, np.random.SeedSequence):
            return seq
        return np.random.SeedSequence(int(rng.integers(2**63)))
    check_seed(rng)
    return np.random.SeedSequence(rng)


def _block_rng(seed: np.random.SeedSequence, b: int) -> np.random.Generator:
    child = np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, b), pool_size=seed.pool_size)
    return np.random.default_rng(child)


def _covariates(draws: Mapping[str, Array]) -> dict[str, Array]:
    return {k.removeprefix("dyad."): v for k, v in draws.items() if k.startswith("dyad.")}


def block_draws(plan: Plan, b: int, n: int) -> tuple[dict[str, Array], dict[str, dict[str, Array]]]:
    """Draw and solve block ``b`` (``n`` draws): the parameter draws and, per option, the per-draw
    class probabilities, outcomes, game parameters and survival."""
    gen = _block_rng(plan.seed, b)
    draws = draw_parameters(plan.params, n, gen)
    calibrated = plan.calibrated()
    coefs = None
    if plan.calibration is not None:
        coefs = plan.calibration.draw(n, gen)
        cov = _covariates(draws)
        if "p_T_base" in calibrated:
            draws["p_T_base"] = np.asarray(expit(response_index(coefs, cov)), dtype=float)
        if "effect.collective_defence_clause.p_T" in calibrated:
            draws["effect.collective_defence_clause.p_T"] = ally_effect(coefs)
    replicate = gen.integers(0, 1 << 30, n)
    if coefs is not None and "cost_attack" in calibrated:
        draws["cost_attack"] = _solve_cost(plan, draws, attack_index(coefs, _covariates(draws)))
    if (
        coefs is not None
        and "calibration.pact_weight" in calibrated
        and any(i.kind == PACT_KIND for o in plan.options for i in o.instruments)
    ):
        draws["calibration.pact_weight"] = pact_weight(
            draws, pact_index_shift(coefs), plan.credibility, plan.lam
        )
    per_option: dict[str, dict[str, Array]] = {}
    for opt in plan.options:
        gp = game_parameters(opt, draws, plan.credibility)
        moves: dict[str, Array] = {}
        out = solve_escalation(gp, plan.lam, moves)
        row = {f"o.{k}": np.broadcast_to(v, (n,)) for k, v in out.items()}
        for cls in ("deterrence", "limited_conflict", "direct_clash"):
            row[cls] = sum((out[o] for o, c in OUTCOMES.items() if c == cls), np.zeros(n))
        row.update({f"g.{k}": np.broadcast_to(gp[k], (n,)) for k in DERIVED})
        row["g.counter_after_in_kind"] = np.broadcast_to(moves["counter_after_in_kind"], (n,))
        row.update({k: np.broadcast_to(v, (n,)) for k, v in option_survival(opt, draws, replicate).items()})
        per_option[opt.id] = row
    return draws, per_option


def _solve_cost(plan: Plan, draws: dict[str, Array], a: Array) -> Array:
    """``cost_attack`` such that the no-guarantee baseline attacks with ``expit(a)``.

    Every attack outcome's payoff carries ``-cost_attack`` once, so the value of attacking at
    ``cost_attack = 0``, ``v0``, less the cost is the value at any cost: ``lam (v0 - cost - sq)
    = a`` gives the cost.
    """
    zero = {**draws, "cost_attack": np.zeros_like(a)}
    gp = game_parameters(NO_GUARANTEE, zero, plan.credibility)
    moves: dict[str, Array] = {}
    solve_escalation(gp, plan.lam, moves)
    lam = np.asarray(gp["lam"] if plan.lam is None else plan.lam, dtype=float)
    return np.asarray(moves["v_attack"] - gp["sq"] - a / lam, dtype=float)


def _attack_logit(
    option: OptionSpec, draws: Mapping[str, Array], credibility: Mapping[str, float], lam: float | None
) -> Array:
    attack = 1.0 - solve_escalation(game_parameters(option, draws, credibility), lam)["SQ"]
    return np.asarray(logit(np.clip(attack, 1e-12, 1.0 - 1e-12)), dtype=float)


def pact_weight(
    draws: Mapping[str, Array],
    target: Array,
    credibility: Mapping[str, float],
    lam: float | None,
    iterations: int = 40,
) -> Array:
    """The weight ``theta`` in [0, 1] of a defence pact's credibility shifts, per draw.

    ``theta`` solves ``L(theta) - L(no pact) = target`` where ``L`` is the attack log-odds of the
    game with :data:`~pactlab.deter.mapping.REFERENCE_PACT` (one treaty guarantor) and ``target``
    the calibration's fitted shift of the attack index for a major-power defence ally. ``L`` falls
    with ``theta``; ``theta = 0`` where the target is >= 0 (the record shows no deterrence), 1 where
    even the full prior effect deters less than the record; bisection otherwise.
    """
    n = len(target)
    base = _attack_logit(NO_GUARANTEE, draws, credibility, lam)
    full = (
        _attack_logit(REFERENCE_PACT, {**draws, "calibration.pact_weight": np.ones(n)}, credibility, lam)
        - base
    )
    theta = np.where(target >= 0.0, 0.0, np.where(target <= full, 1.0, np.nan))
    todo = np.flatnonzero(np.isnan(theta))
    if todo.size:
        sub = {
            k: (np.asarray(v)[todo] if np.ndim(v) and np.shape(v)[0] == n else v) for k, v in draws.items()
        }
        lo, hi = np.zeros(todo.size), np.ones(todo.size)
        for _ in range(iterations):
            mid = (lo + hi) / 2.0
            shift = (
                _attack_logit(REFERENCE_PACT, {**sub, "calibration.pact_weight": mid}, credibility, lam)
                - base[todo]
            )
            more = shift > target[todo]  # not deterring enough yet: raise theta
            lo, hi = np.where(more, mid, lo), np.where(more, hi, mid)
        theta[todo] = (lo + hi) / 2.0
    return np.asarray(theta, dtype=float)


@dataclass(frozen=True)
class _Chunk:
    plan: Plan
    first: int
    count: int


def _run_chunk(task: _Chunk) -> list[BlockStats]:
    plan, out = task.plan, []
    names = tuple(o.id for o in plan.options)
    for b in range(task.first, task.first + task.count):
        n = min(BLOCK, plan.draws - b * BLOCK)
        draws, per_option = block_draws(plan, b, n)
        keep = b * BLOCK < plan.driver_draws
        out.append(BlockStats.of(names, per_option, draws if keep else None))
    return out


def run_plan(
    plan: Plan,
    *,
    chunk_size: int = 65_536,
    engine: Engine | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Totals:
    """Run every block of ``plan`` in chunks of about ``chunk_size`` draws on ``engine`` and
    fold the block statistics in block order (bit-identical for any chunk size and engine)."""
    n_blocks = math.ceil(plan.draws / BLOCK)
    per = max(1, chunk_size // BLOCK)
    tasks = [_Chunk(plan, f, min(per, n_blocks - f)) for f in range(0, n_blocks, per)]
    totals = Totals.empty(tuple(o.id for o in plan.options))
    results: Iterator[list[BlockStats]] = iter((engine or LocalEngine()).map(_run_chunk, tasks))
    for k, blocks in enumerate(results):
        for block in blocks:
            totals.add(block)
        if progress is not None:
            progress(k + 1, len(tasks))
    return totals


def seed_record(rng: RNGLike) -> int | None:
    """The seed to print in results (None for fresh entropy or a bare Generator)."""
    return seed_of(rng)
