"""Benchmarks of the deterrence engine (run by hand, with nice; not part of the test suite).

    nice python benchmarks/bench_deter.py [--draws 1000000] [--repeat 3]

Reports: (1) solved draws per second of the escalation game's closed-form logit-QRE solver on one
core, for parameters already mapped; (2) draws per second of the whole per-option pipeline
(draw the priors, map an option, solve); (3) wall time of ``pactlab deter vilnius-2023 --draws
100000 --json`` end to end (a fresh interpreter, as a user runs it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from pactlab.deter.mapping import (
    InstrumentSpec,
    OptionSpec,
    draw_parameters,
    game_parameters,
    resolve_parameters,
)
from pactlab.deter.montecarlo import simulate_chunks, solve_escalation

ROOT = Path(__file__).resolve().parents[1]
OPTION = OptionSpec("bench", "benchmark option", (
    InstrumentSpec("art5", "collective_defence_clause", "treaty", capability=0.6,
                   escalation_signal=0.3, guarantors=("a", "b", "c")),
    InstrumentSpec("mon", "monitoring_mission", "political_declaration", verifiability=0.7,
                   guarantors=("a",))), ("a", "b", "c"))


def _best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n = args.draws
    params = resolve_parameters()
    gp = game_parameters(OPTION, draw_parameters(params, n, np.random.default_rng(0)))
    t = _best(lambda: solve_escalation(gp), args.repeat)
    print(f"escalation game, closed-form logit QRE: {n / t:,.0f} solved draws/s ({n:,} in {t:.3f} s)")
    t = _best(lambda: simulate_chunks([OPTION], draws=n, rng=1), args.repeat)
    print(f"draw + map + solve + durability, baseline and one option: {2 * n / t:,.0f} option-draws/s "
          f"({n:,} draws in {t:.3f} s)")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-m", "pactlab", "deter", "vilnius-2023", "--draws", "100000", "--json"]
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    print(f"{' '.join(cmd[2:])}: {time.perf_counter() - t:.2f} s end to end")


if __name__ == "__main__":
    main()
