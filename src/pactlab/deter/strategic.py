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

``link="logit"`` is the agent-error logit form of the same game (Signorino 1999; the ``link =
"logit", type = "agent"`` option of Kenkel & Signorino's ``games`` package): each player's choice
is a logit quantal response at its node, ``p4 = expit(U24)``, ``p2 = expit(p3 U13 + p4 U14 -
U11)``, the logit agent QRE of :func:`pactlab.deter.games.egame12` at precision 1 (so the
utilities are in units of the precision). It is fitted with the analytic score and returns the
covariance of the estimates from the observed information (the Hessian of the log-likelihood by
central differences of the analytic score).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import OptimizeResult, minimize
from scipy.special import expit, log_expit, log_ndtr, ndtr

from pactlab.results import Provenance

__all__ = [
    "StrategicFit",
    "egame12_logit_probabilities",
    "egame12_probabilities",
    "fit_egame12",
    "observed_information",
]

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
    covariance: tuple[tuple[float, ...], ...] | None = None  # in coefficient order (logit link)

    def to_dict(self) -> dict[str, object]:
        return {
            "coefficients": dict(self.coefficients),
            "loglik": self.loglik,
            "n": self.n,
            "converged": self.converged,
            "log_sigma": self.log_sigma,
            "covariance": None if self.covariance is None else [list(r) for r in self.covariance],
            "provenance": self.provenance.to_dict(),
        }

    def standard_errors(self) -> dict[str, float]:
        """Square roots of the covariance's diagonal, by coefficient (observed information)."""
        if self.covariance is None:
            raise ValueError("no covariance: fit with link='logit'")
        return {k: float(np.sqrt(max(self.covariance[i][i], 0.0))) for i, k in enumerate(self.coefficients)}


def egame12_probabilities(
    u11: Array, u13: Array, u14: Array, u24: Array, sigma: float = 1.0
) -> tuple[Array, Array, Array, Array]:
    """Action probabilities (p1, p2, p3, p4) of egame12 with private information (probit)."""
    p4 = ndtr(u24 / (sigma * np.sqrt(2.0)))
    p3 = 1.0 - p4
    p2 = ndtr((p3 * u13 + p4 * u14 - u11) / (sigma * np.sqrt(1.0 + p3**2 + p4**2)))
    return 1.0 - p2, p2, p3, p4


def egame12_logit_probabilities(
    u11: Array, u13: Array, u14: Array, u24: Array
) -> tuple[Array, Array, Array, Array]:
    """Action probabilities (p1, p2, p3, p4) of egame12 with agent error (logit QRE, precision 1).

    Examples
    --------
    >>> p1, p2, p3, p4 = egame12_logit_probabilities(*(np.zeros(1),) * 4)
    >>> float(p2[0]), float(p4[0])
    (0.5, 0.5)
    """
    p4 = expit(u24)
    p3 = 1.0 - p4
    p2 = expit(p3 * u13 + p4 * u14 - u11)
    return 1.0 - p2, p2, p3, p4


def _logit_nll_grad(b: Array, xs: Sequence[Array], splits: Array, y: NDArray[np.int_]) -> tuple[float, Array]:
    """Negative log-likelihood of the agent-error logit egame12 and its analytic gradient."""
    x11, x13, x14, x24 = xs
    b11, b13, b14, b24 = np.split(b, splits)
    u11, u13, u14, z4 = x11 @ b11, x13 @ b13, x14 @ b14, x24 @ b24
    p4 = expit(z4)
    p3 = 1.0 - p4
    z2 = p3 * u13 + p4 * u14 - u11
    moved = y != 0
    ll = np.where(moved, log_expit(z2), log_expit(-z2))
    ll = ll + np.where(y == 1, log_expit(-z4), 0.0) + np.where(y == 2, log_expit(z4), 0.0)
    d2 = moved - expit(z2)  # d ll / d z2
    d4 = np.where(moved, (y == 2) - p4, 0.0) + d2 * (u14 - u13) * p4 * p3
    grad = np.concatenate([-(x11.T @ d2), x13.T @ (d2 * p3), x14.T @ (d2 * p4), x24.T @ d4])
    return -float(ll.sum()), np.asarray(-grad, dtype=float)


def observed_information(score: Callable[[Array], Array], b: Array, step: float = 1e-5) -> Array:
    """The observed information at ``b``: minus the Hessian of the log-likelihood, by central
    differences of the analytic ``score`` (the gradient of the NEGATIVE log-likelihood), symmetrised."""
    k = b.size
    h = np.empty((k, k))
    for j in range(k):
        e = np.zeros(k)
        e[j] = step * max(1.0, abs(b[j]))
        h[:, j] = (score(b + e) - score(b - e)) / (2.0 * e[j])
    return np.asarray((h + h.T) / 2.0, dtype=float)


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
    link: Literal["probit", "logit"] = "probit",
    start: Sequence[float] | None = None,
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
    link
        ``"probit"`` (private information, Kenkel & Signorino's default) or ``"logit"`` (agent
        error, with analytic score and the observed-information covariance).
    start
        Starting values (coefficient order); default statistical backward induction.
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
    if link == "logit":
        return _fit_logit(y, xs, splits, names, regs, data_name, tol, start)

    def nll(b: Array) -> float:
        parts = np.split(b, splits)
        return -_loglik([x @ p for x, p in zip(xs, parts, strict=True)], y, 1.0)

    b0 = _start(y, xs) if start is None else np.asarray(start, dtype=float)
    res = minimize(nll, b0, method="BFGS", options={"gtol": tol, "maxiter": 10_000})
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


def _fit_logit(
    y: NDArray[np.int_],
    xs: Sequence[Array],
    splits: Array,
    names: list[str],
    regs: Mapping[str, Mapping[str, Array]],
    data_name: str,
    tol: float,
    start: Sequence[float] | None,
) -> StrategicFit:
    """Agent-error logit egame12 by L-BFGS on the analytic score; covariance = inverse observed
    information. Start: the probit SBI start rescaled by 1.6 (logit vs probit scale)."""
    b0 = 1.6 * _start(y, xs) / np.sqrt(2.0) if start is None else np.asarray(start, dtype=float)

    def fun(b: Array) -> tuple[float, Array]:
        return _logit_nll_grad(b, xs, splits, y)

    res = minimize(
        fun,
        b0,
        jac=True,
        method="L-BFGS-B",
        options={"gtol": tol, "ftol": 1e-15, "maxiter": 20_000, "maxcor": 30},
    )
    info = observed_information(lambda b: fun(b)[1], np.asarray(res.x, dtype=float))
    try:
        cov = np.linalg.inv(info)
    except np.linalg.LinAlgError:
        cov = np.full_like(info, np.nan)
    coefs = {name: float(v) for name, v in zip(names, res.x, strict=True)}
    converged = bool(res.success or np.max(np.abs(res.jac)) < 1e-3)
    return StrategicFit(
        coefs,
        -float(res.fun),
        int(y.size),
        converged,
        None,
        Provenance(
            "egame12 agent-error logit",
            {"regressors": {k: list(v) for k, v in regs.items()}, "data": data_name},
        ),
        tuple(tuple(float(v) for v in row) for row in cov),
    )
