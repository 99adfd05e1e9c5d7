"""The decision-rule (veto-player) analysis of a scenario, per issue, per coalition and per option.

For every issue decided by a vote of its group (unanimity, majority, qualified majority): the status
quo, the rule's win-set among the group's members, the pivotal member(s), and for every model forecast
whether it lies inside the win-set, which members oppose it and the smallest shift of each one's position
that would make it accept (see :func:`pactlab.negotiate.unanimity.blockers`). For every issue decided
by a coalition of the willing: the willing members and those that abstain. For every option with an
adoption (issue, level): whether the level is reachable under the issue's rule; under a coalition of
the willing, the willing members (at or beyond the level, seen from the status quo; without a status
quo, at or above it).

The win-sets and pivots are those of :mod:`pactlab.negotiate.rules`, the same computation as the
``unanimity`` model's, over the deciding group's members only: outsiders never vote or veto. Members
without a stated position are listed as ``unstated`` (or ``abstaining`` when the scenario says so) and
cannot veto. Utility: unweighted linear loss (models.md 1.6).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pactlab.negotiate._common import units
from pactlab.negotiate.results import (
    CoalitionConsensus,
    ConsensusReport,
    Forecast,
    IssueConsensus,
    OptionConsensus,
)
from pactlab.negotiate.rules import COALITION, Deciders, deciders, passes, pivotal, win_set
from pactlab.negotiate.unanimity import blockers
from pactlab.results import Provenance
from pactlab.scenario.arrays import ScenarioArrays
from pactlab.scenario.schema import Option, Scenario

__all__ = ["consensus"]


def _opponents(arrays: ScenarioArrays, d: Deciders, q: float, point: float) -> list[dict[str, Any]]:
    """Members that reject ``point`` (0-100) against ``q``, with the shift (issue units) that would
    make each accept, smallest first."""
    idx, shift = blockers(d.x, q, point)
    span = (arrays.upper[d.column] - arrays.lower[d.column]) / 100.0
    rows = ({"actor": d.members[i], "shift": float(s * span)} for i, s in zip(idx, shift, strict=True))
    return sorted(rows, key=lambda v: (v["shift"], v["actor"]))


def _row(arrays: ScenarioArrays, d: Deciders, ws: tuple[float, float] | None, f: Forecast) -> dict[str, Any]:
    if f.forecast is None or d.status_quo is None:
        return {"model": f.model, "forecast": f.forecast, "acceptable": None}
    q = d.status_quo
    point = float(arrays.from_units(f.forecast, d.column))
    inside = point != q and passes(d, point)
    edge = ws is not None and not inside and min(ws) <= point <= max(ws) and point != q
    vetoes = _opponents(arrays, d, q, point)
    key = "veto_players" if d.rule == "unanimity" else "opponents"
    smallest: Any = None
    if len(vetoes) == 1:
        smallest = vetoes[0]
    elif vetoes:
        smallest = {"actors": [v["actor"] for v in vetoes], "shifts": [v["shift"] for v in vetoes]}
    return {
        "model": f.model,
        "forecast": f.forecast,
        "acceptable": bool(inside),
        "at_edge": bool(edge),
        "is_status_quo": bool(point == q),
        key: vetoes,
        "smallest_change": smallest,
    }


def _issue(arrays: ScenarioArrays, d: Deciders, forecasts: list[Forecast]) -> IssueConsensus:
    ws = None if d.status_quo is None else win_set(d)
    return IssueConsensus(
        issue=d.issue,
        rule=d.rule,
        group=d.group,
        status_quo=None if d.status_quo is None else units(arrays, d.column, d.status_quo)[0],
        win_set=None if ws is None else units(arrays, d.column, ws),  # type: ignore[arg-type]
        pivotal=pivotal(d),
        forecasts=tuple(_row(arrays, d, ws, f) for f in forecasts),
        unstated=d.unstated,
        abstaining=d.abstaining,
    )


def _coalition(arrays: ScenarioArrays, d: Deciders) -> CoalitionConsensus:
    willing = d.willing
    return CoalitionConsensus(
        issue=d.issue,
        group=d.group,
        status_quo=None if d.status_quo is None else units(arrays, d.column, d.status_quo)[0],
        willing=willing,
        abstaining=tuple(m for m in d.members if m not in willing) + d.abstaining,
        unstated=d.unstated,
    )


def _option(arrays: ScenarioArrays, scenario: Scenario, option: Option) -> OptionConsensus | None:
    if option.adoption is None:
        return None
    d = deciders(arrays, option.adoption.issue)
    level, rule = option.adoption.level, d.rule
    point = float(arrays.from_units(level, d.column))
    q = d.status_quo

    def result(
        reachable: bool | None,
        reason: str,
        vetoes: tuple[Mapping[str, Any], ...] = (),
        willing: tuple[str, ...] | None = None,
    ) -> OptionConsensus:
        return OptionConsensus(option.id, d.issue, level, rule, reachable, reason, vetoes, willing)

    if rule == COALITION:
        up = q is None or point >= q
        willing = tuple(a for a, p in zip(d.members, d.x, strict=True) if (p >= point if up else p <= point))
        why = (
            "needs no consensus: the willing members can adopt it"
            if willing
            else "needs no consensus, but no member stands at or beyond the level"
        )
        return result(bool(willing), why, willing=willing)
    if q is None:
        return result(None, "the issue has no status quo")
    if d.x.size == 0:
        return result(None, "no member of the deciding group has a stated position")
    if point == q:
        return result(True, "the level is the status quo")
    vetoes = tuple(_opponents(arrays, d, q, point))
    ok = passes(d, point)
    if rule == "unanimity":
        why = "inside the unanimity win-set" if ok else "vetoed by " + ", ".join(v["actor"] for v in vetoes)
        return result(ok, why, vetoes)
    yes = float(d.votes.sum() - d.votes[[d.members.index(v["actor"]) for v in vetoes]].sum())
    need = "more than half of the votes cast" if rule == "majority" else f"{d.quota:g} of all members' votes"
    total = d.votes.sum() + (d.abstain_votes if rule == "qualified_majority" else 0.0)
    return result(ok, f"{yes:g} of {total:g} votes for it; the rule needs {need}", vetoes)


def consensus(
    scenario: Scenario, forecasts: Iterable[Forecast] = (), *, issues: Iterable[str] | None = None
) -> ConsensusReport:
    """The decision-rule analysis of ``scenario`` given model ``forecasts`` (see the module docstring),
    on ``issues`` (default: all) and the options adopted on them."""
    arrays = scenario.to_arrays()
    wanted = set(arrays.issue_ids if issues is None else issues)
    by_issue: dict[str, list[Forecast]] = {}
    for f in forecasts:
        by_issue.setdefault(f.issue, []).append(f)
    groups = [deciders(arrays, col) for col in range(arrays.n_issues) if arrays.issue_ids[col] in wanted]
    voted = tuple(_issue(arrays, d, by_issue.get(d.issue, [])) for d in groups if d.rule != COALITION)
    coalitions = tuple(_coalition(arrays, d) for d in groups if d.rule == COALITION)
    adopted = [o for o in scenario.options if o.adoption is not None and o.adoption.issue in wanted]
    options = tuple(o for o in (_option(arrays, scenario, opt) for opt in adopted) if o is not None)
    prov = Provenance(model="consensus", parameters={"utility": "linear"}, scenario_digest=scenario.digest)
    return ConsensusReport(scenario.metadata.id, voted, options, prov, coalitions)
