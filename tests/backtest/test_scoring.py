"""Properties of the scores (hypothesis): a forecast equal to the outcome scores zero error; a forecast
equal to the status quo scores exactly as the status-quo baseline; intervals are seeded and paired."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backtest import _cases
from pactlab.backtest import backtest, harness
from pactlab.backtest.scoring import direction, score, verdict

PERCENT = st.floats(0.0, 100.0, allow_nan=False)


@st.composite
def issues(draw: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(1, 12))
    outcome = np.array(draw(st.lists(PERCENT, min_size=n, max_size=n)))
    status_quo = np.array(draw(st.lists(PERCENT, min_size=n, max_size=n)))
    other = np.array(draw(st.lists(PERCENT, min_size=n, max_size=n)))
    return outcome, status_quo, other


def _score(outcome: np.ndarray, status_quo: np.ndarray, other: np.ndarray, seed: int = 0) -> Any:
    names = ["oracle", "stand-pat", "other", "status-quo", "midpoint"]
    kinds = ["model", "model", "model", "baseline", "baseline"]
    forecasts = np.column_stack([outcome, status_quo, other, status_quo, np.full_like(outcome, 50.0)])
    index = np.random.default_rng(seed).integers(0, len(outcome), size=(200, len(outcome)))
    return score(forecasts, outcome, status_quo, names, kinds, index=index, level=0.9, dead_band=1.0)


@settings(max_examples=150, deadline=None)
@given(issues())
def test_the_outcome_itself_scores_zero_error(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    outcome, status_quo, other = data
    scores, skills = _score(outcome, status_quo, other)
    oracle = scores[0]
    assert (oracle.mae, oracle.mae_low, oracle.mae_high) == (0.0, 0.0, 0.0)
    assert oracle.direction_hits == oracle.n == len(outcome)
    for s in skills:
        if s.model == "oracle" and s.skill is not None:
            assert s.skill == 0.0 or s.skill == 1.0  # no worse than any baseline: perfect, or both exact


@settings(max_examples=150, deadline=None)
@given(issues())
def test_the_status_quo_as_a_model_equals_the_status_quo_baseline(
    data: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    outcome, status_quo, other = data
    scores, skills = _score(outcome, status_quo, other)
    stand_pat, baseline = scores[1], scores[3]
    assert (stand_pat.n, stand_pat.mae, stand_pat.mae_low, stand_pat.mae_high, stand_pat.direction_hits) == (
        baseline.n,
        baseline.mae,
        baseline.mae_low,
        baseline.mae_high,
        baseline.direction_hits,
    )
    same = next(s for s in skills if s.model == "stand-pat" and s.baseline == "status-quo")
    assert same.skill == 0.0
    assert same.verdict == "does not beat"


@settings(max_examples=80, deadline=None)
@given(issues(), st.integers(0, 2**31))
def test_same_seed_same_intervals(data: tuple[np.ndarray, np.ndarray, np.ndarray], seed: int) -> None:
    assert _score(*data, seed=seed) == _score(*data, seed=seed)


def test_direction_has_a_dead_band() -> None:
    moves = direction(np.array([20.0, 20.9, 21.5, 17.0]), np.array([20.0] * 4), 1.0)
    assert moves.tolist() == [0, 0, 1, -1]


def test_verdicts() -> None:
    assert verdict(0.3, 0.05) == "beats"
    assert verdict(0.3, -0.1) == "inconclusive"
    assert verdict(0.0, -0.1) == "does not beat"
    assert verdict(-0.2, -0.5) == "does not beat"
    assert verdict(None, None) == "undefined"


# --- the same properties through the harness, with a stand-in for the negotiation models ----------------


def _fake_negotiate(outcomes: dict[str, float], status_quo: dict[str, float]) -> Any:
    """'compromise' returns the outcome, 'median' the status quo (in the issue's own units)."""

    def fake(scenario: Any, names: list[str], *, issues: list[str], rounds: int, rng: Any) -> Any:
        results = [SimpleNamespace(model="compromise", issue=i, forecast=outcomes[i]) for i in issues]
        results += [SimpleNamespace(model="median", issue=i, forecast=status_quo[i]) for i in issues]
        return SimpleNamespace(results=results, skipped=[])

    return fake


@settings(max_examples=25, deadline=None)
@given(st.floats(0, 100), st.floats(0, 10))
def test_through_the_harness(x: float, y: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = _cases.case()
        data["outcomes"][0]["outcome"] = x
        data["outcomes"][1]["outcome"] = y
        path = _cases.write(Path(folder), data)
        original = harness.negotiate
        harness.negotiate = _fake_negotiate({"x": x, "y": y}, {"x": 20.0, "y": 5.0})  # type: ignore[assignment]
        try:
            result = backtest(
                [path],
                models=["compromise", "median"],
                bootstrap=100,
                now=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
            )
        finally:
            harness.negotiate = original  # type: ignore[assignment]
    oracle, stand_pat = result.predictor("compromise"), result.predictor("median")
    baseline = result.predictor("status-quo")
    assert oracle.mae == pytest.approx(0.0, abs=1e-12)
    assert (stand_pat.mae, stand_pat.mae_low, stand_pat.mae_high, stand_pat.direction_hits) == (
        baseline.mae,
        baseline.mae_low,
        baseline.mae_high,
        baseline.direction_hits,
    )
