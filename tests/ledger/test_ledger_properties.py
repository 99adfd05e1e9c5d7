"""Hypothesis properties of imports over random hand-kept ledgers (plain CSV format, SQLite).

Invariants from issue 5: report totals equal the file's own sums whatever the rows (negatives
included); the same file twice changes nothing; export then import reproduces the report; the order of
the rows does not matter. The backend-specific behaviour is covered by the parametrised tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import tempfile
from collections import defaultdict
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.ledger_helpers import digest
from pactlab.ledger import export_csv, import_file, ledger_report, open_ledger
from pactlab.ledger.importers.plain import COLUMNS

GUARANTORS = ["usa", "deu", "gbr", "fra", "pol"]
KINDS = ["arms_deliveries", "air_defence", "ammunition", ""]

pledge = st.fixed_dictionaries(
    {
        "record": st.just("pledge"),
        "guarantor": st.sampled_from(GUARANTORS),
        "instrument": st.sampled_from(KINDS),
        "stage": st.sampled_from(["announced", "committed", "allocated"]),
        "date": st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2025, 12, 31)).map(str),
        "value": st.integers(min_value=-(10**9), max_value=10**12).map(str),
        "currency": st.just("EUR"),
        "quantity": st.one_of(st.just(""), st.integers(min_value=0, max_value=500).map(str)),
    }
)


def _write(rows: list[dict[str, str]], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in COLUMNS})
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _expected(rows: list[dict[str, str]]) -> dict[tuple[str, str], float]:
    sums: dict[tuple[str, str], list[float]] = defaultdict(list)
    for row in rows:
        sums[(row["guarantor"], row["stage"])].append(float(row["value"]))
        sums[("total", row["stage"])].append(float(row["value"]))
    return {k: math.fsum(v) for k, v in sums.items()}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(pledge, min_size=1, max_size=40), data=st.data())
def test_random_ledgers_import_exactly_and_idempotently(
    rows: list[dict[str, str]], data: st.DataObject
) -> None:
    """Totals equal the rows' sums (exact for integer EUR); re-import, export, reordering: no change."""
    want = _expected(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.csv"
        _write(rows, path)
        with open_ledger(f"sqlite:///{folder}/a.sqlite3") as ledger:
            import_file(ledger, path, "csv")
            report = ledger_report(ledger, "guarantor")
            for row in (*report.rows, report.totals):
                for stage in ("announced", "committed", "allocated"):
                    assert getattr(row, f"{stage}_eur") == want.get((row.key, stage), 0.0)
            before = digest(ledger)
            assert import_file(ledger, path, "csv").status == "unchanged"
            assert digest(ledger) == before
            exported = Path(folder) / "export.csv"
            exported.write_text(export_csv(ledger), encoding="utf-8")
        shuffled = data.draw(st.permutations(rows))
        _write(shuffled, Path(folder) / "shuffled.csv")
        for name in ("export.csv", "shuffled.csv"):
            with open_ledger(f"sqlite:///{folder}/{name}.sqlite3") as other:
                import_file(other, Path(folder) / name, "csv")
                again = ledger_report(other, "guarantor")
            assert _content(again.to_dict()) == _content(report.to_dict())


def _content(payload: dict[str, object]) -> dict[str, object]:
    """A report's numbers, without where they came from (database URL, batches)."""
    return {k: v for k, v in payload.items() if k not in ("db", "provenance")}
