"""``pactlab validate deter``: out-of-sample skill of the deterrence engine."""

from __future__ import annotations

from pathlib import Path

import typer

from pactlab.cli._common import print_json, stdout_console
from pactlab.errors import PactlabError

__all__ = ["app"]

app = typer.Typer(help="Score models out of sample.", no_args_is_help=True, add_completion=False)


@app.command("deter")
def deter(
    plot: Path = typer.Option(
        Path("reliability-deter.png"), "--plot", help="Where to write the reliability diagram (.png or .svg)."
    ),
    draws: int = typer.Option(256, "--draws", min=2, help="Prior draws per forecast."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of the held-out dyads and draws."),
    data: Path | None = typer.Option(
        None,
        "--data",
        help="The peacesciencer data folder (default: $PACTLAB_SHARED_DATA/conflict/peacesciencer).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Game model vs plain logit vs base rate: fit 1816-1989, score 1990-2014; and 20% of dyads."""
    from pactlab.deter.dyads import load_dyads
    from pactlab.deter.validation import reliability_figure, validate

    if plot.suffix.lower() not in (".png", ".svg"):
        raise PactlabError.at("--plot", str(plot), "the diagram is written as .png or .svg")
    frame, _ = load_dyads(data)  # errors name data_dir: the entry point reports --data
    report = validate(frame, draws=draws, rng=seed)
    reliability_figure(report, plot)
    if as_json:
        print_json({**report.to_dict(), "reliability_diagram": str(plot)})
        return
    stdout_console.print(report.summary(), markup=False, soft_wrap=True)
    stdout_console.print(f"reliability diagram: {plot}", markup=False, soft_wrap=True)
