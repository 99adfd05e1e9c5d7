"""The roadmap optimiser's answer, as a pactlab result (:mod:`pactlab.results`).

:class:`RoadmapPlan` is what :func:`~pactlab.plan.solve_roadmap` returns: when each step starts and ends
(or that it is left out), the milestones in the order the plan reaches them, the limits that bind, and
the solver's verdict. It offers the result protocol: ``provenance``, ``to_dict()`` (the ``pactlab plan
--json`` contract, plus every step's details under ``"all_steps"`` so that ``from_dict`` gives the plan
back), ``to_frame()``, ``summary()`` and the notebook display of :class:`~pactlab.results.ResultMixin`.
The solver's wall time is reported but is no part of a plan's identity (not compared).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from pactlab.plan.project import Status, status_of
from pactlab.results import Provenance, ResultMixin

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Binding", "MilestonePlan", "RoadmapPlan", "StepPlan"]


@dataclass(frozen=True, slots=True)
class StepPlan:
    """One step of a plan: in the plan or left out, with its start and end periods."""

    id: str
    kind: str
    ref: str
    title: str
    included: bool
    start: int | None
    end: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "included": self.included,
            "kind": self.kind,
            "ref": self.ref,
            "title": self.title,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            id=str(data["id"]),
            kind=str(data["kind"]),
            ref=str(data["ref"]),
            title=str(data["title"]),
            included=bool(data["included"]),
            start=None if data["start"] is None else int(data["start"]),
            end=None if data["end"] is None else int(data["end"]),
        )


@dataclass(frozen=True, slots=True)
class MilestonePlan:
    """A milestone in the order the plan reaches it, with its verifiable benchmarks."""

    id: str
    title: str
    end: int
    benchmarks: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "end": self.end,
            "benchmarks": [{"criterion": c, "evidence": e} for c, e in self.benchmarks],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            end=int(data["end"]),
            benchmarks=tuple((str(b["criterion"]), str(b["evidence"])) for b in data["benchmarks"]),
        )


@dataclass(frozen=True, slots=True)
class Binding:
    """A limit that constrains the plan: lifting it raises the optimal cumulative deterrence by
    ``gain`` (re-solved with that limit removed)."""

    constraint: str
    kind: str
    gain: float

    def to_dict(self) -> dict[str, Any]:
        return {"constraint": self.constraint, "kind": self.kind, "gain": self.gain}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(str(data["constraint"]), str(data["kind"]), float(data["gain"]))


@dataclass(frozen=True)
class RoadmapPlan(ResultMixin):
    """The optimiser's answer: when each step starts and ends, with the solver's verdict.

    Attributes
    ----------
    scenario : the scenario id.
    horizon, risk_budget : the horizon (periods) and per-period escalation-risk budget planned under.
    objective : the cumulative deterrence of the plan, sum of each step's value times its periods in
        force (the scenario's analyst ratings, or the deterrence engine's values where given).
    peak_risk : the largest escalation risk of any period.
    status, gap : "optimal" (gap 0) or "feasible" with the relative gap to the best bound.
    time_s : the solver's wall time in seconds (not compared).
    steps, milestones, binding : the schedule, the milestones reached in order, the binding limits.
    """

    scenario: str
    horizon: int
    risk_budget: float
    objective: float
    peak_risk: float
    status: Status
    gap: float
    time_s: float = field(compare=False)
    steps: tuple[StepPlan, ...]
    milestones: tuple[MilestonePlan, ...] = ()
    binding: tuple[Binding, ...] = ()
    provenance: Provenance = field(default_factory=lambda: Provenance(model="roadmap.cpsat"))

    def starts(self) -> dict[str, int | None]:
        return {s.id: s.start for s in self.steps}

    def to_dict(self) -> dict[str, Any]:
        """The ``pactlab plan`` JSON contract (without the Pareto front), plus details."""
        return {
            "scenario": self.scenario,
            "status": self.status,
            "objective": self.objective,
            "steps": [{"id": s.id, "start": s.start, "end": s.end} for s in self.steps if s.included],
            "left_out": [s.id for s in self.steps if not s.included],
            "binding": [b.to_dict() for b in self.binding],
            "milestones": [m.to_dict() for m in self.milestones],
            "horizon": self.horizon,
            "risk_budget": self.risk_budget,
            "peak_risk": self.peak_risk,
            "gap": self.gap,
            "time_s": round(self.time_s, 4),
            "all_steps": [s.to_dict() for s in self.steps],
            "provenance": self.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Inverse of :meth:`to_dict`."""
        return cls(
            scenario=str(data["scenario"]),
            horizon=int(data["horizon"]),
            risk_budget=float(data["risk_budget"]),
            objective=float(data["objective"]),
            peak_risk=float(data["peak_risk"]),
            status=status_of(data["status"]),
            gap=float(data["gap"]),
            time_s=float(data["time_s"]),
            steps=tuple(StepPlan.from_dict(s) for s in data["all_steps"]),
            milestones=tuple(MilestonePlan.from_dict(m) for m in data["milestones"]),
            binding=tuple(Binding.from_dict(b) for b in data["binding"]),
            provenance=Provenance.from_dict(data["provenance"]),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per step: id, kind, what it refers to, title, whether it is in the plan, start, end."""
        import pandas as pd

        columns = ["id", "kind", "ref", "title", "included", "start", "end"]
        rows = [[getattr(s, c) for c in columns] for s in self.steps]
        frame = pd.DataFrame(rows, columns=columns)
        for column in ("start", "end"):
            frame[column] = frame[column].astype("Int64")
        return frame

    def summary(self) -> str:
        """A few lines for the terminal."""
        lines = [
            f"{self.scenario}: cumulative deterrence {self.objective:.3f} ({self.status}, "
            f"peak risk {self.peak_risk:g} of {self.risk_budget:g}, {self.time_s:.2f} s)"
        ]
        for s in sorted(self.steps, key=lambda s: (s.start is None, s.start or 0, s.id)):
            when = f"{s.start:>3}-{s.end:<3}" if s.included else "  left out"
            lines.append(f"  {when} {s.id} ({s.kind})")
        if self.binding:
            lines.append("binding: " + ", ".join(f"{b.constraint} (+{b.gain:g})" for b in self.binding))
        return "\n".join(lines)
