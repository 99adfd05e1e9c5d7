"""Property tests of the scenario format (hypothesis)."""

from __future__ import annotations

from typing import Any

import numpy as np
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from _support.minimal import minimal
from pactlab.scenario import Scenario, dump_json, dump_yaml
from pactlab.scenario.io import scenario_from_data

ACTOR_IDS = [f"actor-{k}" for k in range(8)]


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """Random valid scenarios: actors, issues with random scales, masked cells, capabilities."""
    n_actors = draw(st.integers(1, len(ACTOR_IDS)))
    actors = [
        {
            "id": ACTOR_IDS[k],
            "name": f"Actor {k}",
            "groups": draw(st.lists(st.sampled_from(["NATO", "EU", "G7"]), unique=True)),
            "capability": {"value": draw(st.floats(0, 1e4)), "rationale": "test"},
        }
        for k in range(n_actors)
    ]
    issues = []
    for i in range(draw(st.integers(1, 4))):
        lower = draw(st.floats(-1e3, 1e3))
        width = draw(st.floats(1e-2, 1e3))
        present = draw(st.lists(st.booleans(), min_size=n_actors, max_size=n_actors))
        present[draw(st.integers(0, n_actors - 1))] = True
        positions = [
            {
                "actor": ACTOR_IDS[k],
                "position": lower + width * draw(st.floats(0, 1)),
                "salience": draw(st.floats(0, 1)),
                "source": "s",
            }
            for k in range(n_actors)
            if present[k]
        ]
        issues.append(
            {
                "id": f"issue-{i}",
                "title": f"Issue {i}",
                "scale": {"lower": lower, "upper": lower + width},
                "positions": positions,
            }
        )
    return {
        "metadata": {"id": "prop", "title": "Property scenario", "as_of": "2020-01-01"},
        "actors": actors,
        "issues": issues,
    }


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_yaml_round_trip_is_lossless(data: dict[str, Any]) -> None:
    scenario = scenario_from_data(data, "prop.yaml")
    again = scenario_from_data(yaml.safe_load(dump_yaml(scenario)), "again.yaml")
    assert again == scenario
    assert again.digest == scenario.digest


def test_round_trip_of_a_full_scenario() -> None:
    scenario = scenario_from_data(minimal(), "minimal.yaml")
    assert scenario_from_data(yaml.safe_load(dump_yaml(scenario)), "x.yaml") == scenario
    import json

    assert scenario_from_data(json.loads(dump_json(scenario)), "x.json") == scenario


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_arrays_positions_round_trip(data: dict[str, Any]) -> None:
    scenario = scenario_from_data(data, "prop.yaml")
    arrays = scenario.to_arrays()
    for col, issue in enumerate(scenario.issues):
        for p in issue.positions:
            row = arrays.actor_ids.index(p.actor)
            assert arrays.mask[row, col]
            assert np.isclose(
                arrays.to_units(arrays.positions[row, col], col),
                p.position,
                rtol=1e-9,
                atol=1e-9 * (abs(p.position) + issue.scale.upper - issue.scale.lower),
            )
            assert -1e-9 <= arrays.positions[row, col] <= 100 + 1e-9
    assert int(arrays.mask.sum()) == sum(len(i.positions) for i in scenario.issues)


@settings(max_examples=60, deadline=None)
@given(scenarios(), st.randoms(use_true_random=False))
def test_digest_does_not_depend_on_listing_order(data: dict[str, Any], random: Any) -> None:
    shuffled = dict(data)
    shuffled["actors"] = random.sample(data["actors"], len(data["actors"]))
    shuffled["issues"] = [
        dict(issue, positions=random.sample(issue["positions"], len(issue["positions"])))
        for issue in random.sample(data["issues"], len(data["issues"]))
    ]
    a = scenario_from_data(data, "a.yaml")
    b = scenario_from_data(shuffled, "b.yaml")
    assert a.digest == b.digest


def test_digest_changes_with_content() -> None:
    a = scenario_from_data(minimal(), "a.yaml")
    data = minimal()
    data["issues"][0]["positions"][0]["salience"] = 0.8
    assert scenario_from_data(data, "b.yaml").digest != a.digest


def test_arrays_are_immutable() -> None:
    arrays = scenario_from_data(minimal(), "a.yaml").to_arrays()
    for name in ("positions", "salience", "capability", "mask", "lower", "upper", "status_quo"):
        assert not getattr(arrays, name).flags.writeable, name


def test_issue_specific_capability_and_mask() -> None:
    arrays = scenario_from_data(minimal(), "a.yaml").to_arrays()
    y = arrays.issue_index("y")
    assert arrays.capability[arrays.actor_ids.index("c"), y] == 5.0
    assert arrays.capability[arrays.actor_ids.index("a"), y] == 2.0
    assert not arrays.mask[arrays.actor_ids.index("b"), y]
    assert arrays.status_quo[arrays.issue_index("x")] == 20.0
    assert isinstance(scenario_from_data(minimal(), "a.yaml"), Scenario)
