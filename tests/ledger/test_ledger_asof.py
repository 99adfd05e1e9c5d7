"""Reports cut at a date: no hindsight (issue 17, "the 2023 brief reads the ledger up to 2026").

Quoted failure: after importing Kiel Release 29 (published 2026-08-04) the vilnius-2023 brief (as of
2023-07-10) showed the full period's fulfilment, usa 97%, deu 63%. Expected values are computed here
from ../shared/data/ukraine/kiel-r29/data_explorer.csv with the csv module and Decimal.

The rule (pactlab.ledger.queries): a month-dated record counts once its month has ended by the cut-off,
so 2023-07-10 reads January 2022 to June 2023: usa 84.1%, deu 44.9%. The issue's 88% and 47% count
July 2023 as well (allocations through 31 July, after the cut-off): 87.9% and 46.5% (shown as 47%
after rounding 46.5% again); that variant is computed below too, to show where the figures differ.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pactlab.ledger import Ledger, add_records, credibility_adjustments, import_file, ledger_report

VILNIUS = dt.date(2023, 7, 10)


def _r29(shared_data: Path) -> Path:
    return shared_data / "ukraine" / "kiel-r29" / "data_explorer.csv"


def _share(shared_data: Path, iso: str, last: tuple[int, int]) -> float:
    """Kiel allocations / commitments of ``iso`` over the months up to ``last`` (year, month)."""
    with _r29(shared_data).open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["iso"] == iso]
    kept = [r for r in rows if (int(r["year"]), int(r["month"])) <= last]
    return float(sum(Decimal(r["total"]) for r in kept) / sum(Decimal(r["commitments"]) for r in kept))


def test_vilnius_cut_reads_only_months_ended_by_the_cut_off(ledger: Ledger, shared_data: Path) -> None:
    import_file(ledger, _r29(shared_data), "kiel")
    full = {r.key: r.fulfilment for r in ledger_report(ledger, "guarantor").rows}
    assert round(full["usa"] or 0, 2) == 0.97  # the quoted full-period figures
    assert round(full["deu"] or 0, 2) == 0.63
    report = ledger_report(ledger, "guarantor", as_of=VILNIUS)
    rows = {r.key: r for r in report.rows}
    for iso, gid in (("USA", "usa"), ("DEU", "deu")):
        assert rows[gid].fulfilment == pytest.approx(_share(shared_data, iso, (2023, 6)), rel=1e-12)
    assert round(rows["usa"].fulfilment or 0, 3) == 0.841
    assert round(rows["deu"].fulfilment or 0, 3) == 0.449
    # the figures include July 2023, whose month had not ended on 10 July
    assert round(_share(shared_data, "USA", (2023, 7)), 2) == 0.88
    assert round(_share(shared_data, "DEU", (2023, 7)), 3) == 0.465


def test_the_report_says_which_release_and_cut_off(ledger: Ledger, shared_data: Path) -> None:
    """R29 was published after the cut-off and no earlier release is in the ledger: its records up
    to the cut-off are read ("nearest"), and the report says so; "published" reads nothing."""
    import_file(ledger, _r29(shared_data), "kiel")
    report = ledger_report(ledger, "guarantor", as_of=VILNIUS)
    (batch,) = report.batches
    assert (batch["release"], batch["published_on"], batch["after_cutoff"]) == ("29", "2026-08-04", True)
    assert report.as_of == VILNIUS
    assert report.to_dict()["as_of"] == "2023-07-10"
    assert "release 29 was published 2026-08-04, after the cut-off 2023-07-10" in report.notes[0]
    strict = ledger_report(ledger, "guarantor", as_of=VILNIUS, releases="published")
    assert strict.empty
    assert strict.batches == ()


def test_a_release_published_by_the_cut_off_is_preferred(ledger: Ledger, shared_data: Path) -> None:
    """With R28 (public by 2026-04-22) and R29 (2026-08-04): a cut in between reads R28; after
    R29's publication, R29; with no cut, the newest (R29)."""
    r28 = import_file(
        ledger, shared_data / "ukraine" / "kiel-r28" / "bilateral_activities.csv", "kiel-activities"
    )
    r29 = import_file(ledger, _r29(shared_data), "kiel")
    between = ledger_report(ledger, as_of=dt.date(2026, 6, 1))
    assert [(b["id"], b["after_cutoff"]) for b in between.batches] == [(r28.batch_id, False)]
    after = ledger_report(ledger, as_of=dt.date(2026, 9, 1))
    assert [b["id"] for b in after.batches] == [r29.batch_id]
    assert [b["id"] for b in ledger_report(ledger).batches] == [r29.batch_id]


def test_day_dated_records_and_benchmarks_are_cut_too(ledger: Ledger) -> None:
    pledge = ledger.add_pledge("deu", "2023-07-01", value=100.0, quantity=4, due="2023-07-05")
    ledger.add_delivery("deu", "2023-07-10", pledge=pledge, value=40.0, quantity=1)
    ledger.add_delivery("deu", "2023-07-11", pledge=pledge, value=60.0, quantity=3)
    ledger.add_benchmark("battery operational", status="met", date="2023-07-11")
    cut = ledger.report(by="guarantor", as_of=VILNIUS)
    (row,) = cut.rows
    assert (row.delivered_eur, row.fulfilment, row.overdue) == (40.0, 0.4, 1)
    assert cut.benchmarks == {"met": 0, "not_met": 0, "unknown": 0}
    later = ledger.report(by="guarantor", as_of=dt.date(2023, 7, 11))
    assert (later.rows[0].fulfilment, later.rows[0].overdue, later.benchmarks["met"]) == (1.0, 0, 1)


def test_undated_records_are_left_out_of_a_cut_and_counted(ledger: Ledger) -> None:
    row = {"record": "pledge", "guarantor": "fra", "stage": "committed", "value": "5", "currency": "EUR"}
    add_records(ledger, [row])  # no date
    report = ledger.report(as_of=VILNIUS)
    assert report.totals.records == 0
    assert report.excluded_undated == 1
    assert "1 record without a date left out" in " ".join(report.notes)


def test_credibility_as_of_uses_only_the_cut(ledger: Ledger, shared_data: Path) -> None:
    """The deterrence input of a 2023 brief is computed from the 2023 cut, not the full period."""
    import_file(ledger, _r29(shared_data), "kiel")
    cut_rows = {r.key: r for r in ledger_report(ledger, "guarantor", as_of=VILNIUS).rows}
    shifts = credibility_adjustments(ledger, as_of=VILNIUS)
    full = credibility_adjustments(ledger)
    assert set(shifts) == {k for k, r in cut_rows.items() if r.fulfilment is not None}
    assert shifts["deu"] < full["deu"]  # 44.9% by mid-2023 against 62.8% over the whole period
