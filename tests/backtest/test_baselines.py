"""The naive baselines, recomputed by hand on the toy scenario (tests/backtest/_cases.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from backtest import _cases
from pactlab.backtest import BASELINES, load_case
from pactlab.backtest.baselines import IssueInputs, issue_inputs


def test_the_baselines_on_issue_x(tmp_path: Path) -> None:
    """Deciding group G = a, b, c (d is outside): positions 80, 40, 60; capabilities 3, 1, 2; SQ 20."""
    scenario = load_case(_cases.write(tmp_path)).scenario
    inputs = issue_inputs(scenario, "x")
    values = {name: b.rule(inputs) for name, b in BASELINES.items()}
    assert values["status-quo"] == 20.0
    assert values["midpoint"] == 50.0
    assert values["group-mean"] == pytest.approx((80 + 40 + 60) / 3)
    assert values["weighted-mean"] == pytest.approx((3 * 80 + 1 * 40 + 2 * 60) / 6)  # 66.67, above SQ
    assert values["next-anchor"] == 50.0  # first anchor above 20


def test_the_baselines_on_issue_y_in_its_own_units(tmp_path: Path) -> None:
    """Scale 0-10 -> 0-100: positions a 8, b 2 -> 80, 20; SQ 5 -> 50; weighted mean (3*80+1*20)/4 = 65."""
    scenario = load_case(_cases.write(tmp_path)).scenario
    inputs = issue_inputs(scenario, "y")
    assert inputs.status_quo == pytest.approx(50.0)
    assert BASELINES["weighted-mean"].rule(inputs) == pytest.approx(65.0)
    assert BASELINES["next-anchor"].rule(inputs) == pytest.approx(80.0)  # anchor "8" of 0-10


@pytest.mark.parametrize(
    ("anchors", "positions", "expected"),
    [
        ((40.0, 60.0), [10.0, 10.0], 0.0),  # toward a lower end with no anchor below: the scale's end
        ((40.0, 60.0), [40.0, 40.0], 40.0),  # the weighted mean is the status quo: no move
        ((40.0, 60.0), [90.0, 95.0], 60.0),  # the first anchor above, not the nearest to the mean
        ((20.0, 40.0), [90.0, 95.0], 100.0),  # no anchor above: the scale's end
    ],
)
def test_the_next_anchor_rule(anchors: tuple[float, ...], positions: list[float], expected: float) -> None:
    inputs = IssueInputs(
        status_quo=40.0, anchors=anchors, positions=np.array(positions), capabilities=np.ones(2)
    )
    assert BASELINES["next-anchor"].rule(inputs) == expected


def test_without_stated_capabilities_the_weighted_mean_is_the_mean() -> None:
    inputs = IssueInputs(20.0, (), np.array([10.0, 50.0]), np.zeros(2))
    assert BASELINES["weighted-mean"].rule(inputs) == 30.0
