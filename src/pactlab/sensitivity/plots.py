"""The tornado figure for the brief: the five inputs that move the leading option most.

Every label is plain text: user-supplied ids (options, parameters, instruments) may contain ``$``,
``_`` or ``^``, which matplotlib's mathtext would otherwise interpret, so each text object is built
with ``parse_math=False`` and ``usetex=False``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from matplotlib.figure import Figure

if TYPE_CHECKING:
    from pactlab.sensitivity.result import SensitivityResult

__all__ = ["tornado_figure"]

_PLAIN: dict[str, Any] = {"parse_math": False, "usetex": False}


def tornado_figure(result: SensitivityResult, k: int = 5, *, width: float = 6.0) -> Figure:
    """A horizontal bar per factor: the leading option's mean P(deterrence) with the input at its 5th
    and 95th percentiles, around the headline value; each label gives the factor and its kind
    (fitted, prior, analyst), the factor's index is on the right.

    Returns a :class:`matplotlib.figure.Figure` (not attached to pyplot, so nothing is shown or
    kept open); a result without a leading option gives a figure that says so.
    """
    bars = result.tornado(k)
    height = 0.6 + 0.45 * max(len(bars), 1)
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    if result.leader is None or not bars:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no ranking to show", ha="center", va="center", transform=ax.transAxes, **_PLAIN)
        return fig
    centre = result.headline[result.leader][0]
    ys = list(range(len(bars)))[::-1]
    for y, bar in zip(ys, bars, strict=True):
        lo, hi = sorted((bar.at_low, bar.at_high))
        ax.barh(y, hi - lo, left=lo, height=0.6, color="#4c72b0" if bar.at_high >= bar.at_low else "#c44e52")
    ax.axvline(centre, color="black", linewidth=0.8)
    ax.set_yticks(ys)
    ax.set_yticklabels([f"{b.factor} ({b.kind})" for b in bars], **_PLAIN)
    stat = "ST" if result.method == "sobol" else "mu*"
    for y, bar in zip(ys, bars, strict=True):
        ax.annotate(
            f"{stat} {bar.index:.2f}",
            xy=(1.0, y),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize="small",
            **_PLAIN,
        )
    ax.set_xlabel(
        f"mean P(deterrence) of {result.leader}\n"
        "input at its 5th and 95th percentile (blue: rises with the input, red: falls)",
        fontsize="small",
        **_PLAIN,
    )
    ax.set_title(f"What moves {result.leader} most ({result.scenario})", **_PLAIN)
    return fig
