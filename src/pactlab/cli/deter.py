"""``pactlab deter``: does each guarantee option deter, at what risk of escalation, and will it
last."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pactlab.cli._common import err_console, print_json, stdout_console
from pactlab.errors import PactlabError
from pactlab.scenario import load_scenario

if TYPE_CHECKING:  # the engine (scipy.stats) loads only when the command runs
    from pactlab.deter.report import RiskReport

__all__ = ["deter"]


def deter(
    scenario: str = typer.Argument(..., help="A catalog id (e.g. vilnius-2023) or a scenario file."),
    option: str | None = typer.Option(None, "--option", help="Assess only this option id."),
    draws: int = typer.Option(20_000, "--draws", min=2, help="Monte Carlo draws of the priors."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed: same seed, same numbers."),
    profile: str | None = typer.Option(
        None, "--profile", help="A shipped parameter profile, e.g. revisionist-challenger."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Deterrence, escalation risk and durability of each guarantee option (Monte Carlo)."""
    from pactlab.deter.mapping import resolve_parameters
    from pactlab.deter.report import assess_scenario

    loaded = load_scenario(scenario)
    overrides = getattr(loaded.deterrence, "parameters", ())
    resolve_parameters(overrides, file=scenario)  # located errors before any work starts
    if draws < 2:
        raise PactlabError.at("--draws", "", "needs at least 2 draws")
    with Progress(
        TextColumn("deter"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=draws < 100_000,
    ) as bar:
        task = bar.add_task("chunks", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        report = assess_scenario(
            loaded, option=option, profile_name=profile, draws=draws, rng=seed, progress=advance
        )
    if as_json:
        print_json(report.to_dict())
        return
    _print(report)


def _print(report: RiskReport) -> None:
    title = f"{report.scenario}: {report.draws} draws, seed {report.seed}"
    table = Table(
        "option",
        "P(deter)",
        "P(limited)",
        "P(clash)",
        "S(1)",
        "S(5)",
        "S(10)",
        "moved most (vs baseline)",
        title=title,
    )
    for risk in (report.baseline, *report.options):
        moved = [d for d in risk.drivers if d.shift is not None]
        top = f"{moved[0].parameter} {moved[0].shift:+.2f}" if moved else ""
        table.add_row(
            risk.option,
            f"{risk.p_deterrence:.3f}",
            f"{risk.p_limited_conflict:.3f}",
            f"{risk.p_direct_clash:.4f}",
            f"{risk.durability['s1']:.2f}",
            f"{risk.durability['s5']:.2f}",
            f"{risk.durability['s10']:.2f}",
            top,
        )
    stdout_console.print(table)
