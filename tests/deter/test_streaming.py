"""Streaming Monte Carlo: same numbers whatever the chunk size and engine, quantiles within the
stated histogram error, memory independent of the number of draws (the sample kept for the drivers
is bounded)."""

from __future__ import annotations

import numpy as np
import pytest

from pactlab.deter.calibration import load_calibration
from pactlab.deter.mapping import InstrumentSpec, OptionSpec, resolve_parameters
from pactlab.deter.montecarlo import BLOCK, Plan, ProcessEngine, block_draws, root_seed, run_plan
from pactlab.deter.report import assess
from pactlab.deter.streaming import BINS

PACT = OptionSpec(
    "pact",
    "Defence pact",
    (InstrumentSpec("art5", "collective_defence_clause", "treaty", capability=0.6),),
    ("G1", "G2"),
)
ARMS = OptionSpec(
    "arms",
    "Arms",
    (
        InstrumentSpec(
            "a", "arms_deliveries", "executive_agreement", capability=0.7, guarantors=("G1",), trigger=True
        ),
    ),
    ("G1",),
)


@pytest.mark.parametrize("chunk", [BLOCK, 3 * BLOCK, 100_000])
def test_chunk_size_does_not_change_any_number(chunk: int) -> None:
    ref = assess([PACT, ARMS], draws=5 * BLOCK + 123, rng=4, chunk_size=2 * BLOCK)
    other = assess([PACT, ARMS], draws=5 * BLOCK + 123, rng=4, chunk_size=chunk)
    assert other.to_dict() | {"provenance": None} == ref.to_dict() | {"provenance": None}


def test_process_pool_equals_one_process() -> None:
    one = assess([PACT, ARMS], draws=3 * BLOCK, rng=6, chunk_size=BLOCK)
    pool = assess([PACT, ARMS], draws=3 * BLOCK, rng=6, chunk_size=BLOCK, engine=ProcessEngine(2))
    assert pool.to_dict() == one.to_dict()


def test_quantiles_within_the_histogram_error() -> None:
    """Against np.quantile of the exact per-draw values of the same blocks (|error| <= 1/BINS)."""
    draws = 3 * BLOCK
    plan = Plan(resolve_parameters(), (PACT,), root_seed(9), draws, {}, None, load_calibration())
    exact = np.concatenate([block_draws(plan, b, BLOCK)[1]["pact"]["deterrence"] for b in range(3)])
    totals = run_plan(plan)
    for q in (0.05, 0.5, 0.95):
        assert abs(totals.quantile("pact", "deterrence", q) - np.quantile(exact, q)) <= 1 / BINS
    assert totals.mean("pact", "deterrence") == pytest.approx(exact.mean(), rel=1e-12)


def test_the_drivers_sample_is_bounded() -> None:
    plan = Plan(resolve_parameters(), (PACT,), root_seed(1), 6 * BLOCK, driver_draws=2 * BLOCK)
    totals = run_plan(plan)
    assert len(totals.samples) == 2  # only the first two blocks keep per-draw values
    assert totals.n == 6 * BLOCK


def test_pairwise_beats_are_complementary() -> None:
    report = assess([PACT, ARMS], draws=4000, rng=2)
    for a, row in report.beats.items():
        for b, p in row.items():
            assert p + report.beats[b][a] == pytest.approx(1.0, abs=1e-12)
