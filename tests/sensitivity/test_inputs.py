"""Inputs: the vectorised quantile functions agree with the deterrence engine's own, the design covers
each distribution's central 99%, and a joint-normal block reproduces its covariance."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactlab.deter.priors import Prior
from pactlab.sensitivity.inputs import TAIL, Input, JointNormal, Space, quantile

PRIORS = [
    ("uniform", {"lower": 0.2, "upper": 0.6}),
    ("normal", {"mean": 2.6, "sd": 0.4}),
    ("truncnormal", {"mean": 0.3, "sd": 0.5, "lower": 0.0, "upper": 1.0}),
    ("lognormal", {"mean": -0.92, "sd": 0.4}),
    ("beta", {"a": 2.0, "b": 18.0}),
    ("triangular", {"lower": 1.0, "mode": 1.5, "upper": 2.0}),
]


@pytest.mark.parametrize(("distribution", "params"), PRIORS)
def test_quantiles_match_the_engine_priors(distribution: str, params: dict[str, float]) -> None:
    """The design maps the unit cube through the same quantile functions the engine's priors use
    (pactlab.deter.priors.Prior.quantile, scalar), here vectorised."""
    qs = np.array([TAIL, 0.05, 0.3, 0.5, 0.77, 0.95, 1 - TAIL])
    prior = Prior(distribution, params)
    expected = np.array([prior.quantile(float(q)) for q in qs])
    np.testing.assert_allclose(quantile(distribution, params, qs), expected, rtol=1e-12, atol=1e-12)


@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=50))
@settings(max_examples=50, deadline=None)
def test_design_stays_inside_the_central_99_percent(us: list[float]) -> None:
    inp = Input("x", "prior", "t", "lognormal", {"mean": 0.0, "sd": 1.0}, 1.0, "prior")
    space = Space((inp,))
    values = space.values(np.array(us)[:, None])[:, 0]
    lo, hi = inp.bounds
    assert np.all(values >= lo - 1e-12)
    assert np.all(values <= hi + 1e-12)
    assert np.all(np.diff(values[np.argsort(us)]) >= -1e-12)  # monotone in u


def test_joint_normal_block_reproduces_the_covariance() -> None:
    cov = np.array([[1.0, 0.8, -0.3], [0.8, 2.0, 0.0], [-0.3, 0.0, 0.5]])
    mean = (1.0, -2.0, 0.5)
    inputs = tuple(
        Input(
            f"c{i}", "fitted", "t", "normal", {"mean": m, "sd": float(np.sqrt(cov[i, i]))}, m, "fitted", "cal"
        )
        for i, m in enumerate(mean)
    )
    space = Space(inputs, (JointNormal.of([0, 1, 2], mean, cov),))
    assert space.factors == ("cal",)
    assert space.salib_problem()["groups"] == ["cal", "cal", "cal"]
    unit = np.random.default_rng(1).uniform(size=(200_000, 3))
    x = space.values(unit)
    # each score is cut at its central 99%, which shrinks variances by about 5%: compare correlations
    np.testing.assert_allclose(
        np.corrcoef(x.T), cov / np.sqrt(np.outer(np.diag(cov), np.diag(cov))), atol=0.01
    )
    np.testing.assert_allclose(x.mean(axis=0), mean, atol=0.01)
