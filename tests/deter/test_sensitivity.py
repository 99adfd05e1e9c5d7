"""The interface for global sensitivity analysis: the parameter space and the vectorised,
seeded, picklable evaluation."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

from pactlab.deter.sensitivity import evaluate_settings, parameter_space, prob_value, problem
from pactlab.scenario import load_scenario


@pytest.fixture(scope="module")
def prob():  # type: ignore[no-untyped-def]
    return problem(load_scenario("vilnius-2023"))


def test_space_lists_kinds_distributions_and_bounds(prob) -> None:  # type: ignore[no-untyped-def]
    space = {p.name: p for p in parameter_space(prob)}
    assert space["sq"].kind == "analyst"
    assert space["lam"].kind == "prior"
    assert space["calibration.u24:ally_major"].kind == "fitted"
    assert "p_T_base" not in space  # set by the calibration from its coefficients
    for p in space.values():
        assert p.bounds[0] < p.bounds[1], p.name
        assert p.description, p.name


def test_rows_are_seeded_and_split_freely(prob) -> None:  # type: ignore[no-untyped-def]
    names = ["sq", "lam", "calibration.u11:(Intercept)"]
    grid = np.array([[prob_value(prob, n) for n in names], [-1.0, 2.0, 3.5], [0.0, 8.0, 2.5]])
    whole = evaluate_settings(prob, names, grid, draws=300, seed=3)
    assert whole.shape == (3, len(prob.options), 2)
    parts = np.concatenate(
        [
            evaluate_settings(prob, names, grid[:1], draws=300, seeds=[3]),
            evaluate_settings(prob, names, grid[1:], draws=300, seeds=[4, 5]),
        ]
    )
    assert np.array_equal(whole, parts)
    assert not np.array_equal(whole[0], whole[1])  # the settings matter


def test_picklable_for_a_process_pool(prob) -> None:  # type: ignore[no-untyped-def]
    names = ["lam"]
    grid = np.array([[2.0], [6.0]])
    assert pickle.loads(pickle.dumps(prob)).options == prob.options
    with ProcessPoolExecutor(2) as pool:
        futures = [
            pool.submit(evaluate_settings, prob, names, grid[i : i + 1], draws=200, seeds=[i])
            for i in range(2)
        ]
        pooled = np.concatenate([f.result() for f in futures])
    assert np.array_equal(pooled, evaluate_settings(prob, names, grid, draws=200, seed=0))
