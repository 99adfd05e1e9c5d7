"""``pactlab ledger``: import tracker files, report fulfilment, enter records by hand, export.

Thin: parses options, calls :mod:`pactlab.ledger`, prints. ``--db URL`` (or ``PACTLAB_DB``) picks
the database; the default is a SQLite file in the user's data directory.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.table import Table

from pactlab.cli._common import err_console, print_json, stdout_console
from pactlab.errors import PactlabError
from pactlab.ledger import (
    FORMATS,
    LedgerReport,
    add_records,
    export_csv,
    import_file,
    ledger_report,
    open_ledger,
)
from pactlab.ledger.api import BY_CHOICES

__all__ = ["app"]

app = typer.Typer(help="The commitments ledger: pledges, deliveries, benchmarks.", no_args_is_help=True)
add_app = typer.Typer(help="Enter a pledge, delivery or benchmark by hand.", no_args_is_help=True)
app.add_typer(add_app, name="add")

DB = typer.Option(
    None,
    "--db",
    help="Database URL or SQLite path (default: PACTLAB_DB, then the user's data directory).",
)


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="The file (or, for pun, its folder) to import."),
    fmt: str = typer.Option(..., "--format", help=f"One of: {', '.join(FORMATS)}."),
    db: str | None = DB,
    json: bool = typer.Option(False, "--json", help="Print the outcome as JSON."),
) -> None:
    """Import FILE in one transaction (all rows or none); the same file twice adds nothing."""
    if fmt not in FORMATS:
        raise PactlabError.at("--format", "", f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    with (
        err_console.status(f"importing {file.name} ({fmt})", spinner="dots"),
        open_ledger(db) as ledger,
    ):
        result = import_file(ledger, file, fmt)
        url = ledger.public_url
    if json:
        print_json({"db": url, **result.__dict__})
        return
    verb = "already imported" if result.status == "unchanged" else "imported"
    err_console.print(
        f"{file}: {verb} as batch {result.batch_id} ({result.rows} rows, "
        f"{result.pledges} pledges, {result.deliveries} deliveries) into {url}"
    )


def _eur(value: float) -> str:
    return f"{value / 1e9:,.3f}"


def _ratio(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.1%}"


def _print_report(report: LedgerReport) -> None:
    table = Table(title=f"Ledger {report.db} (EUR bn)")
    for name in (
        "key",
        "announced",
        "committed",
        "allocated",
        "delivered",
        "fulfilment",
        "by quantity",
    ):
        table.add_column(name, justify="left" if name == "key" else "right")
    for row in (*report.rows, report.totals):
        table.add_row(
            row.key,
            _eur(row.announced_eur),
            _eur(row.committed_eur),
            _eur(row.allocated_eur),
            _eur(row.delivered_eur),
            _ratio(row.fulfilment),
            _ratio(row.fulfilment_quantity),
        )
    stdout_console.print(table)
    if report.empty:
        stdout_console.print("The ledger is empty: fulfilment unknown.")
    stdout_console.print("Benchmarks: " + ", ".join(f"{k} {v}" for k, v in report.benchmarks.items()))


@app.command("report")
def report(
    by: str | None = typer.Option(None, "--by", help="guarantor, instrument or month."),
    db: str | None = DB,
    source: str | None = typer.Option(None, "--source", help="Only one importer's records."),
    json: bool = typer.Option(False, "--json", help="Print JSON only (EUR, not EUR bn)."),
) -> None:
    """Totals by stage and fulfilment, overall and by group."""
    if by is not None and by not in BY_CHOICES:
        raise PactlabError.at("--by", "", f"must be one of {', '.join(BY_CHOICES)}, not {by!r}")
    with open_ledger(db) as ledger:
        result = ledger_report(ledger, by, source=source)
    if json:
        print_json(result.to_dict())
    else:
        _print_report(result)


@app.command("export")
def export(
    db: str | None = DB,
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here, not stdout."),
) -> None:
    """Export the current records in pactlab's plain CSV format (re-importable)."""
    with open_ledger(db) as ledger:
        text = export_csv(ledger)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


@app.command("upgrade")
def upgrade(db: str | None = DB) -> None:
    """Create or upgrade the database schema to the newest migration."""
    with open_ledger(db) as ledger:
        err_console.print(f"{ledger.public_url}: schema up to date")


def _add(row: dict[str, str | None], db: str | None) -> None:
    clean = {k: "" if v is None else str(v) for k, v in row.items()}
    with open_ledger(db) as ledger:
        result = add_records(ledger, [clean], label=f"ledger add {row['record']}")
    err_console.print(f"added {row['record']} in batch {result.batch_id}")


@add_app.command("pledge")
def add_pledge(
    guarantor: str = typer.Option(..., help="Actor id (usa, deu) or country name."),
    stage: str = typer.Option("committed", help="announced, committed or allocated."),
    date: str = typer.Option(..., help="Pledged on, YYYY-MM-DD."),
    instrument: str = typer.Option("", help="Instrument kind id."),
    value: str = typer.Option("", help="Money value."),
    currency: str = typer.Option("EUR", help="ISO 4217 code."),
    quantity: str = typer.Option("", help="Number of items."),
    unit: str = typer.Option("", help="Unit of the quantity."),
    item: str = typer.Option("", help="What is promised."),
    due: str = typer.Option("", help="Promised delivery date, YYYY-MM-DD."),
    source: str = typer.Option("", help="Who reports it."),
    source_url: str = typer.Option("", "--source-url", help="Where."),
    db: str | None = DB,
) -> None:
    """Record a pledge."""
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
    )


@add_app.command("delivery")
def add_delivery(
    guarantor: str = typer.Option(..., help="Actor id or country name."),
    date: str = typer.Option(..., help="Delivered on, YYYY-MM-DD."),
    pledge: int | None = typer.Option(None, "--pledge", help="Id of the pledge it fulfils."),
    instrument: str = typer.Option("", help="Instrument kind id."),
    value: str = typer.Option("", help="Money value."),
    currency: str = typer.Option("EUR", help="ISO 4217 code."),
    quantity: str = typer.Option("", help="Number of items."),
    unit: str = typer.Option("", help="Unit of the quantity."),
    item: str = typer.Option("", help="What was delivered."),
    source: str = typer.Option("", help="Who reports it."),
    source_url: str = typer.Option("", "--source-url", help="Where."),
    db: str | None = DB,
) -> None:
    """Record a delivery."""
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
            "pledge_id": str(pledge) if pledge else "",
        },
        db,
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
) -> None:
    """Record a benchmark and its status."""
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
    )
