"""Negotiation engine: can the alliance agree, and on what? (docs/models.md section 1)

Pure functions over :class:`~pactlab.scenario.ScenarioArrays`, one module per model, a registry of model
metadata and callables, frozen results with provenance, and the decision-rule (veto-player) analysis.
Every model forecasts from each issue's deciding group under its decision rule
(:mod:`pactlab.negotiate.rules`).

The package is also a verb: calling it, ``pactlab.negotiate(...)`` (``pl.negotiate`` after ``import pactlab as
pl``), runs :func:`pactlab.api.negotiate` (see :mod:`pactlab._face`).
"""

from pactlab._face import make_callable as _make_callable
from pactlab.negotiate.api import Negotiation, negotiate, scales
from pactlab.negotiate.checks import check_scenario
from pactlab.negotiate.compromise import compromise
from pactlab.negotiate.consensus import consensus
from pactlab.negotiate.ensemble import EnsembleResult, eum_ensemble
from pactlab.negotiate.eum import eum, eum_batch
from pactlab.negotiate.exchange import exchange, exchange_rounds
from pactlab.negotiate.median import condorcet_winner, median, weighted_median
from pactlab.negotiate.nbs import nash_bargaining, nbs
from pactlab.negotiate.registry import MODELS, ModelInfo, model_info
from pactlab.negotiate.results import (
    CoalitionConsensus,
    ConsensusReport,
    Forecast,
    IssueConsensus,
    IssueWeights,
    OptionConsensus,
)
from pactlab.negotiate.rules import weight_shares
from pactlab.negotiate.unanimity import unanimity, win_set

__all__ = [
    "MODELS",
    "CoalitionConsensus",
    "ConsensusReport",
    "EnsembleResult",
    "Forecast",
    "IssueConsensus",
    "IssueWeights",
    "ModelInfo",
    "Negotiation",
    "OptionConsensus",
    "check_scenario",
    "compromise",
    "condorcet_winner",
    "consensus",
    "eum",
    "eum_batch",
    "eum_ensemble",
    "exchange",
    "exchange_rounds",
    "median",
    "model_info",
    "nash_bargaining",
    "nbs",
    "negotiate",
    "scales",
    "unanimity",
    "weight_shares",
    "weighted_median",
    "win_set",
]

_make_callable(__name__)  # pl.negotiate(...) runs pactlab.api.negotiate (pactlab._face)
