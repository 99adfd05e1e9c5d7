"""The contract of the naive baselines (issue 16 item 6), run over :data:`BASELINES` itself: on any
issue on the 0-100 scale each rule gives a number on that scale, the same on every call (they are
deterministic: no seed), whatever the order in which the deciding group's members are listed; and the
registry names each entry by its key with a title for the tables."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactlab.backtest.baselines import BASELINES, IssueInputs

_SCALE = st.floats(0.0, 100.0, allow_nan=False)


@st.composite
def issues(draw: st.DrawFn) -> tuple[IssueInputs, list[int]]:
    n = draw(st.integers(1, 8))
    positions = draw(st.lists(_SCALE, min_size=n, max_size=n))
    capabilities = draw(st.lists(st.floats(0.0, 10.0, allow_nan=False), min_size=n, max_size=n))
    anchors = tuple(sorted(set(draw(st.lists(_SCALE, max_size=5)))))
    order = draw(st.permutations(range(n)))
    inputs = IssueInputs(draw(_SCALE), anchors, np.array(positions), np.array(capabilities))
    return inputs, list(order)


@pytest.mark.parametrize("name", sorted(BASELINES))
def test_the_entry_is_complete(name: str) -> None:
    assert BASELINES[name].name == name
    assert BASELINES[name].title.strip()


@pytest.mark.parametrize("name", sorted(BASELINES))
@settings(max_examples=300, deadline=None)
@given(case=issues())
def test_on_the_scale_deterministic_and_order_free(name: str, case: tuple[IssueInputs, list[int]]) -> None:
    inputs, order = case
    rule = BASELINES[name].rule
    value = rule(inputs)
    assert math.isfinite(value)
    assert -1e-9 <= value <= 100.0 + 1e-9
    assert rule(inputs) == value
    positions, capabilities = inputs.positions[order], inputs.capabilities[order]
    shuffled = IssueInputs(inputs.status_quo, inputs.anchors, positions, capabilities)
    assert rule(shuffled) == pytest.approx(value, abs=1e-9)


def test_a_group_at_the_status_quo_stays_there_in_any_order() -> None:
    """Found by the property above (issue 16): all members at 12.7 computed a weighted mean of
    12.700000000000001 in one order and 12.699999999999998 in another, and the next-anchor rule moved
    to the anchor above or below by rounding alone."""
    caps = np.array([6.04247721, 3.06395613, 8.50456437])
    at_sq = np.full(3, 12.7)
    rule = BASELINES["next-anchor"].rule
    anchors = (0.0, 25.0, 50.0, 75.0, 100.0)
    for order in ([0, 1, 2], [0, 2, 1], [2, 1, 0]):
        assert rule(IssueInputs(12.7, anchors, at_sq[order], caps[order])) == 12.7
