"""Priors and parameters of the deterrence engine, checked against their support.

A :class:`Prior` is a distribution with named parameters, as in the scenario format; a
:class:`Parameter` is a documented, overridable model parameter. :func:`check_prior` refuses what
would draw NaN, infinities or values outside the parameter's meaning (a probability outside [0, 1],
a negative cost): a reversed uniform, a triangular prior whose mode lies outside its bounds, a
truncated normal with (numerically) no mass between its bounds, beta shapes so small that the draws
are NaN, a lognormal whose draws overflow. Truncated normal draws use the inverse CDF
(``scipy.special.ndtri``, imported when a truncated normal is drawn), so scipy.stats is never
imported, and checking a scenario imports no SciPy at all.
"""

from __future__ import annotations

import fnmatch
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["DISTRIBUTIONS", "SUPPORT", "Parameter", "Prior", "check_prior", "support_of"]

Array = NDArray[np.float64]
DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "fixed": (),
    "uniform": ("lower", "upper"),
    "normal": ("mean", "sd"),
    "truncnormal": ("mean", "sd", "lower", "upper"),
    "lognormal": ("mean", "sd"),
    "beta": ("a", "b"),
    "triangular": ("lower", "mode", "upper"),
}
_INF = math.inf
#: The support of each parameter (glob patterns over ids, first match wins).
SUPPORT: tuple[tuple[str, tuple[float, float]], ...] = (
    ("p_T_base", (0.0, 1.0)),
    ("p_S_base", (0.0, 1.0)),
    ("p_accident", (0.0, 1.0)),
    ("denial", (0.0, 1.0)),
    ("in_kind_effect", (0.0, 1.0)),
    ("common_shock", (0.0, 1.0)),
    ("effect.accident_reduction", (0.0, 1.0)),
    ("effect.denial_per_capability", (0.0, 1.0)),
    ("durability.*", (0.0, 1.0)),
    ("dyad.contiguous", (0.0, 1.0)),
    ("dyad.major_a", (0.0, 1.0)),
    ("dyad.major_b", (0.0, 1.0)),
    ("calibration.pact_weight", (0.0, 1.0)),
    ("dyad.era", (0.0, 2.0)),
    ("dyad.peace_years", (0.0, 1000.0)),
    ("legal_weight.*", (0.0, 10.0)),
    ("hr.*", (0.0, 100.0)),
    ("lam", (0.0, _INF)),
    ("gain", (0.0, _INF)),
    ("cost_*", (0.0, _INF)),
    ("provocation", (0.0, _INF)),
    ("pre_commitment", (0.0, 100.0)),
    ("effect.provocation_per_signal", (0.0, _INF)),
    ("effect.lambda_gain", (0.0, 100.0)),
    ("effect.*", (-_INF, _INF)),
    ("sq", (-_INF, _INF)),
)


def support_of(pid: str) -> tuple[float, float]:
    """The interval a parameter's values must lie in (unbounded reals when no pattern matches)."""
    for pattern, bounds in SUPPORT:
        if fnmatch.fnmatchcase(pid, pattern):
            return bounds
    return (-_INF, _INF)


@dataclass(frozen=True, slots=True)
class Prior:
    """A prior distribution with named parameters, as in the scenario format.

    ``lognormal``'s ``mean`` and ``sd`` are those of the logarithm; ``fixed`` draws ``value``.
    """

    distribution: str
    params: Mapping[str, float]
    value: float = 0.0

    def draw(self, rng: np.random.Generator, n: int) -> Array:
        d, p = self.distribution, self.params
        if d == "fixed":
            return np.full(n, self.value)
        if d == "uniform":
            return rng.uniform(p["lower"], p["upper"], n)
        if d == "normal":
            return rng.normal(p["mean"], p["sd"], n)
        if d == "truncnormal":
            from scipy.special import ndtri

            lo, hi = _tn_bounds(p)
            u = rng.uniform(0.0, 1.0, n)
            z = ndtri(np.clip(lo + u * (hi - lo), 1e-300, 1.0 - 1e-16))
            return np.asarray(np.clip(p["mean"] + p["sd"] * z, p["lower"], p["upper"]), dtype=float)
        if d == "lognormal":
            return rng.lognormal(p["mean"], p["sd"], n)
        if d == "beta":
            return rng.beta(p["a"], p["b"], n)
        return rng.triangular(p["lower"], p["mode"], p["upper"], n)

    def quantile(self, q: float) -> float:
        """The ``q`` quantile (closed forms and scipy.special; no scipy.stats)."""
        from scipy.special import betaincinv, ndtri

        d, p = self.distribution, self.params
        if d == "fixed":
            return self.value
        if d == "uniform":
            return p["lower"] + q * (p["upper"] - p["lower"])
        if d == "normal":
            return float(p["mean"] + p["sd"] * ndtri(q))
        if d == "lognormal":
            return float(np.exp(p["mean"] + p["sd"] * ndtri(q)))
        if d == "beta":
            return float(betaincinv(p["a"], p["b"], q))
        if d == "truncnormal":
            lo, hi = _tn_bounds(p)
            return float(p["mean"] + p["sd"] * ndtri(lo + q * (hi - lo)))
        lo, mode, hi = p["lower"], p["mode"], p["upper"]
        cut = (mode - lo) / (hi - lo)
        if q <= cut:
            return float(lo + np.sqrt(q * (hi - lo) * (mode - lo)))
        return float(hi - np.sqrt((1 - q) * (hi - lo) * (hi - mode)))

    def bounds(self) -> tuple[float, float]:
        """The smallest interval holding (practically) every draw."""
        d, p = self.distribution, self.params
        if d == "fixed":
            return (self.value, self.value)
        if d in ("uniform", "triangular", "truncnormal"):
            return (p["lower"], p["upper"])
        if d == "beta":
            return (0.0, 1.0)
        if d == "lognormal":
            return (0.0, _INF)
        return (-_INF, _INF)


def _ndtr(x: float) -> float:
    """The standard normal CDF (``math.erfc``: accurate in the lower tail, no SciPy)."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def _tn_bounds(p: Mapping[str, float]) -> tuple[float, float]:
    return (_ndtr((p["lower"] - p["mean"]) / p["sd"]), _ndtr((p["upper"] - p["mean"]) / p["sd"]))


def _shape_problem(d: str, p: Mapping[str, float]) -> str | None:
    """What is wrong with a distribution's own parameters (None when nothing)."""
    if d in ("normal", "truncnormal", "lognormal") and not p["sd"] > 0:
        return f"{d} prior needs sd > 0"
    if d in ("uniform", "truncnormal", "triangular") and not p["lower"] < p["upper"]:
        return f"{d} prior needs lower < upper (got {p['lower']:g} and {p['upper']:g})"
    if d == "triangular" and not p["lower"] <= p["mode"] <= p["upper"]:
        return (
            f"triangular prior's mode {p['mode']:g} lies outside its bounds [{p['lower']:g}, {p['upper']:g}]"
        )
    if d == "truncnormal":
        lo, hi = _tn_bounds(p)
        if not hi - lo > 1e-12:
            return (
                f"truncnormal prior has no mass between {p['lower']:g} and {p['upper']:g} "
                f"(mean {p['mean']:g}, sd {p['sd']:g})"
            )
    if d == "beta" and not (p["a"] >= 1e-3 and p["b"] >= 1e-3):
        return "beta prior needs a >= 0.001 and b >= 0.001 (smaller shapes draw NaN)"
    if d == "lognormal" and not (abs(p["mean"]) <= 50 and p["sd"] <= 10):
        return (
            "lognormal prior needs |mean| <= 50 and sd <= 10 (mean and sd are those of the "
            "logarithm; larger values overflow)"
        )
    return None


def check_prior(pid: str, value: float, prior: Prior | None) -> str | None:
    """The first problem with a parameter's value and prior, or None (see the module docstring)."""
    lo, hi = support_of(pid)
    if not math.isfinite(value) or not lo <= value <= hi:
        return f"value {value:g} lies outside the support [{lo:g}, {hi:g}] of {pid!r}"
    if prior is None or prior.distribution == "fixed":
        return None
    if prior.distribution not in DISTRIBUTIONS:
        return f"unknown distribution {prior.distribution!r} (known: {', '.join(DISTRIBUTIONS)})"
    if set(prior.params) != set(DISTRIBUTIONS[prior.distribution]):
        return (
            f"{prior.distribution} prior needs parameters "
            f"{list(DISTRIBUTIONS[prior.distribution])}, got {sorted(prior.params)}"
        )
    if not all(math.isfinite(v) for v in prior.params.values()):
        return "prior parameters must be finite numbers"
    shape = _shape_problem(prior.distribution, prior.params)
    if shape:
        return shape
    plo, phi = prior.bounds()
    if plo < lo or phi > hi:
        return (
            f"{prior.distribution} prior draws values in [{plo:g}, {phi:g}], outside the "
            f"support [{lo:g}, {hi:g}] of {pid!r}"
        )
    return None


@dataclass(frozen=True, slots=True)
class Parameter:
    """A documented, overridable model parameter; ``kind`` says where its value comes from:
    ``prior`` (the engine's documented default), ``analyst`` (a scenario's or profile's override)
    or ``fitted`` (the calibration)."""

    id: str
    value: float
    prior: Prior
    source: str = ""
    rationale: str = ""
    kind: str = "prior"
