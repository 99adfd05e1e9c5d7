"""Gantt chart of a roadmap plan (matplotlib object API: no pyplot, no global backend switch)."""

from __future__ import annotations

import os
from pathlib import Path

from matplotlib.figure import Figure

from pactlab.errors import ParameterError
from pactlab.plan.results import RoadmapPlan

__all__ = ["GANTT_FORMATS", "check_gantt_path", "gantt_figure", "save_gantt"]

GANTT_FORMATS = ("png", "svg", "pdf")
"""The image formats a Gantt chart is written in, chosen by the file's extension."""


def check_gantt_path(path: str | os.PathLike[str]) -> Path:
    """The path a chart will be written to, checked before any solving: a known image extension, an
    existing folder, and no folder of that name (raises :class:`~pactlab.errors.ParameterError` on ``path``).
    """
    target = Path(path)
    suffix = target.suffix.lower().lstrip(".")
    if suffix not in GANTT_FORMATS:
        shown = f"'.{suffix}'" if suffix else "no extension"
        known = ", ".join(f".{f}" for f in GANTT_FORMATS)
        raise ParameterError("path", f"unknown image format ({shown}); the chart is written as {known}")
    if target.is_dir():
        raise ParameterError("path", f"{os.fspath(target)!r} is a folder, not a file name")
    folder = target.parent
    if not folder.is_dir():
        raise ParameterError("path", f"the folder {os.fspath(folder)!r} does not exist")
    return target


def save_gantt(plan: RoadmapPlan, path: str | os.PathLike[str], *, period: str = "quarter") -> Path:
    """Write :func:`gantt_figure` to ``path``, in the format its extension names (:data:`GANTT_FORMATS`)."""
    target = check_gantt_path(path)
    gantt_figure(plan, period=period).savefig(target, format=target.suffix.lower().lstrip("."))
    return target


_COLOURS = {"instrument": "#1b6ca8", "milestone": "#d95f02"}


def gantt_figure(plan: RoadmapPlan, *, period: str = "quarter", width: float = 7.0) -> Figure:
    """One bar per step in the plan, from its start to its end period; milestones in another colour.

    The bar shows when a step is being put in place; a thin line to the horizon shows it in force.
    Steps left out are listed in the title.
    """
    steps = sorted((s for s in plan.steps if s.included), key=lambda s: (s.start or 0, s.id))
    fig = Figure(figsize=(width, 0.28 * len(steps) + 1.2))
    ax = fig.add_subplot()
    for row, step in enumerate(steps):
        start, end = step.start or 0, step.end or 0
        colour = _COLOURS.get(step.kind, "#555555")
        ax.barh(row, end - start, left=start, color=colour, height=0.6)
        ax.plot([end, plan.horizon], [row, row], color=colour, linewidth=0.8, alpha=0.5)
    ax.set_yticks(range(len(steps)), [s.id for s in steps])
    ax.invert_yaxis()
    ax.set_xlim(0, plan.horizon)
    ax.set_xlabel(f"{period} (0 = first period)")
    left_out = [s.id for s in plan.steps if not s.included]
    title = f"{plan.scenario}: cumulative deterrence {plan.objective:.2f} ({plan.status})"
    if left_out:
        title += "\nleft out: " + ", ".join(left_out)
    ax.set_title(title, fontsize=8)
    fig.tight_layout()
    return fig
