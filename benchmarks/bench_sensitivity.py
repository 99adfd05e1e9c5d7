"""Benchmarks of the sensitivity analysis (run by hand, with nice; not part of the test suite).

    nice python benchmarks/bench_sensitivity.py sobol [--n 64] [--draws 10000] [--engine process]
        [--workers 2]
    nice python benchmarks/bench_sensitivity.py efficiency [--n 16] [--repeat 2]

``sobol``: a whole Sobol' run over every vilnius-2023 input (deterrence parameters, the calibration,
instrument ratings, positions, saliences, capabilities) with ``--draws`` Monte Carlo draws behind the
headline and every sweep point; wall and CPU time of each stage (headline, deterrence design,
negotiation design, sweeps) read from the progress callback, the rows of each design, peak resident
memory of this process and its workers, and the extrapolation to N = 1024 base samples (design rows
grow as N, the headline and the sweeps do not depend on N).

``efficiency``: parallel efficiency from 1 to 2 Dask workers on a fixed piece of work, the deterrence
design of vilnius-2023 at ``--n`` base samples (exact rows), on a LocalCluster started beforehand (its
start-up is not timed): efficiency = T(1 worker) / (2 T(2 workers)).

Every figure is printed with the load average before and after (the machine is shared with other
work: a busy machine makes the figures untrustworthy, and the script says so).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from typing import Any

import numpy as np

from pactlab._engines import open_engine
from pactlab.results import jsonable
from pactlab.scenario import load_scenario
from pactlab.sensitivity import sensitivity
from pactlab.sensitivity.api import _design_seeds, _select_parts
from pactlab.sensitivity.build import Widths, scenario_parts
from pactlab.sensitivity.design import evaluate, sample
from pactlab.sensitivity.deterrence import DeterrencePart

SCENARIO = "vilnius-2023"


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def _busy() -> bool:
    return os.getloadavg()[0] > 0.5 * (os.cpu_count() or 1)


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def bench_sobol(n: int, draws: int, engine: str, workers: int | None, save: str | None) -> dict[str, Any]:
    """A whole Sobol' run; seconds per stage from the progress callback."""
    scenario = load_scenario(SCENARIO)
    stamps: dict[str, float] = {}
    t0 = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        if done == total:
            stamps[stage] = time.perf_counter()

    before = _load()
    cpu0 = time.process_time()
    r = sensitivity(scenario, n=n, draws=draws, engine=engine, workers=workers, progress=progress)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    if save:
        with open(save, "w", encoding="utf-8") as fh:
            json.dump(jsonable(r.to_dict()), fh, allow_nan=False)
    order = ["headline", "deterrence", "negotiation", "sweeps"]
    stages, last = {}, t0
    for stage in order:
        if stage in stamps:
            stages[stage] = stamps[stage] - last
            last = stamps[stage]
    rows = r.provenance.parameters["rows"]
    scale = 1024 / n
    extrapolated = stages.get("headline", 0) + stages.get("sweeps", 0)
    extrapolated += scale * (stages.get("deterrence", 0) + stages.get("negotiation", 0))
    return {
        "n": n,
        "draws": draws,
        "engine": engine,
        "workers": workers,
        "inputs": len(r.inputs),
        "factors": {p.part: len(p.factors) for p in r.parts},
        "rows": rows,
        "wall_s": round(wall, 1),
        "cpu_s_main_process": round(cpu, 1),
        "stages_s": {k: round(v, 1) for k, v in stages.items()},
        "extrapolated_wall_s_at_n1024": round(extrapolated),
        "peak_rss_mb_main_and_largest_child": [round(x) for x in _peak_mb()],
        "leader": r.leader,
        "flip_line": r.flip_line(),
        "top5": [
            (b.factor, round(b.index, 3), round(b.at_low, 3), round(b.at_high, 3)) for b in r.tornado(5)
        ],
        "load_before": before,
        "load_after": _load(),
    }


def _deterrence_design(n: int) -> tuple[DeterrencePart, np.ndarray]:
    scenario = load_scenario(SCENARIO)
    built = scenario_parts(scenario, Widths())
    parts, _ = _select_parts(built, None, {}, 10_000, 0, None)
    part = next(p for p in parts if isinstance(p, DeterrencePart))
    gen, _ = _design_seeds(0, part.name)
    return part, sample(part.space, "sobol", n, gen)


def bench_efficiency(n: int, repeat: int) -> dict[str, Any]:
    """T(1 Dask worker) / (2 T(2 workers)) on the same design rows; cluster start-up not timed."""
    part, unit = _deterrence_design(n)
    times: dict[int, float] = {}
    outputs: dict[int, np.ndarray] = {}
    loads = [_load()]
    for workers in (1, 2):
        with open_engine("dask", workers=workers) as engine:
            evaluate(part, unit[:64], engine=engine, chunk_rows=8)  # warm the workers' imports
            best = float("inf")
            for _ in range(repeat):
                t = time.perf_counter()
                outputs[workers] = evaluate(part, unit, engine=engine, chunk_rows=8)
                best = min(best, time.perf_counter() - t)
            times[workers] = best
        loads.append(_load())
    return {
        "rows": len(unit),
        "seconds_1_worker": round(times[1], 2),
        "seconds_2_workers": round(times[2], 2),
        "efficiency": round(times[1] / (2 * times[2]), 3),
        "same_numbers": bool(np.array_equal(outputs[1], outputs[2])),
        "loads": loads,
        "busy": _busy(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="what", required=True)
    s = sub.add_parser("sobol")
    s.add_argument("--n", type=int, default=64)
    s.add_argument("--draws", type=int, default=10_000)
    s.add_argument("--engine", default="process")
    s.add_argument("--workers", type=int, default=2)
    s.add_argument("--save", default=None, help="Write the result's JSON to this file.")
    e = sub.add_parser("efficiency")
    e.add_argument("--n", type=int, default=16)
    e.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if args.what == "sobol":
        out = bench_sobol(args.n, args.draws, args.engine, args.workers, args.save)
    else:
        out = bench_efficiency(args.n, args.repeat)
    if _busy():
        out["warning"] = "the machine was busy (load average above half the cores): figures not trustworthy"
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
