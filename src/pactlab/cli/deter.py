"""``pactlab deter``: does each guarantee option deter, at what risk of escalation, and will it
last."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pactlab.cli._common import err_console, print_json, stdout_console
from pactlab.scenario import load_scenario

if TYPE_CHECKING:  # the engine loads only when the command runs
    from pactlab.deter.report import OptionRisk, RiskReport

__all__ = ["deter"]


def deter(
    scenario: str = typer.Argument(..., help="A catalog id (e.g. vilnius-2023) or a scenario file."),
    option: str | None = typer.Option(None, "--option", help="Assess only this option id."),
    draws: int = typer.Option(
        20_000, "--draws", help="Monte Carlo draws (at least 1000 for stable intervals; fewer are flagged)."
    ),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed: same seed, same numbers."),
    profile: str | None = typer.Option(
        None, "--profile", help="A shipped parameter profile, e.g. revisionist-challenger."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Deterrence, escalation risk and durability of each guarantee option (Monte Carlo)."""
    from pactlab.deter.scenarios import assess_scenario

    loaded = load_scenario(scenario)
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

        # a ParameterError names the library's parameter; the entry point reports it with its flag
        report = assess_scenario(
            loaded,
            option=option,
            profile_name=profile,
            draws=draws,
            rng=seed,
            progress=advance,
        )
    if as_json:
        print_json(report.to_dict())
        return
    _print(report)


def _cell(risk: OptionRisk, key: str) -> str:
    lo, hi = risk.intervals[key]["spread90"]
    return f"{risk.median(key):.2f} [{lo:.2f}-{hi:.2f}]"


def _print(report: RiskReport) -> None:
    title = (
        f"{escape(str(report.scenario))}: {report.draws} draws, seed {report.seed} "
        "(median [90% interval] over the draws)"
    )
    cols = ["option", "P(deter)", "P(clash)"]
    if report.durability_applies:
        cols += ["S(5)"]
    table = Table(*cols, "moved most (vs baseline)", title=title)
    for risk in (report.baseline, *report.options):
        moved = [d for d in risk.drivers if d.shift is not None]
        top = f"{moved[0].parameter} {moved[0].shift:+.2f}" if moved else ""
        row = [escape(risk.option), _cell(risk, "p_deterrence"), _cell(risk, "p_direct_clash")]
        if report.durability_applies:
            row.append(_cell(risk, "s5"))
        table.add_row(*row, escape(top))
    stdout_console.print(table)
    names = [report.baseline.option, *(o.option for o in report.options)]
    beats = Table("P(row deters more than column)", *[f"({k})" for k in range(len(names))])
    for k, a in enumerate(names):
        cells = ["-" if a == b else f"{report.beats[a][b]:.2f}" for b in names]
        beats.add_row(f"({k}) {escape(a)}", *cells)
    stdout_console.print(beats)
    kinds = report.parameter_kinds
    fitted = sorted(k for k, v in kinds.items() if v == "fitted")
    analyst = sorted(k for k, v in kinds.items() if v == "analyst")
    stdout_console.print(f"fitted to the conflict record: {escape(', '.join(fitted) or 'none')}")
    stdout_console.print(
        f"analyst estimates: {escape(', '.join(analyst) or 'none')}; "
        "every other parameter is a documented prior"
    )
    for note in report.warnings:
        stdout_console.print(f"note: {escape(note)}")
