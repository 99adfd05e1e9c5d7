"""What a sensitivity analysis varies: inputs, their distributions or ranges, and the design's map.

An :class:`Input` is one uncertain number of a model with its kind (``fitted`` to data, a documented
``prior``, or an ``analyst`` estimate), its distribution, its stated (central) value and a plain-text
label saying where the range comes from. A :class:`Space` holds the inputs of one model part and maps
a design on the unit cube (what SALib samples) to input values by each input's quantile function:
the design covers each distribution's central 99% (quantiles :data:`TAIL` to ``1 - TAIL``), so that
unbounded priors (normal, lognormal) give finite values. Sobol' indices are invariant under such
monotone maps of independent inputs (Saltelli et al. 2008, *Global Sensitivity Analysis: The
Primer*, ch. 4), so the indices are those of the inputs themselves.

Inputs that are estimated together and correlated (the calibration's coefficients) form a
:class:`JointNormal` block: one SALib group whose unit columns become independent standard normal
scores ``z`` (each cut at its central 99%) and then ``mean + L z`` with ``L`` the Cholesky factor of
the estimated covariance; the group gets one index (Sobol' indices assume independent factors).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import betaincinv, ndtr, ndtri

__all__ = ["DISTRIBUTIONS", "KINDS", "TAIL", "Input", "JointNormal", "Space", "quantile"]

Array = NDArray[np.float64]
#: Where an input's value comes from.
KINDS = ("fitted", "prior", "analyst")
#: The design covers quantiles TAIL .. 1 - TAIL of every input's distribution.
TAIL = 0.005
#: Distributions and their named parameters (those of the deterrence engine's priors, plus the
#: analyst ranges: uniform and log-uniform).
DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "uniform": ("lower", "upper"),
    "loguniform": ("lower", "upper"),
    "normal": ("mean", "sd"),
    "truncnormal": ("mean", "sd", "lower", "upper"),
    "lognormal": ("mean", "sd"),
    "beta": ("a", "b"),
    "triangular": ("lower", "mode", "upper"),
}


def quantile(distribution: str, params: Mapping[str, float], q: ArrayLike) -> Array:
    """Quantile function of ``distribution`` at probabilities ``q`` (vectorised; scipy.special only).

    ``lognormal``'s ``mean`` and ``sd`` are those of the logarithm, as in the scenario format.

    Examples
    --------
    >>> float(quantile("uniform", {"lower": 2.0, "upper": 4.0}, 0.25))
    2.5
    >>> float(quantile("loguniform", {"lower": 1.0, "upper": 4.0}, 0.5))
    2.0
    """
    p = {k: float(v) for k, v in params.items()}
    u = np.asarray(q, dtype=float)
    if distribution == "uniform":
        return p["lower"] + u * (p["upper"] - p["lower"])
    if distribution == "loguniform":
        lo, hi = math.log(p["lower"]), math.log(p["upper"])
        return np.asarray(np.exp(lo + u * (hi - lo)), dtype=float)
    if distribution == "normal":
        return np.asarray(p["mean"] + p["sd"] * ndtri(u), dtype=float)
    if distribution == "lognormal":
        return np.asarray(np.exp(p["mean"] + p["sd"] * ndtri(u)), dtype=float)
    if distribution == "truncnormal":
        a = ndtr((p["lower"] - p["mean"]) / p["sd"])
        b = ndtr((p["upper"] - p["mean"]) / p["sd"])
        return np.asarray(p["mean"] + p["sd"] * ndtri(a + u * (b - a)), dtype=float)
    if distribution == "beta":
        return np.asarray(betaincinv(p["a"], p["b"], u), dtype=float)
    if distribution == "triangular":
        lo, mode, hi = p["lower"], p["mode"], p["upper"]
        cut = (mode - lo) / (hi - lo)
        left = lo + np.sqrt(u * (hi - lo) * (mode - lo))
        right = hi - np.sqrt((1.0 - u) * (hi - lo) * (hi - mode))
        return np.asarray(np.where(u <= cut, left, right), dtype=float)
    raise ValueError(f"unknown distribution {distribution!r} (known: {', '.join(DISTRIBUTIONS)})")


@dataclass(frozen=True, slots=True)
class Input:
    """One uncertain input.

    Attributes
    ----------
    name : a dotted id (``"sq"``, ``"calibration.u24:ally_major"``, ``"position.bilateral-web.usa"``).
    kind : ``"fitted"``, ``"prior"`` or ``"analyst"`` (:data:`KINDS`).
    part : the part of the model it feeds (``"deterrence"``, ``"negotiation"``, or a test model's).
    distribution, params : its distribution (:data:`DISTRIBUTIONS`) and named parameters.
    central : its stated value (the scenario's, the prior's point value or the fitted estimate).
    label : where the range comes from, in words (``"analyst range: 35 +/- 10 scale points"``).
    group : the SALib group (the factor that gets an index); empty: the input is its own factor.
    """

    name: str
    kind: str
    part: str
    distribution: str
    params: Mapping[str, float]
    central: float
    label: str
    group: str = ""

    @property
    def factor(self) -> str:
        """The factor this input belongs to (its group, else its own name)."""
        return self.group or self.name

    def quantile(self, q: ArrayLike) -> Array:
        """The input's value at probabilities ``q``."""
        return quantile(self.distribution, self.params, q)

    @property
    def bounds(self) -> tuple[float, float]:
        """The range the design covers: the 0.5th and 99.5th percentiles."""
        lo, hi = self.quantile([TAIL, 1.0 - TAIL])
        return (float(lo), float(hi))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "part": self.part,
            "distribution": self.distribution,
            "params": dict(self.params),
            "central": self.central,
            "bounds": list(self.bounds),
            "label": self.label,
            "group": self.group,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Input:
        return cls(
            str(data["name"]),
            str(data["kind"]),
            str(data["part"]),
            str(data["distribution"]),
            {str(k): float(v) for k, v in dict(data["params"]).items()},
            float(data["central"]),
            str(data["label"]),
            str(data.get("group") or ""),
        )


@dataclass(frozen=True)
class JointNormal:
    """A block of inputs drawn jointly normal: ``mean + L z`` with ``L`` lower-triangular."""

    columns: tuple[int, ...]
    mean: tuple[float, ...]
    chol: tuple[tuple[float, ...], ...]

    @classmethod
    def of(cls, columns: Sequence[int], mean: Sequence[float], covariance: ArrayLike) -> JointNormal:
        """The block for a covariance matrix (a tiny ridge keeps a singular one factorisable)."""
        cov = np.asarray(covariance, dtype=float)
        ridge = 1e-12 * max(float(np.max(np.diag(cov))), 1e-300)
        chol = np.linalg.cholesky(cov + ridge * np.eye(len(cov)))
        return cls(tuple(columns), tuple(float(m) for m in mean), tuple(tuple(map(float, r)) for r in chol))


@dataclass(frozen=True)
class Space:
    """The inputs of one model part and the map from a unit-cube design to their values."""

    inputs: tuple[Input, ...]
    joint: tuple[JointNormal, ...] = field(default=())

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs)

    @property
    def factors(self) -> tuple[str, ...]:
        """The factors (groups), in first-appearance order: what SALib reports indices for."""
        return tuple(dict.fromkeys(i.factor for i in self.inputs))

    def salib_problem(self) -> dict[str, Any]:
        """The SALib problem: the unit cube, with groups when some inputs share a factor."""
        problem: dict[str, Any] = {
            "num_vars": len(self.inputs),
            "names": list(self.names),
            "bounds": [[0.0, 1.0]] * len(self.inputs),
        }
        if len(self.factors) < len(self.inputs):
            problem["groups"] = [i.factor for i in self.inputs]
        return problem

    def values(self, unit: ArrayLike) -> Array:
        """Input values for design rows on the unit cube (rows x inputs)."""
        u = np.atleast_2d(np.asarray(unit, dtype=float))
        q = TAIL + (1.0 - 2.0 * TAIL) * u
        out = np.empty_like(q)
        for k, inp in enumerate(self.inputs):
            out[:, k] = inp.quantile(q[:, k])
        for block in self.joint:
            cols = list(block.columns)
            z = ndtri(q[:, cols])
            out[:, cols] = np.asarray(block.mean) + z @ np.asarray(block.chol).T
        return out

    def central(self) -> Array:
        """The stated values of the inputs (one row)."""
        return np.array([[i.central for i in self.inputs]], dtype=float)
