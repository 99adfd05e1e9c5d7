"""Whole-process time and CPU of ``pactlab analyze`` (issue 19 item 4: under 5 s of CPU at 20,000 draws).

Run by hand: ``nice python benchmarks/bench_analyze.py [--repeat 5] [--draws 20000] [--python PATH]``.
Each run is a fresh process (``python -m pactlab analyze``) with an empty SQLite ledger in a temporary
folder, so the figure includes start-up, every import, the models, the roadmap and both renderers. CPU
is the child's user + system time (``resource.getrusage(RUSAGE_CHILDREN)``), which the load of other
processes on a shared machine inflates far less than wall time; the load average is printed with each
run. ``--python`` runs another installation (e.g. a checkout of the parent commit) for a before/after.
``--profile-pdf`` instead times the PDF path in this process: the plots, svglib and ReportLab.

Figures measured for the brief helper's report are in its closing note (and the lead's re-run on a
quiet machine supersedes them).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(
    python: str, scenario: str, draws: int | None, env: dict[str, str], cold: bool = False
) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh ``pactlab analyze`` process; ``cold``: with an empty
    user cache directory (no cached roadmap, font cut or track record)."""
    with tempfile.TemporaryDirectory() as tmp:
        if cold:
            env = dict(env, XDG_CACHE_HOME=f"{tmp}/cache")
        command = [
            python,
            "-m",
            "pactlab",
            "analyze",
            scenario,
            "-o",
            f"{tmp}/out",
            "--db",
            f"sqlite:///{tmp}/l.db",
        ]
        if draws is not None:
            command += ["--draws", str(draws)]
        before = _child_cpu()
        start = time.perf_counter()
        subprocess.run(command, check=True, env=env, capture_output=True)
        return time.perf_counter() - start, _child_cpu() - before


def profile_pdf(scenario: str) -> None:
    """CPU of each step of the PDF path, in this process (after the analysis)."""
    import datetime as dt
    import io

    from pactlab.analysis import analyze
    from pactlab.brief.assemble import assemble
    from pactlab.brief.pdf import _build
    from pactlab.brief.render import render_html
    from pactlab.scenario import load_scenario

    with tempfile.TemporaryDirectory() as tmp:
        analysis = analyze(
            load_scenario(scenario), db=f"sqlite:///{tmp}/l.db", timestamp=dt.datetime(2023, 1, 1)
        )
    clock = time.process_time
    t0 = clock()
    brief = assemble(analysis)
    _ = brief.figures
    t1 = clock()
    render_html(brief)
    t2 = clock()
    _build(brief, io.BytesIO())
    t3 = clock()
    print(
        f"plots (matplotlib, SVG) {t1 - t0:.3f} s, HTML {t2 - t1:.3f} s, "
        f"PDF (svglib + ReportLab) {t3 - t2:.3f} s"
    )


def compare(args: argparse.Namespace, env: dict[str, str]) -> None:
    """Alternate the other installation (A) and this one (B), so that both see the same load."""
    other, other_src = args.compare
    env_a = dict(env, PYTHONPATH=other_src)
    run_once(other, args.scenario, args.draws, env_a)  # warm-ups, not counted
    run_once(args.python, args.scenario, args.draws, env)
    cpu_a, cpu_b = [], []
    for _ in range(args.repeat):
        cpu_a.append(run_once(other, args.scenario, args.draws, env_a)[1])
        cpu_b.append(run_once(args.python, args.scenario, args.draws, env, cold=args.cold_cache)[1])
        print(f"  A {cpu_a[-1]:5.2f} s  B {cpu_b[-1]:5.2f} s  load {os.getloadavg()[0]:.1f}", flush=True)
    for name, cpus in (("A (other)", cpu_a), ("B (this tree)", cpu_b)):
        print(
            f"{name}: CPU median {statistics.median(cpus):.2f} s, min {min(cpus):.2f} s over {len(cpus)} runs"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--draws", type=int, default=None, help="default: the command's own default")
    parser.add_argument("--scenario", default="vilnius-2023")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--src", default=str(SRC), help="the source tree to put on PYTHONPATH")
    parser.add_argument("--profile-pdf", action="store_true")
    parser.add_argument("--cold-cache", action="store_true", help="an empty user cache for every run")
    parser.add_argument(
        "--compare",
        nargs=2,
        metavar=("PYTHON", "SRC"),
        help="interleave runs of another installation (before/after pairs under the same load)",
    )
    args = parser.parse_args()
    if args.profile_pdf:
        profile_pdf(args.scenario)
        return
    env = dict(os.environ, PYTHONPATH=args.src, SOURCE_DATE_EPOCH="1700000000")
    if args.compare:
        compare(args, env)
        return
    run_once(args.python, args.scenario, args.draws, env)  # warm the file cache and byte-code; not counted
    walls, cpus = [], []
    for _ in range(args.repeat):
        wall, cpu = run_once(args.python, args.scenario, args.draws, env, cold=args.cold_cache)
        walls.append(wall)
        cpus.append(cpu)
        print(f"  wall {wall:6.2f} s  cpu {cpu:5.2f} s  load {os.getloadavg()[0]:.1f}", flush=True)
    draws = "default draws" if args.draws is None else f"--draws {args.draws}"
    draws += ", cold cache" if args.cold_cache else ""
    print(
        f"analyze {args.scenario} ({draws}): CPU median {statistics.median(cpus):.2f} s "
        f"(min {min(cpus):.2f}), wall median {statistics.median(walls):.2f} s (min {min(walls):.2f}) "
        f"over {len(cpus)} fresh processes"
    )


if __name__ == "__main__":
    main()
