"""``pactlab negotiate``: run the negotiation models and the consensus analysis on a scenario."""

from __future__ import annotations

import typer
from rich.table import Table

from pactlab.cli._common import err_console, print_json, stdout_console
from pactlab.errors import PactlabError
from pactlab.negotiate import MODELS, negotiate
from pactlab.scenario import Scenario, load_scenario

__all__ = ["negotiate_command"]


def negotiate_command(
    scenario: str = typer.Argument(..., help="A catalog id (e.g. vilnius-2023) or a YAML, JSON or CSV file."),
    model: str = typer.Option("all", "--model", help=f"One of {', '.join(MODELS)}, or all."),
    issue: str | None = typer.Option(None, "--issue", help="Only this issue (id)."),
    rounds: int = typer.Option(10, "--rounds", min=0, help="Rounds of the dynamic models (eum, exchange)."),
    seed: int | None = typer.Option(None, "--seed", help="Seed (exchange ties); same seed, same result."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Can the alliance agree, and on what? Forecasts per model and issue, and the veto analysis."""
    loaded = load_scenario(scenario)
    if model != "all" and model not in MODELS:
        raise PactlabError.at(
            scenario, "--model", f"unknown model {model!r} (known: {', '.join(MODELS)}, all)"
        )
    if issue is not None and issue not in {i.id for i in loaded.issues}:
        known = ", ".join(i.id for i in loaded.issues)
        raise PactlabError.at(scenario, "--issue", f"unknown issue {issue!r} (known: {known})")
    result = negotiate(loaded, model, issues=None if issue is None else [issue], rounds=rounds, rng=seed)
    scales = _scales(loaded, {r.issue for r in result.results})
    if as_json:
        payload = result.to_dict()
        payload["scales"] = scales
        for r in payload["results"]:  # the contract: model, issue, forecast, trajectory, parameters, seed
            r.pop("provenance", None)
        print_json(payload)
        return
    for m, i, why in result.skipped:
        err_console.print(f"[yellow]{m} on {i}: {why}[/yellow]")
    table = Table(
        "issue",
        "model",
        "forecast",
        "agreement",
        "rounds",
        "ties",
        title=f"Forecasts for {loaded.metadata.title}",
    )
    for r in result.results:
        value = "no agreement" if r.forecast is None else f"{r.forecast:.4g}"
        table.add_row(r.issue, r.model, value, "yes" if r.agreement else "no", str(r.rounds), str(r.ties))
    stdout_console.print(table)
    stdout_console.print(_scale_line(scales))
    veto = Table(
        "issue",
        "status quo",
        "win-set",
        "pivotal",
        "forecasts acceptable",
        title="Consensus (unanimity) analysis",
    )
    for c in result.consensus.issues:
        ws = "status quo holds" if c.win_set is None else f"({c.win_set[0]:.4g}, {c.win_set[1]:.4g})"
        ok = ", ".join(f"{f['model']}: {'yes' if f.get('acceptable') else 'no'}" for f in c.forecasts)
        veto.add_row(
            c.issue, "" if c.status_quo is None else f"{c.status_quo:g}", ws, ", ".join(c.pivotal), ok
        )
    stdout_console.print(veto)
    opts = Table("option", "issue", "level", "rule", "reachable", "why", title="Options")
    for o in result.consensus.options:
        why = o.reason + ("" if not o.willing else f" ({', '.join(o.willing)})")
        opts.add_row(o.option, o.issue, f"{o.level:g}", o.rule, str(o.reachable), why)
    stdout_console.print(opts)


def _scales(scenario: Scenario, issues: set[str]) -> dict[str, dict[str, object]]:
    """The scale each forecast is expressed in; ``stated`` False: the file gave none (default 0-100)."""
    return {
        i.id: {"lower": i.scale.lower, "upper": i.scale.upper, "stated": "scale" in i.model_fields_set}
        for i in scenario.issues
        if i.id in issues
    }


def _scale_line(scales: dict[str, dict[str, object]]) -> str:
    return "Forecasts in each issue's own units: " + "; ".join(
        f"{i} {v['lower']:g}-{v['upper']:g}" + ("" if v["stated"] else " (no scale given: 0-100)")
        for i, v in scales.items()
    )
