"""``pactlab plan``: the roadmap optimiser on a scenario, or the scheduling engine on a PSPLIB file.

The library checks every value (:class:`~pactlab.errors.ParameterError` names the parameter, and the entry
point reports it with its flag); this module asks the library's checks before any solver runs, so that a
bad ``--risk-budget``, ``--pareto`` or ``--gantt`` fails at once, not after a solve.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import typer

from pactlab.cli._boundary import parameter_flags
from pactlab.cli._common import err_console, print_json, stdout_console
from pactlab.errors import PactlabError

__all__ = ["plan"]

_COMMAND = "pactlab plan"


@parameter_flags(path="--gantt")
def plan(
    scenario: str | None = typer.Argument(
        None, help="A catalog id (e.g. vilnius-2023) or a scenario file with a roadmap section."
    ),
    horizon: int | None = typer.Option(None, "--horizon", help="Periods to plan (default: the scenario's)."),
    risk_budget: float | None = typer.Option(
        None, "--risk-budget", help="Escalation-risk budget per period (default: the scenario's)."
    ),
    pareto: int | None = typer.Option(
        None, "--pareto", help="Also sweep K risk budgets (AUGMECON) for the deterrence-risk front."
    ),
    psplib: Path | None = typer.Option(None, "--psplib", help="Solve a PSPLIB .sm or .mm file instead."),
    time_limit: float = typer.Option(10.0, "--time-limit", help="Seconds per solver run."),
    gantt: Path | None = typer.Option(None, "--gantt", help="Write a Gantt chart (PNG, SVG or PDF)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Order a scenario's guarantees over time (max deterrence under resources, risk and consensus)."""
    from pactlab.plan.project import check_risk_budget, check_time_limit

    check_time_limit(time_limit)
    if risk_budget is not None:
        check_risk_budget(risk_budget)
    if psplib is not None:
        _only_for_scenarios(scenario, horizon, risk_budget, pareto, gantt)
        _psplib(psplib, time_limit, as_json)
        return
    if scenario is None:
        raise PactlabError.at(_COMMAND, "SCENARIO", "give a scenario (or --psplib FILE)")
    if pareto is not None and risk_budget is not None:
        raise PactlabError.at(_COMMAND, "--pareto", "use either --risk-budget or --pareto, not both")
    _roadmap(scenario, horizon, risk_budget, pareto, time_limit, gantt, as_json)


def _only_for_scenarios(scenario: str | None, *options: object) -> None:
    if scenario is not None:
        raise PactlabError.at(_COMMAND, "--psplib", "give either SCENARIO or --psplib, not both")
    names = ("--horizon", "--risk-budget", "--pareto", "--gantt")
    given = [name for name, value in zip(names, options, strict=True) if value is not None]
    if given:
        raise PactlabError.at(_COMMAND, given[0], "applies to a scenario's roadmap, not to --psplib")


def _status(message: str, quiet: bool) -> AbstractContextManager[Any]:
    """A spinner on stderr, or nothing under --json."""
    return nullcontext() if quiet else err_console.status(message)


def _psplib(path: Path, time_limit: float, as_json: bool) -> None:
    from pactlab.plan.psplib import read_psplib

    project = read_psplib(path)  # read (and refused) before the solver is imported: ~1 s less
    from pactlab.plan.cpsat import solve_cpsat

    # CP-SAT's full 8-worker portfolio proves more j30 optima within 10 s than 2 workers, even on 2 cores
    # (benchmarks/bench_plan.py j30: 473 of 480 against 467).
    with _status(f"scheduling {project.name}", as_json):
        result = solve_cpsat(project, time_limit=time_limit, workers=8)
    if as_json:
        print_json(result.to_dict())
        return
    stdout_console.print(result.summary(), markup=False, highlight=False)


def _roadmap(
    ref: str,
    horizon: int | None,
    risk_budget: float | None,
    points: int | None,
    time_limit: float,
    gantt: Path | None,
    as_json: bool,
) -> None:
    from pactlab.plan import pareto_front, roadmap_problem, solve_roadmap
    from pactlab.plan.gantt import check_gantt_path, save_gantt
    from pactlab.plan.pareto import check_points
    from pactlab.scenario import load_scenario

    if gantt is not None:
        check_gantt_path(gantt)
    if points is not None:
        check_points(points)
    loaded = load_scenario(ref)
    problem = roadmap_problem(loaded, horizon=horizon, risk_budget=risk_budget)
    with _status(f"planning {loaded.id}", as_json):
        result = solve_roadmap(problem, time_limit=time_limit)
        front = pareto_front(problem, points, time_limit=time_limit) if points else None
    payload: dict[str, Any] = result.to_dict()
    payload["pareto"] = [_point(p.to_dict()) for p in front.points] if front else []
    if gantt is not None:
        save_gantt(result, gantt, period=loaded.roadmap.period if loaded.roadmap else "period")
    if as_json:
        print_json(payload)
        return
    stdout_console.print(result.summary(), markup=False, highlight=False)
    for point in payload["pareto"]:
        stdout_console.print(
            f"  risk budget {point['risk_budget']:.3f}: deterrence {point['deterrence']:.2f} "
            f"(peak {point['peak_risk']:g})",
            markup=False,
            highlight=False,
        )


def _point(data: dict[str, Any]) -> dict[str, Any]:
    """A Pareto point of the JSON contract: its plan's schedule, without the whole plan again."""
    data.pop("plan", None)
    return data
