"""The ledger's records for the Kiel-style page: filtered by guarantor, instrument and dates, summed by
month.

The ledger's library answers reports by one grouping over all records (:func:`pactlab.ledger.ledger_report`);
the page needs the records of one selection. This module reads the ledger's own table models (read
only, current batches only, the same ``superseded_by IS NULL`` rule as the ledger's queries) and sums
the EUR values the ledger converted at import; ``tests/web/test_ledger_view.py`` checks that, with no
filter, its monthly sums equal the ledger's own report by month. (A filtered record query belongs in the
ledger's repository: asked of the ledger in the web's closing report.)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pactlab.ledger.tables import Delivery, Guarantor, ImportBatch, Instrument, Pledge

__all__ = ["Filters", "facets", "monthly", "records", "records_csv"]

STAGES = ("announced", "committed", "allocated", "delivered")
CSV_COLUMNS = (
    "record",
    "id",
    "guarantor",
    "guarantor_name",
    "instrument",
    "instrument_title",
    "stage",
    "date",
    "value",
    "currency",
    "value_eur",
    "quantity",
    "unit",
    "item",
    "source",
    "source_url",
)


@dataclass(frozen=True)
class Filters:
    """One selection: guarantor and instrument ids, a date range (inclusive), and the record kind."""

    guarantor: str | None = None
    instrument: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    record: str | None = None  # pledge or delivery


def _current(table: Any) -> Any:
    return table.batch_id.in_(select(ImportBatch.id).where(ImportBatch.superseded_by.is_(None)))


def _query(table: Any, date_column: Any, f: Filters) -> Any:
    query = select(table, Guarantor.name, Instrument.title).where(_current(table))
    query = query.join(Guarantor, Guarantor.id == table.guarantor_id)
    query = query.outerjoin(Instrument, Instrument.id == table.instrument_id)
    if f.guarantor is not None:
        query = query.where(table.guarantor_id == f.guarantor)
    if f.instrument is not None:
        query = query.where(table.instrument_id == f.instrument)
    if f.start is not None:
        query = query.where(date_column >= f.start)
    if f.end is not None:
        query = query.where(date_column <= f.end)
    return query.order_by(date_column, table.id)


def _row(kind: str, r: Any, name: str, title: str | None, day: dt.date | None, stage: str) -> dict[str, Any]:
    return {
        "record": kind,
        "id": r.id,
        "guarantor": r.guarantor_id,
        "guarantor_name": name,
        "instrument": r.instrument_id,
        "instrument_title": title,
        "stage": stage,
        "date": None if day is None else day.isoformat(),
        "value": r.value,
        "currency": r.currency,
        "value_eur": r.value_eur,
        "quantity": r.quantity,
        "unit": r.unit,
        "item": r.item,
        "source": r.source,
        "source_url": r.source_url,
    }


def records(session: Session, f: Filters) -> list[dict[str, Any]]:
    """The selection's pledges and deliveries, by date (undated last), each with its labels."""
    out: list[dict[str, Any]] = []
    if f.record in (None, "pledge"):
        for p, name, title in session.execute(_query(Pledge, Pledge.pledged_on, f)):
            out.append(_row("pledge", p, name, title, p.pledged_on, p.stage))
    if f.record in (None, "delivery"):
        for d, name, title in session.execute(_query(Delivery, Delivery.delivered_on, f)):
            out.append(_row("delivery", d, name, title, d.delivered_on, "delivered"))
    out.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["record"], r["id"]))
    return out


def monthly(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """EUR sums by month and stage (announced, committed, allocated, delivered), months ascending."""
    sums: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys(STAGES, 0.0))
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        month = "undated" if r["date"] is None else r["date"][:7]
        sums[month][r["stage"]] += float(r["value_eur"] or 0.0)
        counts[month] += 1
    order = sorted(sums, key=lambda m: (m == "undated", m))
    return [{"month": m, **{f"{s}_eur": sums[m][s] for s in STAGES}, "records": counts[m]} for m in order]


def totals(rows: list[dict[str, Any]]) -> dict[str, float]:
    out = dict.fromkeys(STAGES, 0.0)
    for r in rows:
        out[r["stage"]] += float(r["value_eur"] or 0.0)
    return out


def records_csv(rows: list[dict[str, Any]]) -> str:
    """The selection as CSV: names and titles beside the ids, EUR values as the ledger converted them.

    A cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return
    first) is prefixed with ``'`` (OWASP's CSV-injection advice); numbers are written as numbers.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: _cell(r.get(k)) for k in CSV_COLUMNS})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def facets(session: Session) -> dict[str, list[dict[str, str]]]:
    """The guarantors and instruments that have current records, with their names (for the filters)."""
    used_g: set[str] = set()
    used_i: set[str] = set()
    for table in (Pledge, Delivery):
        used_g |= set(session.scalars(select(table.guarantor_id).where(_current(table)).distinct()))
        used_i |= {
            i for i in session.scalars(select(table.instrument_id).where(_current(table)).distinct()) if i
        }
    guarantors = [
        {"id": g.id, "name": g.name}
        for g in session.scalars(select(Guarantor).order_by(Guarantor.name))
        if g.id in used_g
    ]
    instruments = [
        {"id": i.id, "title": i.title}
        for i in session.scalars(select(Instrument).order_by(Instrument.title))
        if i.id in used_i
    ]
    return {"guarantors": guarantors, "instruments": instruments}
