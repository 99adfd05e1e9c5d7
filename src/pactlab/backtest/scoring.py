"""Scores of forecasts against coded outcomes: absolute error, direction, skill, bootstrap intervals.

All on the 0-100 scale. For a predictor p (a model or a baseline) over the issues it covers:

- absolute error ``|f - y|``; MAE its mean;
- direction: ``sign(f - q)`` against ``sign(y - q)`` (q the status quo), with moves smaller than
  ``dead_band`` points counted as no move, so a forecast of "no change" is right when nothing changed;
- skill of model m against baseline b: ``1 - MAE_m / MAE_b`` over the issues m covers (the MAE skill
  score; positive: m beats b; 0: no better; negative: worse; 0 when both are exact, undefined when
  only the baseline is);
- intervals: percentile bootstrap over issues (issues resampled with replacement, all predictors on the
  same resamples, so that comparisons are paired), seeded.

A model "beats" a baseline when the whole interval of its skill lies above 0; it "does not beat" it when
its skill is 0 or less; in between the result is "inconclusive" (better on these issues, but not clearly).

References
----------
Murphy, A. H. (1988). Skill scores based on the mean square error and their relationships to the
correlation coefficient. Monthly Weather Review 116, 2417-2424 (skill = 1 - score / reference score).
Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. Chapman & Hall, ch. 13
(percentile intervals).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["PredictorScore", "SkillScore", "direction", "direction_of", "score", "verdict"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class PredictorScore:
    """A predictor's record over the issues it covers."""

    name: str
    kind: str  # "model" or "baseline"
    n: int
    mae: float | None
    mae_low: float | None
    mae_high: float | None
    direction_hits: int

    @property
    def direction_rate(self) -> float | None:
        return self.direction_hits / self.n if self.n else None


@dataclass(frozen=True)
class SkillScore:
    """Skill of a model against a baseline on the issues the model covers, with its interval."""

    model: str
    baseline: str
    n: int
    skill: float | None
    low: float | None
    high: float | None

    @property
    def verdict(self) -> str:
        return verdict(self.skill, self.low)


def verdict(skill: float | None, low: float | None) -> str:
    """'beats', 'inconclusive' or 'does not beat' (see the module docstring); 'undefined' without data."""
    if skill is None:
        return "undefined"
    if not skill > 0:
        return "does not beat"
    return "beats" if low is not None and low > 0 else "inconclusive"


def _opt(value: float) -> float | None:
    """A finite number, or None (undefined: no issue covered, or a zero reference error)."""
    return float(value) if np.isfinite(value) else None


def direction(values: FloatArray, status_quo: FloatArray, dead_band: float) -> NDArray[np.int64]:
    """-1, 0 or +1 per issue: the move from the status quo, ignoring moves within ``dead_band``."""
    move = np.asarray(values, dtype=float) - status_quo
    out: NDArray[np.int64] = np.where(np.abs(move) <= dead_band, 0, np.sign(move)).astype(np.int64)
    return out


def direction_of(value: float, status_quo: float, dead_band: float) -> int:
    """-1, 0 or +1: the move of one value from the status quo (see :func:`direction`)."""
    move = value - status_quo
    return 0 if abs(move) <= dead_band else (1 if move > 0 else -1)


def _mae(errors: FloatArray, index: NDArray[np.intp]) -> FloatArray:
    """MAE of each bootstrap resample (rows of ``index``), NaN where a resample holds no covered issue."""
    picked = errors[index]
    count = np.sum(~np.isnan(picked), axis=1)
    total = np.nansum(picked, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: FloatArray = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return out


def _interval(values: FloatArray, level: float) -> tuple[float | None, float | None]:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None, None
    tail = (1.0 - level) / 2.0 * 100.0
    low, high = np.percentile(finite, [tail, 100.0 - tail])
    return float(low), float(high)


def score(
    forecasts: FloatArray,
    outcome: FloatArray,
    status_quo: FloatArray,
    names: Sequence[str],
    kinds: Sequence[str],
    *,
    index: NDArray[np.intp],
    level: float,
    dead_band: float,
) -> tuple[tuple[PredictorScore, ...], tuple[SkillScore, ...]]:
    """Scores of every predictor and the skill of every model against every baseline.

    ``forecasts`` is (n_issues, n_predictors) on 0-100 with NaN where a predictor did not run;
    ``index`` the (draws, n_issues) bootstrap resamples of issue indices.
    """
    errors = np.abs(forecasts - outcome[:, None])
    truth = direction(outcome, status_quo, dead_band)
    scores = []
    for p, (name, kind) in enumerate(zip(names, kinds, strict=True)):
        covered = ~np.isnan(errors[:, p])
        hits = int(np.sum(direction(forecasts[covered, p], status_quo[covered], dead_band) == truth[covered]))
        mae = _opt(float(np.mean(errors[covered, p]))) if covered.any() else None
        low, high = _interval(_mae(errors[:, p], index), level)
        scores.append(PredictorScore(name, kind, int(covered.sum()), mae, low, high, hits))
    skills = []
    models = [p for p, kind in enumerate(kinds) if kind == "model"]
    baselines = [p for p, kind in enumerate(kinds) if kind == "baseline"]
    for m in models:
        covered = ~np.isnan(errors[:, m])
        for b in baselines:
            ref = np.where(covered, errors[:, b], np.nan)
            point = _skill(errors[covered, m], ref[covered])
            draws = _skill_draws(_mae(errors[:, m], index), _mae(ref, index))
            low, high = _interval(draws, level)
            skills.append(SkillScore(names[m], names[b], int(covered.sum()), point, low, high))
    return tuple(scores), tuple(skills)


EXACT = 1e-9
"""An absolute error below this (on the 0-100 scale) counts as exact: a skill against a baseline that is
itself exact is 0 when the model is exact too, and undefined otherwise (never a ratio of rounding noise)."""


def _skill(model_errors: FloatArray, baseline_errors: FloatArray) -> float | None:
    """1 - MAE_m / MAE_b; 0 when both are exact (no better), None when only the baseline is."""
    if model_errors.size == 0:
        return None
    reference = float(np.mean(baseline_errors))
    mine = float(np.mean(model_errors))
    if reference < EXACT:
        return 0.0 if mine < EXACT else None
    return 1.0 - mine / reference


def _skill_draws(mine: FloatArray, reference: FloatArray) -> FloatArray:
    """:func:`_skill` per bootstrap draw (NaN where a draw covers no issue, or only the baseline is exact)."""
    exact = reference < EXACT
    safe = np.where(exact, 1.0, reference)
    out: FloatArray = np.where(exact, np.where(mine < EXACT, 0.0, np.nan), 1.0 - mine / safe)
    return out
