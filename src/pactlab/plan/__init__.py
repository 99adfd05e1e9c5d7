"""Roadmap optimiser: in what order to give guarantees, and the scheduling engines beneath it.

Engines are validated on PSPLIB (Kolisch & Sprecher 1997) before they schedule policy: CP-SAT is the
main engine (:func:`solve_cpsat`), a time-indexed MILP on HiGHS the cross-check
(:func:`solve_milp`),
and :func:`check_schedule` an independent feasibility checker.
"""

from pactlab.plan.checker import check_roadmap, check_schedule, cumulative_deterrence
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
