"""Estimation of the crisis game egame12 with private information (Kenkel & Signorino 2014).

Player 1 chooses between the status quo (outcome 1, utility ``U11``) and a challenge; player 2 then
concedes (outcome 3: ``U13`` for player 1, 0 for player 2) or resists (outcome 4: ``U14``, ``U24``).
Utilities are linear in regressors, ``U = X beta``, plus normal private-information shocks of scale
``sigma`` (Signorino 2003; Kenkel & Signorino 2014, J. Stat. Software 56(8), eqs. 1-5):

    p4 = Phi(U24 / (sigma sqrt 2)),  p3 = 1 - p4,
    p2 = Phi((p3 U13 + p4 U14 - U11) / (sigma sqrt(1 + p3^2 + p4^2))),  p1 = 1 - p2,

and P(outcome 1, 3, 4) = (p1, p2 p3, p2 p4). The maximum-likelihood estimate is found with scipy's
BFGS from statistical-backward-induction starting values (two probits, rescaled by sqrt 2, as
Kenkel & Signorino's ``startvals = "sbi"``). ``sigma`` is identified only when the utilities are
fixed (``fixed_utils``); otherwise it is normalised to 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import OptimizeResult, minimize
from scipy.special import log_ndtr, ndtr

from pactlab.results import Provenance

__all__ = ["StrategicFit", "egame12_probabilities", "fit_egame12"]

Array = NDArray[np.float64]
_UTILS = ("u11", "u13", "u14", "u24")


@dataclass(frozen=True)
class StrategicFit:
    """A fitted egame12 model: coefficients by ``"<utility>:<regressor>"``, log-likelihood."""

    coefficients: Mapping[str, float]
    loglik: float
    n: int
    converged: bool
    log_sigma: float | None = None
    provenance: Provenance = field(default_factory=lambda: Provenance("egame12"))

    def to_dict(self) -> dict[str, object]:
        return {
            "coefficients": dict(self.coefficients),
            "loglik": self.loglik,
            "n": self.n,
            "converged": self.converged,
            "log_sigma": self.log_sigma,
            "provenance": self.provenance.to_dict(),
        }


def egame12_probabilities(
    u11: Array, u13: Array, u14: Array, u24: Array, sigma: float = 1.0
) -> tuple[Array, Array, Array, Array]:
    """Action probabilities (p1, p2, p3, p4) of egame12 with private information (probit)."""
    p4 = ndtr(u24 / (sigma * np.sqrt(2.0)))
    p3 = 1.0 - p4
    p2 = ndtr((p3 * u13 + p4 * u14 - u11) / (sigma * np.sqrt(1.0 + p3**2 + p4**2)))
    return 1.0 - p2, p2, p3, p4


def _loglik(u: Sequence[Array], y: NDArray[np.int_], sigma: float) -> float:
    u11, u13, u14, u24 = u
    z4 = u24 / (sigma * np.sqrt(2.0))
    p4 = ndtr(z4)
    p3 = 1.0 - p4
    z2 = (p3 * u13 + p4 * u14 - u11) / (sigma * np.sqrt(1.0 + p3**2 + p4**2))
    ll = np.where(y == 0, log_ndtr(-z2), log_ndtr(z2) + np.where(y == 1, log_ndtr(-z4), log_ndtr(z4)))
    return float(ll.sum())


def _probit_start(x: Array, target: Array) -> Array:
    """Probit coefficients by scipy (used for statistical backward induction start values)."""

    def nll(b: Array) -> float:
        z = x @ b
        return -float(np.sum(np.where(target == 1, log_ndtr(z), log_ndtr(-z))))

    return np.asarray(minimize(nll, np.zeros(x.shape[1]), method="BFGS").x, dtype=float)


def _start(y: NDArray[np.int_], xs: Sequence[Array]) -> Array:
    x11, x13, x14, x24 = xs
    moved = y != 0
    b24 = _probit_start(x24[moved], (y[moved] == 2).astype(float))
    p4 = ndtr(x24 @ b24)
    x1 = np.hstack([-x11, (1 - p4)[:, None] * x13, p4[:, None] * x14])
    b1 = _probit_start(x1, moved.astype(float))
    return np.asarray(np.sqrt(2.0) * np.concatenate([b1, b24]), dtype=float)


def _converged(res: OptimizeResult) -> bool:
    """BFGS on numerical gradients may stop on "precision loss" at the optimum itself: accept a
    largest score component below 1e-4 as converged (the log-likelihood is then flat to ~1e-8)."""
    return bool(res.success or np.max(np.abs(res.jac)) < 1e-4)


def fit_egame12(
    y: Sequence[int] | NDArray[np.int_],
    regressors: Mapping[str, Mapping[str, Array]] | None = None,
    *,
    fixed_utils: Sequence[float] | None = None,
    tol: float = 1e-6,
    data_name: str = "",
) -> StrategicFit:
    """Maximum-likelihood fit of egame12, private-information probit.

    Parameters
    ----------
    y
        Outcome per observation: 0 (outcome 1, status quo), 1 (outcome 3), 2 (outcome 4).
    regressors
        For each utility ``u11, u13, u14, u24``, a mapping regressor name -> column (use a column
        of ones named ``"(Intercept)"`` for a constant; an empty mapping fixes the utility at 0).
    fixed_utils
        Instead of regressors: fixed values of (u11, u13, u14, u24); then ``log sigma`` is estimated.
    """
    y = np.asarray(y, dtype=int)
    n = y.size
    if fixed_utils is not None:
        u = [np.full(n, float(v)) for v in fixed_utils]
        res = minimize(
            lambda s: -_loglik(u, y, float(np.exp(s[0]))), np.zeros(1), method="BFGS", options={"gtol": tol}
        )
        return StrategicFit(
            {},
            -float(res.fun),
            n,
            _converged(res),
            float(res.x[0]),
            Provenance(
                "egame12 private-information probit, fixed utilities",
                {"fixed_utils": list(fixed_utils), "data": data_name},
            ),
        )
    regs = regressors or {}
    names, xs = [], []
    for key in _UTILS:
        cols = regs.get(key, {})
        names += [f"{key}:{c}" for c in cols]
        xs.append(
            np.column_stack([np.asarray(v, dtype=float) for v in cols.values()]) if cols else np.zeros((n, 0))
        )
    splits = np.cumsum([x.shape[1] for x in xs])[:-1]

    def nll(b: Array) -> float:
        parts = np.split(b, splits)
        return -_loglik([x @ p for x, p in zip(xs, parts, strict=True)], y, 1.0)

    res = minimize(nll, _start(y, xs), method="BFGS", options={"gtol": tol, "maxiter": 10_000})
    coefs = {name: float(v) for name, v in zip(names, res.x, strict=True)}
    return StrategicFit(
        coefs,
        -float(res.fun),
        n,
        _converged(res),
        None,
        Provenance(
            "egame12 private-information probit",
            {"regressors": {k: list(v) for k, v in regs.items()}, "data": data_name},
        ),
    )
