"""The backtest's plot: each predictor's mean absolute error with its bootstrap interval (PNG or SVG).

Built with matplotlib's object-oriented API (no pyplot, no global backend switch); the same result gives
the same file (SVG hash salt and no date in the metadata).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matplotlib import rc_context
from matplotlib.figure import Figure

from pactlab.backtest.result import BacktestResult
from pactlab.errors import ParameterError

__all__ = ["plot"]

_STYLE: dict[Any, Any] = {
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "pactlab",
    "svg.fonttype": "none",
}


def figure(result: BacktestResult) -> Figure:
    """MAE (0-100 scale) per predictor, models above baselines, with the intervals as bars."""
    rows = [p for p in result.predictors if p.mae is not None]
    with rc_context(_STYLE):
        fig = Figure(figsize=(6.0, 0.3 * len(rows) + 1.2))
        ax = fig.subplots()
        for k, p in enumerate(reversed(rows)):
            colour = "#1b6ca8" if p.kind == "model" else "#888888"
            assert p.mae is not None
            if p.mae_low is not None and p.mae_high is not None:
                ax.plot([p.mae_low, p.mae_high], [k, k], color=colour, linewidth=2, solid_capstyle="butt")
            ax.scatter([p.mae], [k], color=colour, zorder=3, s=18)
        ax.set_yticks(range(len(rows)), [f"{p.name} ({p.kind})" for p in reversed(rows)])
        best = min((p.mae for p in rows if p.kind == "baseline" and p.mae is not None), default=None)
        if best is not None:
            ax.axvline(best, color="#d95f02", linestyle="--", linewidth=1, label="best baseline")
            ax.legend(loc="lower right", frameon=False)
        level = float(result.provenance.parameters.get("level", 0.95))
        ax.set_xlabel(f"mean absolute error on the 0-100 scale, with {level:.0%} bootstrap interval")
        ax.set_title(f"Backtest on {len(result.issues)} issues of {len(result.cases)} past decisions")
        ax.set_xlim(left=0)
        fig.tight_layout()
    return fig


def plot(result: BacktestResult, path: str | Path) -> Path:
    """Write the plot to ``path`` (``.png`` or ``.svg``) and return the path."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in {"png", "svg"}:
        raise ParameterError(
            "path", f"the plot is written as .png or .svg, not {path.suffix or 'no suffix'!r}"
        )
    fig = figure(result)
    metadata: dict[str, Any] = {"Date": None} if kind == "svg" else {"Software": None}
    with rc_context(_STYLE):
        fig.savefig(path, format=kind, dpi=150, metadata=metadata)
    return path
