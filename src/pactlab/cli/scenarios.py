"""``pactlab scenarios``: list, show, validate and describe the scenario format."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from pactlab.cli._common import err_console, print_json, stdout_console
from pactlab.errors import escape_controls
from pactlab.scenario import Scenario, catalog, load_scenario
from pactlab.scenario.io import dump_data

app = typer.Typer(help="Built-in and user scenarios.", no_args_is_help=True)

SCENARIO_ARG = typer.Argument(..., help="A catalog id (e.g. vilnius-2023) or a YAML, JSON or CSV file.")


@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="Print JSON only.")) -> None:
    """List the built-in scenarios."""
    rows = [{"id": sid, "title": load_scenario(sid).metadata.title} for sid in catalog.ids()]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "title", title="Built-in scenarios")
    for row in rows:
        table.add_row(row["id"], row["title"])
    stdout_console.print(table)


@app.command()
def show(
    scenario: str = SCENARIO_ARG,
    as_json: bool = typer.Option(False, "--json", help="Print the full scenario as JSON only."),
) -> None:
    """Show a scenario: actors, issues, instruments, options, milestones."""
    loaded = load_scenario(scenario)
    if as_json:
        print_json(dump_data(loaded))  # loadable again as a scenario file
        return
    _print_summary(loaded)


def _print_summary(s: Scenario) -> None:
    meta = s.metadata
    as_of = "date not given" if meta.as_of is None else f"as of {meta.as_of}"
    stdout_console.print(f"[bold]{meta.title}[/bold]  ({meta.id}, {as_of})")
    if meta.description:
        stdout_console.print(meta.description)
    actors = Table("actor", "name", "kind", "groups", "capability", title=f"{len(s.actors)} actors")
    for a in s.actors:
        cap = "" if a.capability is None else f"{a.capability.value:g} {a.capability.measure}".strip()
        actors.add_row(a.id, a.name, a.kind, ", ".join(a.groups), cap)
    stdout_console.print(actors)
    issues = Table("issue", "title", "scale", "status quo", "rule", "positions", title="Issues")
    for i in s.issues:
        scale = f"{i.scale.lower:g}-{i.scale.upper:g} {i.scale.unit}".strip()
        sq = "" if i.status_quo is None else f"{i.status_quo:g}"
        rule = f"{i.decision.rule.value} ({i.decision.group or 'all'})"
        issues.add_row(i.id, i.title, scale, sq, rule, str(len(i.positions)))
    stdout_console.print(issues)
    if s.options:
        options = Table("option", "title", "instruments", "guarantors", "adopted at", title="Options")
        for o in s.options:
            adopted = "" if o.adoption is None else f"{o.adoption.issue} = {o.adoption.level:g}"
            options.add_row(o.id, o.title, ", ".join(o.instruments), ", ".join(o.guarantors), adopted)
        stdout_console.print(options)
    if s.milestones:
        stdout_console.print(f"{len(s.milestones)} milestones: " + ", ".join(m.id for m in s.milestones))
    stdout_console.print(f"digest {s.digest}")


@app.command()
def validate(scenario: str = SCENARIO_ARG) -> None:
    """Validate a scenario: exit 0 when valid; exit 2 with every problem located."""
    from pactlab.checks import check_scenario

    loaded = load_scenario(scenario)
    check_scenario(loaded)  # what each engine needs of the scenario (pactlab.checks.CHECKERS)
    n_cells = sum(len(i.positions) for i in loaded.issues)
    err_console.print(  # one line, as the user typed the name: no markup, no wrapping, controls escaped
        f"{escape_controls(scenario)}: valid ({len(loaded.actors)} actors, {len(loaded.issues)} issues, "
        f"{n_cells} positions, {len(loaded.options)} options)",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format."""
    typer.echo(json.dumps(Scenario.model_json_schema(), indent=2))
