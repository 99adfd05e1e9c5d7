"""Benchmarks of the roadmap optimiser's engines (run by hand, with nice; not part of the test suite).

    nice python benchmarks/bench_plan.py j30 [--time-limit 10] [--workers 8]
    nice python benchmarks/bench_plan.py hard [--every 10] [--time-limit 10]
    nice python benchmarks/bench_plan.py mm [--time-limit 10]
    nice python benchmarks/bench_plan.py pareto [--points 10]

* ``j30``: all 480 PSPLIB j30 instances; how many CP-SAT proves optimal within the limit, whether every
  makespan equals PSPLIB's j30opt.sm optimum, total and median time.
* ``hard``: every ``--every``-th j60 and j120 instance; the gap of the makespan found within the
  limit to PSPLIB's best-known value (j60hrs.sm, j120hrs.sm): (makespan - best) / best.
* ``mm``: all 536 multi-mode j10 instances against CP Optimizer 22.1's proven optima.
* ``pareto``: the flagship vilnius-2023 AUGMECON front, wall time.

Reference data: ``$PACTLAB_SHARED_DATA`` or ``../shared/data`` beside the project.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pactlab.plan import (  # noqa: E402
    check_schedule,
    pareto_front,
    read_best_known,
    read_psplib,
    roadmap_problem,
    solve_cpsat,
)

DATA = Path(os.environ.get("PACTLAB_SHARED_DATA", ROOT.parent / "shared" / "data")) / "scheduling/psplib"


def _natural(path: Path) -> tuple[int, int]:
    param, inst = path.stem[3:].split("_")
    return int(param), int(inst)


def bench_j30(time_limit: float, workers: int) -> dict[str, object]:
    optima = read_best_known(DATA / "solutions/j30opt.sm")
    files = sorted((DATA / "sm/j30").glob("*.sm"), key=_natural)
    times, proven, wrong, unproven = [], 0, [], []
    clock = time.perf_counter()
    for path in files:
        project = read_psplib(path)
        result = solve_cpsat(project, time_limit=time_limit, workers=workers, seed=0)
        assert check_schedule(project, result.starts, result.modes) == []
        times.append(result.time_s)
        if result.makespan < optima[project.name] or (
            result.status == "optimal" and result.makespan != optima[project.name]
        ):
            wrong.append(project.name)
        if result.status == "optimal":
            proven += 1
        else:
            unproven.append(f"{project.name} ({result.makespan} vs {optima[project.name]})")
    return {
        "instances": len(files),
        "proven_optimal": proven,
        "disagree_with_j30opt": wrong,
        "not_proven": unproven,
        "total_s": round(time.perf_counter() - clock, 1),
        "median_s": round(statistics.median(times), 3),
        "time_limit_s": time_limit,
        "workers": workers,
    }


def bench_hard(every: int, time_limit: float, workers: int) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in ("j60", "j120"):
        best = read_best_known(DATA / f"solutions/{name}hrs.sm")
        files = sorted((DATA / f"sm/{name}").glob("*.sm"), key=_natural)[::every]
        gaps, proven, clock = [], 0, time.perf_counter()
        for path in files:
            project = read_psplib(path)
            result = solve_cpsat(project, time_limit=time_limit, workers=workers, seed=0)
            assert check_schedule(project, result.starts, result.modes) == []
            gaps.append((result.makespan - best[project.name]) / best[project.name])
            proven += result.status == "optimal"
        gaps.sort()
        out[name] = {
            "instances": len(files),
            "at_best_known": sum(g == 0 for g in gaps),
            "below_best_known": sum(g < 0 for g in gaps),
            "proven_optimal": proven,
            "gap_mean_pct": round(100 * statistics.fmean(gaps), 2),
            "gap_median_pct": round(100 * statistics.median(gaps), 2),
            "gap_p90_pct": round(100 * gaps[int(0.9 * (len(gaps) - 1))], 2),
            "gap_max_pct": round(100 * gaps[-1], 2),
            "total_s": round(time.perf_counter() - clock, 1),
        }
    out["time_limit_s"], out["workers"], out["every"] = time_limit, workers, every
    return out


def bench_mm(time_limit: float, workers: int) -> dict[str, object]:
    """All multi-mode j10 instances against CP Optimizer 22.1's proven optima (optalcp-benchmarks)."""
    ref = {}
    table = DATA.parent / "results/mmrcpsp-PSPLIB-CPO-4W.csv"
    for line in table.read_text().splitlines()[1:]:
        fields = line.split(";")
        if fields[0].startswith("mmrcpsp_PSPLIB_j10") and fields[2] == "Optimum":
            ref[fields[0].removeprefix("mmrcpsp_PSPLIB_")] = int(fields[3])
    files = sorted((DATA / "mm-j10").glob("*.mm"))
    proven, wrong, times, clock = 0, [], [], time.perf_counter()
    for path in files:
        project = read_psplib(path)
        result = solve_cpsat(project, time_limit=time_limit, workers=workers, seed=0)
        assert check_schedule(project, result.starts, result.modes) == []
        proven += result.status == "optimal"
        times.append(result.time_s)
        if result.makespan != ref[project.name]:
            wrong.append(project.name)
    return {
        "instances": len(files),
        "proven_optimal": proven,
        "differ_from_cpo": wrong,
        "total_s": round(time.perf_counter() - clock, 1),
        "median_s": round(statistics.median(times), 3),
    }


def bench_pareto(points: int) -> dict[str, object]:
    from pactlab.scenario import load_scenario

    problem = roadmap_problem(load_scenario("vilnius-2023"))
    clock = time.perf_counter()
    front = pareto_front(problem, points)
    elapsed = time.perf_counter() - clock
    return {
        "points": points,
        "solves": front.solves,
        "wall_s": round(elapsed, 2),
        "front": [(round(p.risk_budget, 3), p.deterrence, p.plan.status) for p in front.points],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("which", choices=["j30", "hard", "mm", "pareto"])
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--every", type=int, default=10)
    parser.add_argument("--points", type=int, default=10)
    args = parser.parse_args()
    if args.which == "j30":
        result = bench_j30(args.time_limit, args.workers)
    elif args.which == "hard":
        result = bench_hard(args.every, args.time_limit, args.workers)
    elif args.which == "mm":
        result = bench_mm(args.time_limit, args.workers)
    else:
        result = bench_pareto(args.points)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
