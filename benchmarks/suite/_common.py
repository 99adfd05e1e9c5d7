"""Shared helpers of the asv suite: reference data, the random exchange scenarios, fresh processes."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("PACTLAB_SHARED_DATA", ROOT.parent / "shared" / "data"))
COP21 = DATA / "negotiation" / "decide" / "cop21.csv"

# Long benchmarks: one call per sample, at most 3 samples or 60 s, in one process, no warm-up loop
# (asv's defaults calibrate many calls per sample, for micro-benchmarks).
SLOW = {"number": 1, "repeat": (1, 3, 60.0), "rounds": 1, "warmup_time": 0.0, "timeout": 900.0}


def slow(cls: type) -> type:
    """Apply :data:`SLOW` to a benchmark class (asv reads these as class attributes)."""
    for key, value in SLOW.items():
        setattr(cls, key, value)
    return cls


def random_arrays(n: int, m: int, seed: int = 2024) -> Any:
    """The random exchange scenario of ``benchmarks/bench_exchange.py`` (the scaling table's inputs):
    positions uniform on 0-100, saliences and capabilities uniform on 0.05-1, every cell present."""
    from pactlab.scenario.arrays import ScenarioArrays

    rng = np.random.default_rng(seed)
    x, s = rng.uniform(0, 100, (n, m)), rng.uniform(0.05, 1, (n, m))
    c = np.broadcast_to(rng.uniform(0.05, 1, (n, 1)), (n, m)).copy()
    return ScenarioArrays(
        scenario_id=f"r{n}x{m}",
        digest="0" * 64,
        actor_ids=tuple(f"a{i:03d}" for i in range(n)),
        issue_ids=tuple(f"d{j:03d}" for j in range(m)),
        positions=x,
        salience=s,
        capability=c,
        mask=np.ones((n, m), bool),
        lower=np.zeros(m),
        upper=np.full(m, 100.0),
        status_quo=np.full(m, np.nan),
    )


def fresh_process(args: list[str], cwd: str | None = None) -> tuple[float, float]:
    """CPU seconds (user + system) and peak RSS in MiB of ``python -m pactlab ARGS`` in a fresh
    process (``os.wait4``'s resource usage, what ``/usr/bin/time -v`` reports)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pactlab", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"pactlab {' '.join(args)} failed: {err[-800:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def cpu() -> float:
    """CPU seconds (user + system) of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
