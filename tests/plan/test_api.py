"""The plan package's public API and the vilnius-2023 roadmap section."""

from __future__ import annotations

import subprocess
import sys

import pactlab.plan
from pactlab.scenario import load_scenario


def test_all_is_complete_and_importable() -> None:
    public = {n for n in dir(pactlab.plan) if not n.startswith("_")}
    modules = {
        "checker",
        "checks",
        "cpsat",
        "milp",
        "pareto",
        "project",
        "psplib",
        "results",
        "roadmap",
        "roadmap_cpsat",
        "gantt",
    }
    assert set(pactlab.plan.__all__) == public - modules
    for name in pactlab.plan.__all__:
        assert getattr(pactlab.plan, name) is not None
    assert sorted(pactlab.plan.__all__) == sorted(pactlab.plan._WHERE)  # every lazy name has a module


def test_validation_imports_no_solver() -> None:
    """``scenarios validate`` runs the plan checks without importing OR-Tools or SciPy (fast start)."""
    code = (
        "import sys; import pactlab.plan.checks; "
        "print(sorted(m for m in ('ortools', 'scipy', 'highspy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_vilnius_roadmap_section() -> None:
    """Every step names an existing instrument or milestone; step values equal the instrument ratings
    the roadmap section says they copy (capability -> deterrence, escalation_signal -> risk)."""
    scenario = load_scenario("vilnius-2023")
    roadmap = scenario.roadmap
    assert roadmap is not None
    assert roadmap.horizon == 12
    for step in roadmap.steps:
        assert step.source or step.rationale
        if step.instrument is not None:
            instrument = scenario.instrument(step.instrument)
            assert step.deterrence == instrument.capability, step.id
            assert step.escalation_risk == instrument.escalation_signal, step.id
    assert all(r.source or r.rationale for r in roadmap.resources)
    assert all(w.source or w.rationale for w in roadmap.consensus_windows)
