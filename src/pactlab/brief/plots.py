"""The brief's plots (matplotlib, rendered to SVG text, deterministic for the same data).

Figures are built with the object-oriented API (no pyplot, no global backend switch), so importing this
module changes no global state.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from matplotlib import rc_context
from matplotlib.figure import Figure

from pactlab.brief.data import IssueView, OptionRow, TrackRecord

__all__ = ["fulfilment_plot", "issues_plot", "risk_plot"]

_STYLE: dict[Any, Any] = {
    "font.size": 7,
    "axes.titlesize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "pactlab",
    "svg.fonttype": "none",
}
_MODEL_COLOURS = ["#1b6ca8", "#d95f02", "#7570b3", "#1b9e77", "#e7298a", "#66a61e"]


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog so the SVG can sit inline in HTML


def issues_plot(issues: Sequence[IssueView], width: float = 3.6) -> str:
    """Forecasts against the status quo per issue, over the actors' positions (0-100 of each scale)."""
    with rc_context(_STYLE):
        fig = Figure(figsize=(width, 0.32 * len(issues) + 0.7))
        ax = fig.subplots()
        models = sorted({m for view in issues for m in view.forecasts})
        for row, view in enumerate(reversed(issues)):
            span = view.upper - view.lower

            def scaled(x: float, view: IssueView = view, span: float = span) -> float:
                return 100.0 * (x - view.lower) / span

            ax.scatter(
                [scaled(p) for p in view.positions.values()],
                [row] * len(view.positions),
                s=6,
                color="#bbbbbb",
                zorder=1,
                label="actor positions" if row == 0 else None,
            )
            if view.status_quo is not None:
                ax.scatter(
                    [scaled(view.status_quo)],
                    [row],
                    marker="|",
                    s=120,
                    color="black",
                    zorder=2,
                    label="status quo" if row == 0 else None,
                )
            for k, model in enumerate(models):
                if model in view.forecasts:
                    ax.scatter(
                        [scaled(view.forecasts[model])],
                        [row + 0.18],
                        marker="v",
                        s=14,
                        color=_MODEL_COLOURS[k % len(_MODEL_COLOURS)],
                        zorder=3,
                        label=model if row == 0 else None,
                    )
        ax.set_yticks(range(len(issues)), [v.title[:34] for v in reversed(issues)])
        ax.set_xlim(-3, 103)
        ax.set_xlabel("position on each issue's scale (0 = lower anchor, 100 = upper)")
        ax.set_title("Forecast against status quo")
        ax.legend(fontsize=5, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.28), frameon=False)
        return _svg(fig)


def risk_plot(options: Sequence[OptionRow], baseline: OptionRow | None, width: float = 3.6) -> str:
    """P(deterrence holds) and P(direct clash) per option with Monte Carlo intervals."""
    rows = [*options, *([baseline] if baseline is not None else [])]
    with rc_context(_STYLE):
        fig = Figure(figsize=(width, 0.3 * len(rows) + 0.7))
        ax = fig.subplots()
        for k, (label, attr, colour) in enumerate(
            (
                ("P(deterrence holds)", "p_deterrence", "#1b9e77"),
                ("P(direct clash)", "p_direct_clash", "#d7301f"),
            )
        ):
            for row, option in enumerate(reversed(rows)):
                est = getattr(option, attr)
                low = est.value if est.low is None else est.low
                high = est.value if est.high is None else est.high
                y = row + (0.15 if k == 0 else -0.15)
                ax.errorbar(
                    [est.value],
                    [y],
                    xerr=[[max(est.value - low, 0.0)], [max(high - est.value, 0.0)]],
                    fmt="o",
                    ms=3,
                    color=colour,
                    capsize=2,
                    label=label if row == 0 else None,
                )
        ax.set_yticks(range(len(rows)), [r.title[:30] for r in reversed(rows)])
        ax.set_xlim(0, 1)
        ax.set_xlabel("probability (point estimate and Monte Carlo interval)")
        ax.set_title("Deterrence and escalation risk per option")
        ax.legend(fontsize=5, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.3), frameon=False)
        return _svg(fig)


def fulfilment_plot(records: Sequence[TrackRecord], width: float = 3.6, top: int = 10) -> str:
    """Fulfilment ratio (delivered or allocated over pledged) of the largest guarantors."""
    known = sorted((r for r in records if r.fulfilment is not None), key=lambda r: -r.pledged_eur)[:top]
    with rc_context(_STYLE):
        fig = Figure(figsize=(width, 0.2 * max(len(known), 6) + 0.6))
        ax = fig.subplots()
        if not known:
            ax.text(0.5, 0.5, "track record unknown: the ledger is empty", ha="center", va="center")
            ax.set_axis_off()
        else:
            ax.barh(range(len(known)), [r.fulfilment or 0.0 for r in reversed(known)], color="#1b6ca8")
            ax.set_yticks(range(len(known)), [r.guarantor for r in reversed(known)])
            ax.axvline(1.0, color="black", lw=0.5)
            ax.set_xlabel("delivered or allocated / pledged (EUR)")
        ax.set_title("Guarantors' track record (ledger)")
        return _svg(fig)
