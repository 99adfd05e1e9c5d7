"""Gantt chart of a roadmap plan (matplotlib object API: no pyplot, no global backend switch)."""

from __future__ import annotations

from matplotlib.figure import Figure

from pactlab.plan.roadmap import RoadmapPlan

__all__ = ["gantt_figure"]

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
