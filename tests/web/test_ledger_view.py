"""The ledger page's selection: with no filter its monthly sums are the ledger's own report by month;
each filter keeps exactly the records it names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.web.conftest import KIEL

from pactlab.ledger import import_file, ledger_report
from pactlab.web import ledger_view
from pactlab.web.store import Store, open_store


@pytest.fixture(scope="module")
def kiel_store(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Store:
    store = open_store(str(tmp_path_factory.mktemp("ledger") / "web.sqlite3"))
    import_file(store.ledger, shared_data / KIEL, "kiel")
    return store


def test_unfiltered_months_equal_the_ledgers_report(kiel_store: Store) -> None:
    with kiel_store.reading() as session:
        months = ledger_view.monthly(ledger_view.records(session, ledger_view.Filters()))
    report = ledger_report(kiel_store.ledger, "month")
    expected = {r.key: r for r in report.rows}
    assert {m["month"] for m in months} == set(expected)
    for m in months:
        row = expected[m["month"]]
        for stage in ("announced", "committed", "allocated", "delivered"):
            assert m[f"{stage}_eur"] == pytest.approx(getattr(row, f"{stage}_eur"), rel=1e-9, abs=1e-3)


def test_filters_keep_exactly_their_records(kiel_store: Store) -> None:
    chosen = ledger_view.Filters(
        guarantor="deu", instrument="arms_deliveries", start=dt.date(2022, 3, 1), end=dt.date(2023, 7, 10)
    )
    with kiel_store.reading() as session:
        every = ledger_view.records(session, ledger_view.Filters())
        some = ledger_view.records(session, chosen)
    expected = [
        r
        for r in every
        if r["guarantor"] == "deu"
        and r["instrument"] == "arms_deliveries"
        and r["date"] is not None
        and "2022-03-01" <= r["date"] <= "2023-07-10"
    ]
    assert some == expected
    assert some, "Germany delivered arms in that period"


def test_csv_neutralises_formulas() -> None:
    row = {c: None for c in ledger_view.CSV_COLUMNS} | {
        "record": "pledge",
        "item": '=HYPERLINK("x")',
        "value": -5.0,
    }
    text = ledger_view.records_csv([row])
    assert "'=HYPERLINK" in text
    assert ",-5.0," in text, "numbers stay numbers"
