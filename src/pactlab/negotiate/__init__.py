"""Negotiation engine: can the alliance agree, and on what? (models.md section 1)

Pure functions over :class:`~pactlab.scenario.ScenarioArrays`, one module per model, a registry of model
metadata, frozen results with provenance, and the consensus (veto-player) analysis.
"""

from pactlab.negotiate.api import Negotiation, negotiate
from pactlab.negotiate.compromise import compromise
from pactlab.negotiate.consensus import consensus
from pactlab.negotiate.ensemble import EnsembleResult, eum_ensemble
from pactlab.negotiate.eum import eum, eum_batch
from pactlab.negotiate.exchange import exchange, exchange_rounds
from pactlab.negotiate.median import condorcet_winner, median, weighted_median
from pactlab.negotiate.nbs import nash_bargaining, nbs
from pactlab.negotiate.registry import MODELS, ModelInfo, model_info
from pactlab.negotiate.results import ConsensusReport, Forecast, IssueConsensus, OptionConsensus
from pactlab.negotiate.unanimity import unanimity, win_set

__all__ = [
    "MODELS",
    "ConsensusReport",
    "EnsembleResult",
    "Forecast",
    "IssueConsensus",
    "ModelInfo",
    "Negotiation",
    "OptionConsensus",
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
    "unanimity",
    "weighted_median",
    "win_set",
]
