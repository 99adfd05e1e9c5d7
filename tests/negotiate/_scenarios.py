"""Small scenarios for the decision-rule tests, written as the plain data an analyst would put in YAML."""

from __future__ import annotations

from typing import Any

from pactlab.scenario import Scenario
from pactlab.scenario.io import scenario_from_data


def actor(aid: str, capability: float, groups: tuple[str, ...] = ("G",), **measures: float) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": aid,
        "name": aid.upper(),
        "groups": list(groups),
        "capability": {"value": capability, "rationale": "test"},
    }
    if measures:
        out["capabilities"] = {k: {"value": v, "rationale": "test"} for k, v in measures.items()}
    return out


def position(aid: str, x: float, s: float) -> dict[str, Any]:
    return {"actor": aid, "position": x, "salience": s, "rationale": "test"}


def one_issue(
    actors: list[dict[str, Any]],
    positions: list[dict[str, Any]],
    decision: dict[str, Any],
    status_quo: float | None,
) -> dict[str, Any]:
    issue: dict[str, Any] = {"id": "d", "title": "Issue", "decision": decision, "positions": positions}
    if status_quo is not None:
        issue["status_quo"] = status_quo
    return {
        "metadata": {"id": "rules-test", "title": "Decision-rule test"},
        "actors": actors,
        "issues": [issue],
    }


def build(data: dict[str, Any], name: str = "rules.yaml") -> Scenario:
    return scenario_from_data(data, name)
