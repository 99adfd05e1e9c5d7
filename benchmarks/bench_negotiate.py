"""Benchmarks of the negotiation engine (run by hand, once, with ``nice``; not part of the test suite).

    nice python benchmarks/bench_negotiate.py [--draws 10000] [--engine threads|processes|local]
        [--workers 2] [--skip-peer] [--skip-exchange] [--skip-ensemble]

Figures (issue 3):
- exchange, cop21, 10 rounds, against the peer decide-exchange-model 2025.3.1: the cop21 part of
  benchmarks/bench_exchange.py (model and whole-command CPU, before and after, the peer's model and
  command line, the seed-independent round-1 values); bench_exchange.py also has the scaling table,
  the start-up costs and the agreement on the shared fixtures;
- eum on the emission case, 10 rounds (target < 5 ms);
- eum on a synthetic 33-actor, 6-issue scenario, 20 rounds (target < 50 ms);
- eum over 10,000 perturbed draws of vilnius-2023, streamed, each draw under its issue's decision rule
  (target < 10 s wall on 2 cores), with the traced peak memory at a tenth of the draws and at all of
  them (flat in draws).
Reference data comes from ../shared/data/negotiation (see PROVENANCE.md there).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pactlab.negotiate import eum, eum_batch, eum_ensemble  # noqa: E402
from pactlab.scenario import load_scenario  # noqa: E402


def best_of(fn: Any, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), float(np.median(times))


def bench_eum() -> dict[str, Any]:
    arrays = load_scenario("bdm1994-emissions").to_arrays()
    e_best, e_med = best_of(lambda: eum(arrays, 0, rounds=10), 50)
    rng = np.random.default_rng(33)
    x, s = rng.uniform(0, 100, (6, 33)), rng.uniform(0.1, 1.0, (6, 33))
    c = np.broadcast_to(rng.uniform(0.5, 3.0, 33), (6, 33))
    s_best, s_med = best_of(lambda: eum_batch(x, c, s, max_rounds=20), 20)
    return {
        "emission_10_rounds_ms_best": e_best * 1e3,
        "emission_10_rounds_ms_median": e_med * 1e3,
        "synthetic_33x6_20_rounds_ms_best": s_best * 1e3,
        "synthetic_33x6_20_rounds_ms_median": s_med * 1e3,
    }


def bench_ensemble(draws: int, workers: int, engine: str) -> dict[str, Any]:
    """Wall and CPU time of one run; then the traced peak memory (tracemalloc, numpy arrays included)
    at ``draws`` and at a tenth of it, in two more runs (tracing slows them): flat memory means the two
    peaks are close."""
    from pactlab.negotiate.ensemble import LocalEngine, ProcessEngine, ThreadEngine

    arrays = load_scenario("vilnius-2023").to_arrays()
    chosen = {"threads": ThreadEngine(workers), "processes": ProcessEngine(workers), "local": LocalEngine()}
    wall, cpu = time.perf_counter(), time.process_time()
    result = eum_ensemble(arrays, draws=draws, rounds=10, rng=2023, engine=chosen[engine])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peaks = {}
    for n in (max(draws // 10, 2), draws):
        tracemalloc.start()
        eum_ensemble(arrays, draws=n, rounds=10, rng=2023, engine=chosen[engine])
        peaks[n] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return {
        "scenario": "vilnius-2023",
        "actors": arrays.n_actors,
        "issues": arrays.n_issues,
        "draws": draws,
        "rounds": 10,
        "engine": engine,
        "workers": workers,
        "dtype": result.provenance.parameters["dtype"],
        "wall_seconds": wall,
        "cpu_seconds_this_process": cpu,  # worker processes' CPU is not counted for engine=processes
        "peak_traced_mib_by_draws": peaks,
        "process_max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "summary": result.to_dict()["median"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", choices=["threads", "processes", "local"], default="threads")
    parser.add_argument("--skip-exchange", action="store_true")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--skip-ensemble", action="store_true")
    args = parser.parse_args()
    report: dict[str, Any] = {"cpus": os.cpu_count(), "load_average": os.getloadavg()}
    if not args.skip_exchange:
        import bench_exchange  # beside this file

        report["exchange_cop21_10_rounds"] = bench_exchange.cop21(peer=not args.skip_peer)
    report["eum"] = bench_eum()
    if not args.skip_ensemble:
        report["eum_ensemble"] = bench_ensemble(args.draws, args.workers, args.engine)
    report["load_average_end"] = os.getloadavg()  # the machine is shared: load at start and end
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
