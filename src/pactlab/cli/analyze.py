"""``pactlab analyze``: the whole answer in one command, and a one-page brief.

A spinner shows before the engines are imported (about a second of start-up), so the terminal is never
blank. The output folder is checked and a staging folder created inside it before any work starts: an
empty ``-o``, an existing brief without ``--force`` or a folder that cannot be written is refused in one
line at once, not after the analysis; the three files are moved in together at the end (all or nothing),
and a folder this command created is removed again if the run fails.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from pactlab._rng import DEFAULT_SEED
from pactlab.cli._common import err_console, escape_text, escaped, stdout_console
from pactlab.errors import PactlabError, ParameterError

if TYPE_CHECKING:
    from rich.progress import Progress

__all__ = ["analyze_command"]

OUTPUTS = ("results.json", "brief.html", "brief.pdf")


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
    out: str = typer.Option("pactlab-brief", "-o", "--out", help="Folder for the brief."),
    draws: int = typer.Option(20_000, "--draws", help="Monte Carlo draws of the priors."),
    seed: int = typer.Option(
        DEFAULT_SEED, "--seed", help="Seed (a non-negative integer): same seed, same brief."
    ),
    db: str | None = typer.Option(None, "--db", help="Ledger database URL (default: PACTLAB_DB or SQLite)."),
    force: bool = typer.Option(False, "--force", help="Overwrite a brief already in the folder."),
) -> None:
    """Negotiation, consensus, deterrence, durability and the ledger: writes brief.html, brief.pdf and
    results.json, and prints the five-minute summary."""
    with err_console.status("analyze: loading the models…", spinner="dots"):
        when = _timestamp()
        folder = _folder(out, force=force)
        from pactlab.analysis import analyze
        from pactlab.brief import render_html, render_pdf, render_terminal
        from pactlab.brief.assemble import assemble
        from pactlab.scenario import load_scenario

        loaded = load_scenario(scenario)
    with _staging(folder) as staging, _progress() as bar:
        steps = bar.add_task("analysis", total=6)
        draws_task = bar.add_task("deterrence", total=draws, visible=False)

        def step(name: str) -> None:
            bar.update(steps, description=name, advance=1)

        def drawn(done: int, total: int) -> None:
            bar.update(draws_task, completed=done, total=total, visible=True)

        analysis = analyze(loaded, draws=draws, rng=seed, db=db, timestamp=when, on_step=step, on_draws=drawn)
        step("brief")
        brief = assemble(analysis)
        html = render_html(brief)
        step("pdf")
        _render(staging, folder, analysis.to_dict(), html, lambda _html, path: render_pdf(brief, path))
    render_terminal(escaped(brief), stdout_console)
    names = ", ".join(escape_text(folder / name) for name in ("brief.html", "brief.pdf", "results.json"))
    err_console.print(f"wrote {names}")


def _progress() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description:<12}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,  # rich prints an empty line at stop on a log file or pipe
    )


def _folder(out: str, *, force: bool) -> Path:
    """The output folder. Refused: an empty ``-o`` (it would mean the current folder), a file, and a
    folder that already holds a brief (unless ``force``)."""
    if not out.strip():
        raise ParameterError("out", "is empty: name a folder for the brief (e.g. -o pactlab-brief)")
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise PactlabError.at(str(folder), "", "exists and is not a folder")
    existing = [folder / name for name in OUTPUTS if (folder / name).exists()]
    if existing and not force:
        raise PactlabError.at(str(existing[0]), "", "a brief is already there; use --force to overwrite it")
    return folder


@contextmanager
def _staging(folder: Path) -> Iterator[Path]:
    """A staging folder inside ``folder``, made before the analysis: an unwritable folder is refused at
    once. On failure the staging folder goes, and so does ``folder`` if this run created it and it is
    empty."""
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder, prefix=".pactlab-"))
    except OSError as error:
        _remove_if_empty(folder, created)
        raise PactlabError.at(str(folder), "", f"cannot write the brief here: {error.strerror}") from None
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_if_empty(folder, created)
        raise
    shutil.rmtree(staging, ignore_errors=True)


def _remove_if_empty(folder: Path, created: bool) -> None:
    if created and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def _render(staging: Path, folder: Path, results: dict[str, Any], html: str, render_pdf: Any) -> None:
    """Write all three files into ``staging``, then move them into ``folder``: all or nothing."""
    (staging / "results.json").write_text(json.dumps(results, indent=2, allow_nan=False) + "\n")
    (staging / "brief.html").write_text(html, encoding="utf-8")
    pages = render_pdf(html, staging / "brief.pdf")
    if pages != 1:
        raise PactlabError.at(str(folder / "brief.pdf"), "", f"the brief ran to {pages} pages, not one")
    for name in OUTPUTS:
        os.replace(staging / name, folder / name)
