"""A small synthetic scenario and case on disk, for tests to mutate (never the corpus)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

SCENARIO: dict[str, Any] = {
    "metadata": {
        "id": "toy",
        "title": "Toy decision",
        "as_of": "2020-01-10",
        "sources": [{"id": "s1", "citation": "a statement", "date": "2020-01-05"}],
    },
    "actors": [
        {"id": "a", "name": "A", "groups": ["G"], "capability": {"value": 3, "rationale": "toy"}},
        {"id": "b", "name": "B", "groups": ["G"], "capability": {"value": 1, "rationale": "toy"}},
        {"id": "c", "name": "C", "groups": ["G"], "capability": {"value": 2, "rationale": "toy"}},
        {"id": "d", "name": "D", "capability": {"value": 5, "rationale": "outside the group"}},
    ],
    "issues": [
        {
            "id": "x",
            "title": "Issue X",
            "scale": {
                "lower": 0,
                "upper": 100,
                "anchors": {"0": "none", "20": "sq", "50": "mid", "100": "all"},
            },
            "status_quo": 20,
            "decision": {"rule": "unanimity", "group": "G"},
            "positions": [
                {"actor": "a", "position": 80, "salience": 0.9, "source": "s1"},
                {"actor": "b", "position": 40, "salience": 0.5, "rationale": "r"},
                {"actor": "c", "position": 60, "salience": 0.5, "rationale": "r"},
                {"actor": "d", "position": 0, "salience": 1.0, "rationale": "outsider"},
            ],
        },
        {
            "id": "y",
            "title": "Issue Y",
            "scale": {"lower": 0, "upper": 10, "anchors": {"5": "sq", "8": "more"}},
            "status_quo": 5,
            "decision": {"rule": "coalition_of_the_willing", "group": "G"},
            "positions": [
                {"actor": "a", "position": 8, "salience": 0.9, "source": "s1"},
                {"actor": "b", "position": 2, "salience": 0.5, "rationale": "r"},
            ],
        },
    ],
}

CASE: dict[str, Any] = {
    "case": {"id": "toy-case", "scenario": "toy.yaml", "decision": "the toy decision", "date": "2020-01-20"},
    "coding": {"by": "tester", "at": "2020-02-01T10:00:00Z"},
    "sources": [{"id": "out", "citation": "the outcome text", "date": "2020-01-20"}],
    "outcomes": [
        {"issue": "x", "outcome": 50, "date": "2020-01-20", "source": "out"},
        {"issue": "y", "outcome": 6, "date": "2020-01-20", "source": "out"},
    ],
}


def scenario() -> dict[str, Any]:
    return copy.deepcopy(SCENARIO)


def case() -> dict[str, Any]:
    return copy.deepcopy(CASE)


def write(
    folder: Path,
    case_data: dict[str, Any] | None = None,
    scenario_data: dict[str, Any] | None = None,
    name: str = "toy-case.yaml",
) -> Path:
    """Write the scenario (toy.yaml) and the case into ``folder``; return the case file."""
    (folder / "toy.yaml").write_text(
        yaml.safe_dump(scenario_data or scenario(), sort_keys=False), encoding="utf-8"
    )
    path = folder / name
    path.write_text(yaml.safe_dump(case_data or case(), sort_keys=False), encoding="utf-8")
    return path
