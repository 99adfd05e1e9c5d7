"""Whole-process wall time, CPU time and peak memory of the everyday commands (issues 17 item 7, 19).

Run by hand: ``nice python benchmarks/bench_startup.py [--repeat 5] [--only help,version]``. Each run is
a fresh ``python -m pactlab`` process (the console script costs the same plus a few ms), with an empty
SQLite ledger and the brief in a temporary folder; CPU is user + system time of the child, from
``os.wait4``'s resource usage (what ``/usr/bin/time`` reports). Figures are medians, with the load
average before and after, since the machine is shared.
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

COMMANDS: dict[str, list[str]] = {
    "help": ["--help"],
    "version": ["--version"],
    "scenarios-list": ["scenarios", "list"],
    "negotiate": ["negotiate", "vilnius-2023"],
    "deter": ["deter", "vilnius-2023"],
    "analyze": ["analyze", "vilnius-2023", "-o", "{tmp}/brief", "--db", "sqlite:///{tmp}/ledger.db"],
}


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """One fresh process: wall seconds, CPU seconds (user + system), peak RSS in MiB."""
    with tempfile.TemporaryDirectory() as tmp:
        argv = [sys.executable, "-m", "pactlab", *(a.format(tmp=tmp) for a in args)]
        start = time.perf_counter()
        with open(Path(tmp) / "stderr", "w+b") as err:
            proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            code = os.waitstatus_to_exitcode(status)
            err.seek(0)
            tail = err.read()[-1500:].decode(errors="replace")
    if code != 0:
        raise SystemExit(f"pactlab {' '.join(args)} exited with {code}:\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default=",".join(COMMANDS), help="Comma-separated names.")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(SRC), SOURCE_DATE_EPOCH="1700000000")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name in args.only.split(","):
        runs = [_run(COMMANDS[name], env) for _ in range(args.repeat)]
        wall, cpu, rss = (statistics.median(r[i] for r in runs) for i in range(3))
        print(
            f"pactlab {' '.join(COMMANDS[name])}: wall {wall:.2f} s, CPU {cpu:.2f} s, peak {rss:.0f} MiB "
            f"(median of {len(runs)}; CPU min {min(r[1] for r in runs):.2f} s, load {os.getloadavg()[0]:.2f})"
        )


if __name__ == "__main__":
    main()
