"""``pactlab analyze``: the whole answer in one command, and a one-page brief."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pactlab.cli._common import err_console, stdout_console
from pactlab.errors import PactlabError
from pactlab.scenario import load_scenario

__all__ = ["analyze_command"]


def _timestamp() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH (the reproducible-builds convention) fixes the brief's timestamp."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None:
        return None
    try:
        return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise PactlabError.at("SOURCE_DATE_EPOCH", "", f"{raw!r} is not a Unix timestamp") from None


def analyze_command(
    scenario: str = typer.Argument("vilnius-2023", help="A catalog id or a scenario file."),
    out: Path = typer.Option(Path("pactlab-brief"), "-o", "--out", help="Folder for the brief."),
    draws: int = typer.Option(20_000, "--draws", min=2, help="Monte Carlo draws of the priors."),
    seed: int = typer.Option(0, "--seed", min=0, help="Seed: same seed, same brief."),
    db: str | None = typer.Option(None, "--db", help="Ledger database URL (default: PACTLAB_DB or SQLite)."),
) -> None:
    """Negotiation, consensus, deterrence, durability and the ledger: writes brief.html, brief.pdf and
    results.json, and prints the five-minute summary."""
    from pactlab.analysis import analyze
    from pactlab.brief import render_html, render_pdf, render_terminal
    from pactlab.brief.assemble import assemble

    loaded = load_scenario(scenario)
    when = _timestamp()
    if out.exists() and not out.is_dir():
        raise PactlabError.at(str(out), "", "exists and is not a folder")
    with Progress(
        TextColumn("{task.description:<12}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        steps = bar.add_task("analysis", total=6)
        draws_task = bar.add_task("deterrence", total=draws, visible=False)

        def step(name: str) -> None:
            bar.update(steps, description=name, advance=1)

        def drawn(done: int, total: int) -> None:
            bar.update(draws_task, completed=done, total=total, visible=True)

        analysis = analyze(
            loaded, draws=draws, rng=seed, db=db, timestamp=when, on_step=step, on_draws=drawn
        )
        step("brief")
        brief = assemble(analysis)
        html = render_html(brief)
        step("pdf")
        _write(out, analysis.to_dict(), html, lambda _html, path: render_pdf(brief, path))
    render_terminal(brief, stdout_console)
    err_console.print(f"wrote {out / 'brief.html'}, {out / 'brief.pdf'}, {out / 'results.json'}")


def _write(out: Path, results: dict[str, object], html: str, render_pdf: object) -> None:
    """Write all three files into a temporary folder beside ``out``, then move them in: all or nothing."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".pactlab-") as tmp:
        staging = Path(tmp)
        (staging / "results.json").write_text(json.dumps(results, indent=2, allow_nan=False) + "\n")
        (staging / "brief.html").write_text(html, encoding="utf-8")
        pages = render_pdf(html, staging / "brief.pdf")  # type: ignore[operator]
        if pages != 1:
            raise PactlabError.at(str(out / "brief.pdf"), "", f"the brief ran to {pages} pages, not one")
        for name in ("results.json", "brief.html", "brief.pdf"):
            os.replace(staging / name, out / name)
