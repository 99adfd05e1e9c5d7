"""Exchange model of Stokman & Van Oosten (1994), equal-gain variant (as in decide-exchange-model).

References
----------
Stokman, F. N. & Van Oosten, R. (1994). The exchange of voting positions: an object-oriented model of
policy networks. In Bueno de Mesquita & Stokman (eds.), European Community Decision Making. Yale UP.
Peer implementation: decide-exchange-model 2025.3.1 (J. Draaijer, PyPI), models.md section 1.5.

Notes
-----
Round: the outcome O_d is the weighted mean; an actor is left on d iff x_d <= O_d. Candidates: for
every issue pair (p, q) (p before q in issue order), actor pairs on opposite sides of the outcome on
both issues. The actor with the higher salience ratio s_p / s_q demands p and supplies q (the other
way round for its partner). Equal gain: the supplier on p moves fully to the demander's position,
dO_p = |x_ip - x_jp| s_jp c_jp / sum_k s_kp c_kp; dO_q = dO_p (s_ip + s_jp) / (s_iq + s_jq); the
partner's shift is dO_q sum_k s_kq c_kq / (s_iq c_iq); if it exceeds the distance to the demander
the roles flip. A shift may not move the outcome past the demander's position, where the outcome is
the one that demander sees (round-start positions, plus the positions of the suppliers that have moved
toward it on that issue this round). Such a shift is cut to the distance, from the supplier's current
position (or from the position it already votes toward that demander, where it has one), to the position
that puts the outcome there, and the partner's shift is recomputed. An outcome already at the demander's
position (within 1e-9 on 0-100: exactly, in exact arithmetic) is not "passed" by a further shift: the
peer compares with >= on both sides, so the shift is not cut. Valid moves: 1e-10 < |move| <= 100, the
new position inside [0, 100], and, over the exchange's own move history as the peer keeps it, one
direction with a sum of at most 100. The highest-gain exchange is realised, exchanges sharing an actor's
supply or demand with it are recomputed (or dropped), until none is left. Ties in gain (equal within
1e-12 relative) are counted and broken by ``ties``: ``"order"`` takes the first tied exchange in the
canonical order (issue pairs in issue order; within a pair the actors right of the outcome on both
issues with those left on both, then left-on-p-only with left-on-q-only; actors by id), ``"random"``
draws among the tied ones with ``rng``. The round's forecast is the weighted mean of the voting
positions; the next round starts from x + w (y - x), w = 0.4 (1 - s) + 0.1.

The peer computes in 28-digit Decimal arithmetic and breaks ties with Python's ``random`` (a coin flip
between the first two in its sorted list). Where an exchange lands the outcome exactly on a demander's
position, its last digit decides whether the next shift toward that demander is cut; where two gains are
equal in exact arithmetic, it may see them as unequal and never flip the coin. pactlab follows exact
arithmetic in both cases (tests/negotiate/test_exchange_fixtures.py shows where the peer's 28 digits
decide, and that the peer at 40 digits agrees with pactlab there).

A salience of zero (which the peer divides by) makes the actor's moves on that issue worthless: its
exchanges have no gain and are never realised, exactly as if the cell were missing.

Implementation: each candidate is computed once per round; a realisation recomputes only the
candidates that share one of its four actor-issue cells (kept in per-cell lists), and the best gain
and the exchanges tied with it come from a max tree, so a round costs time proportional to its
candidates (benchmarks/bench_exchange.py). The loop (_exchange_loop.py) runs interpreted or compiled
with numba (``engine``), with bit-identical results.

The randomised equal-gain (parameter p) and random-rate variants of the peer are not implemented.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from pactlab._rng import DEFAULT_SEED, RNGLike, fresh, make_rng, seed_of
from pactlab.errors import PactlabError
from pactlab.negotiate._common import column_of, provenance
from pactlab.negotiate._exchange_result import ExchangeRun
from pactlab.negotiate._exchange_round import ENGINES, Engine, choose, count_candidates, play_round
from pactlab.negotiate.results import Forecast
from pactlab.results import Provenance
from pactlab.scenario.arrays import ScenarioArrays

__all__ = ["TIES", "ExchangeRun", "Ties", "exchange", "exchange_rounds"]

F = NDArray[np.float64]

Ties = Literal["order", "random"]
TIES: tuple[Ties, ...] = ("order", "random")
"""How ties in gain are broken: the canonical order, or a draw from ``rng`` among the tied."""


def exchange_rounds(
    arrays: ScenarioArrays,
    *,
    rounds: int = 10,
    ties: Ties = "order",
    rng: RNGLike = DEFAULT_SEED,
    engine: Engine = "auto",
) -> ExchangeRun:
    """Run ``rounds`` rounds of the equal-gain exchange model on every issue of ``arrays``.

    Parameters
    ----------
    rounds : rounds to run (>= 0).
    ties : ``"order"`` (default) realises the first of the exchanges tied in gain in the canonical
        order (see the module notes); the run is deterministic and ``rng`` is not used.
        ``"random"`` draws among the tied exchanges with ``rng`` (``make_rng``: a seed, a Generator,
        or ``None`` for fresh entropy).
    rng : the generator or seed for ``ties="random"``.
    engine : ``"python"`` runs the loop interpreted (no start-up cost), ``"compiled"`` with numba
        (about a second once per process, then much faster); ``"auto"`` (default) picks by the work
        (candidates x rounds). The results are bit-identical.

    Examples
    --------
    >>> from pactlab.scenario import load_scenario
    >>> arrays = load_scenario("bdm1994-emissions").to_arrays()
    >>> exchange_rounds(arrays, rounds=2).outcomes.shape  # one issue: nothing to exchange
    (3, 1)
    """
    if rounds < 0:
        raise PactlabError.at(arrays.scenario_id, "rounds", "rounds must be >= 0")
    if ties not in TIES:
        raise PactlabError.at(
            arrays.scenario_id, "ties", f"ties must be one of {', '.join(TIES)}, not {ties!r}"
        )
    if engine not in ENGINES:
        raise PactlabError.at(
            arrays.scenario_id, "engine", f"engine must be one of {', '.join(ENGINES)}, not {engine!r}"
        )
    seed = None
    if ties == "random":
        rng = fresh(rng)
        seed = seed_of(rng)
    gen = make_rng(rng) if ties == "random" else None
    mask = np.asarray(arrays.mask, dtype=bool)
    w = np.asarray(arrays.weights, dtype=float)
    empty = [arrays.issue_ids[d] for d in range(arrays.n_issues) if not w[:, d].sum() > 0]
    if empty:
        raise PactlabError.at(
            arrays.scenario_id,
            f"issues[{empty[0]}]",
            "no weight (capability x salience) on this issue: every cell missing or zero",
        )
    x = np.where(mask, arrays.positions, 0.0)
    s = np.where(mask, arrays.salience, 0.0)
    order = np.array(sorted(range(arrays.n_actors), key=lambda k: arrays.actor_ids[k]), dtype=np.intp)
    outcomes = [(w * x).sum(0) / w.sum(0)]
    loop = choose(engine, count_candidates(x <= outcomes[0], mask) * rounds)
    realized: list[tuple[dict[str, Any], ...]] = []
    counts: list[int] = []
    for _ in range(rounds):
        cur, done, tied = play_round(x, s, w, mask, order, gen, loop)
        outcomes.append((w * cur).sum(0) / w.sum(0))
        realized.append(tuple(done))
        counts.append(tied)
        x = x + (0.4 * (1.0 - s) + 0.1) * (cur - x)
    prov = provenance("exchange", arrays, {"rounds": rounds, "ties": ties}, seed)
    prov = Provenance(prov.model, prov.parameters, prov.seed, prov.scenario_digest, variant="equal-gain")
    return ExchangeRun(
        np.array(outcomes), tuple(realized), tuple(counts), x, prov, arrays.actor_ids, arrays.issue_ids
    )


def exchange(
    arrays: ScenarioArrays,
    issue: str | int,
    *,
    rounds: int = 10,
    ties: Ties = "order",
    rng: RNGLike = DEFAULT_SEED,
    run: ExchangeRun | None = None,
) -> Forecast:
    """Exchange-model forecast on one issue: the weighted mean of the voting positions after ``rounds``.

    The model couples issues, so it runs on all of them; pass ``run`` (from :func:`exchange_rounds` with
    the same ``rounds``, ``ties`` and ``rng``) to reuse one run for every issue. ``ties`` and ``rng``
    as in :func:`exchange_rounds`; the seed is recorded only for ``ties="random"``.
    """
    col = column_of(arrays, issue)
    if run is None:
        run = exchange_rounds(arrays, rounds=rounds, ties=ties, rng=rng)
    seed = run.provenance.seed if ties == "random" else None
    traj = tuple(float(v) for v in arrays.to_units(run.outcomes[:, col], col))
    name = arrays.issue_ids[col]
    parameters = {"rounds": len(traj) - 1, "variant": "equal-gain", "ties": ties}
    return Forecast(
        model="exchange",
        issue=name,
        forecast=traj[-1],
        trajectory=traj,
        provenance=provenance("exchange", arrays, parameters, seed),
        ties=int(sum(run.ties)),
        details={
            # per round: exchanges realised in which some actor moved on this issue
            "exchanges_per_round": [
                sum(1 for e in r if col in (e["supply_i"], e["supply_j"])) for r in run.realized
            ],
            "ties_per_round": list(run.ties),
        },
    )
