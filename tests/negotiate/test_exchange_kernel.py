"""The compiled exchange model (negotiate/exchange.py, _exchange_kernel.py) against a straightforward one.

The oracle, tests/negotiate/_exchange_reference.py, follows decide-exchange-model 2025.3.1 the way its
source reads (one object per exchange, every live exchange re-examined after each realisation) with the
same floating-point operations in the same order, so the comparison is exact (no tolerance): the same
exchanges realised in the same order, with the same moves, gains, tie counts, outcomes and end
positions, and the same random draws for ``ties="random"``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactlab.errors import PactlabError
from pactlab.negotiate import exchange_rounds
from pactlab.scenario import read_scenario

from . import _exchange_reference as reference
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
FIXTURES = "fixtures/decide-exchange/scenarios"


def run_reference(arrays, rounds, rng=None):
    # zero weights divide by zero: inf/nan as in the compiled loop (numba's numpy error model)
    with np.errstate(divide="ignore", invalid="ignore"):
        return reference.exchange_rounds(
            arrays.positions,
            arrays.salience,
            arrays.capability,
            arrays.mask,
            list(arrays.actor_ids),
            rounds,
            rng=rng,
        )


def assert_same_run(new, old) -> None:
    outcomes, realized, ties, positions = old
    assert list(new.ties) == ties
    assert len(new.realized) == len(realized)
    for rnd, (a, b) in enumerate(zip(new.realized, realized, strict=True)):
        assert list(a) == b, f"round {rnd + 1}: realised exchanges differ"
    np.testing.assert_array_equal(new.outcomes, outcomes)
    np.testing.assert_array_equal(new.positions, positions)


@pytest.mark.parametrize("engine", ["python", "compiled"])
@pytest.mark.parametrize("seed", [None, 7])
@pytest.mark.parametrize("name", FILES)
def test_same_exchanges_as_reference(shared_data, name, seed, engine):
    """Every decide file of the peer (shared data, PROVENANCE.md), 10 rounds: bit-identical runs, in
    the canonical tie order and with ties drawn from a seeded Generator, interpreted and compiled."""
    arrays = read_scenario(shared_data / DECIDE / name).to_arrays()
    if seed is None:
        new = exchange_rounds(arrays, rounds=10, ties="order", engine=engine)
    else:
        new = exchange_rounds(arrays, rounds=10, ties="random", rng=seed, engine=engine)
    assert sum(len(r) for r in new.realized) > 100  # the loop really ran
    assert_same_run(new, run_reference(arrays, 10, None if seed is None else np.random.default_rng(seed)))


@pytest.mark.parametrize("name", [f"x{k:02d}" for k in range(24)])
def test_same_exchanges_on_the_peer_fixtures(shared_data, name):
    """The 24 random decide files of fixtures/decide-exchange (README there), 3 rounds."""
    arrays = read_scenario(shared_data / FIXTURES / f"{name}.csv").to_arrays()
    new = exchange_rounds(arrays, rounds=3)
    assert sum(len(r) for r in new.realized) > 0
    assert_same_run(new, run_reference(arrays, 3))


def test_seeded_ties_draw_the_same_numbers(shared_data):
    """A shared Generator ends in the same state: the compiled loop asks for exactly the draws the
    reference makes (one ``integers(n_tied)`` per tie, in order)."""
    arrays = read_scenario(shared_data / DECIDE / "copenhagen.csv").to_arrays()
    g_new, g_old = np.random.default_rng(3), np.random.default_rng(3)
    new = exchange_rounds(arrays, rounds=4, ties="random", rng=g_new)
    old = run_reference(arrays, 4, g_old)
    assert sum(new.ties) > 0  # ties happened, so draws were made
    assert_same_run(new, old)
    assert g_new.bit_generator.state == g_old.bit_generator.state


def test_order_ignores_the_generator(shared_data):
    """ties="order" is deterministic: it neither reads nor advances ``rng``."""
    arrays = read_scenario(shared_data / DECIDE / "copenhagen.csv").to_arrays()
    gen = np.random.default_rng(3)
    state = gen.bit_generator.state
    one = exchange_rounds(arrays, rounds=3, ties="order", rng=gen)
    assert gen.bit_generator.state == state
    assert_same_run(one, run_reference(arrays, 3))


@st.composite
def scenarios(draw, zero_saliences=True):
    """Small 3-issue scenarios with integer positions, saliences that may be 0 (zero weights: the
    x / 0 paths) and some missing cells."""
    n = draw(st.integers(2, 7))
    cells = st.lists(st.lists(st.integers(0, 100), min_size=3, max_size=3), min_size=n, max_size=n)
    x, s = np.array(draw(cells), float), np.array(draw(cells), float) / 100
    c = np.array(draw(st.lists(st.integers(0, 10), min_size=n, max_size=n)), float)
    mask = np.array(draw(st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=n, max_size=n)))
    mask |= np.arange(n)[:, None] < 2  # at least two actors on every issue
    return make_arrays(x, s, c, mask=mask)


def _run_or_error(arrays, seed):
    try:
        return exchange_rounds(arrays, rounds=3, ties="random", rng=seed)
    except PactlabError as err:
        return str(err)


@settings(max_examples=60, deadline=None)
@given(scenarios(), st.integers(0, 2**32 - 1))
def test_same_exchanges_on_random_scenarios(arrays, seed):
    """Property: on any scenario the compiled loop and the reference agree exactly; a scenario the
    library rejects is one with an issue without weight."""
    new = _run_or_error(arrays, seed)
    if isinstance(new, str):
        assert "no weight" in new
        assert (arrays.weights.sum(0) == 0).any()
        return
    assert_same_run(new, run_reference(arrays, 3, np.random.default_rng(seed)))


@settings(max_examples=60, deadline=None)
@given(scenarios(), st.data())
def test_zero_salience_is_a_missing_cell(arrays, data):
    """Issue 12 item 6 (the peer divides by a zero salience): an actor with salience 0 on an issue
    moves nothing there and gains nothing from moving others, so the run is the same as with that
    cell missing: outcomes, positions, every realised exchange, tie counts."""
    w = arrays.weights
    if (w.sum(0) == 0).any():  # an issue nobody weighs: rejected either way
        return
    zeros = np.where(arrays.mask, arrays.salience, 1.0) == 0
    x, s, c = arrays.positions, arrays.salience, arrays.capability
    masked = make_arrays(np.nan_to_num(x), np.nan_to_num(s), np.nan_to_num(c), mask=arrays.mask & ~zeros)
    seed = data.draw(st.integers(0, 2**32 - 1))
    one = exchange_rounds(arrays, rounds=3, ties="random", rng=seed)
    two = exchange_rounds(masked, rounds=3, ties="random", rng=seed)
    assert np.all(np.isfinite(one.outcomes))
    np.testing.assert_array_equal(one.outcomes, two.outcomes)
    np.testing.assert_array_equal(np.where(zeros, 0.0, one.positions), two.positions)
    assert one.realized == two.realized
    assert one.ties == two.ties


def test_zero_salience_scenario_runs():
    """A hand-made case: actor a02 has salience 0 on d1 (the peer would divide by it). It is never part
    of an exchange on d1, the run is finite, and a01 and a00 still trade."""
    x = [[10.0, 90.0], [90.0, 10.0], [50.0, 80.0]]
    s = [[0.9, 0.2], [0.2, 0.9], [0.5, 0.0]]
    arrays = make_arrays(x, s, [1.0, 1.0, 1.0])
    run = exchange_rounds(arrays, rounds=2)
    assert np.all(np.isfinite(run.outcomes))
    pairs = [{e["i"], e["j"]} for r in run.realized for e in r]
    assert {0, 1} in pairs
    assert all(2 not in p for p in pairs)


def test_unknown_tie_rule_or_engine_is_a_located_error():
    arrays = make_arrays([[20.0, 30.0], [80.0, 70.0]], [[0.5, 0.4], [0.5, 0.6]], [1.0, 1.0], scenario_id="p")
    with pytest.raises(PactlabError, match="p:ties: ties must be one of order, random"):
        exchange_rounds(arrays, rounds=1, ties="first")  # type: ignore[arg-type]
    with pytest.raises(PactlabError, match="p:engine: engine must be one of auto, python, compiled"):
        exchange_rounds(arrays, rounds=1, engine="gpu")  # type: ignore[arg-type]


def test_run_is_a_result(shared_data):
    """ExchangeRun follows the result protocol: provenance (seed only for drawn ties), JSON round trip,
    a frame per round and issue, a summary, a notebook display."""
    import json

    from pactlab.negotiate.exchange import ExchangeRun
    from pactlab.results import Result

    arrays = read_scenario(shared_data / DECIDE / "sample_data.txt").to_arrays()
    run = exchange_rounds(arrays, rounds=2, ties="random", rng=11)
    assert isinstance(run, Result)
    assert (run.provenance.model, run.provenance.variant, run.provenance.seed) == (
        "exchange",
        "equal-gain",
        11,
    )
    assert run.provenance.parameters == {"rounds": 2, "ties": "random"}
    assert exchange_rounds(arrays, rounds=2).provenance.seed is None
    back = ExchangeRun.from_dict(json.loads(json.dumps(run.to_dict())))
    assert back == run
    assert back.realized == run.realized
    frame = run.to_frame()
    assert len(frame) == 3 * arrays.n_issues
    # every exchange moves two issues (each side supplies its own)
    assert frame["exchanges"].sum() == 2 * sum(len(r) for r in run.realized)
    assert "2 round(s)" in run.summary()
    assert "Provenance" in run._repr_html_()
