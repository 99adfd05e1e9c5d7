"""The shipped calibration: provenance, reproducibility from the data, and an independent check of
the estimator (with U13 = U14 = 0 the egame12 likelihood separates into two logits, refitted here
by Newton's method in plain NumPy)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pactlab.deter import dyads
from pactlab.deter.calibration import U11, U24, design, fit_calibration, load_calibration


@pytest.fixture(scope="module")
def table(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, dict]:  # type: ignore[type-arg]
    pytest.importorskip("pyreadr")
    return dyads.load_dyads(
        shared_data / "conflict" / "peacesciencer", cache_dir=tmp_path_factory.mktemp("cache")
    )


def _newton_logit(x: np.ndarray, y: np.ndarray, cluster: np.ndarray) -> tuple[np.ndarray, ...]:
    """Newton-Raphson logit: coefficients, information s.e. and dyad-clustered sandwich s.e."""
    b = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ b)))
        h = x.T @ (x * (p * (1 - p))[:, None])
        step = np.linalg.solve(h, x.T @ (y - p))
        b += step
        if np.max(np.abs(step)) < 1e-12:
            break
    p = 1 / (1 + np.exp(-(x @ b)))
    inv = np.linalg.inv(x.T @ (x * (p * (1 - p))[:, None]))
    scores = pd.DataFrame(x * (y - p)[:, None]).groupby(cluster).sum().to_numpy()
    g = scores.shape[0]
    robust = inv @ (scores.T @ scores * g / (g - 1)) @ inv
    return b, np.sqrt(np.diag(inv)), np.sqrt(np.diag(robust))


def test_shipped_calibration_carries_its_provenance() -> None:
    cal = load_calibration()
    prov = cal.provenance
    for key in (
        "inputs",
        "data_versions",
        "sample",
        "fitted_on",
        "git_commit",
        "estimator",
        "builder_version",
    ):
        assert prov.get(key), key
    assert cal.names == tuple([f"u11:{c}" for c in U11] + [f"u24:{c}" for c in U24])
    assert cal.n > 200_000
    assert np.isfinite(cal.loglik)
    assert all(s > 0 for s in cal.se)


def test_shipped_calibration_is_reproduced_from_the_data(table) -> None:  # type: ignore[no-untyped-def]
    df, info = table
    cal = load_calibration()
    if info["inputs"] != cal.provenance["inputs"]:
        pytest.skip("the shared data differ from those the calibration was fitted on")
    again = fit_calibration(df, info)
    assert again.n == cal.n
    assert again.events == cal.events
    assert np.allclose(again.coefficients, cal.coefficients, atol=1e-4)
    assert again.loglik == pytest.approx(cal.loglik, abs=1e-3)


def test_estimator_equals_two_independent_logits(table) -> None:  # type: ignore[no-untyped-def]
    """Coefficients within 1e-4, observed-information and dyad-clustered sandwich standard errors
    within 1% of Newton-Raphson logits: initiation on the U11 regressors (sign flipped, U11 is
    minus the attack index) and
    outside response on the U24 regressors among initiations."""
    df, _ = table
    cal = load_calibration()
    y, regs = design(df)
    dyad = (df["ccode1"] * 1000 + df["ccode2"]).to_numpy()
    x11 = np.column_stack(list(regs["u11"].values()))
    b11, info11, robust11 = _newton_logit(x11, (y != 0).astype(float), dyad)
    moved = y != 0
    x24 = np.column_stack(list(regs["u24"].values()))[moved]
    b24, info24, robust24 = _newton_logit(x24, (y[moved] == 2).astype(float), dyad[moved])
    k = len(U11)
    assert np.allclose(-b11, cal.coefficients[:k], atol=1e-4)
    assert np.allclose(b24, cal.coefficients[k:], atol=1e-4)
    assert cal.information_se is not None
    assert np.allclose(np.r_[info11, info24], cal.information_se, rtol=0.01)
    assert np.allclose(np.r_[robust11, robust24], cal.se, rtol=0.01)  # what the engine draws from


def test_bootstrap_is_seeded(table) -> None:  # type: ignore[no-untyped-def]
    df, info = table
    small = df[df["year"] >= 1990]
    a = fit_calibration(small, info, bootstrap=2, rng=5)
    b = fit_calibration(small, info, bootstrap=2, rng=5)
    assert a.bootstrap_se == b.bootstrap_se
    assert a.bootstrap_se is not None
    assert all(s >= 0 for s in a.bootstrap_se)


def test_a_sample_with_no_events_is_refused_by_name(table) -> None:  # type: ignore[no-untyped-def]
    """Issue 11 (bad input): a sample with no events cannot be fitted; the error names the sample."""
    from pactlab.errors import ParameterError

    df, info = table
    y, _ = design(df)
    quiet = df[y == 0]
    assert len(quiet) > 100_000  # the peaceful dyad-years are still there
    with pytest.raises(ParameterError, match="the sample has no attacks") as caught:
        fit_calibration(quiet, info)
    assert caught.value.parameter == "df"
