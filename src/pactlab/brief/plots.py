"""The brief's plots (matplotlib, rendered to SVG text, deterministic for the same data).

Figures are built with the object-oriented API (no pyplot, no global backend switch), so importing this
module changes no global state. Each figure is drawn at the size it has on the A4 page (half width
3.73 in, full width 7.6 in; margins sized from the labels keep every label inside) with 6.5 pt text,
so that nothing is scaled down to illegibility; long labels are wrapped, never cut. The same SVG goes
inline into the HTML brief and, through svglib, into the PDF as vector graphics.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pactlab.brief.data import IssueView, OptionRow, TornadoBar, TrackRecord, plain

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from pactlab.brief.data import BriefData
    from pactlab.brief.roadmap import Roadmap

__all__ = [
    "HALF",
    "WIDE",
    "figures",
    "fulfilment_plot",
    "gantt_plot",
    "issues_plot",
    "risk_plot",
    "tornado_plot",
]

HALF = 3.73
WIDE = 7.6
_STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 6.5,
    "axes.titlesize": 7.5,
    "axes.titleweight": "bold",
    "axes.labelsize": 6.5,
    "legend.fontsize": 6.5,
    "xtick.labelsize": 6.2,
    "ytick.labelsize": 6.2,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "pactlab",
    "svg.fonttype": "none",
    "text.parse_math": False,  # a "$" in a title is a dollar, not mathtext
}
# marker, colour and vertical offset per model: each model on its own lane, so that no marker hides
# another where two models agree (the EUM often sits exactly on the weighted median)
_MODEL_STYLE = {
    "compromise": ("v", "#1b6ca8", 0.30),
    "median": ("D", "#d95f02", 0.10),
    "eum": ("^", "#7570b3", -0.10),
    "exchange": ("s", "#1b9e77", -0.30),
}
_KIND_COLOUR = {"instrument": "#1b6ca8", "milestone": "#d95f02"}


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height))


_CHAR = 0.56 / 72  # average advance of a DejaVu Sans character, in inches per point of font size


def _fit(fig: Figure, labels: Sequence[str], *, top: float, bottom: float, size: float = 6.2) -> None:
    """Margins that keep every label inside the figure, from the labels' lengths.

    matplotlib's constrained layout does the same by drawing the figure several times, which costs more
    than the plot itself; DejaVu Sans' advances are regular enough for an estimate (a 4% margin of
    error is absorbed by the padding).
    """
    width, height = fig.get_size_inches()
    longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
    left = (longest * size * _CHAR + 0.1) / width
    fig.subplots_adjust(left=min(left, 0.6), right=0.97, top=1 - top / height, bottom=bottom / height)


def _svg(fig: Figure) -> str:
    from matplotlib import rc_context

    buffer = io.StringIO()
    with rc_context(_STYLE):  # type: ignore[arg-type]  # matplotlib types rc keys as Literals
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog so the SVG can sit inline in HTML


def _wrap(text: str, width: int) -> str:
    text = plain(text)
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _styled(draw: Any) -> Any:
    from matplotlib import rc_context

    def run(*args: Any, **kwargs: Any) -> str:
        with rc_context(_STYLE):  # type: ignore[arg-type]  # matplotlib types rc keys as Literals
            fig = draw(*args, **kwargs)
        return _svg(fig)

    run.__doc__ = draw.__doc__
    run.__name__ = draw.__name__
    return run


def _issue_row(ax: Axes, row: int, view: IssueView, first: bool) -> None:
    span = (view.upper - view.lower) or 1.0

    def scaled(x: float) -> float:
        return 100.0 * (x - view.lower) / span

    xs = [scaled(p) for p in view.positions.values()]
    ax.scatter(
        xs, [row] * len(xs), s=7, color="#b8b8b8", zorder=1, label="actor positions" if first else None
    )
    if view.status_quo is not None:
        ax.scatter(
            [scaled(view.status_quo)],
            [row],
            marker="|",
            s=160,
            linewidths=1.4,
            color="black",
            zorder=2,
            label="status quo" if first else None,
        )
    for model, (marker, colour, dy) in _MODEL_STYLE.items():
        if model in view.forecasts:
            ax.scatter(
                [scaled(view.forecasts[model])],
                [row + dy],
                marker=marker,
                s=16,
                color=colour,
                edgecolors="white",
                linewidths=0.3,
                zorder=3,
                label=model if first else None,
            )


@_styled
def issues_plot(issues: Sequence[IssueView], width: float = HALF, grow: float = 1.0) -> Figure:
    """Forecasts against the status quo per issue, over the actors' positions (0-100 of each scale)."""
    fig = _figure(width, (0.17 * len(issues) + 0.72) * grow)
    ax = fig.subplots()
    labels = [_wrap(v.issue, 22) for v in reversed(issues)]
    _fit(fig, labels, top=0.46, bottom=0.32)
    for row, view in enumerate(reversed(issues)):
        _issue_row(ax, row, view, first=row == 0)
    ax.set_yticks(range(len(issues)), labels)
    ax.set_ylim(-0.6, len(issues) - 0.4)
    ax.set_xlim(-3, 103)
    ax.set_xlabel("position on each issue's scale (0 = lower anchor, 100 = upper)")
    fig.suptitle("Forecasts against the status quo", y=0.995, va="top", fontsize=7.5, fontweight="bold")
    fig.legend(
        ncol=3,
        loc="upper center",
        bbox_to_anchor=(0.5, 1 - 0.13 / fig.get_size_inches()[1]),
        frameon=False,
        handletextpad=0.1,
        columnspacing=0.8,
        fontsize=5.9,
    )
    return fig


@_styled
def risk_plot(
    options: Sequence[OptionRow], baseline: OptionRow | None, width: float = HALF, grow: float = 1.0
) -> Figure:
    """P(deterrence holds) and P(direct clash) per option: median and 90% interval over the draws."""
    rows = [*options, *([baseline] if baseline is not None else [])]
    fig = _figure(width, (0.2 * len(rows) + 0.72) * grow)
    ax = fig.subplots()
    labels = [_wrap(r.title, 36) for r in reversed(rows)]
    _fit(fig, labels, top=0.4, bottom=0.32)
    series = (
        ("P(deterrence holds)", "p_deterrence", "#1b9e77", 0.14),
        ("P(direct clash)", "p_direct_clash", "#d7301f", -0.14),
    )
    for label, attr, colour, dy in series:
        for row, option in enumerate(reversed(rows)):
            est = getattr(option, attr)
            low = est.value if est.low is None else est.low
            high = est.value if est.high is None else est.high
            ax.errorbar(
                [est.value],
                [row + dy],
                xerr=[[max(est.value - low, 0.0)], [max(high - est.value, 0.0)]],
                fmt="o",
                ms=3.2,
                color=colour,
                capsize=2,
                elinewidth=1,
                label=label if row == 0 else None,
            )
    ax.set_yticks(range(len(rows)), labels)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(0, 1)
    ax.set_xlabel("probability: median and 90% interval over the draws")
    fig.suptitle(
        "Deterrence and escalation risk per option", y=0.995, va="top", fontsize=7.5, fontweight="bold"
    )
    fig.legend(
        ncol=2,
        loc="upper center",
        bbox_to_anchor=(0.5, 1 - 0.13 / fig.get_size_inches()[1]),
        frameon=False,
        fontsize=5.9,
    )
    return fig


@_styled
def gantt_plot(roadmap: Roadmap, width: float = HALF, grow: float = 1.0) -> Figure:
    """The roadmap: one bar per step while it is put in place, a thin line while in force."""
    steps = [s for s in roadmap.ordered() if s.included]
    fig = _figure(width, (0.075 * len(steps) + 0.5) * grow)
    ax = fig.subplots()
    _fit(fig, [s.id for s in steps], top=0.06, bottom=0.3, size=5.3)
    for row, step in enumerate(steps):
        start, end = step.start or 0, step.end or 0
        colour = _KIND_COLOUR.get(step.kind, "#555555")
        ax.barh(row, end - start, left=start, color=colour, height=0.7)
        ax.plot([end, roadmap.horizon], [row, row], color=colour, linewidth=0.8, alpha=0.45)
    ax.set_yticks(range(len(steps)), [s.id for s in steps])
    ax.tick_params(axis="y", labelsize=5.3, pad=1)
    ax.set_xlim(0, roadmap.horizon)
    ax.set_xticks(range(roadmap.horizon + 1))
    ax.set_ylim(len(steps) - 0.5, -0.5)
    origin = f" (0 = {roadmap.first_period})" if roadmap.first_period else " (0 = the first)"
    ax.set_xlabel(f"{roadmap.period}{origin}, horizon {roadmap.horizon}")
    return fig


@_styled
def tornado_plot(bars: Sequence[TornadoBar], centre: float, title: str, width: float = HALF) -> Figure:
    """The leading option's P(deterrence) with each input at its 5th and 95th percentiles."""
    fig = _figure(width, 0.22 * len(bars) + 0.7)
    ax = fig.subplots()
    _fit(fig, [_wrap(f"{b.factor} ({b.kind})", 28) for b in bars], top=0.2, bottom=0.32)
    for row, bar in enumerate(reversed(bars)):
        low, high = sorted((bar.at_low, bar.at_high))
        ax.barh(row, high - low, left=low, color="#1b6ca8" if bar.kind != "prior" else "#9ecae1", height=0.6)
    ax.axvline(centre, color="black", lw=0.6)
    ax.set_yticks(range(len(bars)), [_wrap(f"{b.factor} ({b.kind})", 28) for b in reversed(bars)])
    ax.set_xlabel("P(deterrence) of the leading option, input at its 5th / 95th percentile")
    ax.set_title(plain(title))
    return fig


@_styled
def fulfilment_plot(records: Sequence[TrackRecord], width: float = HALF, top: int = 6) -> Figure:
    """Fulfilment ratio (delivered or allocated over pledged) of the largest guarantors."""
    known = sorted((r for r in records if r.fulfilment is not None), key=lambda r: -r.pledged_eur)[:top]
    fig = _figure(width, 0.09 * max(len(known), 3) + 0.55)
    ax = fig.subplots()
    _fit(fig, [r.guarantor for r in known], top=0.18, bottom=0.3)
    if not known:
        ax.text(0.5, 0.5, "unknown: no ledger records up to the cut-off", ha="center", va="center")
        ax.set_axis_off()
    else:
        ax.barh(
            range(len(known)), [r.fulfilment or 0.0 for r in reversed(known)], color="#1b6ca8", height=0.7
        )
        ax.set_yticks(range(len(known)), [r.guarantor for r in reversed(known)])
        ax.axvline(1.0, color="black", lw=0.5)
        ax.set_xlabel("delivered or allocated / pledged (EUR), largest pledgers")
    ax.set_title("Guarantors' recorded fulfilment")
    return fig


def figures(brief: BriefData, grow: float = 1.0) -> dict[str, str]:
    """Every plot of the brief as SVG (an empty string where the brief has nothing to plot)."""
    view = brief.sensitivity
    return {
        "issues": issues_plot(brief.issues, grow=grow) if brief.issues else "",
        "risk": risk_plot(brief.options, brief.baseline, grow=grow) if brief.baseline is not None else "",
        "gantt": gantt_plot(brief.roadmap, grow=grow)
        if brief.roadmap is not None and any(s.included for s in brief.roadmap.steps)
        else "",
        "fulfilment": fulfilment_plot(brief.track_record) if brief.track_record else "",
        "tornado": tornado_plot(view.bars, view.centre, f"Leading option: {view.leader}")
        if view.bars and view.centre is not None
        else "",
    }
