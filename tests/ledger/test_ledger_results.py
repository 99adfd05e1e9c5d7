"""The ledger's result protocol and its migration path.

LedgerReport: frozen, provenance (batches, releases, cut-off, rate source), to_dict/from_dict round
trip, to_frame, summary() -> str, _repr_html_. Migration 0003 upgrades a database built at revision
0002 without losing a row, and reports read it as before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.ledger_helpers import digest
from pactlab.ledger import Ledger, LedgerReport, import_file, ledger_report, open_ledger
from pactlab.ledger.db import current_revision, upgrade
from pactlab.ledger.report import Conversion, ReportRow
from pactlab.results import Provenance

amounts = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)
rows = st.builds(
    ReportRow,
    key=st.sampled_from(["usa", "deu", "2024-01", "undated"]),
    announced_eur=amounts,
    committed_eur=amounts,
    allocated_eur=amounts,
    delivered_eur=amounts,
    pledged_quantity=amounts,
    delivered_quantity=amounts,
    records=st.integers(0, 10**6),
    pledge_records=st.integers(0, 10**6),
    median_delay_days=st.none() | st.floats(0, 1e4),
    overdue=st.integers(0, 100),
    to_date_pledged_eur=st.none() | amounts,
    to_date_fulfilled_eur=st.none() | amounts,
)
converted = st.builds(
    Conversion,
    currency=st.just("USD"),
    converted=st.just(True),
    records=st.integers(1, 1000),
    value=amounts,
    value_eur=amounts,
    lowest_rate=st.just(1.0956),
    highest_rate=st.sampled_from([1.0956, 1.2]),
    first_rate_date=st.just(dt.date(2023, 7, 7)),
    last_rate_date=st.just(dt.date(2023, 7, 10)),
)
unconverted = st.builds(
    Conversion,
    currency=st.sampled_from(["UAH", "TIV-m"]),
    converted=st.just(False),
    records=st.integers(1, 1000),
    value=amounts,
)
conversions = converted | unconverted


@given(
    totals=rows,
    body=st.lists(rows, max_size=4),
    conv=st.lists(conversions, max_size=2),
    as_of=st.none() | st.dates(),
)
def test_report_round_trips_through_json(
    totals: ReportRow, body: list[ReportRow], conv: list[Conversion], as_of: dt.date | None
) -> None:
    report = LedgerReport(
        db="sqlite:///x",
        by="guarantor",
        totals=dataclasses.replace(totals, key="total"),
        rows=tuple(body),
        benchmarks={"met": 1, "not_met": 0, "unknown": 2},
        provenance=Provenance(model="ledger.report", parameters={"by": "guarantor", "batches": []}),
        as_of=as_of,
        conversions=tuple(conv),
    )
    payload = json.loads(json.dumps(report.to_dict(), allow_nan=False))
    assert LedgerReport.from_dict(payload) == report


def test_report_protocol_on_real_records(ledger: Ledger) -> None:
    pledge = ledger.add_pledge("deu", "2024-06-01", value=5e8, quantity=4)
    ledger.add_delivery("deu", "2024-07-01", pledge=pledge, value=2e8, quantity=1)
    ledger.add_pledge("usa", "2024-06-03", value=1e8, currency="USD")
    report = ledger.report(by="guarantor")
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.by = "month"  # type: ignore[misc]
    assert LedgerReport.from_dict(report.to_dict()) == report
    frame = report.to_frame()
    assert list(frame["key"]) == ["deu", "usa", "total"]
    assert frame.set_index("key").loc["deu", "fulfilment"] == 0.4
    text = report.summary()
    assert isinstance(text, str)
    assert "USD" in text  # the conversion and its rate are said
    html = report._repr_html_()
    assert html.startswith("<div class='pactlab-result'>")
    assert "<td>deu</td>" in html
    assert (
        "USD" in report.provenance.data["exchange rates"] or "ECB" in report.provenance.data["exchange rates"]
    )
    assert str(report) == text
    assert report.provenance.model == "ledger.report"
    assert report.to_dict()["provenance"]["parameters"]["rates"]["name"].startswith("ECB")


def test_migration_0003_upgrades_a_0002_database_without_loss(db_url: str, tmp_path: Path) -> None:
    """Build a ledger at 0002 (the previous release's schema) with records, then open it: the rows,
    the report and the rollups are unchanged, and the new columns are empty."""
    from pactlab.ledger.db import _make_engine, resolve_url

    engine = _make_engine(resolve_url(db_url))
    upgrade(engine, "0002")
    assert current_revision(engine) == "0002"
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO guarantors (id, name) VALUES ('deu', 'Germany')")
        connection.exec_driver_sql(
            "INSERT INTO import_batches (source, stream, release, file_name, digest, row_count, imported_at)"
            " VALUES ('csv', 'csv:old.csv', NULL, 'old.csv', 'abc', 2, '2025-01-01 00:00:00+00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO pledges (batch_id, guarantor_id, stage, pledged_on, value, currency, value_eur,"
            " date_precision, recipient, is_correction) VALUES"
            " (1, 'deu', 'committed', '2024-01-05', 100.0, 'EUR', 100.0, 'day', 'ukr', false),"
            " (1, 'deu', 'allocated', '2024-02-05', 40.0, 'EUR', 40.0, 'day', 'ukr', false)"
        )
        connection.exec_driver_sql(
            "INSERT INTO rollups (batch_id, kind, guarantor_id, month, value_eur, quantity, records) VALUES"
            " (1, 'committed', 'deu', '2024-01', 100.0, 0, 1), (1, 'allocated', 'deu', '2024-02', 40.0, 0, 1)"
        )
    engine.dispose()
    with open_ledger(db_url) as ledger:
        assert current_revision(ledger.engine) == "0003"
        (row,) = ledger_report(ledger, "guarantor").rows
        assert (row.committed_eur, row.allocated_eur, row.fulfilment) == (100.0, 40.0, 0.4)
        batch = ledger.batches()[0]
        assert (batch["file"], batch["published_on"], batch["superseded_by"]) == ("old.csv", None, None)
        cut = ledger_report(ledger, "guarantor", as_of=dt.date(2024, 1, 31)).rows[0]
        assert (cut.committed_eur, cut.allocated_eur) == (100.0, 0.0)
        before = digest(ledger)
    with open_ledger(db_url) as again:  # opening at the newest revision changes nothing
        assert digest(again) == before


def test_face_imports_and_exports(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "record,guarantor,instrument,stage,date,due,value,currency,quantity,unit,item,ref,pledge_ref,"
        "criterion,evidence,status,source,source_url\npledge,deu,,committed,2024-01-01,,10,EUR,,,,a1,,,,,,\n"
    )
    assert ledger.import_file(path, format="csv").pledges == 1
    out = tmp_path / "out.csv"
    text = ledger.export(out)
    assert out.read_bytes().decode() == text
    assert ",a1," in text  # the pledge keeps its own ref
    assert repr(ledger).startswith("Ledger(")
    assert import_file(ledger, path, "csv").status == "unchanged"
