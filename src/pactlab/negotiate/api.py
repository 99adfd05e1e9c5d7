"""The library entry of the negotiation engine: run models on a scenario, then the consensus analysis."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pactlab._rng import RNGLike
from pactlab.errors import PactlabError
from pactlab.negotiate.compromise import compromise
from pactlab.negotiate.consensus import consensus
from pactlab.negotiate.eum import eum
from pactlab.negotiate.exchange import exchange, exchange_rounds
from pactlab.negotiate.median import median
from pactlab.negotiate.nbs import nbs
from pactlab.negotiate.registry import MODELS
from pactlab.negotiate.results import ConsensusReport, Forecast
from pactlab.negotiate.unanimity import unanimity
from pactlab.scenario.schema import Scenario

__all__ = ["Negotiation", "negotiate"]


@dataclass(frozen=True)
class Negotiation:
    """Forecasts of every (model, issue) run, the consensus report, and what could not run and why."""

    scenario_id: str
    results: tuple[Forecast, ...]
    consensus: ConsensusReport
    skipped: tuple[tuple[str, str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``pactlab negotiate --json``."""
        return {
            "scenario": self.scenario_id,
            "results": [r.to_dict() for r in self.results],
            "consensus": self.consensus.to_list(),
            "skipped": [{"model": m, "issue": i, "reason": why} for m, i, why in self.skipped],
        }


def _names(models: str | Sequence[str]) -> list[str]:
    names = list(MODELS) if models == "all" else [models] if isinstance(models, str) else list(models)
    unknown = [m for m in names if m not in MODELS]
    if unknown:
        raise PactlabError.at(
            "negotiate", "model", f"unknown model {unknown[0]!r} (known: {', '.join(MODELS)}, all)"
        )
    return names


def negotiate(
    scenario: Scenario,
    models: str | Sequence[str] = "all",
    *,
    issues: Sequence[str] | None = None,
    rounds: int = 10,
    rng: RNGLike = None,
) -> Negotiation:
    """Run ``models`` on ``issues`` (default: all) of ``scenario``; then :func:`consensus`.

    A model that cannot run on an issue (e.g. unanimity without a status quo, an issue without
    weight) is listed in ``skipped`` with the reason, instead of failing the whole run.

    Examples
    --------
    >>> from pactlab.scenario import load_scenario
    >>> result = negotiate(load_scenario("bdm1994-emissions"), ["compromise", "median"])
    >>> [(r.model, round(r.forecast, 3)) for r in result.results]
    [('compromise', 7.39), ('median', 7.0)]
    """
    names = _names(models)
    arrays = scenario.to_arrays()
    wanted = list(arrays.issue_ids) if issues is None else list(issues)
    for issue in wanted:
        if issue not in arrays.issue_ids:
            raise PactlabError.at(scenario.metadata.id, "issue", f"unknown issue {issue!r}")
    results: list[Forecast] = []
    skipped: list[tuple[str, str, str]] = []
    run = None
    for name in names:
        for issue in wanted:
            try:
                if name == "exchange":
                    run = run or exchange_rounds(arrays, rounds=rounds, rng=rng)
                    results.append(exchange(arrays, issue, rounds=rounds, rng=rng, run=run))
                elif name == "eum":
                    results.append(eum(arrays, issue, rounds=rounds))
                else:
                    fn = {"compromise": compromise, "median": median, "nbs": nbs, "unanimity": unanimity}[
                        name
                    ]
                    results.append(fn(arrays, issue))
            except PactlabError as error:
                skipped.append((name, issue, "; ".join(p.message for p in error.problems)))
    report = consensus(scenario, results)
    return Negotiation(scenario.metadata.id, tuple(results), report, tuple(skipped))
