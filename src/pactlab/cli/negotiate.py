"""``pactlab negotiate``: run the negotiation models and the decision-rule analysis on a scenario."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import typer
from rich.table import Table

from pactlab._rng import DEFAULT_SEED
from pactlab.cli._common import escape_text as esc
from pactlab.cli._common import print_json, stdout_console
from pactlab.negotiate import MODELS, Negotiation, negotiate
from pactlab.negotiate import scales as forecast_scales
from pactlab.negotiate.results import number
from pactlab.scenario import load_scenario

__all__ = ["negotiate_command"]

VERDICT = {True: "change agreed", False: "status quo holds"}


def negotiate_command(
    scenario: str = typer.Argument(..., help="A catalog id (e.g. vilnius-2023) or a YAML, JSON or CSV file."),
    model: str = typer.Option("all", "--model", help=f"One of {', '.join(MODELS)}, or all."),
    issue: str | None = typer.Option(None, "--issue", help="Only this issue (id)."),
    rounds: int = typer.Option(10, "--rounds", min=0, help="Rounds of the dynamic models (eum, exchange)."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Seed (exchange ties); same seed, same result."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Can the alliance agree, and on what? Forecasts per model and issue, and who decides."""
    loaded = load_scenario(scenario)
    # a ParameterError names the library's parameter; the entry point reports it with its flag
    result = negotiate(loaded, model, issues=None if issue is None else [issue], rounds=rounds, rng=seed)
    scales = forecast_scales(loaded, {r.issue for r in result.results})
    if as_json:
        payload = result.to_dict()
        payload["scales"] = scales  # the scale each forecast is in (decide files: #M rows or 0-100)
        print_json(payload)
        return
    _print(result, esc(loaded.metadata.title), scales)


def _table(title: str, *columns: str) -> Table:
    """A table whose cells wrap (ids are folded, never cut with an ellipsis)."""
    table = Table(title=title)
    for name in columns:
        table.add_column(name, overflow="fold")
    return table


def _verdict(r: Any) -> str:
    if r.forecast is None:
        return "no agreement"
    return VERDICT[bool(r.agreement)]


def _print(result: Negotiation, title: str, scales: dict[str, dict[str, object]]) -> None:
    table = _table(f"Forecasts for {title}", "issue", "model", "forecast", "verdict", "rounds", "ties")
    order = {w.issue: k for k, w in enumerate(result.weights)}
    for r in sorted(result.results, key=lambda r: order.get(r.issue, 0)):  # by issue, models in order
        table.add_row(esc(r.issue), esc(r.model), number(r.forecast), _verdict(r), str(r.rounds), str(r.ties))
    stdout_console.print(table)
    stdout_console.print(esc(_scale_line(scales)))
    for m, i, why in result.skipped:
        stdout_console.print(f"[dim]{esc(m)} does not run on {esc(i)}: {esc(why)}[/dim]")
    _notes(result)
    _weights(result)
    _rules(result)


def _notes(result: Negotiation) -> None:
    """The one-line explanations the models give (why the EUM median never moved, who blocks NBS)."""
    for r in result.results:
        note = r.details.get("note")
        blocking = (r.details.get("blocking") or {}).get("reason")
        if note:
            stdout_console.print(esc(f"{r.model} on {r.issue}: {note}"))
        if blocking:
            stdout_console.print(esc(f"{r.model} on {r.issue}: no agreement: {blocking}"))


def _weights(result: Negotiation) -> None:
    table = _table("Who weighs: share of capability x salience", "issue", "measure", "largest shares")
    for w in result.weights:
        shares = ", ".join(f"{a} {s:.0%}" for a, s in w.shares[:4] if s > 0)
        table.add_row(esc(w.issue), esc(w.measure), esc(shares or "none"))
    stdout_console.print(table)
    for line in result.warnings():
        stdout_console.print(f"[yellow]warning: {esc(line)}[/yellow]")


def _row_text(f: Mapping[str, Any]) -> str:
    """What the rule says of one forecast, in words."""
    if f.get("acceptable") is None:
        return "no agreement" if f.get("forecast") is None else "no status quo to judge it against"
    if f.get("is_status_quo"):
        return "the status quo"
    if f["acceptable"]:
        return "inside the win-set"
    against = f.get("veto_players") or f.get("opponents") or []
    names = ", ".join(v["actor"] for v in against)
    if f.get("at_edge"):
        return f"at the win-set's edge, agreed ({names} indifferent)"
    return f"outside the win-set, rejected by {names}"


def _rules(result: Negotiation) -> None:
    """Who decides: per voted issue its win-set and what the rule says of each forecast; per coalition
    issue the willing; per option whether it is reachable."""
    report = result.consensus
    if report.issues:
        stdout_console.print("\n[bold]Decided by a vote[/bold]")
    for c in report.issues:
        rule = f"{c.rule.replace('_', ' ')} of {c.group or 'all actors'}"
        if c.status_quo is None:
            state = "no status quo: no win-set"
        elif c.win_set is None:
            state = f"status quo {number(c.status_quo)} holds (its win-set is empty)"
        else:
            state = (
                f"status quo {number(c.status_quo)}, win-set ({number(c.win_set[0])}, {number(c.win_set[1])})"
            )
        pivots = f"; pivotal: {', '.join(c.pivotal)}" if c.pivotal else ""
        stdout_console.print(esc(f"{c.issue}: {rule}; {state}{pivots}"), highlight=False)
        verdicts: dict[str, list[str]] = {}
        for f in c.forecasts:
            verdicts.setdefault(_row_text(f), []).append(str(f["model"]))
        for text, models in verdicts.items():
            stdout_console.print(esc(f"    {text}: {', '.join(models)}"), highlight=False)
    if report.coalitions:
        stdout_console.print(
            "\n[bold]Decided by a coalition of the willing[/bold] (the willing act, the others abstain)"
        )
    for w in report.coalitions:
        line = (
            f"{w.issue}: {w.group or 'all actors'}, status quo {number(w.status_quo)}; willing: "
            f"{', '.join(w.willing) or 'nobody'}; abstaining: {', '.join(w.abstaining) or 'none'}"
        )
        stdout_console.print(esc(line), highlight=False)
    opts = _table("Options", "option", "issue", "level", "rule", "reachable", "why")
    for o in report.options:
        why = o.reason + ("" if not o.willing else f" ({', '.join(o.willing)})")
        reach = {True: "yes", False: "no", None: "unknown"}[o.reachable]
        opts.add_row(
            esc(o.option), esc(o.issue), number(o.level), esc(o.rule.replace("_", " ")), reach, esc(why)
        )
    if report.options:
        stdout_console.print(opts)


def _scale_line(scales: dict[str, dict[str, object]]) -> str:
    """One line: which scale the forecasts are in, issues with the same scale together."""
    groups: dict[tuple[object, object, object], list[str]] = {}
    for issue, v in scales.items():
        groups.setdefault((v["lower"], v["upper"], v["stated"]), []).append(issue)
    parts = [
        f"{', '.join(ids)}: {lo:g}-{hi:g}" + ("" if stated else " (no scale given: the default)")
        for (lo, hi, stated), ids in groups.items()
    ]
    return "Forecasts in the issues' own units. " + "; ".join(parts)
