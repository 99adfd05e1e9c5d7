"""``pactlab sensitivity``: how much each input moves each answer, and what would flip the ranking."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from pactlab.cli._common import err_console, escape_text, print_json, stdout_console
from pactlab.errors import ParameterError
from pactlab.scenario import load_scenario

if TYPE_CHECKING:
    from pactlab.sensitivity import SensitivityResult

__all__ = ["sensitivity_command"]


def _ranges(specs: list[str]) -> dict[str, tuple[float, float]]:
    """``NAME=LOW:HIGH`` pairs from ``--range``."""
    out = {}
    for spec in specs:
        name, _, bounds = spec.partition("=")
        lo, _, hi = bounds.partition(":")
        try:
            out[name.strip()] = (float(lo), float(hi))
        except ValueError:
            raise ParameterError("ranges", f"{spec!r} is not NAME=LOW:HIGH") from None
        if not name.strip() or not all(map(math.isfinite, out[name.strip()])):
            raise ParameterError("ranges", f"{spec!r} is not NAME=LOW:HIGH with finite numbers")
    return out


def sensitivity_command(
    scenario: str = typer.Argument(..., help="A catalog id (e.g. vilnius-2023) or a scenario file."),
    method: str = typer.Option(
        "sobol", "--method", help="sobol (S1, ST with 95% intervals) or morris (mu*, sigma)."
    ),
    n: int | None = typer.Option(
        None,
        "--n",
        help="Sobol' base samples (a power of two; default 256) or Morris trajectories (default 32).",
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="An existing Dask scheduler, tcp://host:port (implies --engine dask)."
    ),
    engine: str = typer.Option(
        "process", "--engine", help="serial, process (default) or dask (a LocalCluster)."
    ),
    workers: int | None = typer.Option(
        None, "--workers", help="Worker processes (default: the machine's cores)."
    ),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed: same seed, same numbers on every engine."),
    draws: int = typer.Option(
        10_000, "--draws", help="Monte Carlo draws behind each headline figure and sweep point."
    ),
    inputs: list[str] = typer.Option([], "--input", help="Vary only inputs matching this glob (repeatable)."),
    ranges: list[str] = typer.Option(
        [], "--range", help="NAME=LOW:HIGH: an analyst range for one input (repeatable)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Global sensitivity (SALib: Sobol' or Morris) of each option's P(deterrence), the ranking and
    the alliance's ability to adopt each option."""
    from pactlab.sensitivity import sensitivity

    loaded = load_scenario(scenario)
    parsed = _ranges(ranges)
    # a ParameterError names the library's parameter; the entry point reports it with its flag
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=as_json,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        result = sensitivity(
            loaded,
            method=method,
            n=n,
            draws=draws,
            rng=seed,
            engine=engine,
            workers=workers,
            scheduler=scheduler,
            inputs=inputs or None,
            ranges=parsed,
            progress=advance,
        )
    if as_json:
        print_json(result.to_dict())
        return
    _print(result)


def _print(result: SensitivityResult) -> None:
    stdout_console.print(escape_text(result.summary(), newlines=True), highlight=False, soft_wrap=True)
