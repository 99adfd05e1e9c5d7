"""The ledger's library functions: import, report, credibility, hand entry, export."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from pactlab.errors import PactlabError
from pactlab.ledger import repository as repo
from pactlab.ledger.db import Ledger, open_ledger
from pactlab.ledger.importers import parse_file
from pactlab.ledger.importers.base import ParsedFile
from pactlab.ledger.importers.plain import COLUMNS, parse_text
from pactlab.ledger.metrics import (
    DEFAULT_BASE_RATE,
    DEFAULT_MAX_WEIGHT,
    DEFAULT_PRIOR_WEIGHT,
    LedgerReport,
    build_report,
    credibility_from_rows,
)
from pactlab.results import Provenance

__all__ = ["add_records", "credibility_adjustments", "export_csv", "import_file", "ledger_report"]

BY_CHOICES = ("guarantor", "instrument", "month")


def import_file(ledger: Ledger, path: str | Path, fmt: str) -> repo.ImportResult:
    """Import ``path`` in format ``fmt`` in one transaction; the same file twice changes nothing."""
    parsed = parse_file(path, fmt)
    return ledger.write(lambda session: repo.write_parsed(session, parsed))


@contextmanager
def _opened(target: Ledger | str | None) -> Iterator[Ledger]:
    if isinstance(target, Ledger):
        yield target
    else:
        with open_ledger(target) as ledger:
            yield ledger


def ledger_report(
    ledger: Ledger | str | None,
    by: str | None = None,
    *,
    source: str | None = None,
    on: dt.date | None = None,
) -> LedgerReport:
    """EUR totals by stage, fulfilment, delays, overdue pledges and benchmarks, by group.

    ``ledger`` is an open :class:`Ledger` or a database URL (``None``: ``PACTLAB_DB`` or the default).
    ``by`` is ``guarantor``, ``instrument``, ``month`` or ``None`` (totals only); ``source`` limits
    the sums to one importer's records (``kiel``, ``sipri``, ...). Works on an empty ledger (all
    unknown). The report's provenance lists the current batches (file, release, digest).
    """
    if by is not None and by not in BY_CHOICES:
        raise PactlabError.at("--by", "", f"must be one of {', '.join(BY_CHOICES)}, not {by!r}")
    group = by or "total"
    with _opened(ledger) as opened, opened.reading() as session:
        totals = repo.aggregate(session, "total", source=source)
        groups = repo.aggregate(session, group, source=source) if by else []
        delays = repo.delay_rows(session, group, source=source)
        due = repo.overdue_rows(session, group, source=source)
        statuses = [r[2] for r in repo.benchmark_rows(session)]
        batches = [_batch(b) for b in repo.list_batches(session) if b.superseded_by is None]
        url = opened.public_url
    report = build_report(
        url, group, totals, groups, delays, due, statuses, on=on or dt.datetime.now(dt.UTC).date()
    )
    batches = [b for b in batches if source is None or b["source"] == source]
    provenance = Provenance(
        model="ledger.report", parameters={"by": by, "source": source, "batches": batches}
    )
    return replace(report, provenance=provenance)


def _batch(batch: Any) -> dict[str, Any]:
    return {
        "source": batch.source,
        "release": batch.release,
        "file": batch.file_name,
        "digest": batch.digest,
        "rows": batch.row_count,
        "imported_at": batch.imported_at.isoformat(),
    }


def credibility_adjustments(
    ledger: Ledger | str | None,
    *,
    base_rate: float = DEFAULT_BASE_RATE,
    prior_weight: float = DEFAULT_PRIOR_WEIGHT,
    max_weight: float = DEFAULT_MAX_WEIGHT,
    source: str | None = None,
) -> dict[str, float]:
    """Per-guarantor log-odds credibility shift ``actor_id -> delta`` (see :mod:`.metrics`)."""
    report = ledger_report(ledger, "guarantor", source=source)
    return credibility_from_rows(
        report.rows, base_rate=base_rate, prior_weight=prior_weight, max_weight=max_weight
    )


def add_records(
    ledger: Ledger, rows: list[dict[str, str]], *, label: str = "ledger add"
) -> repo.ImportResult:
    """Enter records by hand: ``rows`` use the plain CSV format's columns; validated like a file."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in COLUMNS})
    stamp = dt.datetime.now(dt.UTC).isoformat()
    parsed: ParsedFile = parse_text(buffer.getvalue(), label=label, digest="", file_name=label)
    parsed.source = "manual"
    parsed.digest = hashlib.sha256((stamp + json.dumps(rows, sort_keys=True)).encode()).hexdigest()
    parsed.stream = f"manual:{parsed.digest}"
    parsed.file_name = label
    links = [row.get("pledge_id") for row in rows if row.get("record") == "delivery"]
    for delivery, pledge_id in zip(parsed.deliveries, links, strict=True):
        if pledge_id:
            delivery["pledge_id"] = int(pledge_id)
    try:
        return ledger.write(lambda session: repo.write_parsed(session, parsed))
    except IntegrityError as error:
        reason = str(error.orig).strip().splitlines()[0]
        raise PactlabError.at(label, "pledge", f"refers to a record that does not exist ({reason})") from None


def export_csv(ledger: Ledger) -> str:
    """The current records in the plain CSV format (re-importable with ``--format csv``)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    with ledger.reading() as session:
        for row in repo.export_rows(session):
            writer.writerow({c: _cell(row.get(c)) for c in COLUMNS})
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)
