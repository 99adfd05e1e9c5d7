"""``pactlab calibrate``: refit the deterrence calibration from the conflict record."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pactlab.cli._common import err_console, print_json, stdout_console

__all__ = ["calibrate"]


def calibrate(
    bootstrap: int = typer.Option(
        0, "--bootstrap", min=0, help="Dyad-clustered bootstrap refits for standard errors."
    ),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the bootstrap."),
    data: Path | None = typer.Option(
        None,
        "--data",
        help="The peacesciencer data folder (default: $PACTLAB_SHARED_DATA/conflict/peacesciencer).",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        help="Write the calibration file here (the package's is src/pactlab/deter/data/calibration.json).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Fit the crisis game to the conflict record (maximum likelihood, standard errors)."""
    from pactlab.deter.calibration import fit_calibration, save_calibration
    from pactlab.deter.dyads import load_dyads

    frame, info = load_dyads(data)  # errors name data_dir: the entry point reports --data
    with Progress(
        TextColumn("bootstrap"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=bootstrap == 0,
    ) as bar:
        task = bar.add_task("refits", total=bootstrap or None)
        cal = fit_calibration(
            frame,
            info,
            bootstrap=bootstrap,
            rng=seed,
            progress=lambda done, total: bar.update(task, completed=done),
        )
    if output is not None:
        save_calibration(cal, output)
    if as_json:
        print_json(cal.to_dict())
        return
    stdout_console.print(cal.summary(), markup=False, soft_wrap=True)
    if output is not None:
        stdout_console.print(f"wrote {output}", markup=False, soft_wrap=True)
