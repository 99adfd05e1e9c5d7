"""Reference functions with known sensitivity indices, to check the sensitivity path end to end.

:class:`Ishigami` is the Ishigami & Homma (1990) function, ``f(x) = sin x1 + a sin^2 x2 +
b x3^4 sin x1`` with ``x_i`` uniform on ``[-pi, pi]``, whose Sobol' indices are known in closed
form (Ishigami & Homma 1990, "An importance quantification technique in uncertainty analysis for
computer models", Proc. ISUMA '90, 398-403; Saltelli et al. 2008, *Global Sensitivity Analysis: The
Primer*, Wiley):

- ``V1 = 1/2 (1 + b pi^4 / 5)^2``, ``V2 = a^2 / 8``, ``V3 = 0``, ``V13 = b^2 pi^8 (1/18 - 1/50)``,
  ``V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2``;
- with ``a = 7``, ``b = 0.1``: S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).

It is a *part* (:mod:`pactlab.sensitivity.design`) like the scenario's, so the same code draws the
design, runs it on an engine and analyses it. The design covers the central 99% of every input
(:data:`~pactlab.sensitivity.inputs.TAIL`); for the comparison with the closed form the Ishigami
inputs' uniform is widened by that much, so that the design covers exactly ``[-pi, pi]``
(``full_range``, the default).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pactlab.sensitivity.inputs import TAIL, Input, Space

__all__ = ["Ishigami", "ishigami_indices"]

Array = NDArray[np.float64]


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> dict[str, tuple[float, float, float]]:
    """The closed-form first- and total-order indices of the Ishigami function.

    Examples
    --------
    >>> {k: tuple(round(v, 4) for v in s) for k, s in ishigami_indices().items()}
    {'S1': (0.3139, 0.4424, 0.0), 'ST': (0.5576, 0.4424, 0.2437)}
    """
    pi4 = math.pi**4
    v1 = 0.5 * (1.0 + b * pi4 / 5.0) ** 2
    v2 = a * a / 8.0
    v13 = b * b * math.pi**8 * (1.0 / 18.0 - 1.0 / 50.0)
    v = a * a / 8.0 + b * pi4 / 5.0 + b * b * math.pi**8 / 18.0 + 0.5
    return {"S1": (v1 / v, v2 / v, 0.0), "ST": ((v1 + v13) / v, v2 / v, v13 / v)}


@dataclass(frozen=True)
class Ishigami:
    """The Ishigami function as a sensitivity part (``full_range``: the design covers all of
    ``[-pi, pi]`` instead of the central 99%)."""

    a: float = 7.0
    b: float = 0.1
    full_range: bool = True
    name: str = "ishigami"

    @property
    def space(self) -> Space:
        # Space.values maps u to the quantile at TAIL + (1 - 2 TAIL) u: widen the uniform so that
        # the design's range is exactly [-pi, pi] when full_range is set
        half = math.pi / (1.0 - 2.0 * TAIL) if self.full_range else math.pi
        label = "reference function input: uniform on [-pi, pi]"
        return Space(
            tuple(
                Input(f"x{i}", "prior", "ishigami", "uniform", {"lower": -half, "upper": half}, 0.0, label)
                for i in (1, 2, 3)
            )
        )

    @property
    def outputs(self) -> tuple[str, ...]:
        return ("f",)

    def evaluate(self, values: Array) -> Array:
        x = np.atleast_2d(np.asarray(values, dtype=float))
        f = np.sin(x[:, 0]) + self.a * np.sin(x[:, 1]) ** 2 + self.b * x[:, 2] ** 4 * np.sin(x[:, 0])
        out: Array = np.asarray(f, dtype=float)[:, None]
        return out
