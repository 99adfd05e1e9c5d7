"""The roadmap part of the brief: in what order to give guarantees (:mod:`pactlab.plan`).

:func:`plan_roadmap` solves the scenario's ``roadmap:`` section with the CP-SAT roadmap optimiser
(:func:`pactlab.plan.solve_roadmap`, one worker and a fixed seed, so the same scenario gives the same
plan) and keeps what the brief and ``results.json`` need as a :class:`Roadmap`: each step's periods,
kind and title, the horizon and its period, and the solver's verdict. The solver's wall time is left
out, so that the same seed gives byte-identical results; the binding limits (four more solves) are
``pactlab plan``'s job, not the brief's.

A plan proven optimal is a deterministic function of the scenario (its digest covers the roadmap
section), the planner's code and the solver's version: it is kept in the user's cache directory under
a key of those three, so that a brief run again on the same scenario does not load OR-Tools and solve
again (about 1.5 s of CPU on vilnius-2023). A plan not proven optimal within the time limit is never
cached: it depends on the machine's speed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from pactlab.errors import PactlabError

if TYPE_CHECKING:
    from pactlab.scenario import Scenario

__all__ = ["TIME_LIMIT", "Roadmap", "RoadmapStep", "plan_roadmap"]

TIME_LIMIT = 10.0
"""Seconds the solver may take; a plan not proven optimal by then is reported as ``feasible``."""


@dataclass(frozen=True)
class RoadmapStep:
    """One step: an instrument or a milestone, put in place from ``start`` to ``end`` (periods), or left
    out (``start`` and ``end`` None)."""

    id: str
    kind: str
    title: str
    start: int | None
    end: int | None
    needs_consensus: bool = False

    @property
    def included(self) -> bool:
        return self.start is not None


@dataclass(frozen=True)
class Roadmap:
    """The order in which to give guarantees, as the optimiser found it."""

    horizon: int
    period: str
    status: str
    risk_budget: float
    peak_risk: float
    steps: tuple[RoadmapStep, ...]
    model: str = "roadmap.cpsat"
    first_period: str | None = None

    def ordered(self) -> tuple[RoadmapStep, ...]:
        """The steps in the plan by start period (then id); left-out steps last."""
        return tuple(sorted(self.steps, key=lambda s: (s.start is None, s.start or 0, s.end or 0, s.id)))

    def waves(self) -> tuple[tuple[int, tuple[RoadmapStep, ...]], ...]:
        """Steps grouped by start period, in order."""
        out: dict[int, list[RoadmapStep]] = {}
        for s in self.ordered():
            if s.start is not None:
                out.setdefault(s.start, []).append(s)
        return tuple((start, tuple(steps)) for start, steps in out.items())

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "horizon": self.horizon,
            "period": self.period,
            "status": self.status,
            "risk_budget": self.risk_budget,
            "peak_risk": self.peak_risk,
            "first_period": self.first_period,
            "steps": [s.__dict__ | {"included": s.included} for s in self.ordered()],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        steps = tuple(
            RoadmapStep(
                str(s["id"]),
                str(s["kind"]),
                str(s["title"]),
                s["start"],
                s["end"],
                bool(s.get("needs_consensus", False)),
            )
            for s in data["steps"]
        )
        return cls(
            horizon=int(data["horizon"]),
            period=str(data["period"]),
            status=str(data["status"]),
            risk_budget=float(data["risk_budget"]),
            peak_risk=float(data["peak_risk"]),
            steps=steps,
            model=str(data.get("model", "roadmap.cpsat")),
            first_period=data.get("first_period"),
        )


def _cache_key(scenario: Scenario) -> str:
    """Scenario digest, the planner's code, OR-Tools' version and the time limit, hashed."""
    digest = hashlib.sha256()
    digest.update(f"{scenario.digest}\0{metadata.version('ortools')}\0{TIME_LIMIT}\0".encode())
    for path in sorted(Path(str(resources.files("pactlab"))).joinpath("plan").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def _cache_path(key: str) -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("pactlab")) / f"roadmap-{key[:24]}.json"


def _cached(key: str) -> Roadmap | None:
    try:
        data = json.loads(_cache_path(key).read_text(encoding="utf-8"))
        return Roadmap.from_dict(data) if data.get("key") == key else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _keep(key: str, road: Roadmap) -> None:
    path = _cache_path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".roadmap-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"key": key, **road.to_dict()}, handle)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs the next run the same solve


def plan_roadmap(scenario: Scenario) -> tuple[Roadmap | None, str]:
    """Solve the scenario's roadmap; ``(None, why)`` when it has none or no plan exists.

    A scenario without a ``roadmap:`` section gets ``None`` and a note; a roadmap that cannot be planned
    (no plan includes every required step within the limits) gets ``None`` and the planner's reason:
    the rest of the brief still stands.
    """
    if scenario.roadmap is None:
        return None, "the scenario has no roadmap section (roadmap:), so no order is proposed"
    key = _cache_key(scenario)
    cached = _cached(key)
    if cached is not None:
        return cached, ""
    from pactlab.plan import roadmap_problem, solve_roadmap

    problem = roadmap_problem(scenario, file=scenario.origin)
    try:
        plan = solve_roadmap(problem, time_limit=TIME_LIMIT, workers=1, seed=0, binding=False)
    except PactlabError as error:
        if any(p.location.path == "roadmap" for p in error.problems):
            return None, "no plan: " + "; ".join(p.message for p in error.problems)
        raise
    needs = {s.id: s.needs_consensus for s in scenario.roadmap.steps}
    first = getattr(scenario.roadmap, "first_period", None)
    steps = tuple(
        RoadmapStep(s.id, s.kind, s.title, s.start, s.end, needs.get(s.id, False)) for s in plan.steps
    )
    road = Roadmap(
        horizon=plan.horizon,
        period=scenario.roadmap.period,
        status=str(plan.status),
        risk_budget=float(plan.risk_budget),
        peak_risk=float(plan.peak_risk),
        steps=steps,
        first_period=None if first is None else str(first),
    )
    if road.status == "optimal":
        _keep(key, road)
    return road, ""
