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


def run_once(python: str, scenario: str, draws: int | None, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh ``pactlab analyze`` process."""
    with tempfile.TemporaryDirectory() as tmp:
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
    args = parser.parse_args()
    if args.profile_pdf:
        profile_pdf(args.scenario)
        return
    env = dict(os.environ, PYTHONPATH=args.src, SOURCE_DATE_EPOCH="1700000000")
    run_once(args.python, args.scenario, args.draws, env)  # warm the file cache and byte-code; not counted
    walls, cpus = [], []
    for _ in range(args.repeat):
        wall, cpu = run_once(args.python, args.scenario, args.draws, env)
        walls.append(wall)
        cpus.append(cpu)
        print(f"  wall {wall:6.2f} s  cpu {cpu:5.2f} s  load {os.getloadavg()[0]:.1f}", flush=True)
    draws = "default draws" if args.draws is None else f"--draws {args.draws}"
    print(
        f"analyze {args.scenario} ({draws}): CPU median {statistics.median(cpus):.2f} s "
        f"(min {min(cpus):.2f}), wall median {statistics.median(walls):.2f} s (min {min(walls):.2f}) "
        f"over {len(cpus)} fresh processes"
    )


if __name__ == "__main__":
    main()
