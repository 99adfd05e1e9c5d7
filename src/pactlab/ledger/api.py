"""The ledger's library functions: import, report, credibility, hand entry, export.

Errors name the functions' parameters (``by``, ``format``, ``as_of``, ``url``); the command line
maps them to its flags.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from pactlab.errors import PactlabError, ParameterError
from pactlab.ledger import queries as q
from pactlab.ledger import repository as repo
from pactlab.ledger.db import Database, open_database
from pactlab.ledger.importers.base import MAX_EUR, ParsedFile
from pactlab.ledger.importers.plain import COLUMNS, neutralise, parse_text
from pactlab.ledger.intake import import_file
from pactlab.ledger.metrics import (
    DEFAULT_BASE_RATE,
    DEFAULT_MAX_WEIGHT,
    DEFAULT_PRIOR_WEIGHT,
    build_report,
    credibility_from_rows,
)
from pactlab.ledger.report import Conversion, LedgerReport
from pactlab.results import Provenance

__all__ = [
    "BY_CHOICES",
    "RELEASE_RULES",
    "add_records",
    "credibility_adjustments",
    "export_csv",
    "import_file",
    "ledger_report",
]

BY_CHOICES = ("guarantor", "instrument", "month")
RELEASE_RULES = ("nearest", "published")


@contextmanager
def _opened(target: Database | str | None) -> Iterator[Database]:
    if isinstance(target, Database):
        yield target
    else:
        with open_database(target) as ledger:
            yield ledger


def _batch(batch: Any, after_cutoff: bool) -> dict[str, Any]:
    return {
        "id": batch.id,
        "source": batch.source,
        "release": batch.release,
        "published_on": None if batch.published_on is None else batch.published_on.isoformat(),
        "after_cutoff": after_cutoff,
        "file": batch.file_name,
        "digest": batch.digest,
        "rows": batch.row_count,
        "imported_at": batch.imported_at.isoformat(),
    }


def _conversions(rows: list[tuple[Any, ...]]) -> tuple[Conversion, ...]:
    return tuple(
        Conversion(str(r[0]), bool(r[1]), int(r[2]), float(r[3] or 0.0), r[4], r[5], r[6], r[7], r[8])
        for r in rows
    )


def _finite(sums: list[q.AggregateRow]) -> bool:
    return all(math.isfinite(s.value_eur) and math.isfinite(s.quantity) for s in sums)


def _out_of_range(opened: Database) -> PactlabError:
    """A sum that is not finite (SQLite: inf) or overflows (PostgreSQL): name the batches holding
    the out-of-range amounts (imported before pactlab bounded amounts)."""
    with opened.reading() as session:
        bad = q.out_of_range_batches(session, MAX_EUR)
    return PactlabError.at(
        opened.public_url,
        "",
        f"the ledger holds amounts beyond {MAX_EUR:g} EUR whose sum is not finite (batches "
        f"{', '.join(map(str, bad)) or '?'}, imported before amounts were bounded): re-create the "
        "ledger from its source files",
    )


def ledger_report(
    ledger: Database | str | None,
    by: str | None = None,
    *,
    source: str | None = None,
    as_of: dt.date | None = None,
    releases: str = "nearest",
    on: dt.date | None = None,
) -> LedgerReport:
    """EUR totals by stage, fulfilment, delays, overdue pledges and benchmarks, by group.

    ``ledger`` is an open ledger or a database URL (``None``: ``PACTLAB_DB`` or the default). ``by``
    is ``guarantor``, ``instrument``, ``month`` or ``None`` (totals only); ``source`` limits the sums
    to one importer's records (``kiel``, ``sipri``, ...). ``as_of`` cuts the ledger at a date, with
    no hindsight: only records dated by then and only releases published by then, where the source
    has release dates; ``releases="nearest"`` falls back to the first later release (said so in the
    report's notes), ``"published"`` does not (see :mod:`pactlab.ledger.queries`). Overdue pledges are
    judged ``on`` a date (default: ``as_of``, else today). Works on an empty ledger (all unknown).
    """
    if by is not None and by not in BY_CHOICES:
        raise ParameterError("by", f"must be one of {', '.join(BY_CHOICES)}, not {by!r}")
    if releases not in RELEASE_RULES:
        raise ParameterError("releases", f"must be one of {', '.join(RELEASE_RULES)}, not {releases!r}")
    group = by or "total"
    with _opened(ledger) as opened:
        finite = False
        try:
            with opened.reading() as session:  # one snapshot for every number of the report
                chosen = q.select_batches(session, as_of, releases)  # type: ignore[arg-type]
                scope = q.Scope(None if as_of is None else tuple(b.id for b, _ in chosen), as_of, source)
                totals = q.aggregate(session, "total", scope)
                groups = q.aggregate(session, group, scope) if by else []
                finite = _finite(totals) and _finite(groups)
                if finite:
                    details = _details(session, group, scope, chosen, source)
        except PactlabError as error:
            if "out of range" not in str(error) and "overflow" not in str(error):
                raise
        if not finite:
            raise _out_of_range(opened)
        delays, due, statuses, conversions, undated, batches = details
        url = opened.public_url
    when = on or as_of or dt.datetime.now(dt.UTC).date()
    report = build_report(url, group, totals, groups, delays, due, statuses, on=when, conversions=conversions)
    provenance = Provenance(
        model="ledger.report",
        data=_data_versions(batches, as_of, conversions),
        parameters={
            "by": by,
            "source": source,
            "as_of": None if as_of is None else as_of.isoformat(),
            "releases": releases,
            "batches": batches,
            "rates": _rate_source() if conversions else None,
        },
    )
    return replace(report, provenance=provenance, as_of=as_of, excluded_undated=undated)


def _details(
    session: Any, group: str, scope: q.Scope, chosen: list[Any], source: str | None
) -> tuple[Any, ...]:
    """Delays, overdue pledges, benchmark statuses, conversions, undated count, batches read."""
    return (
        q.delay_rows(session, group, scope),
        q.overdue_rows(session, group, scope),
        [r[2] for r in q.benchmark_rows(session, scope)],
        _conversions(q.currency_rows(session, scope)),
        q.undated_count(session, scope),
        [_batch(b, late) for b, late in chosen if source is None or b.source == source],
    )


def _data_versions(
    batches: list[dict[str, Any]], as_of: dt.date | None, conversions: tuple[Conversion, ...]
) -> dict[str, str]:
    """The data read, in words (``Provenance.data``): each source's release and the cut-off."""
    out: dict[str, str] = {}
    for b in batches:
        release = f" release {b['release']}" if b["release"] else f" {b['file']}"
        published = f" (published {b['published_on']})" if b["published_on"] else ""
        cut = f" cut at {as_of}" if as_of else ""
        key = f"ledger:{b['source']}" if f"ledger:{b['source']}" not in out else f"ledger:batch {b['id']}"
        out[key] = f"{b['source']}{release}{published}{cut}"
    if conversions:
        rates = _rate_source()
        out["exchange rates"] = f"{rates['name']}, {rates['package']} {rates['version']}, to {rates['last']}"
    return out


def _rate_source() -> dict[str, Any]:
    from pactlab.ledger.currency import rate_source

    return rate_source().to_dict()


def credibility_adjustments(
    ledger: Database | str | None,
    *,
    base_rate: float = DEFAULT_BASE_RATE,
    prior_weight: float = DEFAULT_PRIOR_WEIGHT,
    max_weight: float = DEFAULT_MAX_WEIGHT,
    source: str | None = None,
    as_of: dt.date | None = None,
    releases: str = "nearest",
) -> dict[str, float]:
    """Per-guarantor log-odds credibility shift ``actor_id -> delta`` (see :mod:`.metrics`),
    from the ledger cut at ``as_of`` as in :func:`ledger_report`."""
    report = ledger_report(ledger, "guarantor", source=source, as_of=as_of, releases=releases)
    return credibility_from_rows(
        report.rows, base_rate=base_rate, prior_weight=prior_weight, max_weight=max_weight
    )


def add_records(
    ledger: Database, rows: list[dict[str, str]], *, label: str = "ledger add"
) -> repo.ImportResult:
    """Enter records by hand: ``rows`` use the plain CSV format's columns (and ``pledge_id``, a
    pledge's database id, for deliveries); validated like a file. The result carries the new ids."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: neutralise(str(row.get(c, "") or "")) for c in COLUMNS})
    stamp = dt.datetime.now(dt.UTC).isoformat()
    parsed: ParsedFile = parse_text(buffer.getvalue(), label=label, digest="", file_name=label)
    parsed.source = "manual"
    parsed.digest = hashlib.sha256(
        (stamp + json.dumps(rows, sort_keys=True, default=str)).encode()
    ).hexdigest()
    parsed.stream = f"manual:{parsed.digest}"
    parsed.file_name = label
    links = [row.get("pledge_id") for row in rows if row.get("record") == "delivery"]
    for delivery, pledge_id in zip(parsed.deliveries, links, strict=True):
        if pledge_id is not None and str(pledge_id).strip() != "":
            delivery["pledge_id"] = _pledge_id(pledge_id, label)
    return ledger.write(lambda session: repo.write_parsed(session, parsed, label=label, ids=True))


def _pledge_id(value: Any, label: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise PactlabError.at(label, "pledge", f"not a pledge id: {value!r}") from None
    if not 0 <= number < 2**31:
        raise PactlabError.at(label, "pledge", f"no pledge with id {number}")
    return number


def export_csv(ledger: Database) -> str:
    """The current records in the plain CSV format, re-importable with ``format="csv"``.

    Every cell that a spreadsheet would read as a formula is neutralised (OWASP CSV injection:
    :func:`~pactlab.ledger.importers.plain.neutralise`); the csv importer restores it. Lines end in
    CRLF (RFC 4180), so that a cell holding a carriage return is quoted and survives the round trip.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    with ledger.reading() as session:
        for row in repo.export_rows(session):
            writer.writerow({c: neutralise(_cell(row.get(c))) for c in COLUMNS})
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)
