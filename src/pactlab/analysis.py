"""The whole answer in one call: negotiation, consensus, deterrence, durability and the ledger.

:func:`analyze` composes the engines through their public APIs and returns a frozen :class:`Analysis`
that carries each engine's report and the run's provenance (seed, draws, scenario digest, version,
timestamp). The brief (:mod:`pactlab.brief`) is assembled from it, and ``results.json`` is its
:meth:`Analysis.to_dict`; every number in the brief is one of these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pactlab._version import __version__
from pactlab.deter import RiskReport, assess_scenario
from pactlab.ledger import LedgerReport, credibility_adjustments, ledger_report, open_ledger
from pactlab.negotiate import Negotiation, negotiate
from pactlab.results import jsonable
from pactlab.scenario import Scenario

__all__ = ["Analysis", "analyze", "estimate_notes"]

Step = Callable[[str], None]


@dataclass(frozen=True)
class Analysis:
    """Every engine's report on one scenario, with the run's provenance."""

    scenario: Scenario
    seed: int
    draws: int
    rounds: int
    generated_at: str
    negotiation: Negotiation
    risk: RiskReport
    ledger: LedgerReport
    credibility: Mapping[str, float] = field(default_factory=dict)
    version: str = __version__

    @property
    def estimates(self) -> tuple[str, ...]:
        """Which inputs are analyst estimates (see :func:`estimate_notes`)."""
        return estimate_notes(self.scenario)

    def to_dict(self) -> dict[str, Any]:
        """The machine-readable whole (``results.json``)."""
        meta = self.scenario.metadata
        whole: dict[str, Any] = jsonable(
            {
                "scenario": {
                    "id": meta.id,
                    "title": meta.title,
                    "as_of": None if meta.as_of is None else meta.as_of.isoformat(),
                    "digest": self.scenario.digest,
                },
                "provenance": {
                    "seed": self.seed,
                    "draws": self.draws,
                    "rounds": self.rounds,
                    "generated_at": self.generated_at,
                    "version": self.version,
                },
                "negotiation": self.negotiation.to_dict(),
                "deterrence": self.risk.to_dict(),
                "ledger": self.ledger.to_dict(),
                "credibility": dict(self.credibility),
                "estimates": list(self.estimates),
            }
        )
        return whole


def analyze(
    scenario: Scenario,
    *,
    draws: int = 20_000,
    seed: int = 0,
    rounds: int = 10,
    db: str | None = None,
    generated_at: dt.datetime | None = None,
    on_step: Step | None = None,
    on_draws: Callable[[int, int], None] | None = None,
) -> Analysis:
    """Run every engine on ``scenario``.

    ``db`` is the ledger's database URL (``None``: ``PACTLAB_DB`` or the default SQLite file); an empty
    ledger leaves the track record unknown and the credibility priors unchanged. ``generated_at`` is
    injectable so that the same seed gives the same brief. ``on_step`` and ``on_draws`` report progress.
    """
    step = on_step or (lambda _: None)
    when = generated_at or dt.datetime.now(dt.UTC)
    step("ledger")
    with open_ledger(db) as ledger:
        report = ledger_report(ledger, "guarantor", on=when.date())
        credibility = credibility_adjustments(ledger)
    step("negotiation")
    negotiation = negotiate(scenario, "all", rounds=rounds, rng=seed)
    step("deterrence")
    risk = assess_scenario(
        scenario, draws=draws, rng=seed, credibility=credibility or None, progress=on_draws
    )
    return Analysis(
        scenario=scenario,
        seed=seed,
        draws=draws,
        rounds=rounds,
        generated_at=when.replace(microsecond=0).isoformat(),
        negotiation=negotiation,
        risk=risk,
        ledger=report,
        credibility=credibility,
    )


def estimate_notes(scenario: Scenario) -> tuple[str, ...]:
    """Plain statements of which scenario inputs rest on the analyst's judgement.

    A position, capability, instrument rating or deterrence parameter that carries only a rationale is an
    estimate; one that also names a source is the analyst's reading of that source, still an estimate of a
    stance rather than a measurement, and is counted separately.
    """
    notes = []
    cells = [p for issue in scenario.issues for p in issue.positions]
    sourced = sum(p.source is not None for p in cells)
    if cells:
        notes.append(
            f"positions and saliences ({len(cells)} cells): analyst readings, {sourced} citing a "
            f"statement or document, {len(cells) - sourced} on a stated rationale only"
        )
    caps = [a.capability for a in scenario.actors if a.capability is not None]
    unsourced_caps = sum(c.source is None for c in caps)
    if unsourced_caps:
        notes.append(f"{unsourced_caps} of {len(caps)} capabilities are analyst estimates")
    rated = [i for i in scenario.instruments if i.source is None]
    if rated:
        notes.append(
            f"ratings of {len(rated)} instruments (capability, escalation signal, verifiability) "
            "and trigger thresholds"
        )
    params = [p.id for p in scenario.deterrence.parameters if p.source is None]
    if params:
        notes.append("deterrence parameters " + ", ".join(params))
    notes.append("deterrence priors not set by the scenario are the engine's documented defaults")
    return tuple(notes)
