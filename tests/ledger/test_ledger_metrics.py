"""Metrics are pure functions: properties (hypothesis) and hand-checked cases.

The credibility formula is the Beta-binomial update of metrics.py's notes; the base rates come from
docs/models.md §2.6 (Leeds, Long & Mitchell 2000: 0.745; Berkemeier & Fuhrmann 2018: 0.50 overall).
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pactlab.ledger.metrics import (
    ReportRow,
    benchmark_status,
    credibility_from_rows,
    fulfilment,
    median_delay,
    overdue,
)

ratios = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
weights = st.integers(min_value=0, max_value=500)


def _row(key: str, committed: float, allocated: float, records: int) -> ReportRow:
    return ReportRow(key=key, committed_eur=committed, allocated_eur=allocated, pledge_records=records)


def test_fulfilment_unknown_without_pledges() -> None:
    """Nothing pledged: unknown, never 0 or a division by zero."""
    assert fulfilment(0.0, 5.0) is None
    assert fulfilment(-3.0, 1.0) is None
    assert fulfilment(4.0, 1.0) == 0.25


def test_median_delay_and_overdue_by_hand() -> None:
    """Delays 10, 30, 31 days -> median 30; overdue: past due and short, or unmatched."""
    d = dt.date(2024, 1, 1)
    pairs = [
        (d, d + dt.timedelta(days=10)),
        (d, d + dt.timedelta(days=31)),
        (d, d + dt.timedelta(days=30)),
    ]
    assert median_delay(pairs) == 30.0
    assert median_delay([]) is None
    today = dt.date(2025, 1, 1)
    past, later = dt.date(2024, 12, 31), dt.date(2025, 6, 1)
    rows = [
        (past, 3.0, 1.0, 1),  # 1 of 3 delivered: overdue
        (past, 3.0, 3.0, 2),  # all delivered
        (later, 3.0, 0.0, 0),  # not yet due
        (past, 0.0, 0.0, 0),  # money only, nothing delivered: overdue
        (past, 0.0, 0.0, 1),  # money only, a delivery linked
    ]
    assert overdue(rows, on=today) == 2


def test_benchmark_status_counts() -> None:
    assert benchmark_status(["met", "unknown", "met"]) == {"met": 2, "not_met": 0, "unknown": 1}


def test_credibility_by_hand() -> None:
    """r = 1, n = 10, prior 10 pseudo-trials at 0.5 -> p = 0.75 -> delta = logit(0.75) = ln 3."""
    out = credibility_from_rows([_row("usa", 100.0, 100.0, 10)])
    assert out["usa"] == pytest.approx(math.log(3.0), rel=1e-12)
    lm = credibility_from_rows([_row("usa", 100.0, 100.0, 10)], base_rate=0.745)
    p = (10 * 0.745 + 10) / 20
    assert lm["usa"] == pytest.approx(math.log(p / (1 - p)) - math.log(0.745 / 0.255), rel=1e-12)


def test_credibility_unknown_is_absent() -> None:
    """A guarantor with nothing pledged gets no entry (no adjustment), and no rows give {}."""
    assert credibility_from_rows([_row("fra", 0.0, 5.0, 3)]) == {}
    assert credibility_from_rows([]) == {}


@given(r1=ratios, r2=ratios, n=st.integers(min_value=1, max_value=500))
def test_credibility_monotone_in_fulfilment(r1: float, r2: float, n: int) -> None:
    """A better record never lowers the adjustment."""
    lo, hi = sorted((r1, r2))
    a = credibility_from_rows([_row("a", 1.0, lo, n)])["a"]
    b = credibility_from_rows([_row("a", 1.0, hi, n)])["a"]
    assert b >= a - 1e-12


@given(n=weights, base=st.floats(min_value=0.05, max_value=0.95))
def test_record_at_base_rate_moves_nothing(n: int, base: float) -> None:
    """Fulfilling exactly the base-rate share leaves the prior unchanged, whatever the weight."""
    out = credibility_from_rows([_row("a", 1.0, base, n)], base_rate=base)
    assert out["a"] == pytest.approx(0.0, abs=1e-9)


@given(r=ratios, n=weights)
def test_adjusted_probability_between_prior_and_record(r: float, n: int) -> None:
    """The implied credibility lies between the base rate and the record (shrinkage)."""
    delta = credibility_from_rows([_row("a", 1.0, r, n)])["a"]
    p = 1.0 / (1.0 + math.exp(-delta))  # logit(0.5) = 0
    assert min(0.5, r) - 1e-9 <= p <= max(0.5, r) + 1e-9


@given(ratio=st.floats(min_value=0.0, max_value=10.0), n=weights)
def test_over_fulfilment_is_capped(ratio: float, n: int) -> None:
    """Allocations above commitments (timing) count as full fulfilment, never more."""
    full = credibility_from_rows([_row("a", 1.0, 1.0, n)])["a"]
    more = credibility_from_rows([_row("a", 1.0, max(ratio, 1.0), n)])["a"]
    assert more == pytest.approx(full)


def test_credibility_rejects_degenerate_base_rate() -> None:
    with pytest.raises(ValueError, match="base_rate"):
        credibility_from_rows([], base_rate=1.0)
