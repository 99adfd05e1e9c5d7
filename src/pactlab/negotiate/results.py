"""Frozen result types of the negotiation engine: :class:`Forecast`, :class:`ConsensusReport` and the
per-issue :class:`IssueWeights`.

Every result carries a :class:`~pactlab.results.Provenance` (model, parameters, seed, scenario digest,
pactlab version), so that a brief can trace it back (style.md, habit 2), and offers the result protocol
of :mod:`pactlab.results`: ``to_dict``/``from_dict``, ``to_frame``, ``summary() -> str``, and the
notebook display of :class:`~pactlab.results.ResultMixin`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from pactlab.results import Provenance, ResultMixin, jsonable

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CoalitionConsensus",
    "ConsensusReport",
    "Forecast",
    "IssueConsensus",
    "IssueWeights",
    "OptionConsensus",
    "number",
]


def number(value: float | None, digits: int = 4) -> str:
    """A number rounded to its meaning for display: 4 significant digits, no float noise, no "-0".

    Examples
    --------
    >>> number(55.00000000000001), number(7.389961), number(-0.0), number(None)
    ('55', '7.39', '0', 'n/a')
    """
    if value is None:
        return "n/a"
    text = f"{value:.{digits}g}"
    return "0" if text in ("-0", "0") else text


_FORECAST_KEYS = frozenset(
    {
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
)


@dataclass(frozen=True)
class Forecast(ResultMixin):
    """One model's forecast on one issue, after the issue's decision rule.

    Attributes
    ----------
    model : registry name of the model.
    issue : issue id.
    forecast : the forecast in the issue's own units; ``None`` only when the model finds no agreement
        (``agreement`` False, e.g. an empty Nash bargaining feasible set).
    trajectory : the forecast per round, round 0 first, in the issue's units (one entry for static models).
    series : further named per-round series in the issue's units (``"trajectory_mean"`` for the EUM).
    ties : how many exact ties the model had to break (exchange: equal gains; median: equal candidates).
    agreement : False when the status quo holds / no agreement is feasible.
    details : model-specific extras (JSON-able), e.g. realised exchanges, risk exponents, win-set, and
        ``details["decision"]``: what the decision rule did (rule, group, bargainers, win-set, note).
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
        return max(len(self.trajectory) - 1, 0)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``pactlab negotiate --json`` for one result, with its provenance."""
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
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Inverse of :meth:`to_dict` (JSON round trip)."""
        return cls(
            model=str(data["model"]),
            issue=str(data["issue"]),
            forecast=data["forecast"],
            trajectory=tuple(data["trajectory"]),
            provenance=Provenance.from_dict(data["provenance"]),
            series={k: tuple(v) for k, v in data.items() if k not in _FORECAST_KEYS},
            ties=int(data["ties"]),
            agreement=bool(data["agreement"]),
            details=dict(data["details"]),
        )

    def to_frame(self) -> pd.DataFrame:
        """Per-round trajectory as a pandas DataFrame (columns: model, issue, round, forecast, series)."""
        import pandas as pd

        cols: dict[str, Any] = {"round": range(len(self.trajectory)), "forecast": list(self.trajectory)}
        cols.update({k: list(v) for k, v in self.series.items()})
        frame = pd.DataFrame(cols)
        frame.insert(0, "issue", self.issue)
        frame.insert(0, "model", self.model)
        return frame

    def summary(self) -> str:
        """One line, plus the decision rule's note and the model's own note where there is one."""
        decision = self.details.get("decision") or {}
        if self.forecast is None:
            head = f"{self.model} on {self.issue}: no agreement"
        else:
            state = "agreed change" if self.agreement else "status quo holds"
            head = f"{self.model} on {self.issue}: {number(self.forecast)} ({state})"
        lines = [head]
        if decision.get("note"):
            lines.append(f"  rule: {decision['note']}")
        if self.details.get("note"):
            lines.append(f"  note: {self.details['note']}")
        return "\n".join(lines)


@dataclass(frozen=True)
class IssueWeights:
    """Each bargainer's share of the effective weight (capability x salience, x lobbying share for an
    outsider) on one issue, largest first; ``dominant`` is the actor holding more than half, if any."""

    issue: str
    measure: str
    shares: tuple[tuple[str, float], ...]
    dominant: str | None = None

    @property
    def warning(self) -> str | None:
        """One line when one actor holds more than half of the weight, else None."""
        if self.dominant is None:
            return None
        share = dict(self.shares)[self.dominant]
        return (
            f"{self.dominant} holds {share:.0%} of the weight on {self.issue} ({self.measure} x "
            f"salience): the weighted median is its position and the weighted models follow it"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "issue": self.issue,
            "measure": self.measure,
            "shares": [{"actor": a, "share": s} for a, s in self.shares],
            "dominant": self.dominant,
            "warning": self.warning,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            issue=str(data["issue"]),
            measure=str(data["measure"]),
            shares=tuple((str(r["actor"]), float(r["share"])) for r in data["shares"]),
            dominant=data.get("dominant"),
        )


@dataclass(frozen=True)
class IssueConsensus:
    """The decision-rule analysis of one issue decided by a vote (see :mod:`pactlab.negotiate.consensus`)."""

    issue: str
    rule: str
    group: str | None
    status_quo: float | None
    win_set: tuple[float, float] | None
    pivotal: tuple[str, ...]
    forecasts: tuple[Mapping[str, Any], ...]
    unstated: tuple[str, ...] = ()
    abstaining: tuple[str, ...] = ()

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
            "abstaining": list(self.abstaining),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        ws = data["win_set"]
        return cls(
            issue=str(data["issue"]),
            rule=str(data["rule"]),
            group=data["group"],
            status_quo=data["status_quo"],
            win_set=None if ws is None else (float(ws[0]), float(ws[1])),
            pivotal=tuple(data["pivotal"]),
            forecasts=tuple(dict(f) for f in data["forecasts"]),
            unstated=tuple(data.get("unstated", ())),
            abstaining=tuple(data.get("abstaining", ())),
        )


@dataclass(frozen=True)
class CoalitionConsensus:
    """An issue decided by a coalition of the willing: who acts and who abstains."""

    issue: str
    group: str | None
    status_quo: float | None
    willing: tuple[str, ...]
    abstaining: tuple[str, ...]
    unstated: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "coalition",
            "issue": self.issue,
            "rule": "coalition_of_the_willing",
            "group": self.group,
            "status_quo": self.status_quo,
            "willing": list(self.willing),
            "abstaining": list(self.abstaining),
            "unstated": list(self.unstated),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            issue=str(data["issue"]),
            group=data["group"],
            status_quo=data["status_quo"],
            willing=tuple(data["willing"]),
            abstaining=tuple(data["abstaining"]),
            unstated=tuple(data.get("unstated", ())),
        )


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

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        willing = data.get("willing")
        return cls(
            option=str(data["option"]),
            issue=str(data["issue"]),
            level=float(data["level"]),
            rule=str(data["rule"]),
            reachable=data["reachable"],
            reason=str(data["reason"]),
            blockers=tuple(dict(b) for b in data["blockers"]),
            willing=None if willing is None else tuple(willing),
        )


@dataclass(frozen=True)
class ConsensusReport(ResultMixin):
    """The decision-rule analysis of a scenario: per voted issue, per coalition issue and per option."""

    scenario_id: str
    issues: tuple[IssueConsensus, ...]
    options: tuple[OptionConsensus, ...]
    provenance: Provenance
    coalitions: tuple[CoalitionConsensus, ...] = ()

    def to_list(self) -> list[dict[str, Any]]:
        """The ``"consensus"`` list of the CLI's JSON contract (voted issues, then options)."""
        return [i.to_dict() for i in self.issues] + [o.to_dict() for o in self.options]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario_id,
            "consensus": self.to_list(),
            "coalitions": [c.to_dict() for c in self.coalitions],
            "provenance": self.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        items = list(data["consensus"])
        return cls(
            scenario_id=str(data["scenario"]),
            issues=tuple(IssueConsensus.from_dict(i) for i in items if i["kind"] == "issue"),
            options=tuple(OptionConsensus.from_dict(o) for o in items if o["kind"] == "option"),
            provenance=Provenance.from_dict(data["provenance"]),
            coalitions=tuple(CoalitionConsensus.from_dict(c) for c in data.get("coalitions", ())),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per (issue, forecast), per coalition issue and per option."""
        import pandas as pd

        rows: list[dict[str, Any]] = []
        for item in self.issues:
            for f in item.forecasts:
                rows.append(
                    {
                        "kind": "issue",
                        "issue": item.issue,
                        "rule": item.rule,
                        "model": f.get("model"),
                        "forecast": f.get("forecast"),
                        "acceptable": f.get("acceptable"),
                    }
                )
        for c in self.coalitions:
            rows.append(
                {
                    "kind": "coalition",
                    "issue": c.issue,
                    "rule": "coalition_of_the_willing",
                    "willing": ", ".join(c.willing),
                }
            )
        for opt in self.options:
            rows.append(
                {
                    "kind": "option",
                    "issue": opt.issue,
                    "rule": opt.rule,
                    "model": None,
                    "forecast": opt.level,
                    "acceptable": opt.reachable,
                    "option": opt.option,
                }
            )
        return pd.DataFrame(rows)

    def summary(self) -> str:
        """Who decides what: per voted issue its win-set and pivots, per coalition the willing, per
        option whether it is reachable."""
        lines = [f"Decision rules in {self.scenario_id}"]
        for i in self.issues:
            rule = i.rule.replace("_", " ")
            if i.status_quo is None:
                state = "no status quo: no win-set"
            elif i.win_set is None:
                state = f"status quo {number(i.status_quo)} holds (win-set empty)"
            else:
                state = (
                    f"win-set ({number(i.win_set[0])}, {number(i.win_set[1])}) around {number(i.status_quo)}"
                )
            pivots = f"; pivotal: {', '.join(i.pivotal)}" if i.pivotal else ""
            lines.append(f"  {i.issue} [{rule} of {i.group or 'all actors'}]: {state}{pivots}")
        for c in self.coalitions:
            willing = ", ".join(c.willing) or "nobody"
            lines.append(
                f"  {c.issue} [coalition of the willing of {c.group or 'all actors'}]: willing {willing}"
            )
        for o in self.options:
            verdict = {True: "reachable", False: "not reachable", None: "unknown"}[o.reachable]
            lines.append(f"  option {o.option} at {number(o.level)} on {o.issue}: {verdict} ({o.reason})")
        return "\n".join(lines)
