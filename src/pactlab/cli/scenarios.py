"""``pactlab scenarios``: list, show, validate and describe the scenario format.

Every string from a scenario file is printed through :func:`~pactlab.cli._common.escape_text`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

import pactlab
from pactlab.cli._common import err_console, escape_text, number, print_json, stdout_console

if TYPE_CHECKING:  # pactlab.scenario (NumPy, pydantic models) loads when show, validate or schema runs
    from pactlab.scenario import Scenario

app = typer.Typer(help="Built-in and user scenarios.", no_args_is_help=True)

SCENARIO_ARG = typer.Argument(..., help="A catalog id (e.g. vilnius-2023) or a YAML, JSON or CSV file.")


def _catalog_files() -> dict[str, Path]:
    """The built-in scenario files, sorted by id, found beside the package without importing
    ``pactlab.scenario`` (``tests/cli/test_startup.py`` checks they are ``catalog.ids()``)."""
    root = Path(pactlab.__file__).parent / "scenario" / "catalog"
    found = {p.name.rsplit(".", 1)[0]: p for p in root.iterdir() if p.name.endswith((".yaml", ".yml"))}
    return dict(sorted(found.items()))


def _catalog_titles() -> list[dict[str, str]]:
    """Id and title of each built-in scenario, read with libyaml where present (fast start-up).

    The catalog files are validated in full by their own tests and by ``scenarios show``/``validate``;
    listing them needs only the title (``tests/cli/test_startup.py`` checks it matches the loaded one).
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    rows = []
    for sid, path in _catalog_files().items():
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        rows.append({"id": sid, "title": str(data["metadata"]["title"])})
    return rows


@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="Print JSON only.")) -> None:
    """List the built-in scenarios."""
    rows = _catalog_titles()
    if as_json:
        print_json(rows)
        return
    table = Table("id", "title", title="Built-in scenarios")
    for row in rows:
        table.add_row(escape_text(row["id"]), escape_text(row["title"]))
    stdout_console.print(table)


@app.command()
def show(
    scenario: str = SCENARIO_ARG,
    as_json: bool = typer.Option(False, "--json", help="Print the full scenario as JSON only."),
) -> None:
    """Show a scenario: actors, issues, instruments, options, milestones."""
    from pactlab.scenario import load_scenario
    from pactlab.scenario.io import dump_data

    loaded = load_scenario(scenario)
    if as_json:
        print_json(dump_data(loaded))  # loadable again as a scenario file
        return
    _print_summary(loaded)


def _print_summary(s: Scenario) -> None:
    e = escape_text
    meta = s.metadata
    as_of = "date not given" if meta.as_of is None else f"as of {meta.as_of}"
    stdout_console.print(f"[bold]{e(meta.title)}[/bold]  ({e(meta.id)}, {as_of})")
    if meta.description:
        stdout_console.print(e(meta.description, newlines=True))
    actors = Table("actor", "name", "kind", "groups", "capability", title=f"{len(s.actors)} actors")
    for a in s.actors:
        cap = "" if a.capability is None else number(a.capability.value, unit=a.capability.measure or "")
        actors.add_row(e(a.id), e(a.name), e(a.kind), e(", ".join(a.groups)), e(cap))
    stdout_console.print(actors)
    issues = Table("issue", "title", "scale", "status quo", "rule", "positions", title="Issues")
    for i in s.issues:
        scale = f"{number(i.scale.lower)}-{number(i.scale.upper)} {i.scale.unit}".strip()
        sq = "" if i.status_quo is None else number(i.status_quo)
        rule = f"{i.decision.rule.value} ({i.decision.group or 'all'})"
        issues.add_row(e(i.id), e(i.title), e(scale), sq, e(rule), str(len(i.positions)))
    stdout_console.print(issues)
    if s.options:
        options = Table("option", "title", "instruments", "guarantors", "adopted at", title="Options")
        for o in s.options:
            adopted = "" if o.adoption is None else f"{o.adoption.issue} = {number(o.adoption.level)}"
            options.add_row(
                e(o.id), e(o.title), e(", ".join(o.instruments)), e(", ".join(o.guarantors)), e(adopted)
            )
        stdout_console.print(options)
    if s.milestones:
        ids = e(", ".join(m.id for m in s.milestones))
        stdout_console.print(f"{len(s.milestones)} milestones: {ids}")
    stdout_console.print(f"digest {s.digest}")


@app.command()
def validate(scenario: str = SCENARIO_ARG) -> None:
    """Validate a scenario: exit 0 when valid; exit 2 with every problem located."""
    from pactlab.checks import check_scenario
    from pactlab.scenario import load_scenario

    loaded = load_scenario(scenario)
    check_scenario(loaded)  # what each engine needs of the scenario (pactlab.checks.CHECKERS)
    n_cells = sum(len(i.positions) for i in loaded.issues)
    err_console.print(  # one line, as the user typed the name: no markup, no wrapping, controls escaped
        f"{escape_text(scenario)}: valid ({len(loaded.actors)} actors, {len(loaded.issues)} issues, "
        f"{n_cells} positions, {len(loaded.options)} options)",
        highlight=False,
        soft_wrap=True,
    )


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario format."""
    from pactlab.scenario import Scenario

    typer.echo(json.dumps(Scenario.model_json_schema(), indent=2))
