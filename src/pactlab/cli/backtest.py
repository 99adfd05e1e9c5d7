"""``pactlab backtest``: the negotiation models scored on past decisions against naive baselines."""

from __future__ import annotations

from pathlib import Path

import typer

from pactlab.cli._boundary import parameter_flags
from pactlab.cli._common import err_console, print_json

__all__ = ["backtest_command"]


@parameter_flags(path="--plot")
def backtest_command(
    cases: list[str] = typer.Argument(
        ..., help="Built-in case ids (see 'all'), or case files; 'all' runs the whole built-in corpus."
    ),
    models: str = typer.Option("all", "--models", help="Negotiation models: all, or a comma list."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed of ties and bootstrap: same seed, same numbers."),
    bootstrap: int = typer.Option(2000, "--bootstrap", help="Bootstrap resamples of the issues."),
    rounds: int = typer.Option(10, "--rounds", min=0, help="Rounds of the dynamic models (eum, exchange)."),
    plot: Path | None = typer.Option(None, "--plot", help="Also write the plot to this .png or .svg file."),
    record: bool = typer.Option(
        True, "--record/--no-record", help="Record a case's first run (its run log) when it has none."
    ),
) -> None:
    """Score every negotiation model on past decisions: error, direction, skill against baselines."""
    from pactlab import backtest as bt

    refs: list[str] | str = "corpus" if cases == ["all"] else cases
    # library errors name parameters; the entry point reports them with this command's flags
    with err_console.status("backtest: running the models on each case", spinner="line"):
        result = bt.backtest(refs, models=models, rounds=rounds, bootstrap=bootstrap, record=record, rng=seed)
    if plot is not None:
        bt.plot(result, plot)
    if as_json:
        print_json(result.to_dict())
        return
    typer.echo(result.case_report())
    typer.echo("")
    typer.echo(result.summary())
    if plot is not None:
        err_console.print(f"plot written to {plot}")
