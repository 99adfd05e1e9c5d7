"""Ledger metrics: pure functions over the repository's query results (no SQL, no I/O).

Definitions
-----------
*pledged* = committed EUR when a group has any commitments, else announced EUR (Kiel's commitments
include earlier announcements that became binding; a group known only from announcements is judged
on those). *fulfilled* = the larger of allocated and delivered EUR: Kiel's allocations ("delivered
or earmarked for delivery") and delivery records measure the same thing from different sources, so
they are not added. ``fulfilment = fulfilled / pledged``, unknown (``None``) when nothing positive
was pledged. By quantity the same with quantities (SIPRI's numbers ordered and delivered, PUN's
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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pactlab.ledger.repository import AggregateRow
from pactlab.ledger.tables import BENCHMARK_STATUSES
from pactlab.results import Provenance

__all__ = [
    "DEFAULT_BASE_RATE",
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


@dataclass(frozen=True)
class ReportRow:
    """EUR totals by stage and fulfilment of one group (or of everything)."""

    key: str
    announced_eur: float = 0.0
    committed_eur: float = 0.0
    allocated_eur: float = 0.0
    delivered_eur: float = 0.0
    pledged_quantity: float = 0.0
    delivered_quantity: float = 0.0
    records: int = 0
    pledge_records: int = 0
    median_delay_days: float | None = None
    overdue: int = 0

    @property
    def fulfilment(self) -> float | None:
        return fulfilment(self.pledged_eur, max(self.allocated_eur, self.delivered_eur))

    @property
    def fulfilment_quantity(self) -> float | None:
        return fulfilment(self.pledged_quantity, self.delivered_quantity)

    @property
    def pledged_eur(self) -> float:
        return self.committed_eur if self.committed_eur != 0 else self.announced_eur

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "announced_eur": self.announced_eur,
            "committed_eur": self.committed_eur,
            "allocated_eur": self.allocated_eur,
            "delivered_eur": self.delivered_eur,
            "fulfilment": self.fulfilment,
            "fulfilment_quantity": self.fulfilment_quantity,
            "median_delay_days": self.median_delay_days,
            "overdue": self.overdue,
        }


@dataclass(frozen=True)
class LedgerReport:
    """The ledger's answer: totals, rows by group, benchmark status; ``None`` means unknown."""

    db: str
    by: str
    totals: ReportRow
    rows: tuple[ReportRow, ...]
    benchmarks: Mapping[str, int] = field(default_factory=dict)
    provenance: Provenance = field(default_factory=lambda: Provenance(model="ledger.report"))

    @property
    def empty(self) -> bool:
        return self.totals.records == 0

    def to_dict(self) -> dict[str, Any]:
        totals = self.totals.to_dict()
        totals.pop("key")
        return {
            "db": self.db,
            "by": self.by,
            "totals": totals,
            "rows": [r.to_dict() for r in self.rows],
            "benchmarks": dict(self.benchmarks),
            "provenance": self.provenance.to_dict(),
        }


def fulfilment(pledged: float, fulfilled: float) -> float | None:
    """``fulfilled / pledged``; ``None`` (unknown) when nothing positive was pledged."""
    if not pledged > 0:
        return None
    return fulfilled / pledged


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
) -> LedgerReport:
    """Assemble a :class:`LedgerReport` from the repository's aggregates (pure)."""
    keys = sorted({g.key for g in groups})
    rows = tuple(
        _row(
            k,
            [g for g in groups if g.key == k],
            [(a, b) for kk, a, b in delays if kk == k],
            overdue([(d, p, q, c) for kk, d, p, q, c in due if kk == k], on=on),
        )
        for k in keys
    )
    total = _row(
        "total",
        totals,
        [(a, b) for _, a, b in delays],
        overdue([(d, p, q, c) for _, d, p, q, c in due], on=on),
    )
    return LedgerReport(db=db, by=by, totals=total, rows=rows, benchmarks=benchmark_status(statuses))


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
