"""Deterrence and escalation: games as data, solvers, estimation, calibration, Monte Carlo,
durability.

See docs/models.md (deterrence). Entry points: :func:`assess` / :func:`assess_scenario` (the
RiskReport of every guarantee option), :func:`check_scenario` (the deterrence section's problems,
for ``pactlab scenarios validate``), :func:`parameter_space` and :func:`evaluate_settings` (the
interface for global sensitivity analysis), :func:`logit_qre`, :func:`backward_induction`,
:func:`enumerate_pbe` (the game solvers), :func:`fit_egame12` (estimation),
:func:`load_calibration` (the fitted calibration) and :func:`option_survival` (durability).
"""

from pactlab.deter.calibration import Calibration, load_calibration
from pactlab.deter.durability import baseline_survival, option_survival
from pactlab.deter.games import GAMES, Game, Node
from pactlab.deter.mapping import InstrumentSpec, OptionSpec, default_parameters
from pactlab.deter.montecarlo import LocalEngine, ProcessEngine, solve_escalation
from pactlab.deter.registry import MODELS
from pactlab.deter.report import OptionRisk, RiskReport, assess
from pactlab.deter.scenarios import assess_scenario, check_scenario
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
