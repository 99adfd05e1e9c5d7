"""Reference tests of the scheduling engines on PSPLIB (Kolisch & Sprecher 1997, EJOR
96(1):205-216).

Expected values are never the code's own output:

* j30 single-mode optima: PSPLIB's ``j30opt.sm`` (Demeulemeester & Herroelen, June 1995, all 480
proven
  optimal), read from ``shared/data/scheduling/psplib/solutions``. Tolerance: none (integer
  makespans,
  and the solver must also *prove* optimality).
* j10 multi-mode optima: the published solutions in ``solutions/mm`` cover only the J30 multi-mode
set,
  whose instances are not in the shared data (see its PROVENANCE-source.txt), so the j10 reference
  is the
  CP Optimizer 22.1 run of ScheduleOpt/optalcp-benchmarks (``results/mmrcpsp-PSPLIB-CPO-4W.csv``, 4
  workers, 600 s; every j10 row has status "Optimum", i.e. proven). Tolerance: none.

CP-SAT runs with one worker, seed 0 and a *deterministic* time limit, so each run (including where
it
would stop) is the same on every machine; the wall-clock limit is only a safety net.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pactlab.plan import check_schedule, read_best_known, read_psplib, solve_cpsat, solve_milp

# One instance of every one of the 48 j30 parameter sets, the instance number rotating 1..10, plus a
# second instance of every fourth set: 60 instances spread over the whole set, chosen by position
# only.
J30_SAMPLE = [f"j30{p}_{(p - 1) % 10 + 1}" for p in range(1, 49)] + [
    f"j30{p}_{(p + 4) % 10 + 1}" for p in range(1, 49, 4)
]
DET_LIMIT = 10.0  # CP-SAT deterministic seconds; the hardest sampled instance needs about 4


@pytest.fixture(scope="module")
def j30_optima(shared_data: Path) -> dict[str, int]:
    return read_best_known(shared_data / "scheduling/psplib/solutions/j30opt.sm")


@pytest.fixture(scope="module")
def j10_mm_optima(shared_data: Path) -> dict[str, int]:
    table: dict[str, int] = {}
    path = shared_data / "scheduling/results/mmrcpsp-PSPLIB-CPO-4W.csv"
    for line in path.read_text().splitlines()[1:]:
        fields = line.split(";")
        if fields[0].startswith("mmrcpsp_PSPLIB_j10") and fields[2] == "Optimum":
            table[fields[0].removeprefix("mmrcpsp_PSPLIB_")] = int(fields[3])
    return table


def test_sample_is_spread_over_the_set() -> None:
    """At least 50 distinct instances, every parameter set 1..48 and instance number 1..10
    present."""
    assert len(set(J30_SAMPLE)) == 60
    assert {int(n[3:].split("_")[0]) for n in J30_SAMPLE} == set(range(1, 49))
    assert {int(n.split("_")[1]) for n in J30_SAMPLE} == set(range(1, 11))


@pytest.mark.slow
@pytest.mark.parametrize("name", J30_SAMPLE)
def test_cpsat_reproduces_and_proves_j30_optimum(
    name: str, shared_data: Path, j30_optima: dict[str, int]
) -> None:
    """PSPLIB j30opt.sm makespan reproduced, proven optimal, and the schedule passes the checker."""
    project = read_psplib(shared_data / f"scheduling/psplib/sm/j30/{name}.sm")
    result = solve_cpsat(project, time_limit=60, workers=1, seed=0, deterministic_limit=DET_LIMIT)
    assert check_schedule(project, result.starts, result.modes) == []
    assert result.makespan == j30_optima[name]
    assert result.status == "optimal"
    assert result.lower_bound == result.makespan


@pytest.mark.parametrize("name", ["j301_1", "j3017_3", "j3033_5"])
def test_milp_agrees_with_cpsat_on_j30(name: str, shared_data: Path) -> None:
    """The time-indexed MILP (HiGHS) and CP-SAT find the same proven optimum (= j30opt.sm).

    Instances of the first parameter set of each network complexity (sets 1, 17, 33), where the MILP
    proves optimality in about a second; on harder sets (e.g. j3025_1, j3045_2) HiGHS does not close
    the gap within 60 s, so the MILP is a cross-check on small instances only (see also the property
    test on random small projects in test_properties.py).
    """
    project = read_psplib(shared_data / f"scheduling/psplib/sm/j30/{name}.sm")
    cp = solve_cpsat(project, workers=1, deterministic_limit=DET_LIMIT)
    mip = solve_milp(project, time_limit=60)
    assert check_schedule(project, mip.starts, mip.modes) == []
    assert (mip.status, cp.status) == ("optimal", "optimal")
    assert mip.makespan == cp.makespan


def _j10_sample(shared_data: Path) -> list[Path]:
    return sorted((shared_data / "scheduling/psplib/mm-j10").glob("*.mm"))[::4]


def test_cpsat_reproduces_j10_multimode_optima(shared_data: Path, j10_mm_optima: dict[str, int]) -> None:
    """Every fourth j10 multi-mode instance (134 of 536): CP Optimizer's proven optimum, proven
    again."""
    files = _j10_sample(shared_data)
    assert len(files) >= 130
    for path in files:
        project = read_psplib(path)
        result = solve_cpsat(project, workers=1, deterministic_limit=DET_LIMIT)
        assert check_schedule(project, result.starts, result.modes) == [], path.name
        assert (path.stem, result.makespan, result.status) == (
            path.stem,
            j10_mm_optima[path.stem],
            "optimal",
        )


@pytest.mark.parametrize("name", ["j1010_1", "j1020_5", "j1036_2", "j1064_9"])
def test_milp_agrees_with_cpsat_on_j10_multimode(name: str, shared_data: Path) -> None:
    """Multi-mode with non-renewable budgets: MILP and CP-SAT agree (and match CP Optimizer).

    The MILP's horizon is CP-SAT's makespan plus 5 periods: an upper bound that still lets the MILP
    find a shorter schedule if CP-SAT's were not optimal.
    """
    project = read_psplib(shared_data / f"scheduling/psplib/mm-j10/{name}.mm")
    cp = solve_cpsat(project, workers=1, deterministic_limit=DET_LIMIT)
    mip = solve_milp(project, horizon=cp.makespan + 5, time_limit=60)
    assert check_schedule(project, mip.starts, mip.modes) == []
    assert (mip.status, mip.makespan) == ("optimal", cp.makespan)
