"""All of the ledger's SQL: writing import batches, reading aggregates, digests and exports.

Nothing else in pactlab issues SQL against the ledger. Reads only see *current* batches (not
superseded by a newer release of the same stream); superseded batches stay in the database as
history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    extract,
    func,
    insert,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from pactlab.ledger.importers.base import ParsedFile
from pactlab.ledger.tables import (
    Base,
    Benchmark,
    Delivery,
    Guarantor,
    ImportBatch,
    Pledge,
    Rollup,
)

__all__ = [
    "AggregateRow",
    "ImportResult",
    "aggregate",
    "aggregate_records",
    "benchmark_rows",
    "delay_rows",
    "export_rows",
    "list_batches",
    "lock_writes",
    "overdue_rows",
    "table_digest",
    "write_parsed",
]

BY = ("guarantor", "instrument", "month", "total")
_TABLES = Base.metadata.tables
_WRITE_LOCK = 7_202_606  # an arbitrary constant naming the ledger's write lock on PostgreSQL


@dataclass(frozen=True)
class ImportResult:
    """What an import did: ``status`` is ``imported`` or ``unchanged`` (the same file was there)."""

    status: str
    batch_id: int
    source: str
    release: str | None
    rows: int
    pledges: int
    deliveries: int
    benchmarks: int
    superseded: tuple[int, ...] = ()


@dataclass(frozen=True)
class AggregateRow:
    """Sums of one group: ``kind`` is a stage or ``delivered``."""

    key: str
    kind: str
    value_eur: float
    quantity: float
    records: int


def _ensure_guarantors(session: Session, names: dict[str, str]) -> None:
    if not names:
        return
    known = set(session.scalars(select(Guarantor.id).where(Guarantor.id.in_(list(names)))))
    new = [{"id": gid, "name": name[:200]} for gid, name in names.items() if gid not in known]
    if new:
        session.execute(insert(_TABLES["guarantors"]), new)


def _existing(session: Session, parsed: ParsedFile) -> ImportBatch | None:
    return session.scalars(
        select(ImportBatch).where(ImportBatch.source == parsed.source, ImportBatch.digest == parsed.digest)
    ).first()


def lock_writes(session: Session) -> None:
    """Serialise writers: a transaction-scoped advisory lock on PostgreSQL.

    SQLite already serialises them (``BEGIN IMMEDIATE``). Without it, two PostgreSQL transactions could
    both import the same file, or both supersede a stream's current batch and leave two current ones.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})


def write_parsed(session: Session, parsed: ParsedFile) -> ImportResult:
    """Write one parsed file as a new batch superseding the stream's current batch (idempotent)."""
    lock_writes(session)
    found = _existing(session, parsed)
    if found is not None:
        return ImportResult("unchanged", found.id, found.source, found.release, found.row_count, 0, 0, 0)
    _ensure_guarantors(session, parsed.guarantors)
    batch = ImportBatch(
        source=parsed.source,
        stream=parsed.stream,
        release=parsed.release,
        file_name=parsed.file_name[:500],
        digest=parsed.digest,
        row_count=parsed.row_count,
        imported_at=dt.datetime.now(dt.UTC),
    )
    session.add(batch)
    session.flush()
    current = list(
        session.scalars(
            select(ImportBatch).where(
                ImportBatch.stream == parsed.stream,
                ImportBatch.superseded_by.is_(None),
                ImportBatch.id != batch.id,
            )
        )
    )
    newer = [c for c in current if _release_order(c.release) > _release_order(batch.release)]
    if newer:  # an older release arriving late is kept as history, superseded at once
        batch.superseded_by = newer[0].id
        current = []
    superseded = [c.id for c in current]
    if superseded:
        session.execute(
            update(ImportBatch).where(ImportBatch.id.in_(superseded)).values(superseded_by=batch.id)
        )
    pledge_ids = _insert_pledges(session, batch.id, parsed.pledges)
    deliveries = [
        {
            **{k: v for k, v in d.items() if k != "pledge_index"},
            "batch_id": batch.id,
            "pledge_id": pledge_ids[d["pledge_index"]]
            if d.get("pledge_index") is not None
            else d.get("pledge_id"),
        }
        for d in parsed.deliveries
    ]
    if deliveries:
        session.execute(insert(_TABLES["deliveries"]), deliveries)
    rollups = _rollups(batch.id, parsed)
    if rollups:
        session.execute(insert(_TABLES["rollups"]), rollups)
    if parsed.benchmarks:
        session.execute(
            insert(_TABLES["benchmarks"]), [{**b, "batch_id": batch.id} for b in parsed.benchmarks]
        )
    return ImportResult(
        "imported",
        batch.id,
        parsed.source,
        parsed.release,
        parsed.row_count,
        len(parsed.pledges),
        len(deliveries),
        len(parsed.benchmarks),
        tuple(superseded),
    )


def _month(value: dt.date | None) -> str | None:
    return None if value is None else f"{value.year:04d}-{value.month:02d}"


def _rollups(batch_id: int, parsed: ParsedFile) -> list[dict[str, Any]]:
    """Sums of the batch's records by (kind, guarantor, instrument, month)."""
    sums: dict[tuple[str, str, str | None, str | None], list[float]] = {}
    records = [(p["stage"], p, "pledged_on") for p in parsed.pledges]
    records += [("delivered", d, "delivered_on") for d in parsed.deliveries]
    for kind, rec, date in records:
        key = (kind, rec["guarantor_id"], rec.get("instrument_id"), _month(rec.get(date)))
        acc = sums.setdefault(key, [0.0, 0.0, 0])
        acc[0] += rec.get("value_eur") or 0.0
        acc[1] += rec.get("quantity") or 0.0
        acc[2] += 1
    return [
        {
            "batch_id": batch_id,
            "kind": k[0],
            "guarantor_id": k[1],
            "instrument_id": k[2],
            "month": k[3],
            "value_eur": v[0],
            "quantity": v[1],
            "records": int(v[2]),
        }
        for k, v in sums.items()
    ]


def _release_order(release: str | None) -> tuple[int, float]:
    """Sort key of a release label: a number (Kiel's "29") or a date (SIPRI's "13 Mar 2025").

    Labels that are neither sort first, so a batch without a comparable label never displaces one
    with a label, and among equals the later import wins.
    """
    if release is None:
        return (0, 0.0)
    try:
        return (1, float(release))
    except ValueError:
        pass
    try:
        return (1, dt.datetime.strptime(release, "%d %b %Y").timestamp())
    except ValueError:
        return (0, 0.0)


def _insert_pledges(session: Session, batch_id: int, pledges: list[dict[str, Any]]) -> list[int]:
    if not pledges:
        return []
    rows = [
        {
            "recipient": "ukr",
            "due_on": None,
            "external_ref": None,
            "source_url": None,
            **p,
            "batch_id": batch_id,
        }
        for p in pledges
    ]
    # Core executemany (fast); ids ascend in insertion order within one statement on both databases.
    session.execute(insert(_TABLES["pledges"]), rows)
    return list(session.scalars(select(Pledge.id).where(Pledge.batch_id == batch_id).order_by(Pledge.id)))


def _current(table: Any) -> ColumnElement[bool]:
    live = select(ImportBatch.id).where(ImportBatch.superseded_by.is_(None))
    return table.batch_id.in_(live)  # type: ignore[no-any-return]


def _key_columns(table: Any, by: str, date_column: Any) -> list[Any]:
    if by == "guarantor":
        return [table.guarantor_id]
    if by == "instrument":
        return [func.coalesce(table.instrument_id, literal("unclassified"))]
    if by == "month":
        return [extract("year", date_column), extract("month", date_column)]
    return [literal("total")]


def _key_text(parts: Sequence[Any], by: str) -> str:
    if by == "month":
        year, month = parts
        return "undated" if year is None else f"{int(year):04d}-{int(month):02d}"
    return str(parts[0])


def aggregate(session: Session, by: str = "total", *, source: str | None = None) -> list[AggregateRow]:
    """Sums of EUR values and quantities of current batches by group and kind, from the rollups."""
    if by not in BY:
        raise ValueError(f"by must be one of {BY}")
    key: Any = {
        "guarantor": Rollup.guarantor_id,
        "instrument": func.coalesce(Rollup.instrument_id, literal("unclassified")),
        "month": func.coalesce(Rollup.month, literal("undated")),
        "total": literal("total"),
    }[by]
    query = select(
        key,
        Rollup.kind,
        func.sum(Rollup.value_eur),
        func.sum(Rollup.quantity),
        func.sum(Rollup.records),
    ).where(_current(Rollup))
    if source is not None:
        query = query.where(Rollup.batch_id.in_(select(ImportBatch.id).where(ImportBatch.source == source)))
    query = query.group_by(key, Rollup.kind)
    return [
        AggregateRow(str(r[0]), str(r[1]), float(r[2]), float(r[3]), int(r[4]))
        for r in session.execute(query)
    ]


def aggregate_records(
    session: Session, by: str = "total", *, source: str | None = None
) -> list[AggregateRow]:
    """The same sums as :func:`aggregate`, computed from the records themselves (a cross-check)."""
    if by not in BY:
        raise ValueError(f"by must be one of {BY}")
    out: list[AggregateRow] = []
    for table, date_column, kind in (
        (Pledge, Pledge.pledged_on, Pledge.stage),
        (Delivery, Delivery.delivered_on, literal("delivered")),
    ):
        keys = _key_columns(table, by, date_column)
        query: Select[Any] = select(
            *keys,
            kind,
            func.coalesce(func.sum(table.value_eur), 0.0),
            func.coalesce(func.sum(table.quantity), 0.0),
            func.count(),
        )
        query = query.where(_current(table))
        if source is not None:
            query = query.where(
                table.batch_id.in_(select(ImportBatch.id).where(ImportBatch.source == source))
            )
        query = query.group_by(*keys, kind)
        for row in session.execute(query):
            n = len(keys)
            out.append(
                AggregateRow(
                    _key_text(row[:n], by),
                    str(row[n]),
                    float(row[n + 1]),
                    float(row[n + 2]),
                    int(row[n + 3]),
                )
            )
    return out


def _of_source(table: Any, source: str | None) -> ColumnElement[bool]:
    if source is None:
        return literal(True)
    of = select(ImportBatch.id).where(ImportBatch.source == source)
    return table.batch_id.in_(of)  # type: ignore[no-any-return]


def delay_rows(
    session: Session, by: str = "total", *, source: str | None = None
) -> list[tuple[str, dt.date, dt.date]]:
    """``(group key, pledged on, delivered on)`` of current deliveries linked to a dated pledge.

    Grouped by the pledge (its guarantor, instrument, or month pledged).
    """
    keys = _key_columns(Pledge, by, Pledge.pledged_on)
    query = (
        select(*keys, Pledge.pledged_on, Delivery.delivered_on)
        .join(Pledge, Delivery.pledge_id == Pledge.id)
        .where(
            _current(Delivery),
            _of_source(Delivery, source),
            Pledge.pledged_on.is_not(None),
            Delivery.delivered_on.is_not(None),
            Pledge.date_precision == "day",
            Delivery.date_precision == "day",
        )
    )
    n = len(keys)
    return [(_key_text(r[:n], by), r[n], r[n + 1]) for r in session.execute(query)]


def overdue_rows(
    session: Session, by: str = "total", *, source: str | None = None
) -> list[tuple[str, dt.date, float, float, int]]:
    """``(key, due on, quantity promised, quantity delivered, deliveries)`` of current due pledges."""
    keys = _key_columns(Pledge, by, Pledge.pledged_on)
    linked = Delivery.pledge_id == Pledge.id
    quantity = select(func.coalesce(func.sum(Delivery.quantity), 0.0)).where(linked)
    count = select(func.count()).where(linked)
    query = select(
        *keys,
        Pledge.due_on,
        func.coalesce(Pledge.quantity, 0.0),
        quantity.scalar_subquery(),
        count.scalar_subquery(),
    ).where(_current(Pledge), _of_source(Pledge, source), Pledge.due_on.is_not(None))
    n = len(keys)
    return [
        (_key_text(r[:n], by), r[n], float(r[n + 1]), float(r[n + 2]), int(r[n + 3]))
        for r in session.execute(query)
    ]


def benchmark_rows(session: Session) -> list[tuple[str | None, str, str, dt.date | None]]:
    """``(guarantor, criterion, status, checked on)`` of current benchmarks."""
    query = (
        select(Benchmark.guarantor_id, Benchmark.criterion, Benchmark.status, Benchmark.checked_on)
        .where(_current(Benchmark))
        .order_by(Benchmark.id)
    )
    return [(r[0], r[1], r[2], r[3]) for r in session.execute(query)]


def list_batches(session: Session) -> list[ImportBatch]:
    """Every import batch, oldest first (history included)."""
    return list(session.scalars(select(ImportBatch).order_by(ImportBatch.id)))


def table_digest(session: Session) -> str:
    """sha256 of the content of every ledger table, in primary-key order."""
    digest = hashlib.sha256()
    for table in Base.metadata.sorted_tables:
        digest.update(table.name.encode())
        for row in session.execute(select(table).order_by(*table.primary_key.columns)):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def export_rows(session: Session) -> Iterator[dict[str, Any]]:
    """Current pledges, deliveries and benchmarks as dicts in the plain CSV format's columns."""
    for p in session.scalars(select(Pledge).where(_current(Pledge)).order_by(Pledge.id)):
        yield {
            "record": "pledge",
            "guarantor": p.guarantor_id,
            "instrument": p.instrument_id,
            "stage": p.stage,
            "date": p.pledged_on,
            "due": p.due_on,
            "value": p.value,
            "currency": p.currency,
            "quantity": p.quantity,
            "unit": p.unit,
            "item": p.item,
            "ref": f"p{p.id}",
            "source": p.source,
            "source_url": p.source_url,
        }
    for d in session.scalars(select(Delivery).where(_current(Delivery)).order_by(Delivery.id)):
        yield {
            "record": "delivery",
            "guarantor": d.guarantor_id,
            "instrument": d.instrument_id,
            "date": d.delivered_on,
            "value": d.value,
            "currency": d.currency,
            "quantity": d.quantity,
            "unit": d.unit,
            "item": d.item,
            "pledge_ref": f"p{d.pledge_id}" if d.pledge_id else None,
            "source": d.source,
            "source_url": d.source_url,
        }
    for b in session.scalars(select(Benchmark).where(_current(Benchmark)).order_by(Benchmark.id)):
        yield {
            "record": "benchmark",
            "guarantor": b.guarantor_id,
            "instrument": b.instrument_id,
            "date": b.checked_on,
            "criterion": b.criterion,
            "evidence": b.evidence,
            "status": b.status,
        }
