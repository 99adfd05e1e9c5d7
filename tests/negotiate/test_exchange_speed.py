"""The indexed exchange loop (issue 19 item 1) against the scanning one it replaced, bit for bit.

The oracle, tests/negotiate/_exchange_scan.py, is the library as it stood after the agreement fixes
(commit 7b97c7c): it scanned every candidate for the highest gain after each realisation. The library
now keeps the gains in a max tree and the candidates in per-cell lists, and runs one loop source either
interpreted or compiled (``engine``). Both engines must realise the same exchanges in the same order
with the same moves, gains, tie counts, outcomes and end positions, and draw the same random numbers.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactlab.negotiate import exchange_rounds
from pactlab.scenario import read_scenario

from . import _exchange_scan as scan
from ._arrays import make_arrays

ENGINES = ["python", "compiled"]
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


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("seed", [None, 7])
@pytest.mark.parametrize("name", FILES)
def test_decide_files(shared_data, name, seed, engine):
    """Every decide file of the peer, 10 rounds, canonical and seeded ties."""
    arrays = read_scenario(shared_data / "negotiation/decide" / name).to_arrays()
    ties = {"ties": "order"} if seed is None else {"ties": "random", "rng": seed}
    new = exchange_rounds(arrays, rounds=10, engine=engine, **ties)
    assert_same_run(new, scan.exchange_rounds(arrays, rounds=10, **ties))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", [f"x{k:02d}" for k in range(24)])
def test_peer_fixtures(shared_data, name, engine):
    """The 24 random decide files of fixtures/decide-exchange, 10 rounds."""
    arrays = read_scenario(shared_data / f"fixtures/decide-exchange/scenarios/{name}.csv").to_arrays()
    assert_same_run(
        exchange_rounds(arrays, rounds=10, engine=engine), scan.exchange_rounds(arrays, rounds=10)
    )


@st.composite
def scenarios(draw):
    """Up to 14 actors x 5 issues; positions on a coarse grid or not (a grid makes many exact ties, so
    the tie band is enumerated from the tree), saliences that may be 0, capabilities that may be equal,
    some missing cells."""
    n, m = draw(st.integers(2, 14)), draw(st.integers(2, 5))
    grid = draw(st.booleans())
    values = st.sampled_from([0, 10, 25, 50, 75, 90, 100]) if grid else st.integers(0, 100)
    x = np.array(draw(st.lists(st.lists(values, min_size=m, max_size=m), min_size=n, max_size=n)), float)
    s_cells = st.sampled_from([0, 50, 100]) if grid else st.integers(0, 100)
    s = np.array(draw(st.lists(st.lists(s_cells, min_size=m, max_size=m), min_size=n, max_size=n)), float)
    c = np.array(draw(st.lists(st.sampled_from([1, 2, 5]), min_size=n, max_size=n)), float)
    mask = np.array(draw(st.lists(st.lists(st.booleans(), min_size=m, max_size=m), min_size=n, max_size=n)))
    mask |= np.arange(n)[:, None] < 2
    return make_arrays(x, s / 100, c, mask=mask)


@settings(max_examples=80, deadline=None)
@given(scenarios(), st.sampled_from(ENGINES), st.one_of(st.none(), st.integers(0, 2**32 - 1)))
def test_random_scenarios(arrays, engine, seed):
    """Property: on any scenario both engines give the scanning loop's run exactly (or both reject it)."""
    ties = {"ties": "order"} if seed is None else {"ties": "random", "rng": seed}
    if (arrays.weights.sum(0) == 0).any():
        with pytest.raises(Exception, match="no weight"):
            exchange_rounds(arrays, rounds=3, engine=engine, **ties)
        return
    new = exchange_rounds(arrays, rounds=3, engine=engine, **ties)
    with np.errstate(divide="ignore", invalid="ignore"):
        old = scan.exchange_rounds(arrays, rounds=3, **ties)
    assert_same_run(new, old)


def test_larger_random_scenario_with_ties():
    """30 actors x 8 issues on a grid (hundreds of exact ties, trees of three levels), 4 rounds."""
    rng = np.random.default_rng(19)
    x = rng.choice([0.0, 25.0, 50.0, 75.0, 100.0], (30, 8))
    s = rng.choice([0.25, 0.5, 1.0], (30, 8))
    arrays = make_arrays(x, s, rng.choice([1.0, 2.0], 30), mask=rng.random((30, 8)) > 0.05)
    old = scan.exchange_rounds(arrays, rounds=4, ties="random", rng=5)
    assert sum(old.ties) > 50
    for engine in ENGINES:
        assert_same_run(exchange_rounds(arrays, rounds=4, ties="random", rng=5, engine=engine), old)


def test_auto_engine_by_work(monkeypatch):
    """``auto`` interprets small work and compiles large work, or once the small runs of the process
    add up to the compiled loop's cost (ski rental), or when numba is loaded already."""
    import importlib
    import sys

    rounds = importlib.import_module("pactlab.negotiate._exchange_round")  # as loaded now
    interpreted = rounds._python
    monkeypatch.setattr(rounds, "_interpreted", [0])
    monkeypatch.delitem(sys.modules, "pactlab.negotiate._exchange_kernel", raising=False)
    # an earlier import leaves the submodule as an attribute of the package, where ``from ... import``
    # would find it without putting it back in sys.modules
    monkeypatch.delattr(importlib.import_module("pactlab.negotiate"), "_exchange_kernel", raising=False)
    half = rounds.AUTO_COMPILED_FROM // 2
    assert rounds.choose("auto", half - 1) is interpreted
    assert rounds.choose("auto", half - 1) is interpreted
    assert rounds.choose("auto", half - 1) is not interpreted  # the three add up past the cost
    assert rounds.choose("auto", 1) is not interpreted  # numba is loaded now
    assert rounds.choose("python", 10**9) is interpreted
