"""A small scenario with a roadmap section, built on the foundation's minimal scenario, for tests."""

from __future__ import annotations

from typing import Any

from _support.minimal import minimal


def with_roadmap() -> dict[str, Any]:
    """The minimal scenario plus a 3-step roadmap (arms, guest, milestones m1 -> m2) over 6 periods."""
    data = minimal()
    data["roadmap"] = {
        "horizon": 6,
        "risk_budget": 0.5,
        "rationale": "test",
        "resources": [{"id": "money", "title": "Money", "capacity": [2, 2, 1], "rationale": "test"}],
        "consensus_windows": [{"start": 1, "end": 2, "rationale": "test"}],
        "steps": [
            {
                "id": "arms",
                "instrument": "arms",
                "duration": 2,
                "deterrence": 0.6,
                "escalation_risk": 0.3,
                "uses": [{"resource": "money", "amount": 2}],
                "rationale": "test",
            },
            {
                "id": "guest",
                "instrument": "guest",
                "duration": 1,
                "deterrence": 0.1,
                "escalation_risk": 0.3,
                "needs_consensus": True,
                "optional": True,
                "source": "src1",
            },
            {"id": "m1", "milestone": "m1", "duration": 1, "deterrence": 0.2, "rationale": "test"},
            {
                "id": "m2",
                "milestone": "m2",
                "duration": 2,
                "deterrence": 0.3,
                "rationale": "test",
                "uses": [{"resource": "money", "amount": 1}],
            },
        ],
    }
    return data
