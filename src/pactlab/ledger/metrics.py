"""Ledger metrics: pure functions over the repository's query results (no SQL, no I/O).

Definitions
-----------
*pledged* = committed EUR when a group has any commitments, else announced EUR (Kiel's commitments
include earlier announcements that became binding; a group known only from announcements is judged
on those). *fulfilled* = the larger of allocated and delivered EUR: Kiel's allocations ("delivered
or earmarked for delivery") and delivery records measure the same thing from different sources, so
they are not added. ``fulfilment = fulfilled / pledged``, unknown (``None``) with a reason when
nothing positive was pledged or when pledges are under a tenth of what was fulfilled; by month it is
cumulative to the end of each month (:mod:`pactlab.ledger.report`). By quantity the same with
quantities (SIPRI's numbers ordered and delivered, PUN's
units). The delay of a delivery is the number of days from its pledge (both dated to the day);
overdue pledges have a due date before today and less delivered than promised.

Credibility adjustment
----------------------
A guarantor's record moves the deterrence model's prior that a guarantor honours its commitment. The
prior is the historical base rate ``p0``: 0.745 of alliance commitments were honoured in war in
1816-1944 (Leeds, Long & Mitchell 2000, *JCR* 44(5)), revised to 0.50 overall (0.22 after 1945, 0.41
for defence pacts) by Berkemeier & Fuhrmann (2018, *Research & Politics* 5(2)); the default ``p0 =
0.50`` is the revised overall rate (models.md §2.6). The record is treated as ``n`` binomial trials
with success share ``r`` = the guarantor's fulfilment ratio (by value, else by quantity) clipped to
[0, 1], where ``n`` is the number of its announced and committed records (capped at ``max_weight``,
default 50, so that a donor reported in many small rows does not swamp the prior). With a Beta prior
worth ``prior_weight`` pseudo-trials centred on ``p0`` the posterior mean is::

    p = (prior_weight * p0 + n * r) / (prior_weight + n)

and the adjustment is the shift in log-odds, ``delta = logit(p) - logit(p0)``, which the deterrence
model adds to the logit of its own credibility parameter (``p' = expit(logit(p_model) + delta)``). A
guarantor with no record gets no entry (unknown: no adjustment).
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from pactlab.ledger.queries import AggregateRow
from pactlab.ledger.report import Conversion, LedgerReport, ReportRow, assess
from pactlab.ledger.tables import BENCHMARK_STATUSES

__all__ = [
    "DEFAULT_BASE_RATE",
    "Conversion",
    "LedgerReport",
    "ReportRow",
    "benchmark_status",
    "build_report",
    "credibility_from_rows",
    "fulfilment",
    "median_delay",
    "overdue",
]

DEFAULT_BASE_RATE = 0.50
DEFAULT_PRIOR_WEIGHT = 10.0
DEFAULT_MAX_WEIGHT = 50.0


def fulfilment(pledged: float, fulfilled: float) -> float | None:
    """``fulfilled / pledged``, or ``None`` where the ratio would mislead (see :func:`.report.assess`)."""
    return assess(pledged, fulfilled)[0]


def median_delay(pairs: Iterable[tuple[dt.date, dt.date]]) -> float | None:
    """Median days from pledge to delivery; ``None`` without linked, dated pairs."""
    days = [(delivered - pledged).days for pledged, delivered in pairs]
    return float(statistics.median(days)) if days else None


def overdue(rows: Iterable[tuple[dt.date, float, float, int]], *, on: dt.date) -> int:
    """Pledges ``(due, promised, delivered, deliveries)`` due before ``on`` and not fulfilled.

    A pledge with a promised quantity is fulfilled when that quantity is delivered; one without a
    quantity (money only) when any delivery is linked to it.
    """
    return sum(
        1
        for due, promised, delivered, count in rows
        if due < on and (delivered < promised if promised > 0 else count == 0)
    )


def benchmark_status(statuses: Iterable[str]) -> dict[str, int]:
    """Counts of benchmarks met, not met and unknown."""
    counts = dict.fromkeys(BENCHMARK_STATUSES, 0)
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return counts


def _row(key: str, sums: list[AggregateRow], delays: list[tuple[dt.date, dt.date]], late: int) -> ReportRow:
    eur: dict[str, float] = defaultdict(float)
    qty: dict[str, float] = defaultdict(float)
    for s in sums:
        eur[s.kind] += s.value_eur
        qty[s.kind] += s.quantity
    pledged_qty = qty["committed"] if qty["committed"] != 0 else qty["announced"]
    return ReportRow(
        key=key,
        announced_eur=eur["announced"],
        committed_eur=eur["committed"],
        allocated_eur=eur["allocated"],
        delivered_eur=eur["delivered"],
        pledged_quantity=pledged_qty,
        delivered_quantity=qty["delivered"],
        records=sum(s.records for s in sums),
        pledge_records=sum(s.records for s in sums if s.kind in ("announced", "committed")),
        median_delay_days=median_delay(delays),
        overdue=late,
    )


def _cumulative(rows: tuple[ReportRow, ...]) -> tuple[ReportRow, ...]:
    """Month rows with their cumulative pledged and fulfilled sums (``undated`` rows get none)."""
    out = []
    pledged = fulfilled = 0.0
    committed = announced = qty_pledged = qty_delivered = 0.0
    allocated = delivered = 0.0
    for row in rows:
        if row.key == "undated":
            out.append(row)
            continue
        committed += row.committed_eur
        announced += row.announced_eur
        allocated += row.allocated_eur
        delivered += row.delivered_eur
        qty_pledged += row.pledged_quantity
        qty_delivered += row.delivered_quantity
        pledged = committed if committed != 0 else announced
        fulfilled = max(allocated, delivered)
        out.append(
            replace(
                row,
                to_date_pledged_eur=pledged,
                to_date_fulfilled_eur=fulfilled,
                to_date_pledged_quantity=qty_pledged,
                to_date_delivered_quantity=qty_delivered,
            )
        )
    return tuple(out)


def build_report(
    db: str,
    by: str,
    totals: list[AggregateRow],
    groups: list[AggregateRow],
    delays: list[tuple[str, dt.date, dt.date]],
    due: list[tuple[str, dt.date, float, float, int]],
    statuses: Iterable[str],
    *,
    on: dt.date,
    conversions: tuple[Conversion, ...] = (),
) -> LedgerReport:
    """Assemble a :class:`LedgerReport` from the repository's aggregates (pure)."""
    keys = sorted({g.key for g in groups}, key=lambda k: (k == "undated", k))
    rows = tuple(
        _row(
            k,
            [g for g in groups if g.key == k],
            [(a, b) for kk, a, b in delays if kk == k],
            overdue([(d, p, q, c) for kk, d, p, q, c in due if kk == k], on=on),
        )
        for k in keys
    )
    basis = "cumulative" if by == "month" else "period"
    if basis == "cumulative":
        rows = _cumulative(rows)
    total = _row(
        "total",
        totals,
        [(a, b) for _, a, b in delays],
        overdue([(d, p, q, c) for _, d, p, q, c in due], on=on),
    )
    return LedgerReport(
        db=db,
        by=by,
        totals=total,
        rows=rows,
        benchmarks=benchmark_status(statuses),
        basis=basis,
        conversions=conversions,
    )


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def credibility_from_rows(
    rows: Iterable[ReportRow],
    *,
    base_rate: float = DEFAULT_BASE_RATE,
    prior_weight: float = DEFAULT_PRIOR_WEIGHT,
    max_weight: float = DEFAULT_MAX_WEIGHT,
) -> dict[str, float]:
    """Log-odds credibility shift per guarantor from rows keyed by guarantor (module notes)."""
    if not 0.0 < base_rate < 1.0:
        raise ValueError("base_rate must lie strictly between 0 and 1")
    out: dict[str, float] = {}
    for row in rows:
        ratio = row.fulfilment if row.fulfilment is not None else row.fulfilment_quantity
        if ratio is None:
            continue
        n = min(float(row.pledge_records), max_weight)
        r = min(max(ratio, 0.0), 1.0)
        p = (prior_weight * base_rate + n * r) / (prior_weight + n)
        p = min(max(p, 1e-9), 1 - 1e-9)
        out[row.key] = _logit(p) - _logit(base_rate)
    return out
