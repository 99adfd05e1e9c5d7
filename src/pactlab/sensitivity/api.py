"""``sensitivity(scenario)``: how much each input moves each answer, and what would flip the ranking.

See docs/sensitivity.md for the design. In short:

1. the inputs: every uncertain deterrence parameter (priors, the scenario's estimates, the fitted
   calibration as one joint factor), every instrument rating, and every position, salience and
   capability on the issues the options are adopted on (analyst ranges, labelled as such);
2. the headline: every option's mean P(deterrence) at the stated inputs (the deterrence report's
   figures for the same seed and draws) and the leading option;
3. a Sobol' (Saltelli) or Morris design per part, drawn by SALib on the unit cube, mapped to input
   values, evaluated on the engine in chunks of rows, and analysed by SALib;
4. the one-at-a-time sweeps of every deterrence input, for the tornado and the flip line.

Seeds: the Monte Carlo draws use ``seed`` itself on every design row and sweep point (common random
numbers); the designs' scrambling and the bootstrap of the confidence intervals use children of
``SeedSequence([seed, 0x5E45, part])`` (NumPy's pattern for independent streams from one seed). Every
row's numbers depend on the row and the seed only, so the engine and the chunking cannot change them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from importlib.metadata import version
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pactlab._engines import Engine, open_engine
from pactlab._rng import DEFAULT_SEED, RNGLike, fresh
from pactlab.deter.mapping import NO_GUARANTEE
from pactlab.deter.montecarlo import CALIBRATED
from pactlab.deter.sensitivity import Problem, parameter_space
from pactlab.errors import ParameterError
from pactlab.results import Provenance
from pactlab.scenario import Scenario
from pactlab.sensitivity.build import (
    Built,
    Widths,
    deterrence_support,
    negotiation_support,
    scenario_parts,
    select,
    select_cells,
    unknown_ranges,
)
from pactlab.sensitivity.design import Part, PartIndices, analyse, check_n, evaluate, sample
from pactlab.sensitivity.deterrence import DeterrencePart
from pactlab.sensitivity.inputs import Space
from pactlab.sensitivity.negotiation import NegotiationPart
from pactlab.sensitivity.result import SensitivityResult
from pactlab.sensitivity.sweeps import GRID, Sweep, find_flips, run_sweeps

__all__ = ["DEFAULT_N", "sensitivity"]

Array = NDArray[np.float64]
Progress = Callable[[str, int, int], None]
#: Default design sizes: Sobol' base samples (a power of two) and Morris trajectories.
DEFAULT_N = {"sobol": 256, "morris": 32}
_TAG = 0x5E45  # "SE(nsitivity)": mixed into the seed for the designs' own streams
_PART_TAG = {"deterrence": 0, "negotiation": 1}


def _seed_int(rng: RNGLike) -> int:
    value = fresh(rng)
    if isinstance(value, np.random.Generator):
        return int(value.integers(2**63))
    if isinstance(value, np.random.SeedSequence):
        return int(value.generate_state(1, np.uint64)[0])
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ParameterError("rng", f"a seed is a non-negative integer, not {value!r}")
    return int(value)


def _design_seeds(seed: int, part: str) -> tuple[np.random.Generator, int]:
    sampler, boot = np.random.SeedSequence([seed, _TAG, _PART_TAG.get(part, 2)]).spawn(2)
    return np.random.default_rng(sampler), int(boot.generate_state(1)[0]) + 1  # SALib treats 0 as no seed


def _deterrence(
    prob: Problem,
    space: Space,
    *,
    draws: int,
    seed: int,
    progress: Progress | None,
) -> tuple[DeterrencePart, dict[str, tuple[float, float]]]:
    """The part with its leader, and the headline; rows are exact (2 draws) when nothing is left to draw."""
    part = DeterrencePart(prob, space, None, draws, seed)
    head = part.means([], np.zeros((1, 0)), draws=draws)[0]
    if progress is not None:
        progress("headline", 1, 1)
    headline = {o: (float(head[k, 0]), float(head[k, 1])) for k, o in enumerate(part.option_ids)}
    ranked = [o for o in part.option_ids if o != NO_GUARANTEE.id]
    leader = max(ranked, key=lambda o: headline[o][0]) if len(ranked) >= 2 else None
    central = space.central()
    exact = np.array_equal(
        replace(part, draws=2).means(space.names, central),
        replace(part, draws=2, seed=seed + 1).means(space.names, central),
    )
    return replace(part, leader=leader, draws=2 if exact else draws), headline


def _run(
    part: Part, method: str, n: int, seed: int, engine: Engine | None, progress: Progress | None
) -> tuple[PartIndices, Array, int]:
    gen, boot = _design_seeds(seed, part.name)
    unit = sample(part.space, method, n, gen)
    rows = 64 if not isinstance(part, NegotiationPart) else 512
    if isinstance(part, DeterrencePart) and part.draws > 2:
        rows = max(1, 64 * 4096 // max(part.draws, 4096))
    tick = None if progress is None else (lambda d, t: progress(part.name, d, t))
    y = evaluate(part, unit, engine=engine, chunk_rows=rows, progress=tick)
    found = analyse(part.space, method, unit, part.outputs, y, boot, part.name)
    return found, y, len(part.space.factors)


def _independent_rows(y: Array, factors: int, method: str) -> Array | None:
    """The rows of Saltelli's A and B matrices (a quasi-random sample of the joint distribution)."""
    if method != "sobol":
        return None
    block = factors + 2
    idx = np.concatenate([np.arange(0, len(y), block), np.arange(block - 1, len(y), block)])
    rows: Array = y[np.sort(idx)]
    return rows


def sensitivity(
    scenario: Scenario,
    *,
    method: str = "sobol",
    n: int | None = None,
    draws: int = 10_000,
    rng: RNGLike = DEFAULT_SEED,
    engine: Engine | str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    inputs: Sequence[str] | None = None,
    ranges: Mapping[str, tuple[float, float]] | None = None,
    position_width: float = 10.0,
    salience_width: float = 0.2,
    capability_factor: float = 2.0,
    rating_width: float = 0.2,
    progress: Progress | None = None,
) -> SensitivityResult:
    """Global sensitivity of ``scenario``'s answers (see the module docstring and docs/sensitivity.md).

    Parameters
    ----------
    method : ``"sobol"`` (first- and total-order indices with 95% bootstrap intervals) or
        ``"morris"`` (mu, mu*, sigma: a cheaper screening).
    n : Sobol' base samples (a power of two) or Morris trajectories (default :data:`DEFAULT_N`).
    draws : Monte Carlo draws behind the headline, every sweep point, and every design row whose
        inputs leave something for the engine to draw.
    rng : the seed (default 0; ``None``: fresh entropy, recorded in the provenance).
    engine : where the rows run: an engine (:mod:`pactlab._engines`), or the name of one
        (``"serial"``, ``"process"``, ``"dask"``) that is opened after every input is checked and
        closed at the end, with ``workers`` processes or on the Dask ``scheduler``
        (``tcp://host:port``, which implies ``"dask"``); None: this process.
    inputs : glob patterns of the inputs to vary (``"p_*"``, ``"rating.*"``, ``"calibration"``);
        default all. Deterrence parameters left out are still drawn from their priors by the engine;
        ratings and negotiation estimates left out stay at their stated values.
    ranges : ``{input: (lower, upper)}``: analyst ranges that replace an input's distribution (uniform),
        or that vary a parameter the scenario states as fixed; each is checked against its support.
    position_width, salience_width, capability_factor, rating_width : the analyst ranges of the
        scenario's estimates (+/- scale points of 0-100, +/- salience, x [1/f, f], +/- rating).
    progress : called with (stage, done, total).

    Examples
    --------
    >>> from pactlab.scenario import load_scenario
    >>> r = sensitivity(load_scenario("vilnius-2023"), n=4, draws=500, inputs=["sq", "lam"])
    >>> r.leader, [f for f, _, _ in r.ranked("p_deter:" + r.leader)]
    ('us-bilateral-web', ['sq', 'lam'])
    """
    n = DEFAULT_N.get(method, 0) if n is None else n
    check_n(method, n)
    if draws < 2:
        raise ParameterError("draws", f"must be at least 2, not {draws}")
    seed = _seed_int(rng)
    widths = Widths(position_width, salience_width, capability_factor, rating_width)
    built = scenario_parts(scenario, widths)
    parts, headline = _select_parts(built, inputs, dict(ranges or {}), draws, seed, progress)
    if engine is None or isinstance(engine, str) or scheduler is not None:
        name = engine if isinstance(engine, str) else "serial"
        with open_engine(name, workers=workers, scheduler=scheduler) as opened:
            runs, sweeps, inert = _compute(parts, method, n, draws, seed, opened, progress)
    else:
        runs, sweeps, inert = _compute(parts, method, n, draws, seed, engine, progress)
    _check_events(runs, inputs)
    settings = {
        "n": n,
        "draws": draws,
        "inputs": list(inputs) if inputs is not None else "all",
        "ranges": {k: list(v) for k, v in (ranges or {}).items()},
        "widths": {
            "position": position_width,
            "salience": salience_width,
            "capability": capability_factor,
            "rating": rating_width,
        },
    }
    notes = list(built.notes)
    if inert:
        notes.append(
            f"not swept (exactly no effect on the leader's P(deterrence) or its lead at any design point): "
            f"{', '.join(inert)}"
        )
    return _assemble(scenario, method, parts, runs, sweeps, headline, notes, settings, seed)


def _compute(
    parts: Sequence[Part],
    method: str,
    n: int,
    draws: int,
    seed: int,
    engine: Engine,
    progress: Progress | None,
) -> tuple[list[tuple[PartIndices, Array, int]], tuple[Sweep, ...], tuple[str, ...]]:
    runs = [_run(p, method, n, seed, engine, progress) for p in parts]
    det = next((p for p in parts if isinstance(p, DeterrencePart)), None)
    if det is None:
        return runs, (), ()
    inert = _inert(det, runs[parts.index(det)][0], method)
    todo = [i for i in det.space.inputs if i.factor not in inert]
    tick = None if progress is None else (lambda d, t: progress("sweeps", d, t))
    return runs, run_sweeps(det, todo, draws=draws, engine=engine, progress=tick), inert


def _inert(part: DeterrencePart, found: PartIndices, method: str) -> tuple[str, ...]:
    """Factors that moved neither the leader's P(deterrence) nor its lead at any design point.

    Only where rows are exact (every uncertain input in the design): an index of exactly 0 then means
    that every step of the factor in the design left both outputs unchanged to the last bit, so a sweep
    cannot find a flip that the design did not; with Monte Carlo rows no index is exactly 0 and every
    input is swept.
    """
    if part.leader is None or part.draws > 2:
        return ()
    stat = "ST" if method == "sobol" else "mu_star"
    outputs = [found.indices.get(f"p_deter:{part.leader}"), found.indices.get("lead_margin")]
    if any(o is None for o in outputs):
        return ()
    return tuple(
        f for j, f in enumerate(found.factors) if all(o is not None and o[stat][j] == 0.0 for o in outputs)
    )


def _check_events(runs: Sequence[tuple[PartIndices, Array, int]], patterns: Sequence[str] | None) -> None:
    """Refuse a design over which no output varies: the selected inputs enter none of the outputs."""
    if any(r[0].indices for r in runs):
        return
    chosen = ", ".join(patterns) if patterns else "all inputs"
    raise ParameterError(
        "inputs",
        f"no output varies over the design: the inputs selected ({chosen}) enter none of the outputs",
    )


def _assemble(
    scenario: Scenario,
    method: str,
    parts: Sequence[Part],
    runs: Sequence[tuple[PartIndices, Array, int]],
    sweeps: tuple[Sweep, ...],
    headline: dict[str, tuple[float, float]],
    notes: Sequence[str],
    settings: dict[str, Any],
    seed: int,
) -> SensitivityResult:
    det = next((p for p in parts if isinstance(p, DeterrencePart)), None)
    flips = () if det is None or det.leader is None else find_flips(sweeps, det.option_ids, det.leader)
    p_first, reachable = _shares(parts, runs, method)
    settings["row_draws"] = {p.name: getattr(p, "draws", None) for p in parts}
    settings["rows"] = {p.name: r[0].rows for p, r in zip(parts, runs, strict=True)}
    settings["sweep_quantiles"] = list(GRID)
    prov = Provenance(
        "sensitivity", settings, seed, scenario.digest, variant=method, data=_data_versions(det)
    )
    return SensitivityResult(
        scenario=scenario.metadata.id,
        method=method,
        n=int(settings["n"]),
        draws=int(settings["draws"]),
        inputs=tuple(i for p in parts for i in p.space.inputs),
        parts=tuple(r[0] for r in runs),
        headline=headline,
        leader=None if det is None else det.leader,
        p_leader_first=p_first,
        reachable=reachable,
        sweeps=sweeps,
        flips=flips,
        notes=tuple(dict.fromkeys((*notes, *(note for r in runs for note in r[0].notes)))),
        provenance=prov,
    )


def _select_parts(
    built: Built,
    patterns: Sequence[str] | None,
    ranges: dict[str, tuple[float, float]],
    draws: int,
    seed: int,
    progress: Progress | None,
) -> tuple[list[Part], dict[str, tuple[float, float]]]:
    known: list[str] = []
    calibrated: list[str] = []
    parts: list[Part] = []
    headline: dict[str, tuple[float, float]] = {}
    det_space = neg_space = None
    if built.deterrence is not None:
        prob, space = built.deterrence
        support, extra = deterrence_support(prob, space)
        listed = {i.name for i in parameter_space(prob)}
        calibrated = [
            k
            for k, p in prob.params.items()
            if k in CALIBRATED or (p.prior.distribution != "fixed" and k not in listed)
        ]
        known += [*space.names, *extra]
        det_space = (prob, select(space, patterns, ranges, support, extra))
    if built.negotiation is not None:
        neg = built.negotiation
        known += list(neg.space.names)
        neg_space = (neg, select(neg.space, patterns, ranges, negotiation_support(neg), {}))
    unknown_ranges(ranges, known, calibrated)
    if det_space is not None and det_space[1].inputs:
        part, headline = _deterrence(*det_space, draws=draws, seed=seed, progress=progress)
        parts.append(part)
    if neg_space is not None and neg_space[1].inputs:
        parts.append(select_cells(*neg_space))
    if not parts:
        raise ParameterError("inputs", f"no input of this scenario matches {', '.join(patterns or [])}")
    return parts, headline


def _shares(
    parts: Sequence[Part], runs: Sequence[tuple[PartIndices, Array, int]], method: str
) -> tuple[float | None, dict[str, float | None]]:
    p_first: float | None = None
    reachable: dict[str, float | None] = {}
    for part, (_, y, factors) in zip(parts, runs, strict=True):
        rows = _independent_rows(y, factors, method)
        for k, name in enumerate(part.outputs):
            if name == "lead_margin":
                p_first = None if rows is None else float(np.mean(rows[:, k] > 0))
            elif name.startswith("reachable:"):
                reachable[name.removeprefix("reachable:")] = (
                    None if rows is None else float(np.nanmean(rows[:, k]))
                )
    return p_first, reachable


def _data_versions(part: DeterrencePart | None) -> dict[str, str]:
    out = {"SALib": version("SALib")}
    cal = None if part is None else part.problem.calibration
    if cal is not None:
        prov = cal.provenance
        out["calibration"] = (
            f"calibration.json fitted {prov.get('fitted_on')} at {str(prov.get('git_commit'))[:12]}"
        )
    return out
