"""Deterrence and escalation: games as data, solvers, estimation, Monte Carlo, durability.

See models.md §2. Entry points: :func:`assess` / :func:`assess_scenario` (the RiskReport of every
guarantee option), :func:`logit_qre`, :func:`backward_induction`, :func:`enumerate_pbe` (the game
solvers), :func:`fit_egame12` (estimation) and :func:`option_survival` (durability).
"""

from pactlab.deter.durability import baseline_survival, option_survival
from pactlab.deter.games import GAMES, Game, Node
from pactlab.deter.mapping import InstrumentSpec, OptionSpec, default_parameters
from pactlab.deter.montecarlo import LocalEngine, ProcessEngine, solve_escalation
from pactlab.deter.registry import MODELS
from pactlab.deter.report import OptionRisk, RiskReport, assess, assess_scenario
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
    "Equilibrium",
    "Game",
    "InstrumentSpec",
    "LocalEngine",
    "Node",
    "OptionRisk",
    "OptionSpec",
    "ProcessEngine",
    "RiskReport",
    "Solution",
    "StrategicFit",
    "assess",
    "assess_scenario",
    "backward_induction",
    "baseline_survival",
    "default_parameters",
    "enumerate_pbe",
    "fit_egame12",
    "logit_qre",
    "option_survival",
    "select_equilibrium",
    "solve_escalation",
]
