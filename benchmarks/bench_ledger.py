"""Benchmark the commitments ledger: import throughput and report latency on SQLite and PostgreSQL.

Run by hand (not part of the test suite)::

    nice python benchmarks/bench_ledger.py [--postgres URL] [--repeat 5]

For each database it imports the SIPRI trade register (29,515 deals -> 29,515 orders + 28,349 linked
deliveries) and the Kiel R28 per-activity rows (5,565 rows -> 4,266 records) into a fresh database,
reports rows per second (source rows / wall time of parse + one transaction), then times every report
query (totals, by guarantor, by instrument, by month) on those volumes, best of ``--repeat``.
The PostgreSQL URL defaults to ``PACTLAB_TEST_POSTGRES_URL``; a throwaway schema is used and dropped.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pactlab.ledger import import_file, ledger_report, open_ledger  # noqa: E402

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


def _timed(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("PACTLAB_TEST_POSTGRES_URL"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
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
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
