"""Kiel Ukraine Support Tracker imports reproduce the tracker's own totals (SQLite, PostgreSQL).

Reference values are the source files' own sums, computed here independently with the csv module and
Decimal (never with pactlab's importer), plus the totals published for Release 29 in the issue
(allocations 358.399501 EUR bn, commitments 547.983846 EUR bn; data:
../shared/data/ukraine/kiel-r29/ data_explorer.csv, Kiel Institute, Release 29, 04/2026, published
2026-08-04).
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from pactlab.ledger import Ledger, actor_id, credibility_adjustments, import_file, ledger_report
from pactlab.ledger.tables import Pledge

BN = Decimal(10) ** 9


def _r29(shared_data: Path) -> Path:
    return shared_data / "ukraine" / "kiel-r29" / "data_explorer.csv"


def _r28(shared_data: Path) -> Path:
    return shared_data / "ukraine" / "kiel-r28" / "bilateral_activities.csv"


def test_r29_totals_equal_the_file_sums(ledger: Ledger, shared_data: Path) -> None:
    """Report totals equal the file's column sums exactly.

    Tolerance: none. Every R29 value has 6 decimals in EUR bn, i.e. whole thousands of EUR, and sums
    of integers below 2**53 are exact in binary floating point on both databases.
    """
    with _r29(shared_data).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    allocations = sum(Decimal(r["total"]) for r in rows)
    commitments = sum(Decimal(r["commitments"]) for r in rows)
    assert allocations == Decimal("358.399501")  # published R29 figure (issue 5)
    assert commitments == Decimal("547.983846")
    import_file(ledger, _r29(shared_data), "kiel")
    totals = ledger_report(ledger).totals
    assert Decimal(totals.allocated_eur) == allocations * BN
    assert Decimal(totals.committed_eur) == commitments * BN
    assert totals.announced_eur == 0.0
    assert totals.delivered_eur == 0.0


def test_r29_guarantor_rows_equal_each_country_sum(ledger: Ledger, shared_data: Path) -> None:
    """Per-donor allocations and commitments equal the file's per-country sums (exact, as above)."""
    want_alloc: dict[str, Decimal] = defaultdict(Decimal)
    want_commit: dict[str, Decimal] = defaultdict(Decimal)
    with _r29(shared_data).open(newline="", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            want_alloc[r["iso"].lower()] += Decimal(r["total"])
            want_commit[r["iso"].lower()] += Decimal(r["commitments"])
    import_file(ledger, _r29(shared_data), "kiel")
    rows = {row.key: row for row in ledger_report(ledger, "guarantor").rows}
    assert set(rows) == set(want_alloc)
    for iso, row in rows.items():
        assert Decimal(row.allocated_eur) == want_alloc[iso] * BN, iso
        assert Decimal(row.committed_eur) == want_commit[iso] * BN, iso
    assert rows["usa"].committed_eur > 0
    assert rows["deu"].committed_eur > 0


def test_r29_negative_balances_are_kept_as_corrections(ledger: Ledger, shared_data: Path) -> None:
    """R29 holds negative to-be-allocated balances; each imports as one correction record."""
    with _r29(shared_data).open(newline="", encoding="utf-8") as handle:
        negative = sum(1 for r in csv.DictReader(handle) if Decimal(r["to_be_allocated"]) < 0)
    assert negative > 0
    import_file(ledger, _r29(shared_data), "kiel")
    with ledger.reading() as session:
        kept = session.query(Pledge).filter(Pledge.is_correction.is_(True)).count()
        below = session.query(Pledge).filter(Pledge.value_eur < 0).count()
    assert kept == negative == below


# Release 28's summary counts the European Investment Bank's loans (3.167831 EUR bn, financial, all
# in activity rows of donor "European Investment Bank") under "EU (Commission and Council)": with
# the EIB added, the EU cells match exactly. One cell stays apart: Slovenia's humanitarian
# allocation in the summary is 6.7 EUR m below the sum of its activity rows (and its commitment 13.4
# EUR m below), a correction the summary applies outside the activity sheet; measured with the csv
# module, not reproducible from the activity file alone.
_KNOWN_GAPS = {("Slovenia", "humanitarian")}
_MERGED = {"eu": ("eu", "eu_eib")}
_AID = ("financial", "humanitarian", "military")


def _summary(shared_data: Path) -> list[dict[str, str]]:
    path = shared_data / "ukraine" / "kiel-r28" / "country_summary.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _by_guarantor_and_aid(ledger: Ledger) -> dict[tuple[str, str, str], float]:
    out: dict[tuple[str, str, str], float] = defaultdict(float)
    with ledger.reading() as session:
        for p in session.query(Pledge):
            out[(p.guarantor_id, str(p.aid_type), p.stage)] += p.value_eur or 0.0
    return out


def test_r28_activities_reproduce_country_summary(ledger: Ledger, shared_data: Path) -> None:
    """Per-activity import reproduces kiel-r28/country_summary.csv for every donor and aid type.

    Source: Kiel R28 country summary (EUR bn). Allocations are the sum of ``verdi_eur``, commitments
    the sum of ``verdi_eur_activity``. Tolerance 1e-9 relative: the activity values carry full float
    precision and their sums depend on the order of addition (the summary was summed elsewhere).
    The EIB's rows count for the EU (see above); Slovenia's humanitarian gap is an xfail below.
    """
    import_file(ledger, _r28(shared_data), "kiel-activities")
    got = _by_guarantor_and_aid(ledger)
    checked = 0
    for row in _summary(shared_data):
        for aid in _AID:
            if (row["land"], aid) in _KNOWN_GAPS:
                continue
            gid = actor_id(row["land"])
            for stage, column in (("allocated", "allocation"), ("committed", "commitment")):
                want = float(row[f"{aid}_{column}"]) * 1e9
                have = sum(got[(g, aid, stage)] for g in _MERGED.get(gid, (gid,)))
                assert have == pytest.approx(want, rel=1e-9, abs=1e-3), (gid, aid, stage)
                checked += 1
    assert checked == 42 * 3 * 2 - 2


@pytest.mark.xfail(
    strict=True,
    reason="R28's summary is 6.7 EUR m below its activity rows for "
    "Slovenia's humanitarian allocation; see _KNOWN_GAPS",
)
def test_r28_known_gaps(ledger: Ledger, shared_data: Path) -> None:
    """The summary's one cell the activity rows do not reproduce (documented above)."""
    import_file(ledger, _r28(shared_data), "kiel-activities")
    got = _by_guarantor_and_aid(ledger)
    for row in _summary(shared_data):
        for land, aid in _KNOWN_GAPS:
            if row["land"] == land:
                want = float(row[f"{aid}_allocation"]) * 1e9
                assert got[(actor_id(land), aid, "allocated")] == pytest.approx(want, rel=1e-9)


def test_r28_activity_rows_all_imported(ledger: Ledger, shared_data: Path) -> None:
    """Every activity row with a non-zero value becomes records (counts from the csv module)."""
    with _r28(shared_data).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    want = sum((float(r["verdi_eur"]) != 0) + (float(r["verdi_eur_activity"]) != 0) for r in rows)
    result = import_file(ledger, _r28(shared_data), "kiel-activities")
    assert result.rows == len(rows) == 5565  # PROVENANCE.md: 5,565 rows
    assert result.pledges == want
    negatives = sum(float(r["verdi_eur"]) < 0 or float(r["verdi_eur_activity"]) < 0 for r in rows)
    with ledger.reading() as session:
        assert session.query(Pledge).filter(Pledge.is_correction.is_(True)).count() >= negatives


def test_r29_credibility_is_a_plain_dict_ordered_by_record(ledger: Ledger, shared_data: Path) -> None:
    """Every R29 donor gets a finite log-odds shift; a better fulfilment never gets a smaller one
    at equal weight, and the weights are the donors' committed records (capped at 50)."""
    import_file(ledger, _r29(shared_data), "kiel")
    shifts = credibility_adjustments(ledger)
    assert type(shifts) is dict
    rows = {r.key: r for r in ledger_report(ledger, "guarantor").rows}
    assert set(shifts) == set(rows)
    assert all(isinstance(v, float) and math.isfinite(v) for v in shifts.values())
    capped = [k for k, r in rows.items() if r.pledge_records >= 50 and r.fulfilment is not None]
    capped.sort(key=lambda k: min(max(rows[k].fulfilment or 0.0, 0.0), 1.0))
    assert [shifts[k] for k in capped] == sorted(shifts[k] for k in capped)
    assert len(capped) > 10
