"""The negotiation part of a scenario's sensitivity analysis: can the alliance adopt each option?

Inputs (:func:`negotiation_space`), all analyst estimates, each varied over a stated analyst range:

- every actor's position on every issue on which some option is adopted: the stated position
  +/- ``position_width`` points of the issue's scale taken as 0-100 (cut to the scale);
- every such salience: +/- ``salience_width`` (cut to [0, 1]);
- every actor's capability (and any issue-specific capability on those issues): the stated value
  times a factor between ``1 / capability_factor`` and ``capability_factor``, log-uniform (the
  capability measures are data, e.g. military expenditure; how far they stand for bargaining
  clout is the analyst's judgement).

Positions on issues that no option is adopted on feed none of the outputs and are not varied.

Outputs, per option with an adoption (issue, level), from the negotiation engine's public API
(:func:`pactlab.negotiate.negotiate` with the compromise model, whose consensus report judges each
option under its issue's decision rule):

- ``reachable:<option>``: 1 when the adoption level is reachable under the issue's rule (inside
  the deciding group's unanimity win-set, or backed by a willing actor under a coalition of the
  willing), else 0; its mean over the design is the share of the analyst ranges in which the
  option can be adopted;
- ``negotiated:<option>``: the compromise model's forecast on the option's issue (the issue's own
  units): the level a negotiation would settle at.

An output that the engine cannot compute at the stated values (an issue without a status quo under
unanimity, a model that cannot run) is left out, with the engine's reason in the result's notes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pactlab.negotiate import negotiate
from pactlab.scenario import Issue, Scenario
from pactlab.sensitivity.inputs import Input, Space

__all__ = ["Cell", "NegotiationPart", "negotiation_space", "outcomes"]

Array = NDArray[np.float64]


def _adopted(scenario: Scenario) -> tuple[tuple[str, str], ...]:
    return tuple((o.id, o.adoption.issue) for o in scenario.options if o.adoption is not None)


Cell = tuple[str, str, str]  # (position | salience | capability, issue id or "", actor id)


def negotiation_space(
    scenario: Scenario,
    *,
    position_width: float = 10.0,
    salience_width: float = 0.2,
    capability_factor: float = 2.0,
) -> tuple[Space, tuple[Cell, ...]]:
    """The negotiation inputs of ``scenario`` and the scenario cell each one sets (see the module
    docstring)."""
    issues = dict.fromkeys(issue for _, issue in _adopted(scenario))
    found: list[tuple[Input, Cell]] = []
    actors: dict[str, None] = {}
    for issue_id in issues:
        issue = scenario.issue(issue_id)
        lo, hi, span = issue.scale.lower, issue.scale.upper, issue.scale.upper - issue.scale.lower
        for p in issue.positions:
            actors.setdefault(p.actor)
            half = position_width * span / 100.0
            a, b = max(lo, p.position - half), min(hi, p.position + half)
            label = f"analyst range: position {p.position:g} +/- {position_width:g} points of a 0-100 scale"
            cell = ("position", issue.id, p.actor)
            found.append((_uniform(f"position.{issue.id}.{p.actor}", a, b, p.position, label), cell))
            a, b = max(0.0, p.salience - salience_width), min(1.0, p.salience + salience_width)
            label = f"analyst range: salience {p.salience:g} +/- {salience_width:g}, cut to [0, 1]"
            cell = ("salience", issue.id, p.actor)
            found.append((_uniform(f"salience.{issue.id}.{p.actor}", a, b, p.salience, label), cell))
            if p.capability is not None and p.capability > 0:
                name = f"capability.{issue.id}.{p.actor}"
                cell = ("capability", issue.id, p.actor)
                found.append((_capability(name, p.capability, capability_factor), cell))
    for actor_id in actors:
        cap = scenario.actor(actor_id).capability
        if cap is not None and cap.value > 0:  # a zero capability stays zero under any factor
            found.append(
                (
                    _capability(f"capability.{actor_id}", cap.value, capability_factor),
                    ("capability", "", actor_id),
                )
            )
    kept = [(i, c) for i, c in found if i.params["upper"] > i.params["lower"]]
    return Space(tuple(i for i, _ in kept)), tuple(c for _, c in kept)


def _uniform(name: str, lo: float, hi: float, central: float, label: str) -> Input:
    return Input(name, "analyst", "negotiation", "uniform", {"lower": lo, "upper": hi}, central, label)


def _capability(name: str, value: float, factor: float) -> Input:
    label = f"analyst range: capability {value:g} x [1/{factor:g}, {factor:g}] (log-uniform)"
    params = {"lower": value / factor, "upper": value * factor}
    return Input(name, "analyst", "negotiation", "loguniform", params, value, label)


@dataclass(frozen=True)
class NegotiationPart:
    """The negotiation engine as a function of the design's inputs (picklable)."""

    scenario: Scenario
    space: Space
    cells: tuple[Cell, ...]
    outputs: tuple[str, ...]
    name: str = "negotiation"

    @property
    def adoptions(self) -> tuple[tuple[str, str], ...]:
        return _adopted(self.scenario)

    def scenario_at(self, cells: Sequence[Cell], row: Sequence[float]) -> Scenario:
        """The scenario with each cell set to its value in ``row`` (no re-validation: the values stay
        inside the ranges the inputs were built with)."""
        at: dict[str, dict[str, dict[str, float]]] = {}
        caps: dict[str, float] = {}
        for (kind, issue, actor), value in zip(cells, row, strict=True):
            if kind == "capability" and not issue:
                caps[actor] = float(value)
            else:
                at.setdefault(issue, {}).setdefault(actor, {})[kind] = float(value)
        sc = self.scenario
        issues = tuple(_issue_at(iss, at[iss.id]) if iss.id in at else iss for iss in sc.issues)
        actors = tuple(
            a.model_copy(update={"capability": a.capability.model_copy(update={"value": caps[a.id]})})
            if a.id in caps and a.capability is not None
            else a
            for a in sc.actors
        )
        return sc.model_copy(update={"issues": issues, "actors": actors})

    def evaluate(self, values: Array) -> Array:
        """The outputs for design rows of input values (rows x inputs) -> (rows x outputs)."""
        grid = np.atleast_2d(np.asarray(values, dtype=float))
        out = np.empty((grid.shape[0], len(self.outputs)))
        for i, row in enumerate(grid):
            found = outcomes(self.scenario_at(self.cells, row), self.adoptions)
            out[i] = [math.nan if found.get(name) is None else found[name] for name in self.outputs]
        return out


def _issue_at(issue: Issue, cells: dict[str, dict[str, float]]) -> Issue:
    positions = tuple(p.model_copy(update=cells[p.actor]) if p.actor in cells else p for p in issue.positions)
    return issue.model_copy(update={"positions": positions})


def outcomes(scenario: Scenario, adoptions: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """``reachable:<option>`` and ``negotiated:<option>`` of a scenario (None where the engine cannot
    say), with ``why:<output>`` reasons for the Nones."""
    issues = list(dict.fromkeys(issue for _, issue in adoptions))
    run = negotiate(scenario, ["compromise"], issues=issues)
    forecast = {f.issue: f.forecast for f in run.results}
    skipped = {issue: why for _, issue, why in run.skipped}
    verdicts = {o.option: o for o in run.consensus.options}
    out: dict[str, Any] = {}
    for option, issue in adoptions:
        verdict = verdicts.get(option)
        reachable = None if verdict is None else verdict.reachable
        out[f"reachable:{option}"] = None if reachable is None else float(reachable)
        if reachable is None:
            out[f"why:reachable:{option}"] = verdict.reason if verdict is not None else "no consensus verdict"
        value = forecast.get(issue)
        out[f"negotiated:{option}"] = None if value is None else float(value)
        if value is None:
            out[f"why:negotiated:{option}"] = skipped.get(issue, "the compromise model gave no forecast")
    return out
