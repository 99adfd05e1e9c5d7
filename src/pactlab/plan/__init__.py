"""Roadmap optimiser: in what order to give guarantees, and the scheduling engines beneath it.

Engines are validated on PSPLIB (Kolisch & Sprecher 1997) before they schedule policy: CP-SAT is the
main engine (:func:`solve_cpsat`), a time-indexed MILP on HiGHS the cross-check (:func:`solve_milp`),
and :func:`check_schedule` an independent feasibility checker. :func:`check_scenario` says what a
scenario's roadmap section lacks for ``plan`` without importing any solver.

Names are imported on first use (PEP 562): OR-Tools and SciPy take over a second to import, and
``pactlab scenarios validate`` needs only :func:`check_scenario`.

The package is also a verb: calling it, ``pactlab.plan(...)`` (``pl.plan`` after ``import pactlab as
pl``), runs :func:`pactlab.api.plan` (see :mod:`pactlab._face`).
"""

import importlib as _importlib
from types import ModuleType as _ModuleType
from typing import TYPE_CHECKING, Any

from pactlab._face import make_callable as _make_callable

if TYPE_CHECKING:
    from pactlab.plan.checker import check_roadmap, check_schedule, cumulative_deterrence
    from pactlab.plan.checks import check_scenario
    from pactlab.plan.cpsat import solve_cpsat
    from pactlab.plan.milp import serial_sgs, solve_milp
    from pactlab.plan.pareto import ParetoFront, ParetoPoint, pareto_front
    from pactlab.plan.project import Mode, PlanError, Project, ProjectSchedule
    from pactlab.plan.psplib import parse_psplib, read_best_known, read_psplib
    from pactlab.plan.roadmap import (
        Binding,
        MilestonePlan,
        RoadmapPlan,
        RoadmapProblem,
        StepPlan,
        roadmap_problem,
    )
    from pactlab.plan.roadmap_cpsat import solve_roadmap

_WHERE = {
    "check_roadmap": "checker",
    "check_schedule": "checker",
    "cumulative_deterrence": "checker",
    "check_scenario": "checks",
    "solve_cpsat": "cpsat",
    "serial_sgs": "milp",
    "solve_milp": "milp",
    "ParetoFront": "pareto",
    "ParetoPoint": "pareto",
    "pareto_front": "pareto",
    "Mode": "project",
    "PlanError": "project",
    "Project": "project",
    "ProjectSchedule": "project",
    "parse_psplib": "psplib",
    "read_best_known": "psplib",
    "read_psplib": "psplib",
    "Binding": "roadmap",
    "MilestonePlan": "roadmap",
    "RoadmapPlan": "roadmap",
    "RoadmapProblem": "roadmap",
    "StepPlan": "roadmap",
    "roadmap_problem": "roadmap",
    "solve_roadmap": "roadmap_cpsat",
}

__all__ = [
    "Binding",
    "MilestonePlan",
    "Mode",
    "ParetoFront",
    "ParetoPoint",
    "PlanError",
    "Project",
    "ProjectSchedule",
    "RoadmapPlan",
    "RoadmapProblem",
    "StepPlan",
    "check_roadmap",
    "check_scenario",
    "check_schedule",
    "cumulative_deterrence",
    "pareto_front",
    "parse_psplib",
    "read_best_known",
    "read_psplib",
    "roadmap_problem",
    "serial_sgs",
    "solve_cpsat",
    "solve_milp",
    "solve_roadmap",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'pactlab.plan' has no attribute {name!r}")
    value = getattr(_importlib.import_module(f"pactlab.plan.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names and the submodules loaded so far."""
    loaded = {k for k, v in globals().items() if isinstance(v, _ModuleType)}
    return sorted(set(__all__) | loaded)


_make_callable(__name__)  # pl.plan(...) runs pactlab.api.plan (pactlab._face)
