"""The contract of the sensitivity methods (issue 16 item 6), run over :data:`METHODS` itself: each
method's result honours the result protocol of :mod:`pactlab.results`, the same seed gives the same
result, and a different seed a different design (both methods draw their designs at random)."""

from __future__ import annotations

import pytest

from _support.contract import check_result
from pactlab.scenario import Scenario
from pactlab.sensitivity import METHODS, sensitivity

SMALL = {"sobol": 4, "morris": 2}  # base samples (a power of two) and trajectories


def test_every_method_has_a_small_design() -> None:
    assert set(SMALL) == set(METHODS)


@pytest.mark.parametrize("method", METHODS)
def test_method_contract(method: str, ardenia: Scenario) -> None:
    def run(seed: int) -> object:
        return sensitivity(ardenia, method=method, n=SMALL[method], draws=200, inputs=["sq", "lam"], rng=seed)

    result = run(0)
    check_result(result)
    assert result.provenance.seed == 0  # type: ignore[attr-defined]
    assert run(0) == result
    assert run(1) != result
