"""Deterrence and escalation: games as data, solvers, estimation, calibration, Monte Carlo,
durability.

See docs/deterrence.md. Entry points: :func:`assess` / :func:`assess_scenario` (the RiskReport of
every guarantee option), :func:`check_scenario` (the deterrence section's problems, for ``pactlab
scenarios validate``), :func:`parameter_space` and :func:`evaluate_settings` (the interface for
global sensitivity analysis), :func:`logit_qre`, :func:`backward_induction`, :func:`enumerate_pbe`
(the game solvers), :func:`fit_egame12` (estimation), :func:`load_calibration` (the fitted
calibration) and :func:`option_survival` (durability).

The names load lazily (PEP 562), so that ``import pactlab.deter.checks`` (scenario validation) and
the command line's start-up do not pay for SciPy and the models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pactlab.deter.calibration import Calibration, load_calibration
    from pactlab.deter.checks import check_scenario
    from pactlab.deter.durability import baseline_survival, option_survival
    from pactlab.deter.games import GAMES, Game, Node
    from pactlab.deter.mapping import InstrumentSpec, OptionSpec, default_parameters
    from pactlab.deter.montecarlo import LocalEngine, ProcessEngine, solve_escalation
    from pactlab.deter.registry import MODELS
    from pactlab.deter.report import OptionRisk, RiskReport, assess
    from pactlab.deter.scenarios import assess_scenario
    from pactlab.deter.sensitivity import ParameterInfo, evaluate_settings, parameter_space
    from pactlab.deter.solve import (
        Equilibrium,
        Solution,
        backward_induction,
        enumerate_pbe,
        logit_qre,
        select_equilibrium,
    )
    from pactlab.deter.strategic import StrategicFit, fit_egame12

_WHERE = {
    "Calibration": "calibration", "load_calibration": "calibration",
    "check_scenario": "checks",
    "baseline_survival": "durability", "option_survival": "durability",
    "GAMES": "games", "Game": "games", "Node": "games",
    "InstrumentSpec": "mapping", "OptionSpec": "mapping", "default_parameters": "mapping",
    "LocalEngine": "montecarlo", "ProcessEngine": "montecarlo", "solve_escalation": "montecarlo",
    "MODELS": "registry",
    "OptionRisk": "report", "RiskReport": "report", "assess": "report",
    "assess_scenario": "scenarios",
    "ParameterInfo": "sensitivity", "evaluate_settings": "sensitivity",
    "parameter_space": "sensitivity",
    "Equilibrium": "solve", "Solution": "solve", "backward_induction": "solve",
    "enumerate_pbe": "solve", "logit_qre": "solve", "select_equilibrium": "solve",
    "StrategicFit": "strategic", "fit_egame12": "strategic",
}  # fmt: skip

__all__ = [
    "GAMES",
    "MODELS",
    "Calibration",
    "Equilibrium",
    "Game",
    "InstrumentSpec",
    "LocalEngine",
    "Node",
    "OptionRisk",
    "OptionSpec",
    "ParameterInfo",
    "ProcessEngine",
    "RiskReport",
    "Solution",
    "StrategicFit",
    "assess",
    "assess_scenario",
    "backward_induction",
    "baseline_survival",
    "check_scenario",
    "default_parameters",
    "enumerate_pbe",
    "evaluate_settings",
    "fit_egame12",
    "load_calibration",
    "logit_qre",
    "option_survival",
    "parameter_space",
    "select_equilibrium",
    "solve_escalation",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'pactlab.deter' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"pactlab.deter.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
