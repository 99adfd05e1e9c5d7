"""The deterrence question's result: :class:`RiskReport`, built by :func:`assess`.

Per option and for the no-guarantee baseline: P(deterrence holds), P(limited conflict), P(direct
clash) (their means sum to one), each with its median and 90% interval over the draws, the
escalation distribution over the terminal outcomes, the durability of a settlement S(1), S(5),
S(10) with the same summaries, the probability that each option deters more than each other one
(``beats``), and the drivers: the parameters whose draws are most rank-correlated with the
option's attack and clash probabilities, with how far the option moves each game parameter.

Every reported probability integrates the calibration's sampling distribution (``fitted``), the
priors of effects that have no data (``prior``) and the analyst's overrides (``analyst``);
``parameter_kinds`` labels each parameter. Intervals: ``spread90`` = the 5th-95th percentiles
over draws (how much the number moves over everything uncertain; from histograms with 2048 bins,
error <= 0.0005), ``mc95`` = the mean's 95% Monte Carlo interval (how precisely the draws pin
the mean down).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pactlab._rng import RNGLike, fresh, seed_of
from pactlab.deter.calibration import Calibration, load_calibration
from pactlab.deter.mapping import NO_GUARANTEE, OptionSpec, resolve_parameters
from pactlab.deter.montecarlo import DERIVED, OUTCOMES, Engine, Plan, root_seed, run_plan
from pactlab.deter.streaming import Totals
from pactlab.errors import ParameterError
from pactlab.results import Provenance, ResultMixin, jsonable

__all__ = ["MIN_DRAWS", "Driver", "OptionRisk", "RiskReport", "assess"]

Array = NDArray[np.float64]
#: Fewer draws than this give quantiles and pairwise probabilities too coarse to print.
MIN_DRAWS = 1000
_TOP_DRIVERS = 6
_CLASSES = {
    "p_deterrence": "deterrence",
    "p_limited_conflict": "limited_conflict",
    "p_direct_clash": "direct_clash",
    "s1": "s1",
    "s5": "s5",
    "s10": "s10",
}


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

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Driver:
        return cls(d["parameter"], d["rank_corr_attack"], d["rank_corr_clash"], d.get("shift_vs_baseline"))


@dataclass(frozen=True)
class OptionRisk:
    """The deterrence and durability results of one option (or of the baseline).

    ``intervals[key]`` holds ``median``, ``spread90`` (5th-95th percentiles over draws) and
    ``mc95`` for ``p_deterrence``, ``p_limited_conflict``, ``p_direct_clash``, ``s1``, ``s5``,
    ``s10``.
    """

    option: str
    title: str
    p_deterrence: float
    p_limited_conflict: float
    p_direct_clash: float
    intervals: Mapping[str, Mapping[str, Any]]
    escalation: Mapping[str, float]
    durability: Mapping[str, float]
    drivers: tuple[Driver, ...]
    parameters: Mapping[str, float] = field(default_factory=dict)

    def median(self, key: str) -> float:
        return float(self.intervals[key]["median"])

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = jsonable(
            {
                "option": self.option,
                "title": self.title,
                "p_deterrence": self.p_deterrence,
                "p_limited_conflict": self.p_limited_conflict,
                "p_direct_clash": self.p_direct_clash,
                "intervals": {
                    k: {kk: (list(vv) if isinstance(vv, tuple) else vv) for kk, vv in v.items()}
                    for k, v in self.intervals.items()
                },
                "escalation": dict(self.escalation),
                "durability": dict(self.durability),
                "drivers": [d.to_dict() for d in self.drivers],
                "parameters": dict(self.parameters),
            }
        )
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> OptionRisk:
        intervals = {
            k: {kk: (tuple(vv) if isinstance(vv, list) else vv) for kk, vv in v.items()}
            for k, v in d["intervals"].items()
        }
        return cls(
            d["option"],
            d["title"],
            d["p_deterrence"],
            d["p_limited_conflict"],
            d["p_direct_clash"],
            intervals,
            dict(d["escalation"]),
            dict(d["durability"]),
            tuple(Driver.from_dict(x) for x in d["drivers"]),
            dict(d["parameters"]),
        )


@dataclass(frozen=True)
class RiskReport(ResultMixin):
    """Does each option deter, at what escalation risk, and will a settlement last.

    ``beats[a][b]`` is P(option ``a`` deters more than ``b`` on a draw); ``parameter_kinds``
    maps each parameter to ``fitted``, ``prior`` or ``analyst``; ``warnings`` are one-line notes a
    reader must see (generic defaults the scenario contradicts, too few draws);
    ``durability_applies`` is False when the scenario describes no armed conflict (S(t) is then
    not a result and is not printed).
    """

    scenario: str | None
    draws: int
    seed: int | None
    options: tuple[OptionRisk, ...]
    baseline: OptionRisk
    provenance: Provenance
    beats: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    parameter_kinds: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    durability_applies: bool = True
    calibration: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON contract (scenario, draws, seed, options, baseline, provenance, ...)."""
        return {
            "scenario": self.scenario,
            "draws": self.draws,
            "seed": self.seed,
            "options": [o.to_dict() for o in self.options],
            "baseline": self.baseline.to_dict(),
            "beats": jsonable(self.beats),
            "parameter_kinds": dict(self.parameter_kinds),
            "warnings": list(self.warnings),
            "durability_applies": self.durability_applies,
            "calibration": jsonable(self.calibration),
            "provenance": self.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RiskReport:
        prov = Provenance.from_dict(d["provenance"])
        return cls(
            d["scenario"],
            d["draws"],
            d["seed"],
            tuple(OptionRisk.from_dict(o) for o in d["options"]),
            OptionRisk.from_dict(d["baseline"]),
            prov,
            d.get("beats") or {},
            d.get("parameter_kinds") or {},
            tuple(d.get("warnings") or ()),
            bool(d.get("durability_applies", True)),
            d.get("calibration") or {},
        )

    def to_frame(self) -> Any:
        """One row per option (baseline first): means, medians and 90% intervals."""
        import pandas as pd

        rows = []
        for o in (self.baseline, *self.options):
            row: dict[str, Any] = {"option": o.option}
            for key in _CLASSES:
                if key.startswith("s") and not self.durability_applies:
                    continue
                mean = o.durability[key] if key.startswith("s") else getattr(o, key)
                lo, hi = o.intervals[key]["spread90"]
                row.update({key: mean, f"{key}_median": o.median(key), f"{key}_q05": lo, f"{key}_q95": hi})
            rows.append(row)
        return pd.DataFrame(rows).set_index("option")

    def option(self, option_id: str) -> OptionRisk:
        for o in self.options:
            if o.option == option_id:
                return o
        raise KeyError(option_id)

    def summary(self) -> str:
        """A plain-text table: medians with 90% intervals, then the warnings."""
        head = f"{'option':<26} {'P(deter) median [90%]':>24} {'P(clash) median [90%]':>24}"
        if self.durability_applies:
            head += f" {'S5 median [90%]':>20}"
        rows = [head]
        for o in (self.baseline, *self.options):
            row = f"{o.option:<26} {_fmt(o, 'p_deterrence'):>24} {_fmt(o, 'p_direct_clash'):>24}"
            if self.durability_applies:
                row += f" {_fmt(o, 's5'):>20}"
            rows.append(row)
        return "\n".join(rows + [f"note: {w}" for w in self.warnings])


def _data_versions(cal: Calibration | None) -> dict[str, str]:
    from pactlab.deter.durability import baseline

    out = {"durability_baseline": f"{baseline()['script']} fitted {baseline()['fitted_on']}"}
    if cal is not None:
        prov = cal.provenance
        out["calibration"] = (
            f"data/calibration.json fitted {prov.get('fitted_on')} at {str(prov.get('git_commit'))[:12]}"
        )
    return out


def _fmt(o: OptionRisk, key: str) -> str:
    lo, hi = o.intervals[key]["spread90"]
    return f"{o.median(key):.3f} [{lo:.3f}, {hi:.3f}]"


def _ranks(x: Array) -> Array:
    r = np.empty(x.size)
    r[np.argsort(x, kind="stable")] = np.arange(x.size, dtype=float)
    return r


def _corr(a: Array, b: Array) -> float:
    if a.size < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def _drivers(t: Totals, oid: str, ranks: Mapping[str, Array]) -> tuple[Driver, ...]:
    attack = _ranks(1.0 - t.sample(f"{oid}|deterrence"))
    clash = _ranks(t.sample(f"{oid}|direct_clash"))
    cands: dict[str, tuple[Array, float | None]] = {k: (r, None) for k, r in ranks.items()}
    for k in DERIVED if oid != NO_GUARANTEE.id else ():
        x = t.sample(f"{oid}|g.{k}")
        drawn = t.sample(f"draw.{k}") if any(f"draw.{k}" in s for s in t.samples[:1]) else None
        if np.ptp(x) > 0 and not (drawn is not None and np.array_equal(x, drawn)):
            shift = t.mean(oid, f"g.{k}") - t.mean(NO_GUARANTEE.id, f"g.{k}")
            cands[f"game.{k}"] = (_ranks(x), float(shift))
    found = [Driver(n, _corr(r, attack), _corr(r, clash), s) for n, (r, s) in cands.items()]
    found.sort(key=lambda d: (-abs(d.rank_corr_attack), d.parameter))
    return tuple(found[:_TOP_DRIVERS])


def _option_risk(t: Totals, opt: OptionSpec, ranks: Mapping[str, Array]) -> OptionRisk:
    oid = opt.id
    intervals: dict[str, dict[str, Any]] = {}
    for key, metric in _CLASSES.items():
        mean, se = t.mean(oid, metric), t.std(oid, metric) / np.sqrt(t.n)
        intervals[key] = {
            "median": t.quantile(oid, metric, 0.5),
            "spread90": (t.quantile(oid, metric, 0.05), t.quantile(oid, metric, 0.95)),
            "mc95": (max(0.0, mean - 1.96 * se), min(1.0, mean + 1.96 * se)),
        }
    params = {k: t.mean(oid, f"g.{k}") for k in (*DERIVED, "counter_after_in_kind")}
    return OptionRisk(
        option=oid,
        title=opt.title or oid,
        p_deterrence=t.mean(oid, "deterrence"),
        p_limited_conflict=t.mean(oid, "limited_conflict"),
        p_direct_clash=t.mean(oid, "direct_clash"),
        intervals=intervals,
        escalation={o: t.mean(oid, f"o.{o}") for o in OUTCOMES},
        durability={s: t.mean(oid, s) for s in ("s1", "s5", "s10")},
        drivers=_drivers(t, oid, ranks),
        parameters=params,
    )


def assess(
    options: Sequence[OptionSpec],
    *,
    draws: int = 20_000,
    rng: RNGLike = 0,
    parameters: Iterable[Any] = (),
    credibility: Mapping[str, float] | None = None,
    lam: float | None = None,
    engine: Engine | None = None,
    chunk_size: int = 65_536,
    calibration: Calibration | bool | None = True,
    scenario: str | None = None,
    digest: str | None = None,
    warnings: Sequence[str] = (),
    durability_applies: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> RiskReport:
    """Monte Carlo risk assessment of guarantee options against the no-guarantee baseline.

    ``parameters`` overrides the defaults by id (labelled ``analyst``); ``credibility`` maps a
    guarantor id to a logit-scale shift of its credibilities; ``lam=None`` uses the drawn logit
    precision (``np.inf``: the subgame-perfect limit); ``calibration`` is the shipped calibration
    (``True``), another :class:`Calibration`, or ``None``/``False`` for priors only. Same seed,
    same numbers, whatever the engine and chunk size.
    """
    if draws < 2:
        raise ParameterError("draws", f"needs at least 2 draws, not {draws}")
    rng = fresh(rng)  # None: fresh entropy, drawn once and recorded so the run can be repeated
    cal = load_calibration() if calibration is True else (calibration or None)
    params = resolve_parameters(parameters)
    opts = (NO_GUARANTEE, *[o for o in options if o.id != NO_GUARANTEE.id])
    plan = Plan(
        params,
        opts,
        root_seed(rng),
        draws,
        dict(credibility or {}),
        lam,
        cal if isinstance(cal, Calibration) else None,
    )
    totals = run_plan(plan, chunk_size=chunk_size, engine=engine, progress=progress)
    ranks = {
        k.removeprefix("draw."): _ranks(totals.sample(k))
        for k in (totals.samples[0] if totals.samples else {})
        if k.startswith("draw.") and np.ptp(totals.sample(k)) > 0
    }
    base = _option_risk(totals, NO_GUARANTEE, ranks)
    risks = tuple(_option_risk(totals, o, ranks) for o in opts[1:])
    beats = {a: {b: totals.p_beats(a, b) for b in totals.names if b != a} for a in totals.names}
    kinds = {k: p.kind for k, p in params.items()}
    kinds.update(dict.fromkeys(plan.calibrated(), "fitted"))
    notes = list(warnings)
    if draws < MIN_DRAWS:
        notes.append(
            f"only {draws} draws: medians, intervals and pairwise probabilities are coarse "
            f"(use at least {MIN_DRAWS})"
        )
    cal_info = (
        {}
        if plan.calibration is None
        else {k: plan.calibration.provenance.get(k) for k in ("fitted_on", "git_commit", "sample")}
    )
    if plan.calibration is not None:
        cal_info.update(loglik=plan.calibration.loglik, n=plan.calibration.n)
    prov = Provenance(
        model="escalation",
        parameters={
            "draws": draws,
            "chunk_size": chunk_size,
            "lam": "drawn" if lam is None else lam,
            "credibility": dict(credibility or {}),
            "overrides": sorted(k for k, v in kinds.items() if v == "analyst"),
            "calibration": cal_info,
        },
        seed=seed_of(rng),
        scenario_digest=digest,
        variant="calibrated" if plan.calibration is not None else "priors-only",
        data=_data_versions(plan.calibration),
    )
    return RiskReport(
        scenario,
        draws,
        seed_of(rng),
        risks,
        base,
        prov,
        beats,
        kinds,
        tuple(notes),
        durability_applies,
        cal_info,
    )
