"""Pareto front of cumulative deterrence against peak escalation risk: AUGMECON.

The augmented epsilon-constraint method of Mavrotas (2009, "Effective implementation of the
epsilon-constraint method in Multi-Objective Mathematical Programming problems", Applied Mathematics
and Computation 213(2):455-465):

1. payoff table by lexicographic optimisation: the largest deterrence and, among its plans, the
   smallest peak risk ``P_hi``; the smallest peak risk ``P_lo`` any plan with every required step
   has;
2. a grid of ``K`` risk budgets ``e_k`` evenly from ``P_hi`` down to ``P_lo``;
3. for each, ``max f1 + eps * s / r2`` subject to ``P + s = e_k``: solved exactly as the
   lexicographic objective of :mod:`pactlab.plan.roadmap_cpsat` (deterrence first, then the slack),
   so that no point is only weakly efficient.

The bypass of AUGMECON2 (Mavrotas & Florios 2013, AMC 219(18):9652-9669) is used: a grid point whose
budget lies between a solved plan's peak risk and its budget has that same optimal plan, so it is
not solved again.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from ortools.sat.python import cp_model

from pactlab.errors import ParameterError
from pactlab.plan.project import PlanError, check_time_limit
from pactlab.plan.roadmap import RoadmapPlan, RoadmapProblem
from pactlab.plan.roadmap_cpsat import SCALE, build_model, solve_roadmap
from pactlab.results import Provenance, ResultMixin

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ParetoFront", "ParetoPoint", "check_points", "pareto_front"]


@dataclass(frozen=True, slots=True)
class ParetoPoint:
    """One grid point: the risk budget, the optimal deterrence under it, and its roadmap."""

    risk_budget: float
    deterrence: float
    peak_risk: float
    plan: RoadmapPlan

    def to_dict(self) -> dict[str, Any]:
        """The point of the ``pactlab plan --pareto`` contract, with the whole plan under ``"plan"``."""
        return {
            "risk_budget": self.risk_budget,
            "deterrence": self.deterrence,
            "peak_risk": self.peak_risk,
            "status": self.plan.status,
            "steps": [{"id": s.id, "start": s.start, "end": s.end} for s in self.plan.steps if s.included],
            "plan": self.plan.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            risk_budget=float(data["risk_budget"]),
            deterrence=float(data["deterrence"]),
            peak_risk=float(data["peak_risk"]),
            plan=RoadmapPlan.from_dict(data["plan"]),
        )


@dataclass(frozen=True)
class ParetoFront(ResultMixin):
    """The AUGMECON sweep: points from the loosest to the tightest risk budget (``time_s`` not compared)."""

    scenario: str
    points: tuple[ParetoPoint, ...]
    solves: int
    time_s: float = field(compare=False)
    provenance: Provenance = field(default_factory=lambda: Provenance(model="roadmap.augmecon"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "pareto": [p.to_dict() for p in self.points],
            "solves": self.solves,
            "time_s": round(self.time_s, 4),
            "provenance": self.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Inverse of :meth:`to_dict`."""
        return cls(
            scenario=str(data["scenario"]),
            points=tuple(ParetoPoint.from_dict(p) for p in data["pareto"]),
            solves=int(data["solves"]),
            time_s=float(data["time_s"]),
            provenance=Provenance.from_dict(data["provenance"]),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per grid point: the risk budget, the optimal deterrence, the plan's peak risk."""
        import pandas as pd

        return pd.DataFrame(
            {
                "risk_budget": [p.risk_budget for p in self.points],
                "deterrence": [p.deterrence for p in self.points],
                "peak_risk": [p.peak_risk for p in self.points],
                "status": [p.plan.status for p in self.points],
            }
        )

    def summary(self) -> str:
        """One line per grid point."""
        lines = [f"{self.scenario}: deterrence against escalation risk, {len(self.points)} points"]
        lines += [
            f"  risk budget {p.risk_budget:.3f}: deterrence {p.deterrence:.2f} (peak {p.peak_risk:g})"
            for p in self.points
        ]
        return "\n".join(lines)


def check_points(points: int) -> int:
    """The number of grid points of a front: a whole number >= 2 (else a ``ParameterError`` on ``points``)."""
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise ParameterError("points", f"a front needs at least 2 points, not {points!r}")
    return points


def _min_peak(problem: RoadmapProblem, time_limit: float) -> float:
    """The smallest peak risk of any plan that contains every required step."""
    vars_ = build_model(problem, risk_cap=None)
    vars_.model.minimize(vars_.peak)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = 1
    code = solver.solve(vars_.model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise PlanError.at(problem.name, "roadmap", "no plan contains every required step")
    return float(solver.value(vars_.peak)) / SCALE


def pareto_front(problem: RoadmapProblem, points: int = 10, *, time_limit: float = 10.0) -> ParetoFront:
    """Sweep the per-period risk budget with AUGMECON (see the module notes).

    Parameters
    ----------
    problem : RoadmapProblem
    points : int
        Number of grid points ``K >= 2`` from the loosest useful budget to the tightest feasible
        one.
    time_limit : float
        Seconds per CP-SAT solve.
    """
    check_points(points)
    check_time_limit(time_limit)
    clock = time.perf_counter()
    top = solve_roadmap(problem, risk_budget=sum(problem.risk), time_limit=time_limit, binding=False)
    hi, lo = top.peak_risk, _min_peak(problem, time_limit)
    grid = [round(hi - k * (hi - lo) / (points - 1), 9) for k in range(points)]
    out: list[ParetoPoint] = []
    solves, last = 1, top
    for e in grid:
        if not (last.peak_risk - 1e-9 <= e <= last.risk_budget + 1e-9):  # AUGMECON2 bypass otherwise
            last = solve_roadmap(problem, risk_budget=e, time_limit=time_limit, binding=False)
            solves += 1
        out.append(ParetoPoint(e, last.objective, last.peak_risk, last))
    return ParetoFront(
        scenario=problem.name,
        points=tuple(out),
        solves=solves,
        time_s=time.perf_counter() - clock,
        provenance=Provenance(
            model="roadmap.augmecon",
            parameters={"points": points, "time_limit": time_limit, "risk_range": [lo, hi]},
            scenario_digest=problem.scenario_digest,
        ),
    )
