"""SIPRI, ProtectUkraineNow and plain-CSV imports, the report's JSON contract, and the empty ledger.

Expected counts and sums are computed here from the source files with the csv/json modules.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from ledger.ledger_helpers import run_cli
from pactlab.ledger import (
    Ledger,
    credibility_adjustments,
    export_csv,
    import_file,
    ledger_report,
    open_ledger,
    public_url,
    resolve_url,
)
from pactlab.ledger.tables import Delivery, Pledge


def _sipri_rows(shared_data: Path) -> list[list[str]]:
    path = shared_data / "ukraine" / "sipri" / "trade-register-2025-03.csv"
    with path.open(newline="", encoding="latin-1") as handle:
        rows = list(csv.reader(handle))[12:]
    return [r for r in rows if len(r) == 16 or len(r) == 13]  # 4 deals are split over two lines


def test_sipri_orders_and_deliveries(ledger: Ledger, shared_data: Path) -> None:
    """Every deal is one order; deliveries are linked; quantities sum as in the file."""
    rows = _sipri_rows(shared_data)
    path = shared_data / "ukraine" / "sipri" / "trade-register-2025-03.csv"
    result = import_file(ledger, path, "sipri")
    assert result.rows == len(rows) == 29515
    full = [r for r in rows if len(r) == 16]
    delivered = sum(float(r[8]) for r in full if r[8].strip())
    report = ledger_report(ledger, "guarantor")
    # the 4 split deals deliver 0 + 0 + 13 + 3 units (read off their continuation lines)
    assert report.totals.delivered_quantity == delivered + 16
    assert report.totals.committed_eur == 0.0  # TIV is not money: never counted as EUR
    with ledger.reading() as session:
        linked = session.query(Delivery).filter(Delivery.pledge_id.is_not(None)).count()
        assert linked == session.query(Delivery).count() == result.deliveries
    usa_ukraine = sum(
        float(r[8]) for r in full if r[1] == "United States" and r[0] == "Ukraine" and r[8].strip()
    )
    with ledger.reading() as session:
        got = sum(
            d.quantity or 0
            for d in session.query(Delivery).filter(
                Delivery.guarantor_id == "usa", Delivery.recipient == "ukr"
            )
        )
    assert got == usa_ukraine > 0


def test_pun_pledges_keep_their_source_urls(ledger: Ledger, shared_data: Path) -> None:
    """Each ProtectUkraineNow pledge keeps its URL; units sum per country as in commits.json."""
    folder = shared_data / "ukraine" / "protect-ukraine-now"
    entries = json.loads((folder / "commits.json").read_text(encoding="utf-8"))
    import_file(ledger, folder, "pun")
    with ledger.reading() as session:
        pledges = session.query(Pledge).order_by(Pledge.row_number).all()
    assert len(pledges) == len(entries)
    assert [p.source_url for p in pledges] == [e[5] for e in entries]
    germany = sum(e[4] for e in entries if e[1] == "de")
    rows = {r.key: r for r in ledger_report(ledger, "guarantor").rows}
    assert rows["deu"].pledged_quantity == germany
    assert rows["deu"].fulfilment is None  # no money values: unknown, not zero


def test_plain_csv_roundtrip_through_export(ledger: Ledger, tmp_path: Path) -> None:
    """Hand-kept file -> import -> export -> import elsewhere: the same report."""
    path = tmp_path / "mine.csv"
    path.write_text(
        "record,guarantor,instrument,stage,date,due,value,currency,quantity,unit,item,ref,"
        "pledge_ref,criterion,evidence,status,source,source_url\n"
        "pledge,Germany,air_defence,committed,2024-06-01,2025-06-01,500000000,EUR,3,units,IRIS-T,p1,,,,,"
        "MoD,https://example.org/a\n"
        "pledge,usa,ammunition,announced,2024-02-01,,-2000000,EUR,,,,,,,,,,\n"
        "delivery,deu,air_defence,,2024-12-15,,,,1,units,IRIS-T,,p1,,,,,\n"
        "delivery,deu,air_defence,,2025-02-14,,,,1,units,IRIS-T,,p1,,,,,\n"
        "benchmark,deu,air_defence,,2025-01-10,,,,,,,,,Second battery operational,MoD,met,,\n",
        encoding="utf-8",
    )
    import_file(ledger, path, "csv")
    report = ledger_report(ledger, "guarantor")
    deu = next(r for r in report.rows if r.key == "deu")
    assert deu.committed_eur == 5e8
    assert deu.fulfilment_quantity == pytest.approx(2 / 3)
    assert deu.median_delay_days == (197 + 258) / 2  # 2024-06-01 -> 12-15 and -> 2025-02-14
    assert deu.overdue == 1  # due 2025-06-01, 2 of 3 delivered
    assert report.benchmarks == {"met": 1, "not_met": 0, "unknown": 0}
    usa = next(r for r in report.rows if r.key == "usa")
    assert usa.announced_eur == -2e6
    assert usa.fulfilment is None
    exported = tmp_path / "exported.csv"
    exported.write_text(export_csv(ledger), encoding="utf-8")
    with open_ledger(f"sqlite:///{tmp_path / 'copy.sqlite3'}") as copy:
        import_file(copy, exported, "csv")
        again = ledger_report(copy, "guarantor")
    assert _content(again.to_dict()) == _content(report.to_dict())


def test_empty_ledger_says_unknown(ledger: Ledger) -> None:
    """No data: every function works, fulfilment is unknown, no credibility adjustment."""
    report = ledger_report(ledger, "instrument")
    assert report.empty
    assert report.rows == ()
    assert report.totals.fulfilment is None
    assert credibility_adjustments(ledger) == {}
    assert export_csv(ledger).count("\n") == 1


def test_report_json_contract(db_url: str, shared_data: Path) -> None:
    """`ledger report --json`: db without password, totals and rows in EUR (not EUR bn)."""
    path = shared_data / "ukraine" / "kiel-r29" / "data_explorer.csv"
    assert run_cli("ledger", "import", str(path), "--format", "kiel", "--db", db_url).returncode == 0
    done = run_cli("ledger", "report", "--by", "guarantor", "--db", db_url, "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["db"] == public_url(db_url)
    assert "pactlab:pactlab@" not in payload["db"]
    assert set(payload["totals"]) >= {
        "announced_eur",
        "committed_eur",
        "allocated_eur",
        "delivered_eur",
    }
    assert payload["totals"]["allocated_eur"] == 358_399_501_000.0
    (batch,) = payload["provenance"]["parameters"]["batches"]
    assert batch["release"] == "29"
    assert batch["digest"] == hashlib.sha256(path.read_bytes()).hexdigest()
    usa = next(r for r in payload["rows"] if r["key"] == "usa")
    assert usa["fulfilment"] == usa["allocated_eur"] / usa["committed_eur"]


def test_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """--db beats PACTLAB_DB beats the user data directory; a bare path is a SQLite file."""
    monkeypatch.setenv("PACTLAB_DB", "sqlite:///from-env.db")
    assert resolve_url("postgresql://u:secret@h/db") == "postgresql://u:secret@h/db"
    assert resolve_url(None) == "sqlite:///from-env.db"
    monkeypatch.delenv("PACTLAB_DB")
    assert resolve_url(None).endswith("ledger.sqlite3")
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert "secret" not in public_url("postgresql://u:secret@h/db")


def _content(payload: dict[str, object]) -> dict[str, object]:
    """A report's numbers, without where they came from (database URL, batches)."""
    return {k: v for k, v in payload.items() if k not in ("db", "provenance")}
