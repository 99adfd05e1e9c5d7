"""The deterrence engine's calibration: the crisis game fitted to the conflict record.

Model (Kenkel & Signorino's egame12 in its agent-error logit form, fitted by
:func:`pactlab.deter.strategic.fit_egame12` with ``link="logit"`` on the dyad-years of
:mod:`pactlab.deter.dyads`): the challenger A attacks B or not; after an attack outside states
join B's side (outcome 4) or not (outcome 3).

- Challenger: ``P(attack) = expit(a(x))`` with the attack index ``a(x) = -U11(x)``; ``U11`` is
  linear in the challenger's cost-side covariates (intercept, land contiguity, A major, B major)
  and status-quo-side covariates (log(1 + peace years), the Cold War and post-Cold War eras).
  In the escalation game ``a(x) = lam (V_attack - sq - cost_attack)`` (see :mod:`montecarlo`):
  the data identify the index, not ``lam`` and the payoffs apart, so the engine takes ``lam``
  and ``sq`` from their priors and solves ``cost_attack`` on every draw so that the no-guarantee
  baseline attacks with exactly ``expit(a(x))``.
- Outside response: ``P(join) = expit(U24(x))`` with ``U24`` linear in an intercept, ``ally_major``
  (B's defence pact with a major power other than A) and B's major-power status. The engine's
  base tactical credibility ``p_T_base`` is ``expit(U24)`` at ``ally_major = 0`` and the effect of
  a collective-defence clause on ``p_T`` is the ``ally_major`` coefficient (a logit-scale shift).
- A defence pact's total effect on initiation is the ``ally_major`` coefficient of ``U11``. The
  engine does not add it to the index: a pact acts through the game (the guarantor's responses),
  and the engine scales a collective-defence clause's credibility shifts by a weight ``theta`` in
  [0, 1] solved on every draw so that the game's shift of the attack log-odds for a one-guarantor
  treaty pact equals the fitted shift (``theta = 0`` where the fitted effect is nil or raises
  initiation; see :func:`pactlab.deter.montecarlo.pact_weight`).
- ``U13 = U14 = 0``: the cost of an outside response to the challenger is NOT identified by these
  data. With it free, the full-information estimate of ``U14`` is 107 (standard error 111: a flat
  likelihood) and the two-step estimate (statistical backward induction) has the wrong sign
  (-2.2, s.e. 0.8: a likelier response goes with more initiation once contiguity, power status and
  peace years are controlled). So the response's cost stays a prior of the escalation game
  (``in_kind_effect``, ``cost_limited``, ``cost_clash``), labelled ``prior`` in every output.

Standard errors: the engine draws from the cluster-robust (sandwich) covariance, clustered by
directed dyad, because the dyad-years of one dyad are not independent; the observed-information
standard errors are kept beside them (``information_se``, 30-60% smaller), and ``bootstrap``
refits on dyad-clustered resamples (directed dyads drawn with replacement) as a third check.
The fit ships as ``data/calibration.json`` with its provenance (input digests, data versions,
sample, log-likelihood, n, git commit); ``pactlab calibrate --output FILE`` rewrites it.
"""

from __future__ import annotations

import functools
import json
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from pactlab._rng import RNGLike, make_rng
from pactlab.errors import ParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COVARIATES",
    "Calibration",
    "attack_index",
    "design",
    "fit_calibration",
    "load_calibration",
    "pact_index_shift",
    "response_index",
    "save_calibration",
]

Array = NDArray[np.float64]
CALIBRATION_VERSION = 1
#: Regressors of U11 (minus the attack index) and U24 (the outside response), by dyad column.
U11 = (
    "(Intercept)",
    "contiguous",
    "major_a",
    "major_b",
    "ln_peace_years",
    "era_cold_war",
    "era_post_cold_war",
    "ally_major",
)
U24 = ("(Intercept)", "ally_major", "major_b")
#: The scenario-side covariates (deterrence parameters ``dyad.<name>``) and what they mean.
COVARIATES: dict[str, str] = {
    "contiguous": "1 if challenger and target share a land border (COW direct contiguity)",
    "major_a": "1 if the challenger is a major power (COW)",
    "major_b": "1 if the target is a major power (COW)",
    "peace_years": "years since the last militarised dispute between the two (0 during a war)",
    "era": "0 before 1945, 1 for 1945-1989, 2 from 1990",
}


@dataclass(frozen=True)
class Calibration:
    """Fitted coefficients, their covariance and provenance (see the module docstring)."""

    names: tuple[str, ...]
    coefficients: tuple[float, ...]
    covariance: tuple[tuple[float, ...], ...]
    loglik: float
    n: int
    events: Mapping[str, int]
    provenance: Mapping[str, Any] = field(default_factory=dict)
    bootstrap_se: tuple[float, ...] | None = None
    information_se: tuple[float, ...] | None = None

    @property
    def se(self) -> tuple[float, ...]:
        """Standard errors from :attr:`covariance` (cluster-robust: the one the engine draws from)."""
        return tuple(float(np.sqrt(max(self.covariance[i][i], 0.0))) for i in range(len(self.names)))

    def coef(self, name: str) -> float:
        return self.coefficients[self.names.index(name)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": CALIBRATION_VERSION,
            "names": list(self.names),
            "coefficients": list(self.coefficients),
            "se": list(self.se),
            "bootstrap_se": None if self.bootstrap_se is None else list(self.bootstrap_se),
            "information_se": None if self.information_se is None else list(self.information_se),
            "covariance": [list(r) for r in self.covariance],
            "loglik": self.loglik,
            "n": self.n,
            "events": dict(self.events),
            "provenance": dict(self.provenance),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibration:
        boot, info = data.get("bootstrap_se"), data.get("information_se")
        return cls(
            tuple(data["names"]),
            tuple(float(v) for v in data["coefficients"]),
            tuple(tuple(float(v) for v in r) for r in data["covariance"]),
            float(data["loglik"]),
            int(data["n"]),
            dict(data["events"]),
            dict(data.get("provenance") or {}),
            None if boot is None else tuple(float(v) for v in boot),
            None if info is None else tuple(float(v) for v in info),
        )

    def summary(self) -> str:
        rows = [
            f"{'coefficient':<28} {'estimate':>9} {'s.e.':>8} {'info s.e.':>9}"
            + (f" {'boot s.e.':>9}" if self.bootstrap_se else "")
        ]
        info = self.information_se or (float("nan"),) * len(self.names)
        for i, name in enumerate(self.names):
            row = f"{name:<28} {self.coefficients[i]:9.4f} {self.se[i]:8.4f} {info[i]:9.4f}"
            if self.bootstrap_se:
                row += f" {self.bootstrap_se[i]:9.4f}"
            rows.append(row)
        rows.append(f"log-likelihood {self.loglik:.2f}, n = {self.n}, events {dict(self.events)}")
        rows.append(
            "s.e.: cluster-robust by directed dyad (drawn by the engine); info s.e.: observed "
            "information; boot s.e.: dyad-clustered bootstrap"
        )
        return "\n".join(rows)

    def draw(self, n: int, rng: np.random.Generator) -> Array:
        """``n`` coefficient vectors from the estimates' normal sampling distribution (n, k)."""
        mean = np.asarray(self.coefficients)
        chol = _cholesky(self.covariance)
        return np.asarray(mean + rng.standard_normal((n, mean.size)) @ chol.T, dtype=float)


@functools.lru_cache(maxsize=8)
def _cholesky(cov: tuple[tuple[float, ...], ...]) -> Array:
    a = np.asarray(cov, dtype=float)
    a = (a + a.T) / 2.0
    w, v = np.linalg.eigh(a)  # robust to a covariance that is only positive semi-definite
    return np.asarray(v * np.sqrt(np.clip(w, 0.0, None)), dtype=float)


def design(df: pd.DataFrame) -> tuple[NDArray[np.int_], dict[str, dict[str, Array]]]:
    """Outcomes (0 no attack, 1 attack without outside response, 2 with) and egame12 regressors."""
    y = np.where(df["init"].to_numpy() == 0, 0, np.where(df["joined"].to_numpy() == 1, 2, 1))
    cols = {
        "(Intercept)": np.ones(len(df)),
        "contiguous": df["contiguous"].to_numpy(float),
        "major_a": df["major_a"].to_numpy(float),
        "major_b": df["major_b"].to_numpy(float),
        "ln_peace_years": np.log1p(df["peace_years"].to_numpy(float)),
        "era_cold_war": (df["era"].to_numpy() == 1).astype(float),
        "era_post_cold_war": (df["era"].to_numpy() == 2).astype(float),
        "ally_major": df["ally_major"].to_numpy(float),
    }
    regs = {"u11": {c: cols[c] for c in U11}, "u24": {c: cols[c] for c in U24}}
    return np.asarray(y, dtype=int), regs


def _fit_once(df: pd.DataFrame) -> tuple[Array, Array, float, Array]:
    """Fit: coefficients, cluster-robust covariance, log-likelihood, observed-information covariance.

    A regressor that is constant zero in ``df`` (e.g. the post-Cold War era in a sample that ends
    in 1989) is not identified: its coefficient and variances are set to 0."""
    from pactlab.deter.strategic import fit_egame12

    y, regs = design(df)
    if not (y != 0).any() or not (y == 2).any() or not (y == 1).any():
        raise ParameterError(
            "df",
            "the sample has no attacks, or none with (or without) "
            "an outside response: the calibration cannot be fitted",
        )
    names = [f"u11:{c}" for c in U11] + [f"u24:{c}" for c in U24]
    used = {u: {c: v for c, v in regs[u].items() if np.any(v != 0)} for u in regs}
    kept = [n for n in names if n.split(":", 1)[1] in used[n.split(":", 1)[0]]]
    # start: the two intercepts at the logits of the base rates, every slope at 0 (the log-likelihood
    # is concave in each separable part here, so the start changes nothing but the time)
    moved = y != 0
    start = np.zeros(len(kept))
    start[0] = -float(np.log(moved.mean() / (1 - moved.mean())))
    joined = float((y[moved] == 2).mean())
    start[kept.index("u24:(Intercept)")] = float(np.log(joined / (1 - joined)))
    fit = fit_egame12(y, used, link="logit", data_name="pactlab.deter.dyads", start=start.tolist())
    if not fit.converged or fit.covariance is None:
        raise ParameterError("df", "the calibration's maximum likelihood did not converge")
    idx = [names.index(k) for k in kept]
    coef = np.zeros(len(names))
    coef[idx] = list(fit.coefficients.values())
    info_cov = np.asarray(fit.covariance)
    robust = _cluster_robust(info_cov, _scores(y, used, coef[idx], kept), _clusters(df))
    cov, model = np.zeros((len(names), len(names))), np.zeros((len(names), len(names)))
    cov[np.ix_(idx, idx)] = robust
    model[np.ix_(idx, idx)] = info_cov
    return coef, cov, fit.loglik, model


def _scores(
    y: NDArray[np.int_], regs: Mapping[str, Mapping[str, Array]], b: Array, kept: Sequence[str]
) -> Array:
    """Per-observation scores of the log-likelihood (U13 = U14 = 0: two separable logits)."""
    x11 = np.column_stack(list(regs["u11"].values()))
    x24 = np.column_stack(list(regs["u24"].values()))
    k11 = x11.shape[1]
    moved = (y != 0).astype(float)
    d2 = moved - 1.0 / (1.0 + np.exp(x11 @ b[:k11]))  # attack logit is -U11
    d4 = moved * ((y == 2) - 1.0 / (1.0 + np.exp(-(x24 @ b[k11:]))))
    return np.asarray(np.hstack([-x11 * d2[:, None], x24 * d4[:, None]]), dtype=float)


def _clusters(df: pd.DataFrame) -> NDArray[np.int64]:
    dyad = df["ccode1"].to_numpy(np.int64) * 1000 + df["ccode2"].to_numpy(np.int64)
    return np.asarray(np.unique(dyad, return_inverse=True)[1], dtype=np.int64).ravel()


def _cluster_robust(info_cov: Array, scores: Array, cluster: NDArray[np.int64]) -> Array:
    """Sandwich covariance clustered by directed dyad (dyad-years of one dyad are not independent),
    with the small-sample factor G / (G - 1)."""
    groups = int(cluster.max()) + 1
    summed = np.zeros((groups, scores.shape[1]))
    np.add.at(summed, cluster, scores)
    meat = summed.T @ summed * groups / max(groups - 1, 1)
    return np.asarray(info_cov @ meat @ info_cov, dtype=float)


def git_commit() -> str:
    """The checkout's commit (``unknown`` outside a git checkout)."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=5,
            cwd=Path(__file__).parent,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() or "unknown"


def fit_calibration(
    df: pd.DataFrame,
    info: Mapping[str, Any] | None = None,
    *,
    bootstrap: int = 0,
    rng: RNGLike = 0,
    progress: Callable[[int, int], None] | None = None,
) -> Calibration:
    """Fit the calibration on a dyad-year table (see :func:`pactlab.deter.dyads.load_dyads`).

    ``bootstrap`` > 0 adds dyad-clustered bootstrap standard errors from that many refits.
    """
    if bootstrap < 0:
        raise ParameterError("bootstrap", "must be 0 or more")
    coef, cov, ll, model = _fit_once(df)
    names = tuple([f"u11:{c}" for c in U11] + [f"u24:{c}" for c in U24])
    boot_se = None
    if bootstrap:
        gen = make_rng(rng)
        dyad = df["ccode1"].to_numpy(np.int64) * 1000 + df["ccode2"].to_numpy(np.int64)
        uniq, inverse = np.unique(dyad, return_inverse=True)
        rows_of = np.split(np.argsort(inverse, kind="stable"), np.cumsum(np.bincount(inverse))[:-1])
        reps = []
        for b in range(bootstrap):
            pick = gen.integers(0, uniq.size, uniq.size)
            reps.append(_fit_once(df.iloc[np.concatenate([rows_of[i] for i in pick])])[0])
            if progress is not None:
                progress(b + 1, bootstrap)
        boot_se = tuple(float(v) for v in np.std(np.array(reps), axis=0, ddof=1))
    y, _ = design(df)
    prov = {
        **dict(info or {}),
        "fitted_on": date.today().isoformat(),
        "git_commit": git_commit(),
        "estimator": "pactlab.deter.strategic.fit_egame12(link='logit'), U13 = U14 = 0",
        "covariance": "cluster-robust sandwich by directed dyad (observed information inside); "
        "information_se: observed information alone",
        "bootstrap": {
            "replicates": bootstrap,
            "cluster": "directed dyad",
            "seed": rng if isinstance(rng, int) else None,
        },
    }
    prov.pop("cache", None)
    return Calibration(
        names,
        tuple(float(v) for v in coef),
        tuple(tuple(float(v) for v in r) for r in cov),
        ll,
        len(df),
        {"attack": int((y != 0).sum()), "attack_with_response": int((y == 2).sum())},
        prov,
        boot_se,
        tuple(float(np.sqrt(max(v, 0.0))) for v in np.diag(model)),
    )


def save_calibration(cal: Calibration, path: str | Path) -> None:
    """Write the calibration file (JSON)."""
    Path(path).write_text(json.dumps(cal.to_dict(), indent=1) + "\n", encoding="utf-8")


@functools.lru_cache(maxsize=1)
def load_calibration() -> Calibration:
    """The calibration shipped with the package (``pactlab/deter/data/calibration.json``)."""
    text = resources.files("pactlab.deter").joinpath("data/calibration.json").read_text("utf-8")
    return Calibration.from_dict(json.loads(text))


def _x11(cov: Mapping[str, Array | float]) -> list[Array | float]:
    era = np.asarray(cov["era"])
    return [
        1.0,
        cov["contiguous"],
        cov["major_a"],
        cov["major_b"],
        np.log1p(np.asarray(cov["peace_years"], dtype=float)),
        (era == 1).astype(float),
        (era == 2).astype(float),
        0.0,
    ]


def attack_index(coefs: Array, cov: Mapping[str, Array | float]) -> Array:
    """``a(x) = -U11(x)`` without a defence ally, for coefficient rows ``coefs`` (n, k)."""
    x = _x11(cov)
    return np.asarray(-sum(coefs[:, i] * x[i] for i in range(len(U11))), dtype=float)


def pact_index_shift(coefs: Array) -> Array:
    """The fitted shift of the attack index when the target has a major-power defence ally."""
    return np.asarray(-coefs[:, U11.index("ally_major")], dtype=float)


def response_index(coefs: Array, cov: Mapping[str, Array | float]) -> Array:
    """``U24(x)`` at ``ally_major = 0`` (the logit of the base outside-response probability)."""
    k = len(U11)
    return np.asarray(coefs[:, k] + coefs[:, k + 2] * np.asarray(cov["major_b"], dtype=float), dtype=float)


def ally_effect(coefs: Array) -> Array:
    """The ``ally_major`` coefficient of U24 on every row."""
    return np.asarray(coefs[:, len(U11) + 1], dtype=float)
