"""The ledger's read queries: which batches a report reads, and the sums, delays and lists it shows.

With :mod:`pactlab.ledger.repository` (the writes), the only SQL in pactlab. Every query takes a
:class:`Scope`: the batches to read, an optional cut-off date, an optional importer.

Which batches (:func:`select_batches`)
--------------------------------------
Without a cut-off: the current batch of every stream (the newest release; older ones are history).
With a cut-off ``as_of`` (no hindsight), per stream:

* a source that states publication dates (Kiel's ``release_info.csv``, SIPRI's "Data generated"
  line): the newest release published on or before ``as_of``, the vintage an analyst had that day;
* if none was published by then and ``releases="nearest"`` (the default), the first release
  published after it, the closest to what was known, with its records cut at ``as_of`` and the
  report saying so (its figures for earlier months are as revised in that release); with
  ``releases="published"`` such a stream contributes nothing;
* a source without publication dates (hand-kept files, hand entries, ProtectUkraineNow): its current
  batch, records cut at ``as_of``.

Which records (:func:`cut`)
---------------------------
A record counts when the whole period its date stands for ended on or before ``as_of``: a day-dated
record when its day is on or before it, a month-dated one (Kiel) when its month ended by then, a
year-dated one (SIPRI) when its year did. A month's allocations were not all known on its 10th.
Undated records cannot be placed in time and are left out of a cut report (and counted).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, extract, false, func, literal, or_, select
from sqlalchemy.orm import Session

from pactlab.ledger.tables import Base, Benchmark, CurrencySum, Delivery, ImportBatch, Pledge, Rollup

__all__ = [
    "BY",
    "AggregateRow",
    "Scope",
    "aggregate",
    "aggregate_records",
    "benchmark_rows",
    "currency_rows",
    "currency_rows_records",
    "cut",
    "delay_rows",
    "list_batches",
    "out_of_range_batches",
    "overdue_rows",
    "release_order",
    "select_batches",
    "table_digest",
    "undated_count",
]

BY = ("guarantor", "instrument", "month", "total")
Releases = Literal["nearest", "published"]


@dataclass(frozen=True)
class AggregateRow:
    """Sums of one group: ``kind`` is a stage or ``delivered``."""

    key: str
    kind: str
    value_eur: float
    quantity: float
    records: int


@dataclass(frozen=True)
class Scope:
    """What a report reads: ``batches`` (``None``: every stream's current batch), the cut-off
    ``as_of`` (``None``: everything) and ``source`` (one importer, or all)."""

    batches: tuple[int, ...] | None = None
    as_of: dt.date | None = None
    source: str | None = None


def release_order(release: str | None) -> tuple[int, float]:
    """Sort key of a release label: ``(0, 0)`` none, ``(1, n)`` a number ("29"), ``(2, t)`` a date
    ("2025-03-13" or SIPRI's "13 Mar 2025"). Labels of different kinds cannot be compared."""
    if release is None:
        return (0, 0.0)
    try:
        return (1, float(release))
    except ValueError:
        pass
    for form in ("%Y-%m-%d", "%d %b %Y"):
        try:
            return (2, dt.datetime.strptime(release, form).replace(tzinfo=dt.UTC).timestamp())
        except ValueError:
            continue
    raise ValueError(f"release {release!r} is neither a number (29) nor a date (YYYY-MM-DD)")


def _order(release: str | None) -> tuple[int, float]:
    try:
        return release_order(release)
    except ValueError:  # a label stored before labels were checked: sorts with the unlabelled
        return (0, 0.0)


def _vintage(batches: list[ImportBatch], as_of: dt.date, releases: Releases) -> tuple[int, bool] | None:
    """``(batch id, published after as_of)`` of one stream's batch to read at ``as_of``."""
    if all(b.published_on is None for b in batches):
        live = [b for b in batches if b.superseded_by is None]
        return (live[-1].id, False) if live else None
    known = [b for b in batches if b.published_on is not None and b.published_on <= as_of]
    if known:
        best = max(known, key=lambda b: (_order(b.release), b.published_on, b.id))
        return best.id, False
    if releases == "published":
        return None
    later = min(batches, key=lambda b: (b.published_on or dt.date.max, _order(b.release), b.id))
    return later.id, True


def select_batches(
    session: Session, as_of: dt.date | None = None, releases: Releases = "nearest"
) -> list[tuple[ImportBatch, bool]]:
    """The batches a report reads, each with whether it was published after ``as_of`` (see above)."""
    batches = list_batches(session)
    if as_of is None:
        return [(b, False) for b in batches if b.superseded_by is None]
    streams: dict[str, list[ImportBatch]] = defaultdict(list)
    for batch in batches:
        streams[batch.stream].append(batch)
    chosen: dict[int, bool] = {}
    for members in streams.values():
        picked = _vintage(members, as_of, releases)
        if picked is not None:
            chosen[picked[0]] = picked[1]
    return [(b, chosen[b.id]) for b in batches if b.id in chosen]


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def cut(table: Any, date_column: Any, as_of: dt.date) -> ColumnElement[bool]:
    """Records whose dated period ended on or before ``as_of`` (module notes)."""
    after = as_of + dt.timedelta(days=1)
    return or_(
        and_(table.date_precision == "day", date_column <= as_of),
        and_(table.date_precision == "month", date_column < _month_start(after)),
        and_(table.date_precision == "year", date_column < dt.date(after.year, 1, 1)),
    )


def _in_scope(table: Any, scope: Scope, date_column: Any = None) -> list[ColumnElement[bool]]:
    if scope.batches is None:
        live = select(ImportBatch.id).where(ImportBatch.superseded_by.is_(None))
        conditions = [table.batch_id.in_(live)]
    else:
        conditions = [table.batch_id.in_(scope.batches) if scope.batches else false()]
    if scope.source is not None:
        conditions.append(
            table.batch_id.in_(select(ImportBatch.id).where(ImportBatch.source == scope.source))
        )
    if scope.as_of is not None and date_column is not None:
        conditions.append(cut(table, date_column, scope.as_of))
    return conditions


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


def aggregate(session: Session, by: str = "total", scope: Scope | None = None) -> list[AggregateRow]:
    """Sums of EUR values and quantities by group and kind: from the rollups, or from the records
    themselves when the scope has a cut-off (rollups are by month, a cut can fall mid-month)."""
    scope = scope or Scope()
    if by not in BY:
        raise ValueError(f"by must be one of {BY}")
    if scope.as_of is not None:
        return aggregate_records(session, by, scope)
    key: Any = {
        "guarantor": Rollup.guarantor_id,
        "instrument": func.coalesce(Rollup.instrument_id, literal("unclassified")),
        "month": func.coalesce(Rollup.month, literal("undated")),
        "total": literal("total"),
    }[by]
    query = (
        select(
            key, Rollup.kind, func.sum(Rollup.value_eur), func.sum(Rollup.quantity), func.sum(Rollup.records)
        )
        .where(*_in_scope(Rollup, scope))
        .group_by(key, Rollup.kind)
    )
    return [
        AggregateRow(str(r[0]), str(r[1]), float(r[2]), float(r[3]), int(r[4]))
        for r in session.execute(query)
    ]


def aggregate_records(session: Session, by: str = "total", scope: Scope | None = None) -> list[AggregateRow]:
    """The same sums as :func:`aggregate`, computed from the records themselves."""
    scope = scope or Scope()
    if by not in BY:
        raise ValueError(f"by must be one of {BY}")
    out: list[AggregateRow] = []
    for table, date_column, kind in (
        (Pledge, Pledge.pledged_on, Pledge.stage),
        (Delivery, Delivery.delivered_on, literal("delivered")),
    ):
        keys = _key_columns(table, by, date_column)
        query: Select[Any] = (
            select(
                *keys,
                kind,
                func.coalesce(func.sum(table.value_eur), 0.0),
                func.coalesce(func.sum(table.quantity), 0.0),
                func.count(),
            )
            .where(*_in_scope(table, scope, date_column))
            .group_by(*keys, kind)
        )
        n = len(keys)
        for row in session.execute(query):
            out.append(
                AggregateRow(
                    _key_text(row[:n], by), str(row[n]), float(row[n + 1]), float(row[n + 2]), int(row[n + 3])
                )
            )
    return out


def undated_count(session: Session, scope: Scope) -> int:
    """Records in the scope's batches that a cut-off leaves out because they carry no date."""
    if scope.as_of is None:
        return 0
    loose = Scope(scope.batches, None, scope.source)
    total = 0
    for table, date_column in ((Pledge, Pledge.pledged_on), (Delivery, Delivery.delivered_on)):
        query = select(func.count()).where(
            *_in_scope(table, loose), or_(date_column.is_(None), table.date_precision == "unknown")
        )
        total += int(session.execute(query).scalar_one())
    return total


def delay_rows(
    session: Session, by: str = "total", scope: Scope | None = None
) -> list[tuple[str, dt.date, dt.date]]:
    """``(group key, pledged on, delivered on)`` of deliveries linked to a pledge, both dated to the day."""
    scope = scope or Scope()
    keys = _key_columns(Pledge, by, Pledge.pledged_on)
    query = (
        select(*keys, Pledge.pledged_on, Delivery.delivered_on)
        .join(Pledge, Delivery.pledge_id == Pledge.id)
        .where(
            *_in_scope(Delivery, scope, Delivery.delivered_on),
            Pledge.pledged_on.is_not(None),
            Delivery.delivered_on.is_not(None),
            Pledge.date_precision == "day",
            Delivery.date_precision == "day",
        )
    )
    n = len(keys)
    return [(_key_text(r[:n], by), r[n], r[n + 1]) for r in session.execute(query)]


def overdue_rows(
    session: Session, by: str = "total", scope: Scope | None = None
) -> list[tuple[str, dt.date, float, float, int]]:
    """``(key, due on, quantity promised, quantity delivered, deliveries)`` of pledges with a due
    date; with a cut-off, only pledges and deliveries dated by then count."""
    scope = scope or Scope()
    keys = _key_columns(Pledge, by, Pledge.pledged_on)
    linked = [Delivery.pledge_id == Pledge.id]
    if scope.as_of is not None:
        linked.append(cut(Delivery, Delivery.delivered_on, scope.as_of))
    quantity = select(func.coalesce(func.sum(Delivery.quantity), 0.0)).where(*linked)
    count = select(func.count()).where(*linked)
    query = select(
        *keys,
        Pledge.due_on,
        func.coalesce(Pledge.quantity, 0.0),
        quantity.scalar_subquery(),
        count.scalar_subquery(),
    ).where(*_in_scope(Pledge, scope, Pledge.pledged_on), Pledge.due_on.is_not(None))
    n = len(keys)
    return [
        (_key_text(r[:n], by), r[n], float(r[n + 1]), float(r[n + 2]), int(r[n + 3]))
        for r in session.execute(query)
    ]


def benchmark_rows(
    session: Session, scope: Scope | None = None
) -> list[tuple[str | None, str, str, dt.date | None]]:
    """``(guarantor, criterion, status, checked on)`` of benchmarks (checked by the cut-off)."""
    scope = scope or Scope()
    conditions = _in_scope(Benchmark, Scope(scope.batches, None, scope.source))
    if scope.as_of is not None:
        conditions.append(Benchmark.checked_on <= scope.as_of)
    query = (
        select(Benchmark.guarantor_id, Benchmark.criterion, Benchmark.status, Benchmark.checked_on)
        .where(*conditions)
        .order_by(Benchmark.id)
    )
    return [(r[0], r[1], r[2], r[3]) for r in session.execute(query)]


def currency_rows(session: Session, scope: Scope | None = None) -> list[tuple[Any, ...]]:
    """Per currency other than EUR: ``(currency, converted?, records, value, value_eur, lowest rate,
    highest rate, first rate date, last rate date)``; unconverted values have ``value_eur`` NULL.

    From the per-batch sums written at import, or from the records when the scope has a cut-off.
    """
    scope = scope or Scope()
    if scope.as_of is not None:
        return currency_rows_records(session, scope)
    t = CurrencySum
    query = (
        select(
            t.currency,
            t.converted,
            func.sum(t.records),
            func.sum(t.value),
            func.sum(t.value_eur),
            func.min(t.lowest_rate),
            func.max(t.highest_rate),
            func.min(t.first_rate_date),
            func.max(t.last_rate_date),
        )
        .where(*_in_scope(t, scope))
        .group_by(t.currency, t.converted)
    )
    out: dict[tuple[str, bool], list[Any]] = {}
    for row in session.execute(query):
        _merge(out, row)
    return [(k[0], k[1], *v) for k, v in sorted(out.items(), key=lambda kv: (kv[0][0] or "", kv[0][1]))]


def currency_rows_records(session: Session, scope: Scope | None = None) -> list[tuple[Any, ...]]:
    """The same as :func:`currency_rows`, from the records themselves (a cut, or a cross-check)."""
    scope = scope or Scope()
    out: dict[tuple[str, bool], list[Any]] = {}
    for table, date_column in ((Pledge, Pledge.pledged_on), (Delivery, Delivery.delivered_on)):
        converted = table.value_eur.is_not(None)
        query = (
            select(
                table.currency,
                converted,
                func.count(),
                func.sum(table.value),
                func.sum(table.value_eur),
                func.min(table.fx_rate),
                func.max(table.fx_rate),
                func.min(table.fx_date),
                func.max(table.fx_date),
            )
            .where(*_in_scope(table, scope, date_column), table.value.is_not(None), table.currency != "EUR")
            .group_by(table.currency, converted)
        )
        for row in session.execute(query):
            _merge(out, row)
    return [(k[0], k[1], *v) for k, v in sorted(out.items(), key=lambda kv: (kv[0][0] or "", kv[0][1]))]


def _merge(out: dict[tuple[str, bool], list[Any]], row: Any) -> None:
    key = (row[0], bool(row[1]))
    if key not in out:
        out[key] = list(row[2:])
        return
    acc = out[key]
    acc[0] += row[2]
    acc[1] = (acc[1] or 0.0) + (row[3] or 0.0)
    acc[2] = None if acc[2] is None and row[4] is None else (acc[2] or 0.0) + (row[4] or 0.0)
    for i, pick in ((3, min), (4, max), (5, min), (6, max)):
        values = [v for v in (acc[i], row[i + 2]) if v is not None]
        acc[i] = pick(values) if values else None


def out_of_range_batches(session: Session, bound: float) -> list[int]:
    """Batches holding a EUR value beyond ``bound`` (imported before pactlab bounded amounts)."""
    ids: set[int] = set()
    for table in (Pledge, Delivery):
        query = (
            select(table.batch_id).where(or_(table.value_eur > bound, table.value_eur < -bound)).distinct()
        )
        ids.update(int(i) for i in session.scalars(query))
    return sorted(ids)


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


def current_records(session: Session, table: Any) -> Iterator[Any]:
    """The current batches' records of ``table`` in id order (for export)."""
    yield from session.scalars(select(table).where(*_in_scope(table, Scope())).order_by(table.id))
