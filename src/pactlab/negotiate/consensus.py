"""Consensus (veto-player) analysis of a scenario, per issue and per option.

For every issue decided under unanimity within a group: the status quo, the unanimity win-set of the
group's members, the pivotal veto player(s), and for every model forecast whether it lies inside the
win-set, which members veto it and the smallest shift of each veto player's position that would make
it acceptable (see :func:`pactlab.negotiate.unanimity.blockers`). For every option with an adoption
(issue, level): whether the level is reachable under the issue's rule; under a coalition of the willing,
the willing actors (at or beyond the level, seen from the status quo; without a status quo, at or
above it). Members of the group without a stated position are listed as ``unstated`` and cannot veto.
Utility: unweighted linear loss (models.md 1.6).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from pactlab.negotiate.results import ConsensusReport, Forecast, IssueConsensus, OptionConsensus
from pactlab.negotiate.unanimity import accepts, blockers, pivotal_players, win_set
from pactlab.results import Provenance
from pactlab.scenario.schema import Issue, Option, Scenario
from pactlab.scenario.taxonomy import DecisionRule

__all__ = ["consensus"]


def _members(scenario: Scenario, issue: Issue) -> tuple[list[str], list[float], list[str]]:
    group = issue.decision.group
    ids = (
        (group,)
        if group is not None and group in {a.id for a in scenario.actors}
        else scenario.group_members(group)
    )
    stated = {p.actor: p.position for p in issue.positions}
    present = sorted(a for a in ids if a in stated)
    return present, [stated[a] for a in present], sorted(a for a in ids if a not in stated)


def _forecast_rows(
    actors: list[str], x: np.ndarray, q: float, ws: tuple[float, float] | None, forecasts: Iterable[Forecast]
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for f in forecasts:
        if f.forecast is None:
            rows.append({"model": f.model, "forecast": None, "acceptable": None})
            continue
        inside = ws is not None and ws[0] < f.forecast < ws[1]
        idx, shift = blockers(x, q, float(f.forecast))
        vetoes = sorted(
            ({"actor": actors[i], "shift": float(s)} for i, s in zip(idx, shift, strict=True)),
            key=lambda v: (v["shift"], v["actor"]),
        )
        rows.append(
            {
                "model": f.model,
                "forecast": f.forecast,
                "acceptable": bool(inside),
                "is_status_quo": bool(f.forecast == q),
                "veto_players": vetoes,
                "smallest_change": vetoes[0]
                if len(vetoes) == 1
                else (
                    {"actors": [v["actor"] for v in vetoes], "shifts": [v["shift"] for v in vetoes]}
                    if vetoes
                    else None
                ),
            }
        )
    return rows


def _issue(scenario: Scenario, issue: Issue, forecasts: list[Forecast]) -> IssueConsensus:
    actors, pos, unstated = _members(scenario, issue)
    q = issue.status_quo
    x = np.array(pos, dtype=float)
    if q is None or x.size == 0:
        return IssueConsensus(
            issue.id,
            issue.decision.rule.value,
            issue.decision.group,
            q,
            None,
            (),
            tuple({"model": f.model, "forecast": f.forecast, "acceptable": None} for f in forecasts),
            tuple(unstated),
        )
    ws = win_set(x, q)
    piv = tuple(sorted(actors[i] for i in pivotal_players(x, q)))
    rows = _forecast_rows(actors, x, q, ws, forecasts)
    return IssueConsensus(
        issue.id, issue.decision.rule.value, issue.decision.group, q, ws, piv, tuple(rows), tuple(unstated)
    )


def _option(scenario: Scenario, option: Option) -> OptionConsensus | None:
    if option.adoption is None:
        return None
    issue = scenario.issue(option.adoption.issue)
    level, q, rule = option.adoption.level, issue.status_quo, issue.decision.rule
    actors, pos, _ = _members(scenario, issue)
    x = np.array(pos, dtype=float)

    def result(
        reachable: bool | None,
        reason: str,
        vetoes: tuple[Mapping[str, Any], ...] = (),
        willing: tuple[str, ...] | None = None,
    ) -> OptionConsensus:
        return OptionConsensus(option.id, issue.id, level, rule.value, reachable, reason, vetoes, willing)

    if rule == DecisionRule.COALITION_OF_THE_WILLING:
        up = q is None or level >= q
        willing = tuple(a for a, p in zip(actors, pos, strict=True) if (p >= level if up else p <= level))
        why = (
            "needs no consensus: the willing actors can adopt it"
            if willing
            else "needs no consensus, but no actor stands at or beyond the level"
        )
        return result(bool(willing), why, willing=willing)
    if q is None:
        return result(None, "the issue has no status quo")
    if x.size == 0:
        return result(None, "no member has a stated position")
    if level == q:
        return result(True, "the level is the status quo")
    idx, shift = blockers(x, q, level)
    vetoes = tuple({"actor": actors[i], "shift": float(s)} for i, s in zip(idx, shift, strict=True))
    if rule == DecisionRule.UNANIMITY:
        ok = idx.size == 0
        return result(ok, "inside the unanimity win-set" if ok else "vetoed", vetoes)
    w = np.array([_weight(scenario, issue, a) for a in actors])
    quota = issue.decision.quota if issue.decision.quota is not None else 0.5
    share = float(w[accepts(x, q, level)].sum() / w.sum()) if w.sum() > 0 else 0.0
    passed = share > quota if quota == 0.5 else share >= quota
    return result(passed, f"weighted support {share:.3f} against quota {quota}", vetoes)


def _weight(scenario: Scenario, issue: Issue, actor: str) -> float:
    """capability x salience of ``actor`` on ``issue`` (capability 1 when none is stated)."""
    pos = next(p for p in issue.positions if p.actor == actor)
    if pos.capability is not None:
        return pos.salience * pos.capability
    cap = scenario.actor(actor).capability
    return pos.salience * (cap.value if cap is not None else 1.0)


def consensus(scenario: Scenario, forecasts: Iterable[Forecast] = ()) -> ConsensusReport:
    """Consensus analysis of ``scenario`` given model ``forecasts`` (see the module docstring)."""
    by_issue: dict[str, list[Forecast]] = {}
    for f in forecasts:
        by_issue.setdefault(f.issue, []).append(f)
    issues = tuple(
        _issue(scenario, i, by_issue.get(i.id, []))
        for i in scenario.issues
        if i.decision.rule == DecisionRule.UNANIMITY
    )
    options = tuple(o for o in (_option(scenario, opt) for opt in scenario.options) if o is not None)
    prov = Provenance(model="consensus", parameters={"utility": "linear"}, scenario_digest=scenario.digest)
    return ConsensusReport(scenario.metadata.id, issues, options, prov)
