"""`pactlab ledger add|report|export|upgrade` in-process, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _support.cli import run_cli


def test_hand_entries_and_their_report(db_url: str, tmp_path: Path) -> None:
    """A pledge, two deliveries against it and a benchmark: delay, quantity fulfilment, status."""
    assert run_cli("ledger", "upgrade", "--db", db_url).code == 0
    pledge = run_cli(
        "ledger",
        "add",
        "pledge",
        "--guarantor",
        "Germany",
        "--date",
        "2024-06-01",
        "--value",
        "500000000",
        "--quantity",
        "4",
        "--instrument",
        "air_defence",
        "--due",
        "2025-01-01",
        "--db",
        db_url,
    )
    assert pledge.code == 0, pledge.stderr
    exported = run_cli("ledger", "export", "--db", db_url)
    pledge_id = exported.stdout.splitlines()[1].split(",")[11].removeprefix("p")
    for day in ("2024-06-11", "2024-07-01"):
        done = run_cli(
            "ledger",
            "add",
            "delivery",
            "--guarantor",
            "deu",
            "--date",
            day,
            "--quantity",
            "1",
            "--pledge",
            pledge_id,
            "--db",
            db_url,
        )
        assert done.code == 0, done.stderr
    run_cli(
        "ledger",
        "add",
        "benchmark",
        "--criterion",
        "Battery operational",
        "--status",
        "not_met",
        "--db",
        db_url,
    )
    report = run_cli("ledger", "report", "--by", "guarantor", "--json", "--db", db_url)
    payload = json.loads(report.stdout)
    (deu,) = payload["rows"]
    assert deu["key"] == "deu"
    assert deu["committed_eur"] == 5e8
    assert deu["fulfilment_quantity"] == 0.5
    assert deu["median_delay_days"] == (10 + 30) / 2
    assert deu["overdue"] == 1  # due 2025-01-01, half delivered
    assert payload["benchmarks"] == {"met": 0, "not_met": 1, "unknown": 0}
    out = tmp_path / "ledger.csv"
    assert run_cli("ledger", "export", "--db", db_url, "-o", str(out)).code == 0
    assert out.read_text(encoding="utf-8").count("\n") == 5  # header + 4 records


def test_bad_hand_entries_exit_2(db_url: str) -> None:
    """A future date, an unknown stage and a missing pledge: located messages, exit 2, no traceback."""
    future = run_cli("ledger", "add", "pledge", "--guarantor", "usa", "--date", "2999-01-01", "--db", db_url)
    assert future.code == 2
    assert "date: date 2999-01-01 is in the future" in future.stderr
    stage = run_cli(
        "ledger",
        "add",
        "pledge",
        "--guarantor",
        "usa",
        "--date",
        "2024-01-01",
        "--stage",
        "promised",
        "--db",
        db_url,
    )
    assert stage.code == 2
    assert "stage: stage must be one of announced, committed, allocated" in stage.stderr
    orphan = run_cli(
        "ledger",
        "add",
        "delivery",
        "--guarantor",
        "usa",
        "--date",
        "2024-01-01",
        "--pledge",
        "424242",
        "--db",
        db_url,
    )
    assert orphan.code == 2
    assert "refers to a record that does not exist" in orphan.stderr
    assert "Traceback" not in future.stderr + stage.stderr + orphan.stderr
    report = json.loads(run_cli("ledger", "report", "--json", "--db", db_url).stdout)
    assert report["rows"] == []
    assert report["totals"]["fulfilment"] is None


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("foo://x", "--db: unsupported database URL"),
        ("postgresql+pg8000://a@localhost/x", "driver is not installed (pg8000)"),
        ("sqlite:////proc/pactlab/ledger.db", "cannot create the folder"),
    ],
)
def test_unusable_database_is_a_located_error(url: str, message: str) -> None:
    """A URL pactlab cannot use: one located line, exit 2, no traceback."""
    done = run_cli("ledger", "report", "--db", url)
    assert done.code == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
