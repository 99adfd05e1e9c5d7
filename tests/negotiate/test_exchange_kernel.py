"""The compiled exchange loop (negotiate/_exchange_kernel.py) against the former NumPy implementation.

The oracle, tests/negotiate/_exchange_numpy.py, is the vectorised implementation that passed the
models.md 1.5 reference tests (decide-exchange-model 2025.3.1 values) before the loop was compiled.
The compiled loop keeps its arithmetic operation by operation, so the comparison is exact (no
tolerance): the same exchanges realised in the same order, with the same moves, gains, tie counts,
outcomes and end positions, and the same random draws for a seed.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactlab.errors import PactlabError
from pactlab.negotiate import exchange_rounds
from pactlab.scenario import read_scenario

from . import _exchange_numpy as oracle
from ._arrays import make_arrays

DECIDE = "negotiation/decide"
FILES = [
    "cop21.csv",
    "cop21-2016.csv",
    "copenhagen.csv",
    "kopenhagen-2009.csv",
    "verkiezing-2012.csv",
    "sample_data.txt",
]


def assert_same_run(new, old) -> None:
    assert new.ties == old.ties
    assert len(new.realized) == len(old.realized)
    for rnd, (a, b) in enumerate(zip(new.realized, old.realized, strict=True)):
        assert a == b, f"round {rnd + 1}: realised exchanges differ"
    np.testing.assert_array_equal(new.outcomes, old.outcomes)
    np.testing.assert_array_equal(new.positions, old.positions)


@pytest.mark.parametrize("rng", [None, 7])
@pytest.mark.parametrize("name", FILES)
def test_same_exchanges_as_numpy_implementation(shared_data, name, rng):
    """Every decide file of the peer (shared data, PROVENANCE.md), 10 rounds: bit-identical runs,
    in the canonical tie order (rng None) and with a seed (ties drawn by the Generator)."""
    arrays = read_scenario(shared_data / DECIDE / name).to_arrays()
    new = exchange_rounds(arrays, rounds=10, rng=rng)
    assert sum(len(r) for r in new.realized) > 100  # the loop really ran
    assert_same_run(new, oracle.exchange_rounds(arrays, rounds=10, rng=rng))


def test_seeded_ties_draw_the_same_numbers(shared_data):
    """A shared Generator ends in the same state: the compiled loop asks for exactly the draws the
    NumPy implementation made (one ``integers(n_tied)`` per tie, in order)."""
    arrays = read_scenario(shared_data / DECIDE / "copenhagen.csv").to_arrays()
    g_new, g_old = np.random.default_rng(3), np.random.default_rng(3)
    new = exchange_rounds(arrays, rounds=4, rng=g_new)
    old = oracle.exchange_rounds(arrays, rounds=4, rng=g_old)
    assert sum(new.ties) > 0  # ties happened, so draws were made
    assert_same_run(new, old)
    assert g_new.bit_generator.state == g_old.bit_generator.state


@st.composite
def scenarios(draw):
    """Small 3-issue scenarios with integer positions, saliences that may be 0 (zero weights: the
    x / 0 paths) and some missing cells."""
    n = draw(st.integers(2, 7))
    cells = st.lists(st.lists(st.integers(0, 100), min_size=3, max_size=3), min_size=n, max_size=n)
    x, s = np.array(draw(cells), float), np.array(draw(cells), float) / 100
    c = np.array(draw(st.lists(st.integers(0, 10), min_size=n, max_size=n)), float)
    mask = np.array(draw(st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=n, max_size=n)))
    mask |= np.arange(n)[:, None] < 2  # at least two actors on every issue
    return make_arrays(x, s, c, mask=mask)


@settings(max_examples=60, deadline=None)
@given(scenarios(), st.one_of(st.none(), st.integers(0, 2**32 - 1)))
def test_same_exchanges_on_random_scenarios(arrays, seed):
    """Property: on any scenario the compiled loop and the NumPy implementation agree exactly (or
    both reject it with the same located error)."""
    # zero weights divide by zero: the NumPy implementation warns (inf/nan), the compiled loop computes
    # the same inf/nan silently (numba's numpy error model)
    with np.errstate(divide="ignore", invalid="ignore"):
        old = _run_or_error(oracle.exchange_rounds, arrays, seed)
    new = _run_or_error(exchange_rounds, arrays, seed)
    if isinstance(old, str) or isinstance(new, str):
        assert new == old
    else:
        assert_same_run(new, old)


def _run_or_error(fn, arrays, seed):
    try:
        return fn(arrays, rounds=3, rng=seed)
    except PactlabError as err:
        return str(err)
