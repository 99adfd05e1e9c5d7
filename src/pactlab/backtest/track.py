"""Each model's track record on the built-in corpus, one line per model, for the brief.

The brief prints these lines next to the forecasts, so that a reader sees how far to trust each model:
its mean absolute error on past decisions with the interval, how often it called the direction of change
right, and whether it beat the best naive baseline.
"""

from __future__ import annotations

from pactlab._rng import RNGLike
from pactlab.backtest.harness import backtest
from pactlab.backtest.result import BacktestResult

__all__ = ["track_record"]


def _num(value: float | None, sign: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value:+.2f}" if sign else f"{value:.1f}"


def track_record(result: BacktestResult | None = None, *, rng: RNGLike = 0) -> tuple[str, ...]:
    """One line per model with its backtest skill on the corpus (runs the corpus when no result is given).

    Each line: the model, its MAE on the 0-100 scale with the interval, the issues and past decisions it
    was scored on, its direction hits, and its skill against the best baseline (the baseline with the
    lowest MAE on the corpus) with the verdict.

    Examples
    --------
    >>> lines = track_record()  # doctest: +SKIP
    >>> lines[0]  # doctest: +SKIP
    'compromise: MAE 12.1 [6.2, 21.2] (95% interval) on 19 issues of 10 past decisions; ...'
    """
    if result is None:
        result = backtest("corpus", record=False, rng=rng)
    baselines = [result.predictor(b) for b in result.baselines]
    best = min((b for b in baselines if b.mae is not None), key=lambda b: b.mae or 0.0)
    n_cases = len(result.cases)
    level = float(result.provenance.parameters.get("level", 0.95))
    lines = []
    for name in result.models:
        p = result.predictor(name)
        s = result.skill(name, best.name)
        direction = "n/a" if p.n == 0 else f"{p.direction_hits}/{p.n}"
        lines.append(
            f"{name}: MAE {_num(p.mae)} [{_num(p.mae_low)}, {_num(p.mae_high)}] ({level:.0%} interval) on "
            f"{p.n} issues of {n_cases} past decisions; direction right {direction}; against the best "
            f"baseline, {best.name} (MAE {_num(best.mae)}): skill {_num(s.skill, True)} "
            f"[{_num(s.low, True)}, {_num(s.high, True)}], {s.verdict}"
        )
    return tuple(lines)
