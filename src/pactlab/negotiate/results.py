"""Frozen result types of the negotiation engine: :class:`Forecast` and :class:`ConsensusReport`.

Every number carries a :class:`~pactlab.results.Provenance` (model, parameters, seed, scenario digest,
pactlab version), so that a brief can trace it back (style.md, habit 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pactlab.results import Provenance, jsonable

__all__ = ["ConsensusReport", "Forecast", "IssueConsensus", "OptionConsensus"]


@dataclass(frozen=True)
class Forecast:
    """One model's forecast on one issue.

    Attributes
    ----------
    model : registry name of the model.
    issue : issue id.
    forecast : the forecast in the issue's own units; ``None`` only when the model finds no agreement
        (``agreement`` False, e.g. an empty Nash bargaining feasible set).
    trajectory : the forecast per round, round 0 first, in the issue's units (one entry for static models).
    series : further named per-round series in the issue's units (``"trajectory_mean"`` for the EUM).
    ties : how many exact ties the model had to break (exchange: equal gains; median: equal candidates).
    agreement : False when the model says the status quo holds / no agreement is feasible.
    details : model-specific extras (JSON-able), e.g. realised exchanges, risk exponents, win-set.
    provenance : model, parameters, seed, scenario digest, version.
    """

    model: str
    issue: str
    forecast: float | None
    trajectory: tuple[float, ...]
    provenance: Provenance
    series: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    ties: int = 0
    agreement: bool = True
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def rounds(self) -> int:
        """Number of rounds run (0 for static models)."""
        return len(self.trajectory) - 1

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``pactlab negotiate --json`` for one result, plus provenance."""
        out: dict[str, Any] = {
            "model": self.model,
            "issue": self.issue,
            "forecast": self.forecast,
            "trajectory": list(self.trajectory),
        }
        out.update({k: list(v) for k, v in self.series.items()})
        out.update(
            {
                "parameters": jsonable(dict(self.provenance.parameters)),
                "seed": self.provenance.seed,
                "ties": self.ties,
                "agreement": self.agreement,
                "details": jsonable(dict(self.details)),
                "provenance": self.provenance.to_dict(),
            }
        )
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Forecast:
        """Inverse of :meth:`to_dict` (JSON round trip)."""
        prov = data["provenance"]
        known = {
            "model",
            "issue",
            "forecast",
            "trajectory",
            "parameters",
            "seed",
            "ties",
            "agreement",
            "details",
            "provenance",
        }
        return cls(
            model=data["model"],
            issue=data["issue"],
            forecast=data["forecast"],
            trajectory=tuple(data["trajectory"]),
            provenance=Provenance(
                model=prov["model"],
                parameters=prov["parameters"],
                seed=prov["seed"],
                scenario_digest=prov["scenario_digest"],
                version=prov["version"],
            ),
            series={k: tuple(v) for k, v in data.items() if k not in known},
            ties=int(data["ties"]),
            agreement=bool(data["agreement"]),
            details=dict(data["details"]),
        )

    def to_frame(self) -> Any:
        """Per-round trajectory as a pandas DataFrame (columns: round, forecast, further series)."""
        import pandas as pd

        cols: dict[str, Any] = {"round": range(len(self.trajectory)), "forecast": list(self.trajectory)}
        cols.update({k: list(v) for k, v in self.series.items()})
        frame = pd.DataFrame(cols)
        frame.insert(0, "issue", self.issue)
        frame.insert(0, "model", self.model)
        return frame


@dataclass(frozen=True)
class IssueConsensus:
    """Consensus analysis of one issue (see :mod:`pactlab.negotiate.consensus`)."""

    issue: str
    rule: str
    group: str | None
    status_quo: float | None
    win_set: tuple[float, float] | None
    pivotal: tuple[str, ...]
    forecasts: tuple[Mapping[str, Any], ...]
    unstated: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "issue",
            "issue": self.issue,
            "rule": self.rule,
            "group": self.group,
            "status_quo": self.status_quo,
            "win_set": None if self.win_set is None else list(self.win_set),
            "status_quo_holds": self.status_quo is not None and self.win_set is None,
            "pivotal": list(self.pivotal),
            "forecasts": [jsonable(dict(f)) for f in self.forecasts],
            "unstated": list(self.unstated),
        }


@dataclass(frozen=True)
class OptionConsensus:
    """Whether an option's adoption level is reachable on its issue."""

    option: str
    issue: str
    level: float
    rule: str
    reachable: bool | None
    reason: str
    blockers: tuple[Mapping[str, Any], ...] = ()
    willing: tuple[str, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "option",
            "option": self.option,
            "issue": self.issue,
            "level": self.level,
            "rule": self.rule,
            "reachable": self.reachable,
            "reason": self.reason,
            "blockers": [jsonable(dict(b)) for b in self.blockers],
            "willing": None if self.willing is None else list(self.willing),
        }


@dataclass(frozen=True)
class ConsensusReport:
    """Consensus (veto-player) analysis of a scenario: per issue and per option."""

    scenario_id: str
    issues: tuple[IssueConsensus, ...]
    options: tuple[OptionConsensus, ...]
    provenance: Provenance

    def to_list(self) -> list[dict[str, Any]]:
        """The ``"consensus"`` list of the CLI's JSON contract."""
        return [i.to_dict() for i in self.issues] + [o.to_dict() for o in self.options]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario_id,
            "consensus": self.to_list(),
            "provenance": self.provenance.to_dict(),
        }

    def to_frame(self) -> Any:
        """One row per (issue, forecast) and per option."""
        import pandas as pd

        rows: list[dict[str, Any]] = []
        for item in self.issues:
            for f in item.forecasts:
                rows.append(
                    {
                        "kind": "issue",
                        "issue": item.issue,
                        "model": f.get("model"),
                        "forecast": f.get("forecast"),
                        "acceptable": f.get("acceptable"),
                    }
                )
        for opt in self.options:
            rows.append(
                {
                    "kind": "option",
                    "issue": opt.issue,
                    "model": None,
                    "forecast": opt.level,
                    "acceptable": opt.reachable,
                    "option": opt.option,
                }
            )
        return pd.DataFrame(rows)
