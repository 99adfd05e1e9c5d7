"""The streamed EUM ensemble (issue 19 item 3): the same numbers for the same seed whatever the chunk size
and engine, running statistics only, quantiles within the stated error, and the decision rule per draw."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pactlab.errors import ParameterError
from pactlab.negotiate import eum_ensemble
from pactlab.negotiate.ensemble import (
    BINS,
    BLOCK,
    EnsembleResult,
    LocalEngine,
    ProcessEngine,
    ThreadEngine,
    _finish,
    _merge,
    _stats,
)
from pactlab.results import Result

from ._arrays import make_arrays
from ._scenarios import actor, build, one_issue, position


def _arrays():
    rng = np.random.default_rng(5)
    return make_arrays(rng.uniform(0, 100, (7, 2)), rng.uniform(0.3, 1.0, (7, 2)), np.arange(1.0, 8.0))


def test_same_numbers_whatever_the_chunk_and_engine():
    a = _arrays()
    draws = 3 * BLOCK + 17  # a partial last block
    reference = eum_ensemble(a, draws=draws, rounds=4, rng=42, chunk=10_000).to_dict()
    for chunk, engine in ((1, LocalEngine()), (BLOCK, ThreadEngine(2)), (2 * BLOCK, ProcessEngine(2))):
        got = eum_ensemble(a, draws=draws, rounds=4, rng=42, chunk=chunk, engine=engine).to_dict()
        assert got == reference, (chunk, type(engine).__name__)
    assert eum_ensemble(a, draws=draws, rounds=4, rng=43).to_dict() != reference


def test_result_protocol_and_no_per_draw_arrays():
    r = eum_ensemble(_arrays(), draws=100, rounds=2, rng=1)
    assert isinstance(r, Result)
    assert EnsembleResult.from_dict(json.loads(json.dumps(r.to_dict()))) == r
    assert r.provenance.seed == 1
    assert r.provenance.parameters["block"] == BLOCK
    assert set(r.to_frame()["series"]) == {"median", "mean"}
    assert "EUM ensemble, 100 draws" in r.summary()
    # memory flat in draws: the result holds a fixed number of statistics per issue, no per-draw arrays
    assert all(len(v) == 6 for v in r.median.values())


def test_quantiles_within_half_a_bin_of_the_sample_quantile():
    """The sketch: per chunk a histogram with each bin's extremes, merged; a quantile is the midpoint of
    the values in the bin of the inverted-CDF order statistic, so within 0.5 / BINS x 100 of it."""
    rng = np.random.default_rng(7)
    values = np.concatenate([rng.uniform(0, 100, 997), np.zeros(3), np.full(5, 100.0)])
    a = make_arrays([[0.0], [100.0]], [[0.5], [0.5]], [1.0, 1.0])
    total = {"sum": 0.0, "sq": 0.0, "hist": np.zeros(BINS, np.int64), "lo": np.full(BINS, np.inf),
             "hi": np.full(BINS, -np.inf), "changed": 0}  # fmt: skip
    for part in np.array_split(values, 7):
        _merge(total, _stats(part, np.nan, np.array([0, len(part)])))
    out = _finish(a, 0, total, len(values))
    for p in (0.05, 0.5, 0.95):
        exact = np.quantile(values, p, method="inverted_cdf")
        assert abs(out[f"q{round(p * 100):02d}"] - exact) <= 0.5 * 100 / BINS, p
    assert out["mean"] == pytest.approx(values.mean(), rel=1e-12)
    assert out["sd"] == pytest.approx(values.std(ddof=1), rel=1e-9)


def test_a_bin_with_one_value_gives_it_exactly():
    a = make_arrays([[0.0], [100.0]], [[0.5], [0.5]], [1.0, 1.0])
    values = np.array([0.0, 12.3456, 99.99])
    total = {"sum": 0.0, "sq": 0.0, "hist": np.zeros(BINS, np.int64), "lo": np.full(BINS, np.inf),
             "hi": np.full(BINS, -np.inf), "changed": 0}  # fmt: skip
    _merge(total, _stats(values, np.nan, np.array([0, 3])))
    out = _finish(a, 0, total, 3)
    assert (out["q05"], out["q50"], out["q95"]) == (0.0, 12.3456, 99.99)


def test_the_rule_applies_per_draw():
    """Unanimity with q = 50 among members at 20 and 80: the win-set stays empty in (almost) every draw
    (a draw would need both members on one side of 50, 30 points away: z > 6 twice), so the forecast is
    the status quo; under a coalition of the willing no draw falls below the status quo."""
    actors = [actor("a", 1), actor("b", 1)]
    positions = [position("a", 20, 0.8), position("b", 80, 0.8)]
    vote = build(one_issue(actors, positions, {"rule": "unanimity", "group": "G"}, 50)).to_arrays()
    r = eum_ensemble(vote, draws=256, rounds=3, rng=0)
    assert r.median["d"]["p_change"] == 0.0
    assert r.median["d"]["q05"] == r.median["d"]["q95"] == 50.0
    willing = build(one_issue(actors, positions, {"rule": "coalition_of_the_willing", "group": "G"}, 50))
    w = eum_ensemble(willing.to_arrays(), draws=256, rounds=3, rng=0)
    assert w.median["d"]["q05"] >= 50.0
    assert w.mean["d"]["q05"] >= 50.0


@pytest.mark.parametrize(("name", "value"), [("draws", 1), ("chunk", 0), ("workers", 0), ("rounds", -1)])
def test_bad_parameters_name_themselves(name, value):
    kwargs = {"draws": 10, name: value}
    with pytest.raises(ParameterError) as error:
        eum_ensemble(_arrays(), **kwargs)
    assert error.value.parameter == name
