"""Kenkel & Signorino (2014) egame12 private-information probit on Leblang (2003)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pactlab.deter.strategic import egame12_probabilities, fit_egame12


@pytest.fixture(scope="module")
def leblang(shared_data: Path):  # type: ignore[no-untyped-def]
    pyreadr = pytest.importorskip("pyreadr")
    df = pyreadr.read_r(str(shared_data / "conflict" / "games" / "leblang2003.rda"))["leblang2003"]
    assert list(df["outcome"].cat.categories) == ["no attack", "devaluation", "defense"]
    return df


def test_lebfixed(leblang) -> None:  # type: ignore[no-untyped-def]
    """Kenkel & Signorino (2014), J. Stat. Software 56(8), the "lebfixed" model: fixed utilities
    (u11, u13, u14, u24) = (1, -1, 0, 1), outcome counts 7152 / 42 / 46; MLE log sigma = -1.0513
    (printed to 4 decimals: tol 1e-3), log-likelihood -646.54 (printed to 2 decimals: tol 5e-3,
    the printing's rounding)."""
    y = leblang["outcome"].cat.codes.to_numpy()
    assert np.bincount(y).tolist() == [7152, 42, 46]
    fit = fit_egame12(y, fixed_utils=(1.0, -1.0, 0.0, 1.0), data_name="leblang2003")
    assert fit.converged
    assert fit.log_sigma == pytest.approx(-1.0513, abs=1e-3)
    assert fit.loglik == pytest.approx(-646.54, abs=5e-3)


def test_leb1(leblang) -> None:  # type: ignore[no-untyped-def]
    """Kenkel & Signorino (2014), the 19-coefficient "leb1" model (the games package's
    leblang2003 example: u11 ~ capcont + lreserves + overval + creditgrow + USinterest + service +
    contagion + prioratt - 1; u13 ~ 1; u14 ~ 1; u24 ~ unifgov + lexports + preelec + postelec +
    rightgov + realinterest + capcont + lreserves): log-likelihood -482.02 (2 decimals: tol 5e-3);
    coefficients u11:lreserves 0.2292, u13 intercept -3.6648, u24:realinterest 1.7955 (4 decimals:
    tol 1e-3)."""
    y = leblang["outcome"].cat.codes.to_numpy()
    one = np.ones(len(leblang))

    def cols(names: str, intercept: bool = False) -> dict[str, np.ndarray]:
        out = {"(Intercept)": one} if intercept else {}
        out.update({c: leblang[c].to_numpy(float) for c in names.split()})
        return out

    regs = {
        "u11": cols("capcont lreserves overval creditgrow USinterest service contagion prioratt"),
        "u13": cols("", True),
        "u14": cols("", True),
        "u24": cols("unifgov lexports preelec postelec rightgov realinterest capcont lreserves", True),
    }
    fit = fit_egame12(y, regs, data_name="leblang2003")
    assert fit.converged
    assert len(fit.coefficients) == 19
    assert fit.loglik == pytest.approx(-482.02, abs=5e-3)
    assert fit.coefficients["u11:lreserves"] == pytest.approx(0.2292, abs=1e-3)
    assert fit.coefficients["u13:(Intercept)"] == pytest.approx(-3.6648, abs=1e-3)
    assert fit.coefficients["u24:realinterest"] == pytest.approx(1.7955, abs=1e-3)


def test_probabilities_match_the_tree() -> None:
    """models.md §2.4 formulas: outcome probabilities are a distribution and player 2's choice
    follows Phi(U24 / (sigma sqrt 2))."""
    rng = np.random.default_rng(0)
    u = [rng.normal(size=100) for _ in range(4)]
    p1, p2, p3, p4 = egame12_probabilities(*u, sigma=0.7)
    assert np.allclose(p1 + p2 * p3 + p2 * p4, 1.0)
    from scipy.stats import norm

    assert np.allclose(p4, norm.cdf(u[3] / (0.7 * np.sqrt(2))))
