"""Benchmarks of the deterrence engine (run by hand, with nice; not part of the test suite).

    nice python benchmarks/bench_deter.py [--draws 1000000] [--repeat 3] [--scaling]

Reports: (1) solved draws per second of the escalation game's closed-form logit-QRE solver on one
core, for parameters already mapped; (2) option-draws per second of the whole streaming pipeline
(priors, calibration draw, map, solve, survival, running statistics) for the baseline and one
option; (3) with ``--scaling``: wall time, CPU time and peak memory (``/usr/bin/time -v``) of
``pactlab deter vilnius-2023 --draws N --json`` in a fresh interpreter for N = 10^5, 10^6, 10^7
(the issue-19 target: peak memory under 400 MB and time linear in draws). Print the load average
next to each figure; the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from pactlab.deter.calibration import load_calibration
from pactlab.deter.mapping import (
    NO_GUARANTEE,
    InstrumentSpec,
    OptionSpec,
    draw_parameters,
    game_parameters,
    resolve_parameters,
)
from pactlab.deter.montecarlo import Plan, root_seed, run_plan, solve_escalation

ROOT = Path(__file__).resolve().parents[1]
OPTION = OptionSpec(
    "bench",
    "benchmark option",
    (
        InstrumentSpec(
            "art5",
            "collective_defence_clause",
            "treaty",
            capability=0.6,
            escalation_signal=0.3,
            guarantors=("a", "b", "c"),
        ),
        InstrumentSpec(
            "mon", "monitoring_mission", "political_declaration", verifiability=0.7, guarantors=("a",)
        ),
    ),
    ("a", "b", "c"),
)


def _best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """The best CPU time of ``repeat`` runs (process time: on a shared machine wall time measures
    the neighbours)."""
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def _load() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0]


def _command(draws: int) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [
        "/usr/bin/time",
        "-v",
        sys.executable,
        "-m",
        "pactlab",
        "deter",
        "vilnius-2023",
        "--draws",
        str(draws),
        "--json",
    ]
    load = _load()
    run = subprocess.run(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True
    )
    stats = dict(re.findall(r"\t(.+?): (.+)", run.stderr))
    cpu = float(stats["User time (seconds)"]) + float(stats["System time (seconds)"])
    rss = int(stats["Maximum resident set size (kbytes)"]) / 1024
    wall = stats["Elapsed (wall clock) time (h:mm:ss or m:ss)"]
    print(
        f"deter vilnius-2023 --draws {draws:>10,}: wall {wall}, "
        f"CPU {cpu:.1f} s, peak RSS {rss:.0f} MiB, {draws / cpu:,.0f} draws/CPU-s (load {load})"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scaling", action="store_true")
    args = ap.parse_args()
    n = args.draws
    params = resolve_parameters()
    gp = game_parameters(OPTION, draw_parameters(params, n, np.random.default_rng(0)))
    t = _best(lambda: solve_escalation(gp), args.repeat)
    print(
        f"closed-form logit QRE: {n / t:,.0f} solved draws per CPU-s ({n:,} in {t:.3f} CPU-s, load {_load()})"
    )
    plan = Plan(params, (NO_GUARANTEE, OPTION), root_seed(1), n, calibration=load_calibration())
    t = _best(lambda: run_plan(plan), args.repeat)
    print(
        f"streaming pipeline, baseline + one option: {2 * n / t:,.0f} option-draws per CPU-s "
        f"({n:,} draws in {t:.3f} CPU-s, load {_load()})"
    )
    if args.scaling:
        for draws in (100_000, 1_000_000, 10_000_000):
            _command(draws)


if __name__ == "__main__":
    main()
