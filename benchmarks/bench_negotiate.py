"""Benchmarks of the negotiation engine (run by hand, once, with ``nice``; not part of the test suite).

    nice python benchmarks/bench_negotiate.py [--draws 10000] [--engine threads|processes|local]
        [--workers 2] [--skip-peer] [--skip-exchange] [--skip-ensemble]

Figures (issue 3):
- exchange, cop21, 10 rounds, against the peer decide-exchange-model 2025.3.1 (its model alone, via
  benchmarks/peer_exchange.py, and its whole CLI); our model time is the steady state, the first
  call's numba JIT compile or cache load is reported apart (also in fresh processes, cold and warm
  cache); the seed-independent round-1 values compared; the peer runs under ``$PEER_PYTHON``
  (default /tmp/peer/bin/python: a Python 3.13 venv with
  ``pip install decide-exchange-model==2025.3.1``); Python's ``random`` is seeded;
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
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pactlab.negotiate import eum, eum_batch, eum_ensemble, exchange_rounds  # noqa: E402
from pactlab.scenario import load_scenario, read_scenario  # noqa: E402

DATA = Path(os.environ.get("PACTLAB_SHARED_DATA", ROOT.parent / "shared" / "data")) / "negotiation"
PEER = os.environ.get("PEER_PYTHON", "/tmp/peer/bin/python")
FIXED_COP21 = {"adapt_inst": 67.3522, "ld": 11.431, "amb2100": 94.3028}  # models.md 1.5


def best_of(fn: Any, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), float(np.median(times))


_FIRST_CALL = """
import json, sys, time
start = time.perf_counter()
from pactlab.negotiate import exchange_rounds
from pactlab.scenario import read_scenario
arrays = read_scenario(sys.argv[1]).to_arrays()
imported = time.perf_counter()
exchange_rounds(arrays, rounds=10)
first = time.perf_counter()
exchange_rounds(arrays, rounds=10)
second = time.perf_counter() - first
print(json.dumps({"import": imported - start, "first": first - imported, "second": second}))
"""


def first_calls(path: Path) -> dict[str, Any]:
    """First-call times of the compiled exchange loop in fresh processes: with an empty numba cache
    (JIT compile) and again with that cache filled (load from cache, the usual case)."""
    out = {}
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache, "PYTHONPATH": str(ROOT / "src")}
        for label in ("cold_cache", "warm_cache"):
            proc = subprocess.run(
                [sys.executable, "-c", _FIRST_CALL, str(path)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            out[label] = json.loads(proc.stdout)
    return out


def bench_exchange(skip_peer: bool) -> dict[str, Any]:
    """Model time = steady state (best / median of 5 calls after a warm-up call, so without the
    one-off JIT compile or cache load of the numba loop, which ``first_call_seconds`` reports)."""
    path = DATA / "decide" / "cop21.csv"
    arrays = read_scenario(path).to_arrays()
    start = time.perf_counter()
    run = exchange_rounds(arrays, rounds=10)
    first = time.perf_counter() - start
    best, median = best_of(lambda: exchange_rounds(arrays, rounds=10), 5)
    ours = {i: float(arrays.to_units(run.outcomes[1, k], k)) for k, i in enumerate(arrays.issue_ids)}
    out: dict[str, Any] = {
        "model_time": "steady state: first call (JIT compile / cache load) excluded, reported apart",
        "pactlab_seconds_best": best,
        "pactlab_seconds_median": median,
        "pactlab_first_call_seconds_this_process": first,
        "pactlab_first_call_fresh_process_seconds": first_calls(path),
        "pactlab_round1": {i: ours[i] for i in FIXED_COP21},
    }
    if skip_peer or not Path(PEER).exists():
        return out
    peer = subprocess.run(
        [PEER, str(ROOT / "benchmarks" / "peer_exchange.py"), str(path), "10", "0"],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(peer.stdout)
    round1 = {k.split(" [")[0]: v for k, v in data["outcomes"][0].items()}
    out["peer_model_seconds"] = data["model_seconds"]
    out["peer_round1"] = {i: round1[i] for i in FIXED_COP21}
    out["equal_seed_independent_values"] = all(abs(round1[i] - ours[i]) < 1e-3 for i in FIXED_COP21)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run(
            [
                PEER,
                "-c",
                "import random; random.seed(0); from decide.cli import app; app()",
                "--input-file",
                str(path),
                "--iterations",
                "10",
                "--output-dir",
                tmp,
            ],
            capture_output=True,
            check=True,
        )
        out["peer_cli_seconds"] = time.perf_counter() - start
    out["speedup_model"] = data["model_seconds"] / best
    return out


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
        report["exchange_cop21_10_rounds"] = bench_exchange(args.skip_peer)
    report["eum"] = bench_eum()
    if not args.skip_ensemble:
        report["eum_ensemble"] = bench_ensemble(args.draws, args.workers, args.engine)
    report["load_average_end"] = os.getloadavg()  # the machine is shared: load at start and end
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
