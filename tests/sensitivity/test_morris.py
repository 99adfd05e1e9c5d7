"""The Morris path on a function whose elementary effects are known exactly.

For f(x) = sum_i c_i x_i with x_i uniform on [lo_i, hi_i], the design's unit coordinate u_i maps to
x_i = lo_i + (hi_i - lo_i)(TAIL + (1 - 2 TAIL) u_i), so every elementary effect of input i (a step of
SALib's delta in u) is c_i (hi_i - lo_i)(1 - 2 TAIL): mu = that, mu* = its absolute value, sigma = 0
(Morris 1991, Technometrics 33(2); Campolongo, Cariboni & Saltelli 2007 for mu*).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from pactlab.sensitivity import Input, Space, analyse, evaluate, sample
from pactlab.sensitivity.inputs import TAIL

COEF = (3.0, -1.5, 0.0, 0.25)
RANGES = ((0.0, 1.0), (-2.0, 2.0), (5.0, 6.0), (0.0, 10.0))


@dataclass(frozen=True)
class Linear:
    name: str = "linear"

    @property
    def space(self) -> Space:
        return Space(
            tuple(
                Input(
                    f"x{i}", "prior", "linear", "uniform", {"lower": lo, "upper": hi}, (lo + hi) / 2, "test"
                )
                for i, (lo, hi) in enumerate(RANGES)
            )
        )

    @property
    def outputs(self) -> tuple[str, ...]:
        return ("f",)

    def evaluate(self, values: NDArray[np.float64]) -> NDArray[np.float64]:
        out: NDArray[np.float64] = (np.asarray(values) @ np.asarray(COEF))[:, None]
        return out


def test_morris_elementary_effects_are_exact_on_a_linear_function() -> None:
    model = Linear()
    unit = sample(model.space, "morris", 20, np.random.default_rng(3))
    y = evaluate(model, unit, chunk_rows=7)
    si = analyse(model.space, "morris", unit, model.outputs, y, seed=5).indices["f"]
    expected = [c * (hi - lo) * (1 - 2 * TAIL) for c, (lo, hi) in zip(COEF, RANGES, strict=True)]
    np.testing.assert_allclose(si["mu"], expected, atol=1e-9)
    np.testing.assert_allclose(si["mu_star"], np.abs(expected), atol=1e-9)
    np.testing.assert_allclose(si["sigma"], 0.0, atol=1e-9)


def test_constant_output_gets_no_indices_but_a_reason() -> None:
    model = Linear()
    unit = sample(model.space, "morris", 4, np.random.default_rng(0))
    found = analyse(model.space, "morris", unit, ("f", "zero"), np.zeros((len(unit), 2)), seed=1)
    assert found.indices == {}
    assert "constant" in found.undefined["f"]
