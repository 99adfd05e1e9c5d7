"""The kinds of run the web offers, each the library call the command line makes, with its parameters.

One table, :data:`KINDS`, serves the API (one typed request body per kind), the submission checks
(made before a run is queued, with the library's own checks: a bad parameter is a 422 naming it), the
cache key and the execution in a worker process. No model is computed here: each ``execute`` calls the
engine's public function exactly as ``pactlab negotiate|deter|plan|analyze|sensitivity`` does and
keeps its ``to_dict()`` (the result JSON) and its ``to_frame()`` (the CSV, with labels).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pactlab.errors import ParameterError

__all__ = ["KINDS", "Kind", "Outputs", "Progress", "RunRequest"]

Progress = Callable[[float, str], None]
Outputs = tuple[dict[str, Any], dict[str, tuple[str, bytes]]]
SEED_MAX = 2**31 - 1  # the runs table stores the seed as a 32-bit integer (PostgreSQL's integer)


class RunRequest(BaseModel):
    """What every run names: the scenario (a catalog id or an uploaded scenario's ref) and the seed."""

    model_config = ConfigDict(extra="forbid", strict=True)

    scenario: str = Field(
        min_length=1,
        max_length=200,
        description="A catalog id (vilnius-2023) or an uploaded scenario's ref (u-...).",
        examples=["vilnius-2023"],
    )
    seed: int = Field(0, ge=0, le=SEED_MAX, description="Seed: same seed, same numbers (as --seed).")


class NegotiateRequest(RunRequest):
    model: str = Field("all", max_length=50, description="A negotiation model's name, or all.")
    issue: str | None = Field(None, max_length=200, description="Only this issue (id).")
    rounds: int = Field(10, ge=0, le=200, description="Rounds of the dynamic models (eum, exchange).")


class DeterRequest(RunRequest):
    option: str | None = Field(None, max_length=200, description="Assess only this option (id).")
    draws: int = Field(20_000, ge=2, le=1_000_000, description="Monte Carlo draws of the priors.")
    profile: str | None = Field(None, max_length=100, description="A shipped parameter profile.")


class PlanRequest(RunRequest):
    horizon: int | None = Field(None, ge=1, le=240, description="Periods to plan.")
    risk_budget: float | None = Field(
        None, ge=0, le=1e9, allow_inf_nan=False, description="Escalation-risk budget per period."
    )
    pareto: int | None = Field(None, ge=2, le=12, description="Also sweep K risk budgets.")
    time_limit: float = Field(10.0, gt=0, le=120, allow_inf_nan=False, description="Seconds per solve.")


class AnalyzeRequest(RunRequest):
    draws: int = Field(20_000, ge=2, le=1_000_000, description="Monte Carlo draws of the priors.")
    rounds: int = Field(10, ge=0, le=200, description="Rounds of the dynamic negotiation models.")
    roadmap: bool = Field(True, description="Also order the guarantees (the scenario's roadmap).")


class SensitivityRequest(RunRequest):
    method: Literal["sobol", "morris"] = Field("sobol", description="Sobol' indices or Morris screening.")
    n: int | None = Field(
        None, ge=2, le=4096, description="Base samples (Sobol', a power of two; 256) or trajectories (32)."
    )
    draws: int = Field(10_000, ge=2, le=200_000, description="Monte Carlo draws per evaluation.")
    inputs: list[Annotated[str, Field(min_length=1, max_length=100)]] | None = Field(
        None, max_length=50, description="Vary only inputs matching these globs (as --input); default all."
    )


@dataclass(frozen=True)
class Kind:
    """A kind of run: its request body, its submission check and its execution."""

    name: str
    title: str
    request: type[RunRequest]
    check: Callable[[Any, Mapping[str, Any]], None]
    execute: Callable[[Any, Mapping[str, Any], int, Progress, str], Outputs]


def _csv(frame: Any) -> tuple[str, bytes]:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    return "text/csv; charset=utf-8", buffer.getvalue().encode("utf-8")


def _frame(result: Any) -> Any:
    """A result's table: ``to_frame()`` (the protocol; a named index becomes a column), or, for a result
    type without one yet, its first list of records in ``to_dict()`` without nested lists."""
    import pandas as pd

    if hasattr(result, "to_frame"):
        frame = result.to_frame()
        named = any(name is not None for name in frame.index.names)
        return frame.reset_index() if named else frame
    data = result.to_dict()
    rows = next((v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)), [])
    frame = pd.json_normalize(rows)
    flat = [c for c in frame.columns if not frame[c].map(lambda v: isinstance(v, (list, dict))).any()]
    return frame[flat]


# negotiate ---------------------------------------------------------------------------------------------


def _check_negotiate(scenario: Any, p: Mapping[str, Any]) -> None:
    from pactlab.negotiate import MODELS

    if p["model"] != "all" and p["model"] not in MODELS:
        raise ParameterError("model", f"unknown model {p['model']!r} (known: {', '.join(MODELS)}, all)")
    issues = [i.id for i in scenario.issues]
    if p["issue"] is not None and p["issue"] not in issues:
        raise ParameterError("issue", f"unknown issue {p['issue']!r} (known: {', '.join(issues)})")


def _negotiate(scenario: Any, p: Mapping[str, Any], seed: int, progress: Progress, _db: str) -> Outputs:
    from pactlab.negotiate import negotiate, scales

    progress(0.1, "negotiation models")
    issues = None if p["issue"] is None else [p["issue"]]
    result = negotiate(scenario, p["model"], issues=issues, rounds=p["rounds"], rng=seed)
    payload = result.to_dict()
    payload["scales"] = scales(scenario, {r.issue for r in result.results})
    return payload, {"result.csv": _csv(_frame(result))}


# deter -------------------------------------------------------------------------------------------------


def _check_deter(scenario: Any, p: Mapping[str, Any]) -> None:
    from pactlab.deter.mapping import profiles, resolve_parameters

    resolve_parameters(getattr(scenario.deterrence, "parameters", ()), file=scenario.metadata.id)
    options = [o.id for o in scenario.options]
    if p["option"] is not None and p["option"] not in options:
        raise ParameterError(
            "option", f"unknown option {p['option']!r} (known: {', '.join(options) or 'none'})"
        )
    if p["profile"] is not None and p["profile"] not in profiles():
        raise ParameterError("profile", f"unknown profile {p['profile']!r} (known: {', '.join(profiles())})")


def _draws(progress: Progress, start: float, span: float, label: str) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        progress(start + span * (done / total if total else 0.0), f"{label}: {done:,} of {total:,} draws")

    return report


def _deter(scenario: Any, p: Mapping[str, Any], seed: int, progress: Progress, _db: str) -> Outputs:
    from pactlab.deter.scenarios import assess_scenario

    report = assess_scenario(
        scenario,
        option=p["option"],
        profile_name=p["profile"],
        draws=p["draws"],
        rng=seed,
        progress=_draws(progress, 0.0, 0.95, "deterrence"),
    )
    return report.to_dict(), {"result.csv": _csv(_frame(report))}


# plan --------------------------------------------------------------------------------------------------


def _check_plan(scenario: Any, p: Mapping[str, Any]) -> None:
    from pactlab.plan import roadmap_problem
    from pactlab.plan.pareto import check_points
    from pactlab.plan.project import check_risk_budget, check_time_limit

    check_time_limit(p["time_limit"])
    if p["risk_budget"] is not None:
        check_risk_budget(p["risk_budget"])
    if p["pareto"] is not None:
        if p["risk_budget"] is not None:
            raise ParameterError("pareto", "use either risk_budget or pareto, not both")
        check_points(p["pareto"])
    roadmap_problem(scenario, horizon=p["horizon"], risk_budget=p["risk_budget"])


def _roadmap(scenario: Any, p: Mapping[str, Any]) -> tuple[dict[str, Any], Any]:
    """The roadmap as ``pactlab plan --json`` gives it (the plan and its Pareto points)."""
    from pactlab.plan import pareto_front, roadmap_problem, solve_roadmap

    problem = roadmap_problem(scenario, horizon=p["horizon"], risk_budget=p["risk_budget"])
    result = solve_roadmap(problem, time_limit=p["time_limit"])
    front = pareto_front(problem, p["pareto"], time_limit=p["time_limit"]) if p["pareto"] else None
    payload: dict[str, Any] = result.to_dict()
    points = [point.to_dict() for point in front.points] if front else []
    for point in points:
        point.pop("plan", None)
    payload["pareto"] = points
    return payload, result


def _plan(scenario: Any, p: Mapping[str, Any], _seed: int, progress: Progress, _db: str) -> Outputs:
    progress(0.1, "solving the roadmap")
    payload, result = _roadmap(scenario, p)
    return payload, {"result.csv": _csv(_frame(result))}


# analyze -----------------------------------------------------------------------------------------------

_STEPS = {"ledger": 0.02, "negotiation": 0.05, "deterrence": 0.2, "roadmap": 0.75}


def _analyze(scenario: Any, p: Mapping[str, Any], seed: int, progress: Progress, db: str) -> Outputs:
    """What ``pactlab analyze`` writes: results.json (the payload), brief.html and brief.pdf, plus a CSV
    of every part's table (negotiation, deterrence, the ledger's guarantors, the roadmap's steps)."""
    import pandas as pd

    from pactlab.analysis import analyze
    from pactlab.brief import render_html
    from pactlab.brief.assemble import assemble
    from pactlab.web.pdf import brief_pdf

    analysis = analyze(
        scenario,
        draws=p["draws"],
        rng=seed,
        rounds=p["rounds"],
        db=db,
        roadmap=p["roadmap"],
        timestamp=dt.datetime.now(dt.UTC),
        on_step=lambda name: progress(_STEPS.get(name, 0.0), name),
        on_draws=_draws(progress, 0.2, 0.55, "deterrence"),
    )
    progress(0.8, "brief")
    brief = assemble(analysis)
    html = render_html(brief)
    pdf = brief_pdf(brief)
    payload = analysis.to_dict()
    parts = {"negotiation": analysis.negotiation, "deterrence": analysis.risk, "ledger": analysis.ledger}
    frames = [_frame(r).assign(part=name) for name, r in parts.items() if r is not None]
    if analysis.roadmap is not None:
        steps = pd.DataFrame([s.__dict__ | {"included": s.included} for s in analysis.roadmap.ordered()])
        frames.append(steps.assign(part="roadmap"))
    table = pd.concat(frames, ignore_index=True, sort=False)
    table = table[["part", *[c for c in table.columns if c != "part"]]]
    return payload, {
        "result.csv": _csv(table),
        "brief.html": ("text/html; charset=utf-8", html.encode("utf-8")),
        "brief.pdf": ("application/pdf", pdf),
    }


# sensitivity -------------------------------------------------------------------------------------------


def _check_sensitivity(_scenario: Any, p: Mapping[str, Any]) -> None:
    from pactlab.sensitivity.design import check_n

    if p["n"] is not None:
        check_n(p["method"], p["n"])


def _sensitivity(scenario: Any, p: Mapping[str, Any], seed: int, progress: Progress, _db: str) -> Outputs:
    """``pactlab sensitivity --engine serial`` (the rows run in the job's own worker process)."""
    from pactlab.sensitivity import sensitivity

    def stage(name: str, done: int, total: int) -> None:
        progress(0.05 + 0.9 * (done / total if total else 0.0), f"{name}: {done:,} of {total:,}")

    progress(0.05, "sensitivity")
    result = sensitivity(
        scenario,
        method=p["method"],
        n=p["n"],
        draws=p["draws"],
        rng=seed,
        engine="serial",
        inputs=p.get("inputs"),
        progress=stage,
    )
    return result.to_dict(), {"result.csv": _csv(_frame(result))}


def _nothing(_scenario: Any, _p: Mapping[str, Any]) -> None:
    return None


def _kinds() -> dict[str, Kind]:
    kinds = [
        Kind("negotiate", "Negotiation and consensus", NegotiateRequest, _check_negotiate, _negotiate),
        Kind("deter", "Deterrence, escalation and durability", DeterRequest, _check_deter, _deter),
        Kind("plan", "Roadmap", PlanRequest, _check_plan, _plan),
        Kind("analyze", "Whole analysis and brief", AnalyzeRequest, _nothing, _analyze),
        Kind("sensitivity", "Sensitivity", SensitivityRequest, _check_sensitivity, _sensitivity),
    ]
    return {k.name: k for k in kinds}


KINDS: dict[str, Kind] = _kinds()
