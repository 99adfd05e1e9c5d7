"""Crash safety and concurrency: SIGKILL mid-import leaves no trace; two processes lose no rows.

Both run in real subprocesses against the same database (a SQLite file in WAL mode, or a PostgreSQL
schema), the way two analysts' terminals would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sqlalchemy import text

from ledger.ledger_helpers import SRC, digest
from pactlab.ledger import Ledger, import_file, ledger_report, open_ledger
from pactlab.ledger import repository as repo

PLAIN_HEADER = (
    "record,guarantor,instrument,stage,date,due,value,currency,quantity,unit,item,ref,"
    "pledge_ref,criterion,evidence,status,source,source_url\n"
)

_KILLABLE = textwrap.dedent("""
    import sys, time
    from pactlab.ledger import open_ledger, import_file
    from pactlab.ledger import repository as repo
    url, path, marker = sys.argv[1:4]
    original = repo._insert_pledges
    def stalled(session, batch_id, pledges):
        ids = original(session, batch_id, pledges)
        session.flush()
        open(marker, "w").write("pledges written, transaction open")
        time.sleep(120)
        return ids
    repo._insert_pledges = stalled
    with open_ledger(url) as ledger:
        import_file(ledger, path, "kiel-activities")
""")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC)}


def test_sigkill_mid_import_leaves_database_consistent(
    ledger: Ledger, db_url: str, shared_data: Path, tmp_path: Path
) -> None:
    """Kill -9 the importing process after writing rows, before commit: nothing remains."""
    kiel = shared_data / "ukraine" / "kiel-r29" / "data_explorer.csv"
    activities = shared_data / "ukraine" / "kiel-r28" / "bilateral_activities.csv"
    import_file(ledger, kiel, "kiel")
    before = digest(ledger)
    marker = tmp_path / "marker"
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as sink:
        child = subprocess.Popen(
            [sys.executable, "-c", _KILLABLE, db_url, str(activities), str(marker)],
            env=_env(),
            stderr=sink,
        )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert child.poll() is None, errors.read_text()
        assert time.monotonic() < deadline, "the importer never reached the stall point"
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with open_ledger(db_url) as reopened:
        assert digest(reopened) == before
        with reopened.reading() as session:
            assert [b.source for b in repo.list_batches(session)] == ["kiel"]
            if reopened.engine.dialect.name == "sqlite":
                assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        done = import_file(reopened, activities, "kiel-activities")  # the import then runs normally
        assert done.status == "imported"


_WORKER = textwrap.dedent("""
    import json, sys
    from pactlab.ledger import open_ledger, import_file, ledger_report
    url, worker, *paths = sys.argv[1:]
    seen = []
    with open_ledger(url) as ledger:
        for path in paths:
            import_file(ledger, path, "csv")
            seen.append(ledger_report(ledger, "guarantor").totals.committed_eur)
    print(json.dumps(seen))
""")


def _files(tmp_path: Path, worker: int, count: int, rows: int) -> list[str]:
    paths = []
    for k in range(count):
        path = tmp_path / f"w{worker}-{k}.csv"
        lines = [
            f"pledge,{('usa', 'deu')[worker]},arms_deliveries,committed,2024-01-{1 + k:02d},,"
            f"1000,EUR,1,units,item {worker}-{k}-{i},,,,,,,\n"
            for i in range(rows)
        ]
        path.write_text(PLAIN_HEADER + "".join(lines), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_two_processes_import_and_report_concurrently(db_url: str, tmp_path: Path) -> None:
    """Two processes each import 6 files (each followed by a report) into one new database at once.

    Expected: both exit 0, no "database is locked" on stderr, every row present (2 x 6 x 400 pledges
    of 1000 EUR), and each process saw its own running total grow.
    """
    count, rows = 6, 400
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, db_url, str(w), *_files(tmp_path, w, count, rows)],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in (0, 1)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err.lower()
        seen = [float(x) for x in out.strip().strip("[]").split(",")]
        assert seen == sorted(seen)
        assert seen[-1] >= count * rows * 1000.0
    with open_ledger(db_url) as ledger:
        report = ledger_report(ledger, "guarantor")
        assert report.totals.committed_eur == 2 * count * rows * 1000.0
        assert {r.key: r.committed_eur for r in report.rows} == {
            "usa": count * rows * 1000.0,
            "deu": count * rows * 1000.0,
        }
        with ledger.reading() as session:
            assert len(repo.list_batches(session)) == 2 * count


def test_two_processes_importing_the_same_files_count_them_once(db_url: str, tmp_path: Path) -> None:
    """Both processes import the same 6 files at once: each file lands once, one batch per file.

    Without the write lock PostgreSQL would let both transactions insert the same file (or fail on
    the unique digest); SQLite serialises writers by itself.
    """
    count, rows = 6, 300
    paths = _files(tmp_path, 0, count, rows)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, db_url, str(w), *paths],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in (0, 1)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    with open_ledger(db_url) as ledger:
        assert ledger_report(ledger).totals.committed_eur == count * rows * 1000.0
        with ledger.reading() as session:
            batches = repo.list_batches(session)
    assert len(batches) == count
    assert all(b.superseded_by is None for b in batches)  # each file is its own csv stream
