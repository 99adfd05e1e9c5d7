"""Benchmark the commitments ledger: import throughput and report latency on SQLite and PostgreSQL.

Run by hand (not part of the test suite)::

    nice python benchmarks/bench_ledger.py [--postgres URL] [--repeat 5]
    nice python benchmarks/bench_ledger.py --first-open 50


For each database it imports the SIPRI trade register (29,515 deals -> 29,515 orders + 28,349 linked
deliveries) and the Kiel R28 per-activity rows (5,565 rows -> 4,266 records) into a fresh database,
reports rows per second (source rows / wall time of parse + one transaction), then times every report
query (totals, by guarantor, by instrument, by month) on those volumes, best of ``--repeat``.
It also times opening the filled database (the integrity check ``PRAGMA quick_check`` included).
The PostgreSQL URL defaults to ``PACTLAB_TEST_POSTGRES_URL``; a throwaway schema is used and dropped.

``--first-open N``: N times each, 4 and then 8 processes open a SQLite file that does not exist and
import a small file at once (issue 18: "table rollups already exists"); prints the failures (want 0).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import datetime as dt  # noqa: E402

from pactlab.ledger import import_file, ledger_report, open_ledger  # noqa: E402

CUT = dt.date(2023, 7, 10)

DATA = Path(os.environ.get("PACTLAB_SHARED_DATA", ROOT.parent / "shared" / "data")) / "ukraine"
FILES = [
    ("sipri", DATA / "sipri" / "trade-register-2025-03.csv"),
    ("kiel-activities", DATA / "kiel-r28" / "bilateral_activities.csv"),
]


def bench(url: str, repeat: int) -> None:
    with open_ledger(url) as ledger:
        for fmt, path in FILES:
            start = time.perf_counter()
            result = import_file(ledger, path, fmt)
            seconds = time.perf_counter() - start
            print(
                f"  import {fmt:16s} {result.rows:6d} rows, {result.pledges + result.deliveries:6d}"
                f" records in {seconds:6.2f} s = {result.rows / seconds:8.0f} rows/s"
            )
        for by in (None, "guarantor", "instrument", "month"):
            best = min(_timed(lambda b=by: ledger_report(ledger, b)) for _ in range(repeat))
            print(f"  report --by {by or 'none':10s} best of {repeat}: {best * 1000:6.1f} ms")
        best = min(_timed(lambda: ledger_report(ledger, "guarantor", as_of=CUT)) for _ in range(repeat))
        print(f"  report --by guarantor --as-of {CUT} best of {repeat}: {best * 1000:6.1f} ms")
    best = min(_timed(lambda: open_ledger(url).close()) for _ in range(repeat))
    print(f"  open (integrity check, revision check) best of {repeat}: {best * 1000:6.1f} ms")


_WORKER = (
    "import sys\n"
    "from pactlab.ledger import open_ledger, import_file\n"
    "with open_ledger(sys.argv[1]) as ledger:\n"
    "    import_file(ledger, sys.argv[2], 'csv')\n"
)
HEADER = (
    "record,guarantor,instrument,stage,date,due,value,currency,quantity,unit,item,ref,pledge_ref,"
    "criterion,evidence,status,source,source_url\n"
)


def first_open(repetitions: int) -> None:
    """Concurrent first opens of a new SQLite file: failures per worker count."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for w in range(8):
            path = Path(folder) / f"w{w}.csv"
            path.write_text(HEADER + f"pledge,deu,,committed,2024-01-01,,{w + 1},EUR,,,,,,,,,,\n")
            files.append(str(path))
        for workers in (4, 8):
            failures = 0
            start = time.perf_counter()
            for rep in range(repetitions):
                url = f"sqlite:///{folder}/fresh-{workers}-{rep}.sqlite3"
                procs = [
                    subprocess.Popen(
                        [sys.executable, "-c", _WORKER, url, f], env=env, stderr=subprocess.PIPE, text=True
                    )
                    for f in files[:workers]
                ]
                errors = [p.communicate()[1] for p in procs]
                bad = [e for p, e in zip(procs, errors, strict=True) if p.returncode != 0]
                with open_ledger(url) as ledger:
                    batches = len(ledger.batches())
                if bad or batches != workers:
                    failures += 1
                    print(f"  {workers} workers, repetition {rep}: {len(bad)} failed, {batches} batches")
                    print("   ", (bad or [""])[0].strip().splitlines()[-1:])
            seconds = time.perf_counter() - start
            print(f"first open: {workers} workers x {repetitions} repetitions: {failures} failures", end="")
            print(f" ({seconds:.0f} s)")


def _timed(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("PACTLAB_TEST_POSTGRES_URL"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--first-open", type=int, default=0, metavar="N", help="only the first-open race")
    args = parser.parse_args()
    print("load average:", Path("/proc/loadavg").read_text().strip())
    if args.first_open:
        first_open(args.first_open)
        print("load average:", Path("/proc/loadavg").read_text().strip())
        return
    with tempfile.TemporaryDirectory() as folder:
        print("SQLite (file, WAL)")
        bench(f"sqlite:///{folder}/bench.sqlite3", args.repeat)
    if not args.postgres:
        print("PostgreSQL: skipped (no --postgres URL or PACTLAB_TEST_POSTGRES_URL)")
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.postgres)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(args.postgres).update_query_dict({"options": f"-csearch_path={schema}"})
        print(f"PostgreSQL ({make_url(args.postgres).render_as_string(hide_password=True)})")
        bench(url.render_as_string(hide_password=False), args.repeat)
        print("load average:", Path("/proc/loadavg").read_text().strip())
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
