"""The sensitivity path (SALib design -> pactlab's chunked evaluation on an engine -> SALib analysis)
reproduces the Ishigami function's analytic Sobol' indices.

Reference: Ishigami, T. & Homma, T. (1990), "An importance quantification technique in uncertainty
analysis for computer models", Proc. ISUMA '90, 398-403; the closed forms as in Saltelli, A. et al.
(2008), Global Sensitivity Analysis: The Primer, Wiley. With a = 7, b = 0.1:
S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437) (the values issue 11 quotes).
Tolerance: SALib's own 95% bootstrap confidence interval of each index, at the project's default seed 0;
no other margin.
"""

from __future__ import annotations

import numpy as np
import pytest

from pactlab._engines import ProcessEngine
from pactlab.sensitivity import Ishigami, analyse, evaluate, ishigami_indices, sample
from pactlab.sensitivity.api import _design_seeds

PUBLISHED = {"S1": (0.3139, 0.4424, 0.0), "ST": (0.5576, 0.4424, 0.2437)}


def test_closed_form_matches_the_published_values() -> None:
    found = ishigami_indices()
    for key, values in PUBLISHED.items():
        np.testing.assert_allclose(found[key], values, atol=5e-5)


def _run(n: int, engine: ProcessEngine | None = None) -> dict[str, tuple[float, ...]]:
    model = Ishigami()
    gen, boot = _design_seeds(0, model.name)
    unit = sample(model.space, "sobol", n, gen)
    y = evaluate(model, unit, engine=engine, chunk_rows=4096)
    found = analyse(model.space, "sobol", unit, model.outputs, y, boot)
    return dict(found.indices["f"])


@pytest.mark.parametrize("n", [1024, 8192])
def test_sobol_indices_within_salib_confidence_intervals(n: int) -> None:
    si = _run(n)
    for key in ("S1", "ST"):
        for j in range(3):
            half = si[f"{key}_conf"][j]
            assert abs(si[key][j] - PUBLISHED[key][j]) <= half, (key, j, si[key][j], half)


def test_design_covers_the_full_range() -> None:
    values = Ishigami().space.values(np.array([[0.0, 0.5, 1.0]]))
    np.testing.assert_allclose(values, [[-np.pi, 0.0, np.pi]], atol=1e-12)


def test_same_indices_in_a_process_pool() -> None:
    assert _run(256) == _run(256, ProcessEngine(2))
