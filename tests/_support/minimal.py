"""A small, valid scenario as plain data, for tests to mutate."""

from __future__ import annotations

import copy
from typing import Any

_MINIMAL: dict[str, Any] = {
    "metadata": {
        "id": "test-minimal",
        "title": "Minimal test scenario",
        "as_of": "2023-07-10",
        "sources": [{"id": "src1", "citation": "A test citation", "date": "2023-07-01"}],
    },
    "actors": [
        {"id": "a", "name": "Alpha", "groups": ["G"], "capability": {"value": 2.0, "source": "src1"}},
        {"id": "b", "name": "Beta", "groups": ["G"], "capability": {"value": 1.0, "rationale": "guess"}},
        {"id": "c", "name": "Gamma", "capability": {"value": 3.0, "source": "src1"}},
    ],
    "issues": [
        {
            "id": "x",
            "title": "Issue X",
            "scale": {"lower": 0, "upper": 10, "unit": "steps", "anchors": {"0": "none", "10": "all"}},
            "status_quo": 2,
            "decision": {"rule": "unanimity", "group": "G"},
            "positions": [
                {"actor": "a", "position": 8, "salience": 0.9, "source": "src1"},
                {"actor": "b", "position": 5, "salience": 0.5, "rationale": "stated support"},
                {"actor": "c", "position": 1, "salience": 0.3, "rationale": "opposed"},
            ],
        },
        {
            "id": "y",
            "title": "Issue Y",
            "positions": [
                {"actor": "a", "position": 40, "salience": 0.2, "source": "src1"},
                {"actor": "c", "position": 60, "salience": 1.0, "capability": 5, "source": "src1"},
            ],
        },
    ],
    "instruments": [
        {
            "id": "arms",
            "kind": "arms_deliveries",
            "legal_form": "executive_agreement",
            "trigger": {"description": "strikes on civilian infrastructure", "threshold": 50},
            "capability": 0.6,
            "escalation_signal": 0.3,
            "verifiability": 0.8,
            "guarantors": ["a"],
            "rationale": "test",
        },
        {"id": "guest", "kind": "council_guest", "capability": 0.1, "source": "src1"},
    ],
    "options": [
        {
            "id": "opt1",
            "title": "Option one",
            "instruments": ["arms"],
            "guarantors": ["a", "b"],
            "adoption": {"issue": "x", "level": 6},
        },
    ],
    "milestones": [
        {"id": "m1", "title": "First", "benchmarks": [{"criterion": "c1", "evidence": "e1"}]},
        {"id": "m2", "title": "Second", "depends_on": ["m1"]},
    ],
    "deterrence": {
        "challenger": "c",
        "target": "b",
        "parameters": [
            {
                "id": "p_T_base",
                "value": 0.4,
                "prior": {"distribution": "beta", "params": {"a": 4, "b": 6}},
                "source": "src1",
            },
        ],
    },
}


def minimal() -> dict[str, Any]:
    """A fresh deep copy of the minimal valid scenario."""
    return copy.deepcopy(_MINIMAL)
