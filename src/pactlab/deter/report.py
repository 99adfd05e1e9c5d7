"""The deterrence question's result: :class:`RiskReport`, built by :func:`assess`.

Per option and for the no-guarantee baseline: P(deterrence holds), P(limited conflict), P(direct
clash) (they sum to one), their Monte Carlo intervals, the escalation distribution over the
terminal outcomes, the durability of a settlement S(1), S(5), S(10), and the drivers: the
parameters whose draws are most rank-correlated with the option's attack and clash probabilities,
with how far the option moves each game parameter from the baseline.

Intervals, for each probability and survival figure: ``mc95`` is the 95% Monte Carlo interval of
the mean (mean +/- 1.96 standard errors: how precisely the draws pin the number down); ``spread90``
the 5th-95th percentiles of the per-draw values (how much the number moves over the priors).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.stats import rankdata

from pactlab._rng import RNGLike, seed_of
from pactlab.deter.mapping import NO_GUARANTEE, OptionSpec, options_from_scenario, profile
from pactlab.deter.montecarlo import DERIVED, OUTCOMES, ChunkResult, Engine, simulate_chunks
from pactlab.errors import ScenarioError
from pactlab.results import Provenance, jsonable

__all__ = ["Driver", "OptionRisk", "RiskReport", "assess", "assess_scenario"]

Array = NDArray[np.float64]
_DRIVER_SAMPLE = 200_000  # rank correlations use at most the first 200k draws (cost bound)
_TOP_DRIVERS = 6


@dataclass(frozen=True, slots=True)
class Driver:
    """A parameter behind an option's result."""

    parameter: str
    rank_corr_attack: float
    rank_corr_clash: float
    shift: float | None = None  # mean(option) - mean(baseline), for the game parameters

    def to_dict(self) -> dict[str, Any]:
        return {
            "parameter": self.parameter,
            "rank_corr_attack": self.rank_corr_attack,
            "rank_corr_clash": self.rank_corr_clash,
            "shift_vs_baseline": self.shift,
        }


@dataclass(frozen=True)
class OptionRisk:
    """The deterrence and durability results of one option (or of the baseline)."""

    option: str
    title: str
    p_deterrence: float
    p_limited_conflict: float
    p_direct_clash: float
    intervals: Mapping[str, Mapping[str, tuple[float, float]]]
    escalation: Mapping[str, float]
    durability: Mapping[str, float]
    drivers: tuple[Driver, ...]
    parameters: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = jsonable(
            {
                "option": self.option,
                "title": self.title,
                "p_deterrence": self.p_deterrence,
                "p_limited_conflict": self.p_limited_conflict,
                "p_direct_clash": self.p_direct_clash,
                "intervals": {k: {kk: list(vv) for kk, vv in v.items()} for k, v in self.intervals.items()},
                "escalation": dict(self.escalation),
                "durability": dict(self.durability),
                "drivers": [d.to_dict() for d in self.drivers],
                "parameters": dict(self.parameters),
            }
        )
        return out


@dataclass(frozen=True)
class RiskReport:
    """Does each option deter, at what escalation risk, and will a settlement last."""

    scenario: str | None
    draws: int
    seed: int | None
    options: tuple[OptionRisk, ...]
    baseline: OptionRisk
    provenance: Provenance

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON contract (scenario, draws, seed, options, baseline)."""
        return {
            "scenario": self.scenario,
            "draws": self.draws,
            "seed": self.seed,
            "options": [o.to_dict() for o in self.options],
            "baseline": self.baseline.to_dict(),
        }

    def to_frame(self) -> Any:
        """One row per option (baseline first): the three probabilities and S(1), S(5), S(10)."""
        import pandas as pd

        rows = [
            {
                "option": o.option,
                "p_deterrence": o.p_deterrence,
                "p_limited_conflict": o.p_limited_conflict,
                "p_direct_clash": o.p_direct_clash,
                **o.durability,
            }
            for o in (self.baseline, *self.options)
        ]
        return pd.DataFrame(rows).set_index("option")

    def option(self, option_id: str) -> OptionRisk:
        for o in self.options:
            if o.option == option_id:
                return o
        raise KeyError(option_id)

    def summary(self) -> str:
        rows = [f"{'option':<28} {'deter':>7} {'limited':>8} {'clash':>7} {'S5':>6}"]
        for o in (self.baseline, *self.options):
            rows.append(
                f"{o.option:<28} {o.p_deterrence:7.3f} {o.p_limited_conflict:8.3f} "
                f"{o.p_direct_clash:7.4f} {o.durability['s5']:6.3f}"
            )
        return "\n".join(rows)


def _interval(x: Array) -> dict[str, tuple[float, float]]:
    mean, se = float(x.mean()), float(x.std(ddof=1) / np.sqrt(x.size))
    return {
        "mc95": (max(0.0, mean - 1.96 * se), min(1.0, mean + 1.96 * se)),
        "spread90": (float(np.quantile(x, 0.05)), float(np.quantile(x, 0.95))),
    }


def _rank_corr(ranked: Array, ry: Array) -> float:
    """Spearman's rank correlation of two already ranked samples (0 when either is constant)."""
    if np.ptp(ry) == 0 or np.ptp(ranked) == 0:
        return 0.0
    return float(np.corrcoef(ranked, ry)[0, 1])


def _drivers(res: ChunkResult, oid: str, ranks: Mapping[str, Array]) -> tuple[Driver, ...]:
    m = min(_DRIVER_SAMPLE, len(res.outcomes[oid]["SQ"]))
    out = res.outcomes[oid]
    attack = rankdata(1.0 - out["SQ"][:m])
    clash = rankdata((out["DC"] + out["DC_accident"])[:m])
    found = []
    candidates: dict[str, tuple[Array, float | None]] = {k: (r, None) for k, r in ranks.items()}
    for k in DERIVED:
        x = res.derived[oid][k][:m]
        same_as_drawn = k in res.draws and np.array_equal(x, res.draws[k][:m])
        if np.ptp(x) > 0 and not same_as_drawn:
            base = res.derived[NO_GUARANTEE.id][k].mean()
            candidates[f"game.{k}"] = (rankdata(x), float(res.derived[oid][k].mean() - base))
    for name, (r, moved) in candidates.items():
        found.append(Driver(name, _rank_corr(r, attack), _rank_corr(r, clash), moved))
    found.sort(key=lambda d: (-abs(d.rank_corr_attack), d.parameter))
    return tuple(found[:_TOP_DRIVERS])


def _option_risk(res: ChunkResult, opt: OptionSpec, ranks: Mapping[str, Array]) -> OptionRisk:
    out = res.outcomes[opt.id]
    classes: dict[str, Array] = {}
    for label, (cls, _) in OUTCOMES.items():
        classes[cls] = classes.get(cls, 0.0) + out[label]
    surv = res.survival[opt.id]
    intervals = {f"p_{k}": _interval(v) for k, v in classes.items()}
    intervals.update({k: _interval(v) for k, v in surv.items()})
    return OptionRisk(
        option=opt.id,
        title=opt.title or opt.id,
        p_deterrence=float(classes["deterrence"].mean()),
        p_limited_conflict=float(classes["limited_conflict"].mean()),
        p_direct_clash=float(classes["direct_clash"].mean()),
        intervals=intervals,
        escalation={k: float(v.mean()) for k, v in out.items()},
        durability={k: float(v.mean()) for k, v in surv.items()},
        drivers=_drivers(res, opt.id, ranks),
        parameters={k: float(v.mean()) for k, v in res.derived[opt.id].items()},
    )


def assess(
    options: Sequence[OptionSpec],
    *,
    draws: int = 20_000,
    rng: RNGLike = None,
    parameters: Iterable[Any] = (),
    credibility: Mapping[str, float] | None = None,
    lam: float | None = None,
    engine: Engine | None = None,
    chunk_size: int = 50_000,
    scenario: str | None = None,
    digest: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RiskReport:
    """Monte Carlo risk assessment of guarantee options against the no-guarantee baseline.

    ``parameters`` overrides the defaults by id; ``credibility`` maps a guarantor id to a
    logit-scale shift of its credibilities; ``lam=None`` uses the drawn logit precision
    (``np.inf``: the subgame-perfect limit). Same seed, same numbers, whatever the engine.
    """
    if rng is None:
        entropy = np.random.SeedSequence().entropy
        rng = int(entropy) % (2**63) if isinstance(entropy, int) else 0  # recorded: can be redone
    res = simulate_chunks(
        options,
        draws=draws,
        rng=rng,
        parameters=parameters,
        credibility=credibility,
        lam=lam,
        chunk_size=chunk_size,
        engine=engine,
        progress=progress,
    )
    m = min(_DRIVER_SAMPLE, draws)
    ranks = {k: rankdata(v[:m]) for k, v in res.draws.items() if np.ptp(v[:m]) > 0}
    base = _option_risk(res, NO_GUARANTEE, ranks)
    risks = tuple(_option_risk(res, o, ranks) for o in options if o.id != NO_GUARANTEE.id)
    prov = Provenance(
        model="pactlab.deter escalation game, logit agent QRE Monte Carlo",
        parameters={
            "draws": draws,
            "chunk_size": chunk_size,
            "lam": "drawn" if lam is None else lam,
            "credibility": dict(credibility or {}),
        },
        seed=seed_of(rng),
        scenario_digest=digest,
    )
    return RiskReport(scenario, draws, seed_of(rng), risks, base, prov)


def assess_scenario(
    scenario: Any, *, option: str | None = None, profile_name: str | None = None, **kwargs: Any
) -> RiskReport:
    """:func:`assess` on a scenario's options and deterrence parameter overrides.

    ``profile_name`` applies a shipped profile first (see :func:`pactlab.deter.mapping.profiles`);
    the scenario's own ``deterrence.parameters`` override it.
    """
    options = options_from_scenario(scenario)
    meta = getattr(scenario, "metadata", None)
    sid = getattr(meta, "id", None)
    if option is not None:
        options = [o for o in options if o.id == option]
        if not options:
            known = ", ".join(o.id for o in options_from_scenario(scenario)) or "none"
            raise ScenarioError.at(
                str(sid or "scenario"), "options", f"no option {option!r} (known: {known})"
            )
    deterrence = getattr(scenario, "deterrence", None)
    overrides = [
        *(profile(profile_name) if profile_name else ()),
        *(getattr(deterrence, "parameters", None) or ()),
    ]
    return assess(
        options, parameters=overrides, scenario=sid, digest=getattr(scenario, "digest", None), **kwargs
    )
