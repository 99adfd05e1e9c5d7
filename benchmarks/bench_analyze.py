"""Time `pactlab analyze vilnius-2023 --draws 20000` end to end (issue 6: under 30 s on 2 cores).

Run by hand: ``python benchmarks/bench_analyze.py [--repeat 3]``. Each run is a fresh process with an
empty SQLite ledger in a temporary folder, so the figure includes start-up and the PDF.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--draws", type=int, default=20_000)
    parser.add_argument("--scenario", default="vilnius-2023")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(SRC), SOURCE_DATE_EPOCH="1700000000")
    times = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            command = [sys.executable, "-m", "pactlab", "analyze", args.scenario, "-o", tmp,
                       "--draws", str(args.draws), "--db", f"sqlite:///{tmp}/ledger.db"]
            start = time.perf_counter()
            subprocess.run(command, check=True, env=env, capture_output=True)
            times.append(time.perf_counter() - start)
    print(f"analyze {args.scenario} --draws {args.draws}: "
          f"min {min(times):.2f} s, median {statistics.median(times):.2f} s over {len(times)} runs "
          f"(load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
