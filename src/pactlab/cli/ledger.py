"""``pactlab ledger``: import tracker files, report fulfilment, enter records by hand, export.

Thin: parses options, calls :mod:`pactlab.ledger` (imported when a command runs, so that ``pactlab
--help`` never pays for the database libraries), prints. The library checks every value; its errors
name parameters (``by``, ``url``), which the entry point reports with this command line's flags. ``--db URL``
(or ``PACTLAB_DB``) picks the database; the default is a SQLite file in the user's data directory.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from rich.table import Table

from pactlab.cli._common import err_console, print_json, stdout_console
from pactlab.errors import PactlabError

if TYPE_CHECKING:
    from pactlab.ledger import LedgerReport

__all__ = ["app"]

app = typer.Typer(help="The commitments ledger: pledges, deliveries, benchmarks.")
add_app = typer.Typer(help="Enter a pledge, delivery or benchmark by hand (prints its id).")
app.add_typer(add_app, name="add")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _help_without_command(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


app.callback(invoke_without_command=True)(_help_without_command)
add_app.callback(invoke_without_command=True)(_help_without_command)


def _safe(text: object) -> str:
    """User-supplied text for the terminal: rich markup escaped, control characters replaced."""
    return escape(_CONTROL.sub("\N{REPLACEMENT CHARACTER}", str(text)))


def _date(text: str | None, flag: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PactlabError.at(flag, "", f"not a date (YYYY-MM-DD): {text!r}") from None


DB = typer.Option(
    None, "--db", help="Database URL or SQLite path (default: PACTLAB_DB, then the user's data directory)."
)


@app.command("import")
def import_(
    file: str = typer.Argument(..., help="The file (for pun, its folder; - for standard input)."),
    fmt: str = typer.Option(..., "--format", help="One of: kiel, kiel-activities, sipri, pun, csv."),
    db: str | None = DB,
    dataset: str | None = typer.Option(None, "--dataset", help="csv: the dataset this file is a release of."),
    release: str | None = typer.Option(None, "--release", help="Release label (a number or YYYY-MM-DD)."),
    published: str | None = typer.Option(None, "--published", help="Publication date, YYYY-MM-DD."),
    decimal_comma: bool = typer.Option(False, "--decimal-comma", help="csv: numbers written 1.234,56."),
    json: bool = typer.Option(False, "--json", help="Print the outcome as JSON."),
) -> None:
    """Import FILE in one transaction (all rows or none); the same content twice adds nothing."""
    from pactlab.ledger.intake import import_file  # light: the file is checked before the rest loads

    published_on = _date(published, "--published")
    status = err_console.status(f"importing {_safe(Path(file).name)} ({_safe(fmt)})", spinner="dots")
    with status:
        result = import_file(
            db,
            file,
            fmt,
            dataset=dataset,
            release=release,
            published_on=published_on,
            decimal_comma=decimal_comma,
        )
    from pactlab.ledger.db import public_url, resolve_url

    url = public_url(resolve_url(db))
    if json:
        print_json({"db": url, **result.to_dict()})
        return
    verb = "already imported" if result.status == "unchanged" else "imported"
    err_console.print(
        f"{_safe(file)}: {verb} as batch {result.batch_id} ({result.rows} rows, "
        f"{result.pledges} pledges, {result.deliveries} deliveries) into {_safe(url)}"
    )
    for note in result.notes:
        err_console.print(f"  {_safe(note)}")


def _eur(value: float) -> str:
    return f"{value / 1e9:,.3f}"


def _ratio(value: float | None, note: str | None) -> str:
    if value is None:
        return "undefined" if note else "unknown"
    return f"{value:.1%}" + ("*" if note else "")


def _print_report(report: LedgerReport) -> None:
    cut = f", as of {report.as_of}" if report.as_of else ""
    table = Table(title=f"Ledger {_safe(report.db)} (EUR bn{cut})")
    for name in ("key", "announced", "committed", "allocated", "delivered", "fulfilment", "by quantity"):
        table.add_column(name, justify="left" if name == "key" else "right")
    flagged: list[str] = []
    for row in (*report.rows, report.totals):
        table.add_row(
            _safe(row.key),
            _eur(row.announced_eur),
            _eur(row.committed_eur),
            _eur(row.allocated_eur),
            _eur(row.delivered_eur),
            _ratio(row.fulfilment, row.fulfilment_note),
            _ratio(row.fulfilment_quantity, row.fulfilment_quantity_note),
        )
        if row.fulfilment_note and row.records:
            flagged.append(f"{row.key}: {row.fulfilment_note}")
    stdout_console.print(table)
    if report.empty:
        stdout_console.print("The ledger is empty: fulfilment unknown.")
    for line in flagged:
        stdout_console.print(f"* {_safe(line)}")
    for note in report.notes:
        stdout_console.print(f"Note: {_safe(note)}")
    for batch in report.batches:
        release = f" release {batch['release']}" if batch.get("release") else ""
        published = f", published {batch['published_on']}" if batch.get("published_on") else ""
        stdout_console.print(
            f"Read: {_safe(batch['source'])}{_safe(release)}{_safe(published)} ({_safe(batch['file'])})"
        )
    stdout_console.print("Benchmarks: " + ", ".join(f"{k} {v}" for k, v in report.benchmarks.items()))


@app.command("report")
def report(
    by: str | None = typer.Option(None, "--by", help="guarantor, instrument or month."),
    db: str | None = DB,
    source: str | None = typer.Option(None, "--source", help="Only one importer's records."),
    as_of: str | None = typer.Option(None, "--as-of", help="Cut at this date (YYYY-MM-DD): no hindsight."),
    releases: str = typer.Option("nearest", "--releases", help="With --as-of: nearest or published."),
    json: bool = typer.Option(False, "--json", help="Print JSON only (EUR, not EUR bn)."),
) -> None:
    """Totals by stage and fulfilment, overall and by group."""
    from pactlab.ledger import ledger_report, open_ledger

    cut = _date(as_of, "--as-of")
    with open_ledger(db) as ledger:
        result = ledger_report(ledger, by, source=source, as_of=cut, releases=releases)
    if json:
        print_json(result.to_dict())
    else:
        _print_report(result)


@app.command("export")
def export(
    db: str | None = DB,
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here, not stdout."),
) -> None:
    """Export the current records as plain CSV (re-importable; spreadsheet formulas neutralised)."""
    from pactlab.ledger import export_csv, open_ledger

    with open_ledger(db) as ledger:
        text = export_csv(ledger)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


@app.command("batches")
def batches(db: str | None = DB, json: bool = typer.Option(False, "--json", help="Print JSON only.")) -> None:
    """Every import batch, history included, and what superseded it."""
    from pactlab.ledger import open_ledger

    with open_ledger(db) as ledger:
        rows = ledger.batches()
    if json:
        print_json([{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in r.items()} for r in rows])
        return
    table = Table(title="Import batches")
    for name in ("id", "source", "release", "published", "file", "rows", "imported", "superseded by"):
        table.add_column(name)
    for r in rows:
        table.add_row(
            str(r["id"]),
            _safe(r["source"]),
            _safe(r["release"] or ""),
            str(r["published_on"] or ""),
            _safe(r["file"]),
            str(r["rows"]),
            f"{r['imported_at']:%Y-%m-%d %H:%M}",
            str(r["superseded_by"] or "current"),
        )
    stdout_console.print(table)


@app.command("upgrade")
def upgrade(db: str | None = DB) -> None:
    """Create or upgrade the database schema to the newest migration."""
    from pactlab.ledger import open_ledger

    with open_ledger(db) as ledger:
        err_console.print(f"{_safe(ledger.public_url)}: schema up to date")


def _add(row: dict[str, Any], db: str | None, json: bool) -> None:
    from pactlab.ledger import add_records, open_ledger

    record = row["record"]
    clean = {k: "" if v is None else str(v) for k, v in row.items()}
    with open_ledger(db) as ledger:
        result = add_records(ledger, [clean], label=f"ledger add {record}")
    ids = {"pledge": result.pledge_ids, "delivery": result.delivery_ids, "benchmark": result.benchmark_ids}
    new_id = ids[record][0]
    if json:
        print_json({"record": record, "id": new_id, "batch_id": result.batch_id})
        return
    hint = f" (link deliveries with --pledge {new_id})" if record == "pledge" else ""
    stdout_console.print(f"added {record} {new_id} in batch {result.batch_id}{hint}")


JSON = typer.Option(False, "--json", help="Print the new record's id as JSON.")


@add_app.command("pledge")
def add_pledge(
    guarantor: str = typer.Option(..., help="Actor id (usa, deu) or country name."),
    stage: str = typer.Option("committed", help="announced, committed or allocated."),
    date: str = typer.Option(..., help="Pledged on, YYYY-MM-DD."),
    instrument: str = typer.Option("", help="Instrument kind id."),
    value: str = typer.Option("", help="Money value, written plainly (1234.5)."),
    currency: str = typer.Option("EUR", help="ISO 4217 code; converted to EUR at the ECB rate of the date."),
    quantity: str = typer.Option("", help="Number of items."),
    unit: str = typer.Option("", help="Unit of the quantity."),
    item: str = typer.Option("", help="What is promised."),
    due: str = typer.Option("", help="Promised delivery date, YYYY-MM-DD."),
    source: str = typer.Option("", help="Who reports it."),
    source_url: str = typer.Option("", "--source-url", help="Where."),
    db: str | None = DB,
    json: bool = JSON,
) -> None:
    """Record a pledge and print its id."""
    _add(
        {
            "record": "pledge",
            "guarantor": guarantor,
            "stage": stage,
            "date": date,
            "instrument": instrument,
            "value": value,
            "currency": currency if value else "",
            "quantity": quantity,
            "unit": unit,
            "item": item,
            "due": due,
            "source": source,
            "source_url": source_url,
        },
        db,
        json,
    )


@add_app.command("delivery")
def add_delivery(
    guarantor: str = typer.Option(..., help="Actor id or country name."),
    date: str = typer.Option(..., help="Delivered on, YYYY-MM-DD."),
    pledge: str | None = typer.Option(
        None, "--pledge", help="Id of the pledge it fulfils (printed by add pledge)."
    ),
    instrument: str = typer.Option("", help="Instrument kind id."),
    value: str = typer.Option("", help="Money value, written plainly (1234.5)."),
    currency: str = typer.Option("EUR", help="ISO 4217 code."),
    quantity: str = typer.Option("", help="Number of items."),
    unit: str = typer.Option("", help="Unit of the quantity."),
    item: str = typer.Option("", help="What was delivered."),
    source: str = typer.Option("", help="Who reports it."),
    source_url: str = typer.Option("", "--source-url", help="Where."),
    db: str | None = DB,
    json: bool = JSON,
) -> None:
    """Record a delivery and print its id."""
    _add(
        {
            "record": "delivery",
            "guarantor": guarantor,
            "date": date,
            "instrument": instrument,
            "value": value,
            "currency": currency if value else "",
            "quantity": quantity,
            "unit": unit,
            "item": item,
            "source": source,
            "source_url": source_url,
            "pledge_id": pledge,
        },
        db,
        json,
    )


@add_app.command("benchmark")
def add_benchmark(
    criterion: str = typer.Option(..., help="The verifiable criterion."),
    status: str = typer.Option("unknown", help="met, not_met or unknown."),
    evidence: str = typer.Option("", help="The evidence seen."),
    date: str = typer.Option("", help="Checked on, YYYY-MM-DD."),
    guarantor: str = typer.Option("", help="Actor id, if it concerns one guarantor."),
    instrument: str = typer.Option("", help="Instrument kind id."),
    db: str | None = DB,
    json: bool = JSON,
) -> None:
    """Record a benchmark and its status; print its id."""
    _add(
        {
            "record": "benchmark",
            "criterion": criterion,
            "status": status,
            "evidence": evidence,
            "date": date,
            "guarantor": guarantor,
            "instrument": instrument,
        },
        db,
        json,
    )
