"""Out-of-sample skill of the deterrence engine: game model vs a plain logit vs the base rate.

Two splits of the dyad-years of :mod:`pactlab.deter.dyads`:

- ``temporal``: fit on 1816-1989, score on 1990-2014;
- ``dyads``: fit on a random 80% of the (undirected) dyads, score on the other 20% (seeded).

Three forecasts of initiation per scored dyad-year:

- ``game``: the engine itself. The calibration (:mod:`pactlab.deter.calibration`) refitted on the
  training part gives the attack index for the dyad's covariates; a target with a major-power
  defence ally is the option "collective-defence clause, one treaty guarantor" (its credibility
  weighted by :func:`pactlab.deter.montecarlo.pact_weight`), without one the no-guarantee
  baseline; every other parameter is drawn from its prior (``draws`` draws, the same
  for every row), and the forecast is the mean P(attack) of the escalation game over the draws.
- ``logit``: a plain logit of initiation on the same covariates (the attack index's regressors and
  ``ally_major``), maximum likelihood on the training part.
- ``base_rate``: the training part's initiation rate.

Scores: log loss, Brier score, AUC (Mann-Whitney, ties counted half) and a reliability table (ten
bins of equal counts of the forecast; mean forecast vs observed rate), drawn as a diagram by
:func:`reliability_figure`. A game model that scores worse than the plain logit is reported so
(:attr:`ValidationReport.verdicts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.special import expit, log_expit

from pactlab._rng import RNGLike, make_rng
from pactlab.deter.calibration import (
    U11,
    Calibration,
    ally_effect,
    attack_index,
    design,
    fit_calibration,
    pact_index_shift,
    response_index,
)
from pactlab.deter.mapping import (
    NO_GUARANTEE,
    REFERENCE_PACT,
    draw_parameters,
    game_parameters,
    resolve_parameters,
)
from pactlab.deter.montecarlo import pact_weight, solve_escalation
from pactlab.results import Provenance, ResultMixin

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PACT", "ValidationReport", "game_forecast", "reliability_figure", "scores", "validate"]

Array = NDArray[np.float64]
PACT = REFERENCE_PACT
MODELS = ("game", "logit", "base_rate")


def _auc(p: Array, y: Array) -> float:
    order = np.argsort(p, kind="stable")
    ranks = np.empty(p.size)
    ranks[order] = np.arange(1, p.size + 1)
    _, inverse, counts = np.unique(p, return_inverse=True, return_counts=True)
    sums = np.bincount(inverse, weights=ranks)
    ranks = (sums / counts)[inverse]  # average ranks over ties
    pos = y == 1
    n1, n0 = int(pos.sum()), int((~pos).sum())
    if n1 == 0 or n0 == 0:
        return float("nan")
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def scores(p: Array, y: Array, bins: int = 10) -> dict[str, Any]:
    """Log loss, Brier score, AUC and a reliability table of forecasts ``p`` for outcomes ``y``."""
    p = np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)
    y = np.asarray(y, dtype=float)
    order = np.argsort(p, kind="stable")
    groups = np.array_split(order, bins)
    table = [
        {"forecast": float(p[g].mean()), "observed": float(y[g].mean()), "n": int(g.size)}
        for g in groups
        if g.size
    ]
    return {
        "log_loss": float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p))),
        "brier": float(np.mean((p - y) ** 2)),
        "auc": _auc(p, y),
        "reliability": table,
    }


def _logit(x: Array, y: Array) -> Array:
    def fun(b: Array) -> tuple[float, Array]:
        z = x @ b
        return (
            -float(np.sum(y * log_expit(z) + (1 - y) * log_expit(-z))),
            np.asarray(-(x.T @ (y - expit(z))), dtype=float),
        )

    start = np.zeros(x.shape[1])
    start[0] = float(np.log(y.mean() / (1 - y.mean())))
    res = minimize(fun, start, jac=True, method="L-BFGS-B", options={"maxiter": 5000})
    return np.asarray(res.x, dtype=float)


def _covariates(df: pd.DataFrame) -> dict[str, Array]:
    return {
        "contiguous": df["contiguous"].to_numpy(float),
        "major_a": df["major_a"].to_numpy(float),
        "major_b": df["major_b"].to_numpy(float),
        "peace_years": df["peace_years"].to_numpy(float),
        "era": df["era"].to_numpy(float),
    }


def game_forecast(cal: Calibration, df: pd.DataFrame, *, draws: int = 256, rng: RNGLike = 0) -> Array:
    """The engine's mean P(attack) for every row of ``df`` (see the module docstring)."""
    keys = ["contiguous", "major_a", "major_b", "peace_years", "era", "ally_major"]
    patterns, inverse = np.unique(df[keys].to_numpy(float), axis=0, return_inverse=True)
    gen = make_rng(rng)
    prior = draw_parameters(resolve_parameters(), draws, gen)
    coefs = cal.draw(draws, gen)
    out = np.empty(len(patterns))
    rows_per = max(1, (1 << 18) // draws)
    for start in range(0, len(patterns), rows_per):
        pat = patterns[start : start + rows_per]
        r = len(pat)
        d = {k: np.tile(v, r) for k, v in prior.items()}
        c = np.tile(coefs, (r, 1))
        cov = {k: np.repeat(pat[:, i], draws) for i, k in enumerate(keys[:5])}
        d["p_T_base"] = np.asarray(expit(response_index(c, cov)), dtype=float)
        d["effect.collective_defence_clause.p_T"] = ally_effect(c)
        zero = game_parameters(NO_GUARANTEE, {**d, "cost_attack": np.zeros(r * draws)})
        moves: dict[str, Array] = {}
        solve_escalation(zero, None, moves)
        d["cost_attack"] = moves["v_attack"] - zero["sq"] - attack_index(c, cov) / zero["lam"]
        d["calibration.pact_weight"] = pact_weight(d, pact_index_shift(c), {}, None)
        ally = np.repeat(pat[:, 5], draws) == 1
        attack = np.where(
            ally,
            1.0 - solve_escalation(game_parameters(PACT, d))["SQ"],
            1.0 - solve_escalation(game_parameters(NO_GUARANTEE, d))["SQ"],
        )
        out[start : start + r] = attack.reshape(r, draws).mean(axis=1)
    return np.asarray(out[np.asarray(inverse).ravel()], dtype=float)


@dataclass(frozen=True)
class ValidationReport(ResultMixin):
    """Scores per split and model, with the verdicts a reader must see."""

    splits: Mapping[str, Mapping[str, Mapping[str, Any]]]
    verdicts: tuple[str, ...]
    provenance: Provenance = field(default_factory=lambda: Provenance("pactlab validate deter"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "splits": {s: {m: dict(v) for m, v in d.items()} for s, d in self.splits.items()},
            "verdicts": list(self.verdicts),
            "provenance": self.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ValidationReport:
        return cls(data["splits"], tuple(data["verdicts"]), Provenance.from_dict(data["provenance"]))

    def to_frame(self) -> pd.DataFrame:
        """One row per split and model: n, events, log loss, Brier score, AUC."""
        import pandas as pd

        rows = [
            {"split": split, "model": m, **{k: v for k, v in s.items() if k != "reliability"}}
            for split, models in self.splits.items()
            for m, s in models.items()
        ]
        return pd.DataFrame(rows)

    def summary(self) -> str:
        rows = [f"{'split':<10} {'model':<10} {'n':>7} {'events':>6} {'log loss':>9} {'Brier':>8} {'AUC':>6}"]
        for split, models in self.splits.items():
            for m, s in models.items():
                rows.append(
                    f"{split:<10} {m:<10} {s['n']:>7} {s['events']:>6} "
                    f"{s['log_loss']:9.5f} {s['brier']:8.5f} {s['auc']:6.3f}"
                )
        return "\n".join(rows + list(self.verdicts))


def _split_scores(
    train: pd.DataFrame, test: pd.DataFrame, draws: int, rng: RNGLike
) -> dict[str, dict[str, Any]]:
    cal = fit_calibration(train)
    _, regs_tr = design(train)
    _, regs_te = design(test)
    used = [c for c in U11 if np.any(regs_tr["u11"][c] != 0)]  # U11 includes ally_major
    x_tr = np.column_stack([regs_tr["u11"][c] for c in used])
    x_te = np.column_stack([regs_te["u11"][c] for c in used])
    y_tr, y_te = train["init"].to_numpy(float), test["init"].to_numpy(float)
    forecasts = {
        "game": game_forecast(cal, test, draws=draws, rng=rng),
        "logit": expit(x_te @ _logit(x_tr, y_tr)),
        "base_rate": np.full(len(test), y_tr.mean()),
    }
    out = {}
    for m, p in forecasts.items():
        out[m] = {**scores(np.asarray(p, dtype=float), y_te), "n": len(test), "events": int(y_te.sum())}
    return out


def validate(
    df: pd.DataFrame, *, draws: int = 256, rng: RNGLike = 0, holdout: float = 0.2
) -> ValidationReport:
    """Score the three forecasts on the temporal and the held-out-dyads splits."""
    gen = make_rng(rng)
    a, b = df["ccode1"].to_numpy(np.int64), df["ccode2"].to_numpy(np.int64)
    pair = np.minimum(a, b) * 1000 + np.maximum(a, b)
    pairs = np.unique(pair)
    held = set(gen.choice(pairs, round(holdout * pairs.size), replace=False).tolist())
    test_mask = np.fromiter((p in held for p in pair), bool, pair.size)
    late = df["year"].to_numpy() >= 1990
    # the post-Cold War era has no coefficient when fitting on 1816-1989: score 1990-2014 as
    # Cold War years (the nearest era the training part knows)
    recent = df[late].assign(era=1)
    splits = {
        "temporal": _split_scores(df[~late], recent, draws, gen),
        "dyads": _split_scores(df[~test_mask], df[test_mask], draws, gen),
    }
    verdicts = []
    for split, s in splits.items():
        for metric, better in (("log_loss", "lower"), ("brier", "lower"), ("auc", "higher")):
            g, lg = s["game"][metric], s["logit"][metric]
            worse = g > lg if better == "lower" else g < lg
            if worse:
                verdicts.append(
                    f"{split}: the game model does WORSE than the plain logit on "
                    f"{metric} ({g:.5f} vs {lg:.5f})"
                )
    prov = Provenance(
        "pactlab validate deter",
        {
            "draws": draws,
            "holdout": holdout,
            "temporal": "fit 1816-1989, score 1990-2014",
            "regressors": list(U11),
        },
        seed=rng if isinstance(rng, int) else None,
    )
    return ValidationReport(splits, tuple(verdicts), prov)


def reliability_figure(report: ValidationReport, path: str | Path) -> Path:
    """Draw the reliability diagrams (one panel per split) to ``path`` (.png or .svg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    target = Path(path)
    fig, axes = plt.subplots(1, len(report.splits), figsize=(9, 4), squeeze=False)
    for ax, (split, models) in zip(axes[0], report.splits.items(), strict=True):
        top = 0.0
        for m, s in models.items():
            f = [r["forecast"] for r in s["reliability"]]
            o = [r["observed"] for r in s["reliability"]]
            ax.plot(f, o, marker="o", label=m)
            top = max(top, *f, *o)
        ax.plot([0, top], [0, top], color="grey", linewidth=0.8, linestyle="--")
        ax.set_title(f"{split} split")
        ax.set_xlabel("mean forecast P(initiation)")
        ax.set_ylabel("observed rate")
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)
    return target
