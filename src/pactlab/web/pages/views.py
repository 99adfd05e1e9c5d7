"""What the run page shows, read from a result's ``to_dict()`` (never recomputed).

The readers are lenient: a part a result does not carry (an engine's older or newer output) is left
out of the page rather than failing it, so that engines can add fields without breaking the web.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["forecasts", "issues", "options", "roadmap", "run_parts", "track_record"]


def run_parts(kind: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a result by name: negotiation, deterrence, roadmap, ledger, estimates."""
    if kind == "analyze":
        return {
            "negotiation": payload.get("negotiation"),
            "deterrence": payload.get("deterrence"),
            "roadmap": payload.get("roadmap"),
            "ledger": payload.get("ledger"),
            "estimates": payload.get("estimates") or [],
            "scenario": payload.get("scenario") or {},
        }
    parts: dict[str, Any] = {
        "negotiation": None,
        "deterrence": None,
        "roadmap": None,
        "ledger": None,
        "estimates": [],
        "scenario": {},
    }
    key = {"negotiate": "negotiation", "deter": "deterrence", "plan": "roadmap"}.get(kind)
    if key is not None:
        parts[key] = payload
    return parts


def _consensus(negotiation: Mapping[str, Any] | None, kind: str) -> list[dict[str, Any]]:
    return [c for c in (negotiation or {}).get("consensus", []) if c.get("kind") == kind]


def forecasts(negotiation: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """One row per (issue, model) with a forecast: the chart's data."""
    rows = []
    for r in (negotiation or {}).get("results", []):
        if r.get("forecast") is not None:
            rows.append({"issue": r.get("issue"), "model": r.get("model"), "forecast": r.get("forecast")})
    return rows


def issues(negotiation: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """One row per issue: status quo, win-set, veto players, each model's forecast and acceptability."""
    out = []
    for c in _consensus(negotiation, "issue"):
        win = c.get("win_set")
        out.append(
            {
                "issue": c.get("issue"),
                "rule": c.get("rule"),
                "group": c.get("group"),
                "status_quo": c.get("status_quo"),
                "win_set": None if not win else (win[0], win[1]),
                "status_quo_holds": c.get("status_quo_holds"),
                "pivotal": list(c.get("pivotal") or []),
                "forecasts": [f for f in c.get("forecasts", []) if f.get("forecast") is not None],
            }
        )
    return out


def _interval(risk: Mapping[str, Any], name: str) -> dict[str, Any]:
    spans = (risk.get("intervals") or {}).get(name) or {}
    return {"spread90": spans.get("spread90"), "mc95": spans.get("mc95")}


def options(
    negotiation: Mapping[str, Any] | None, deterrence: Mapping[str, Any] | None
) -> list[dict[str, Any]]:
    """One row per option (baseline last): consensus and veto, P(deter), P(clash), durability, intervals."""
    reach = {c.get("option"): c for c in _consensus(negotiation, "option")}
    risks = list((deterrence or {}).get("options", []))
    baseline = (deterrence or {}).get("baseline")
    rows = []
    for risk in [*risks, *([baseline] if baseline else [])]:
        option = risk.get("option")
        consensus = reach.get(option) or {}
        durability = risk.get("durability") or {}
        rows.append(
            {
                "option": option,
                "title": risk.get("title") or option,
                "baseline": risk is baseline,
                "p_deterrence": risk.get("p_deterrence"),
                "p_limited": risk.get("p_limited_conflict"),
                "p_clash": risk.get("p_direct_clash"),
                "s1": durability.get("s1"),
                "s5": durability.get("s5"),
                "s10": durability.get("s10"),
                "i_deterrence": _interval(risk, "p_deterrence"),
                "i_clash": _interval(risk, "p_direct_clash"),
                "i_limited": _interval(risk, "p_limited_conflict"),
                "i_s5": _interval(risk, "s5"),
                "reachable": consensus.get("reachable"),
                "rule": consensus.get("rule"),
                "reason": consensus.get("reason"),
                "blockers": [b.get("actor") for b in consensus.get("blockers") or []],
                "willing": consensus.get("willing") or [],
                "drivers": [d for d in risk.get("drivers") or [] if isinstance(d, Mapping)][:3],
            }
        )
    for option, consensus in reach.items():  # options with a consensus analysis but no risk figures
        if option not in {r["option"] for r in rows}:
            rows.append(
                {
                    "option": option,
                    "title": option,
                    "baseline": False,
                    "p_deterrence": None,
                    "p_limited": None,
                    "p_clash": None,
                    "s1": None,
                    "s5": None,
                    "s10": None,
                    "i_deterrence": {},
                    "i_clash": {},
                    "i_limited": {},
                    "i_s5": {},
                    "reachable": consensus.get("reachable"),
                    "rule": consensus.get("rule"),
                    "reason": consensus.get("reason"),
                    "blockers": [b.get("actor") for b in consensus.get("blockers") or []],
                    "willing": consensus.get("willing") or [],
                    "drivers": [],
                }
            )
    return rows


def roadmap(plan: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The roadmap's scheduled steps (start, end, title, kind), for the Gantt chart and its table."""
    if not plan:
        return []
    steps = plan.get("all_steps") or plan.get("steps") or []
    return [
        {
            "id": s.get("id"),
            "title": s.get("title") or s.get("id"),
            "kind": s.get("kind") or "step",
            "start": s.get("start"),
            "end": s.get("end"),
        }
        for s in steps
        if s.get("included", True) and s.get("start") is not None and s.get("end") is not None
    ]


def track_record(ledger: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The ledger's rows by guarantor (fulfilment and EUR by stage), as the brief's track record."""
    return [dict(r) for r in (ledger or {}).get("rows", [])]
