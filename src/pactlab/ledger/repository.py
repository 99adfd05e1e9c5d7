"""The ledger's writes: import batches, supersession by release, rollups; and the export's reads.

With :mod:`pactlab.ledger.queries` (the report's reads, re-exported here), the only SQL in pactlab.

Supersession (issue 18)
-----------------------
A batch replaces another only by an explicit release identity: the same *stream* (a tracker such as
``kiel``, or a hand-kept file's ``dataset``) and a *release* label that orders after the current
one (a number such as Kiel's ``29``, or a date). Never by a file's name: two hand-kept files are two
streams and both count. Every supersession is reported (:attr:`ImportResult.notes`), and superseded
batches stay in the database as history. An import that would replace a stream's current batch
without an orderable release label, or that brings different content under a release label already
imported, is refused with a message saying what to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from pactlab.errors import PactlabError
from pactlab.ledger.checks import check_parsed
from pactlab.ledger.importers.base import ParsedFile
from pactlab.ledger.queries import (
    AggregateRow,
    Scope,
    aggregate,
    aggregate_records,
    benchmark_rows,
    current_records,
    delay_rows,
    list_batches,
    overdue_rows,
    release_order,
    table_digest,
)
from pactlab.ledger.tables import Base, Benchmark, Delivery, Guarantor, ImportBatch, Pledge

__all__ = [
    "AggregateRow",
    "ImportResult",
    "Scope",
    "aggregate",
    "aggregate_records",
    "benchmark_rows",
    "delay_rows",
    "describe",
    "export_rows",
    "list_batches",
    "lock_writes",
    "overdue_rows",
    "table_digest",
    "write_parsed",
]

_TABLES = Base.metadata.tables
_WRITE_LOCK = 7_202_606  # an arbitrary constant naming the ledger's write lock on PostgreSQL


@dataclass(frozen=True)
class ImportResult:
    """What an import did: ``status`` is ``imported`` or ``unchanged`` (that content was there).

    ``notes`` say in words what was superseded or kept as history; ``pledge_ids`` (and the others)
    are the new records' ids when the caller asked for them (hand entries).
    """

    status: str
    batch_id: int
    source: str
    release: str | None
    rows: int
    pledges: int
    deliveries: int
    benchmarks: int
    superseded: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
    pledge_ids: tuple[int, ...] = field(default=(), repr=False)
    delivery_ids: tuple[int, ...] = field(default=(), repr=False)
    benchmark_ids: tuple[int, ...] = field(default=(), repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able summary (without the id lists of a large import)."""
        out = {k: v for k, v in self.__dict__.items() if not k.endswith("_ids")}
        out["superseded"] = list(self.superseded)
        out["notes"] = list(self.notes)
        return out


def describe(batch: ImportBatch) -> str:
    """A batch in words: ``batch 3 (kiel release 29, data_explorer.csv, imported 2026-11-29)``."""
    release = f" release {batch.release}" if batch.release else ""
    when = f"{batch.imported_at:%Y-%m-%d}"
    return f"batch {batch.id} ({batch.source}{release}, {batch.file_name}, imported {when})"


def _ensure_guarantors(session: Session, names: dict[str, str]) -> None:
    if not names:
        return
    known = set(session.scalars(select(Guarantor.id).where(Guarantor.id.in_(list(names)))))
    new = [{"id": gid, "name": name} for gid, name in names.items() if gid not in known]
    if new:
        session.execute(insert(_TABLES["guarantors"]), new)


def lock_writes(session: Session) -> None:
    """Serialise writers: a transaction-scoped advisory lock on PostgreSQL.

    SQLite already serialises them (``BEGIN IMMEDIATE``). Without it, two PostgreSQL transactions could
    both import the same file, or both supersede a stream's current batch and leave two current ones.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})


def _unchanged(found: ImportBatch, session: Session) -> ImportResult:
    where = "current"
    if found.superseded_by is not None:
        newer = session.get(ImportBatch, found.superseded_by)
        where = f"kept as history, superseded by {describe(newer) if newer else found.superseded_by}"
    note = f"this content was already imported as {describe(found)}; {where}; nothing changed"
    return ImportResult(
        "unchanged", found.id, found.source, found.release, found.row_count, 0, 0, 0, notes=(note,)
    )


def _place(parsed: ParsedFile, current: list[ImportBatch]) -> tuple[list[ImportBatch], ImportBatch | None]:
    """Which current batches the new one supersedes, or which newer one supersedes it at once."""
    if not current:
        return [], None
    new = release_order(parsed.release)
    old = current[-1]
    try:
        have = release_order(old.release)
    except ValueError:
        have = (0, 0.0)
    if new[0] == 0 or (have[0] != 0 and have[0] != new[0]):
        raise PactlabError.at(
            parsed.file_name,
            "release",
            f"stream {parsed.stream!r} already has a current {describe(old)}; this file's release "
            f"({parsed.release or 'none'}) cannot be ordered against {old.release or 'none'}: give a "
            "release label (release=, --release: a number or YYYY-MM-DD) to replace it, or a dataset "
            "of its own (dataset=, --dataset) to keep both",
        )
    if new == have:
        raise PactlabError.at(
            parsed.file_name,
            "release",
            f"release {parsed.release} of {parsed.stream!r} is already imported as {describe(old)} with "
            "different content: a corrected file needs a release label of its own",
        )
    if new < have:
        return [], old
    return current, None


def write_parsed(session: Session, parsed: ParsedFile, *, label: str = "", ids: bool = False) -> ImportResult:
    """Write one parsed file as a new batch (idempotent; supersession as in the module notes)."""
    check_parsed(parsed, label or parsed.file_name)
    lock_writes(session)
    found = session.scalars(
        select(ImportBatch).where(ImportBatch.source == parsed.source, ImportBatch.digest == parsed.digest)
    ).first()
    if found is not None:
        return _unchanged(found, session)
    current = list(
        session.scalars(
            select(ImportBatch)
            .where(ImportBatch.stream == parsed.stream, ImportBatch.superseded_by.is_(None))
            .order_by(ImportBatch.id)
        )
    )
    replaced, newer = _place(parsed, current)
    _check_links(session, parsed)
    _ensure_guarantors(session, parsed.guarantors)
    batch = ImportBatch(
        source=parsed.source,
        stream=parsed.stream,
        release=parsed.release,
        file_name=parsed.file_name[-500:],
        digest=parsed.digest,
        row_count=parsed.row_count,
        imported_at=dt.datetime.now(dt.UTC),
        published_on=parsed.published_on,
        superseded_by=newer.id if newer else None,
    )
    session.add(batch)
    session.flush()
    notes = [f"superseded {describe(b)}: its records stay as history" for b in replaced]
    if newer is not None:
        notes.append(f"kept as history: older than the current {describe(newer)}")
    if replaced:
        session.execute(
            update(ImportBatch)
            .where(ImportBatch.id.in_([b.id for b in replaced]))
            .values(superseded_by=batch.id)
        )
    pledge_ids, delivery_ids, benchmark_ids = _insert_records(session, batch.id, parsed)
    return ImportResult(
        "imported",
        batch.id,
        parsed.source,
        parsed.release,
        parsed.row_count,
        len(pledge_ids),
        len(delivery_ids),
        len(benchmark_ids),
        tuple(b.id for b in replaced),
        tuple(notes),
        *((tuple(pledge_ids), tuple(delivery_ids), tuple(benchmark_ids)) if ids else ((), (), ())),
    )


def _check_links(session: Session, parsed: ParsedFile) -> None:
    """A delivery linked by pledge id must name a current pledge of the same guarantor."""
    for delivery in parsed.deliveries:
        pledge_id = delivery.get("pledge_id")
        if pledge_id is None:
            continue
        pledge = session.get(Pledge, pledge_id)
        where = f"{parsed.file_name}"
        if pledge is None:
            raise PactlabError.at(
                where,
                "pledge",
                f"refers to a record that does not exist: no pledge with id {pledge_id} (ids are printed by "
                "`ledger add pledge` and shown as pID in `ledger export`)",
            )
        batch = session.get(ImportBatch, pledge.batch_id)
        if batch is not None and batch.superseded_by is not None:
            raise PactlabError.at(
                where,
                "pledge",
                f"pledge {pledge_id} belongs to {describe(batch)}, superseded by batch {batch.superseded_by}",
            )
        if delivery.get("guarantor_id") != pledge.guarantor_id:
            raise PactlabError.at(
                where,
                "pledge",
                f"pledge {pledge_id} is by {pledge.guarantor_id}, "
                f"the delivery by {delivery.get('guarantor_id')}",
            )


def _insert_records(session: Session, batch_id: int, parsed: ParsedFile) -> tuple[list[int], ...]:
    pledge_ids = _insert_pledges(session, batch_id, parsed.pledges)
    deliveries = [
        {
            **{k: v for k, v in d.items() if k != "pledge_index"},
            "batch_id": batch_id,
            "pledge_id": pledge_ids[d["pledge_index"]]
            if d.get("pledge_index") is not None
            else d.get("pledge_id"),
        }
        for d in parsed.deliveries
    ]
    if deliveries:
        session.execute(insert(_TABLES["deliveries"]), deliveries)
    rollups = _rollups(batch_id, parsed)
    if rollups:
        session.execute(insert(_TABLES["rollups"]), rollups)
    currencies = _currency_sums(batch_id, parsed)
    if currencies:
        session.execute(insert(_TABLES["currency_sums"]), currencies)
    if parsed.benchmarks:
        rows = [
            {**{k: v for k, v in b.items() if k != "row_number"}, "batch_id": batch_id}
            for b in parsed.benchmarks
        ]
        session.execute(insert(_TABLES["benchmarks"]), rows)
    return pledge_ids, _ids(session, Delivery, batch_id), _ids(session, Benchmark, batch_id)


def _ids(session: Session, table: Any, batch_id: int) -> list[int]:
    return list(session.scalars(select(table.id).where(table.batch_id == batch_id).order_by(table.id)))


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


def _currency_sums(batch_id: int, parsed: ParsedFile) -> list[dict[str, Any]]:
    """Per currency other than EUR: records, values, and the ECB rates used (converted or not)."""
    sums: dict[tuple[str, bool], dict[str, Any]] = {}
    for rec in (*parsed.pledges, *parsed.deliveries):
        currency, value = rec.get("currency"), rec.get("value")
        if value is None or currency is None or currency == "EUR":
            continue
        key = (currency, rec.get("value_eur") is not None)
        acc = sums.setdefault(key, {"records": 0, "value": 0.0, "value_eur": None, "rates": [], "dates": []})
        acc["records"] += 1
        acc["value"] += value
        if key[1]:
            acc["value_eur"] = (acc["value_eur"] or 0.0) + rec["value_eur"]
        if rec.get("fx_rate") is not None:
            acc["rates"].append(rec["fx_rate"])
            acc["dates"].append(rec["fx_date"])
    return [
        {
            "batch_id": batch_id,
            "currency": currency,
            "converted": converted,
            "records": acc["records"],
            "value": acc["value"],
            "value_eur": acc["value_eur"],
            "lowest_rate": min(acc["rates"], default=None),
            "highest_rate": max(acc["rates"], default=None),
            "first_rate_date": min(acc["dates"], default=None),
            "last_rate_date": max(acc["dates"], default=None),
        }
        for (currency, converted), acc in sums.items()
    ]


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
    return _ids(session, Pledge, batch_id)


def _export_refs(pledges: list[Pledge]) -> dict[int, str]:
    """The ``ref`` of each exported pledge: its own where unique, else ``p<id>``."""
    counts: dict[str, int] = {}
    for p in pledges:
        if p.external_ref:
            counts[p.external_ref.casefold()] = counts.get(p.external_ref.casefold(), 0) + 1
    refs: dict[int, str] = {}
    used: set[str] = set()
    for p in pledges:
        own = p.external_ref
        ref = own if own and counts[own.casefold()] == 1 else f"p{p.id}"
        while ref.casefold() in used or (ref != own and ref.casefold() in counts):
            ref = f"{ref}-"
        used.add(ref.casefold())
        refs[p.id] = ref
    return refs


def export_rows(session: Session) -> Iterator[dict[str, Any]]:
    """Current pledges, deliveries and benchmarks as dicts in the plain CSV format's columns."""
    pledges = list(current_records(session, Pledge))
    refs = _export_refs(pledges)
    for p in pledges:
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
            "ref": refs[p.id],
            "source": p.source,
            "source_url": p.source_url,
        }
    for d in current_records(session, Delivery):
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
            "pledge_ref": refs.get(d.pledge_id) if d.pledge_id else None,
            "source": d.source,
            "source_url": d.source_url,
        }
    for b in current_records(session, Benchmark):
        yield {
            "record": "benchmark",
            "guarantor": b.guarantor_id,
            "instrument": b.instrument_id,
            "date": b.checked_on,
            "criterion": b.criterion,
            "evidence": b.evidence,
            "status": b.status,
        }
