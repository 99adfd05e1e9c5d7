"""``pactlab backtest``: the negotiation models scored on past decisions against naive baselines."""

from __future__ import annotations

from pathlib import Path

import typer

from pactlab.cli._common import err_console, print_json
from pactlab.errors import Location, PactlabError, ParameterError, Problem

__all__ = ["backtest_command"]

# library parameter -> command-line flag, for errors the library reports by parameter name
_FLAGS = {"models": "--models", "bootstrap": "--bootstrap", "rounds": "--rounds", "rng": "--seed",
          "path": "--plot", "cases": "CASE", "level": "--level", "dead_band": "--dead-band"}  # fmt: skip


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
    try:
        with err_console.status("backtest: running the models on each case", spinner="line"):
            result = bt.backtest(
                refs, models=models, rounds=rounds, bootstrap=bootstrap, record=record, rng=seed
            )
        if plot is not None:
            bt.plot(result, plot)
    except ParameterError as error:
        flag = _FLAGS.get(error.parameter, error.parameter)
        raise PactlabError(Problem(Location("pactlab backtest", flag), error.detail)) from None
    if as_json:
        print_json(result.to_dict())
        return
    typer.echo(result.case_report())
    typer.echo("")
    typer.echo(result.summary())
    if plot is not None:
        err_console.print(f"plot written to {plot}")
