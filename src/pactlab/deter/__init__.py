"""Deterrence and escalation: games as data, solvers, estimation, Monte Carlo, durability
(models.md §2)."""

from pactlab.deter.games import GAMES, Game, Node
from pactlab.deter.solve import (
    Equilibrium,
    Solution,
    backward_induction,
    enumerate_pbe,
    logit_qre,
    select_equilibrium,
)

__all__ = [
    "GAMES",
    "Equilibrium",
    "Game",
    "Node",
    "Solution",
    "backward_induction",
    "enumerate_pbe",
    "logit_qre",
    "select_equilibrium",
]
