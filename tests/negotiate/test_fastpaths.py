"""The EUM's fast paths give the numbers of the direct formulas (docs/models.md 1.4; issue 3 benchmarks).

P_i(i beats j) = sum_{k: a_k > 0} w_k a_k / sum_k w_k |a_k|, a_k = |x_k - x_j| - |x_k - x_i| (Scholz et al.
2011, section 2) is computed from sorted prefix sums with the draws on the last axis; the Q = 1 round
(:func:`pactlab.negotiate.eum._round_q1`) reuses work arrays in place. Both are checked here against the
direct triple sum and against the general code path (_risk, expected_utility, _moves).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactlab.negotiate.eum import (
    _moves,
    _prob_linear,
    _risk,
    _round_q1,
    eum_batch,
    expected_utility,
)

SETTINGS = settings(max_examples=40, deadline=None)


@st.composite
def batches(draw, max_rows=5, max_actors=9):
    """Integer positions (many ties, as in real data) and weights, several rows of the same size."""
    b, n = draw(st.integers(1, max_rows)), draw(st.integers(2, max_actors))
    x = draw(st.lists(st.integers(0, 100), min_size=b * n, max_size=b * n))
    w = draw(st.lists(st.integers(1, 100), min_size=b * n, max_size=b * n))
    s = draw(st.lists(st.integers(5, 100), min_size=b * n, max_size=b * n))
    shape = (b, n)
    return np.reshape(x, shape).astype(float), np.reshape(w, shape) / 10.0, np.reshape(s, shape) / 100.0


def brute_probability(x, w):
    """The direct O(n^3) sum of docs/models.md 1.4 for one row."""
    a = np.abs(x[:, None] - x[None, :])  # a[k, j] = |x_k - x_j|
    votes = a[:, None, :] - a[:, :, None]  # [k, i, j] = |x_k - x_j| - |x_k - x_i|
    num = np.einsum("k,kij->ij", w, np.maximum(votes, 0))
    den = np.einsum("k,kij->ij", w, np.abs(votes))
    return np.divide(num, den, out=np.zeros_like(num), where=den > 1e-9)


@SETTINGS
@given(batches())
def test_batched_probability_matches_brute_force_per_row(case):
    """Each row of a batch equals the direct sum within 1e-9 (float64 rounding only): the rows are
    searched together on the draws axis and must not leak into each other; also with a work array."""
    x, w, _ = case
    fast = _prob_linear(x, w)
    into = np.full((*x.shape, x.shape[1]), np.nan)
    assert _prob_linear(x, w, out=into) is into
    for row in range(x.shape[0]):
        assert fast[row] == pytest.approx(brute_probability(x[row], w[row]), abs=1e-9)
    assert np.array_equal(into, fast)


def test_probability_rows_far_apart_in_scale():
    """Rows whose positions sit at opposite ends of the scale give the same P as alone."""
    x = np.array([[0.0, 0.001, 0.002, 100.0], [99.997, 99.998, 99.999, 100.0]])
    w = np.array([[1.0, 2.0, 3.0, 4.0], [4.0, 3.0, 2.0, 1.0]])
    both = _prob_linear(x, w)
    for row in range(2):
        assert both[row] == pytest.approx(brute_probability(x[row], w[row]), abs=1e-9)


def general_round(x, w, s, dtype):
    """The general path of a Q = 1 round (as eum_batch runs it when some cell is inactive)."""
    act = np.ones(x.shape, dtype=bool)
    span = x.max(1) - x.min(1)
    mu = np.zeros(x.shape[0], dtype=dtype)
    p = _prob_linear(x, w)
    r = _risk(x, w, s, act, span, mu, 1.0, 1.0, "equations", p)
    e_ij, e_ji = expected_utility(x, w, s, act, r, span, mu, q=1.0, t=1.0, variant="equations", p=p)
    return _moves(x, e_ij, e_ji, "equations"), r, span, p


@SETTINGS
@given(batches(), st.sampled_from([np.float64, np.float32]))
def test_q1_round_is_bit_identical_to_general_path(case, dtype):
    """Same operations in place: identical bits, in float64 and float32."""
    x, w, s = (a.astype(dtype) for a in case)
    x = x[x.max(1) > x.min(1)]
    if not x.size:
        return
    w, s = w[: x.shape[0]], s[: x.shape[0]]
    moved, r, span, p = general_round(x, w, s, dtype)
    b, n = x.shape
    buf = np.full((5, b, n, n), np.nan, dtype=dtype)
    flags = np.zeros((3, b, n, n), dtype=bool)
    fast_moved, fast_r = _round_q1(x, s, span, p, buf, flags)
    assert np.array_equal(fast_moved, moved)
    assert np.array_equal(fast_r, r)


@settings(max_examples=30, deadline=None)
@given(batches(max_rows=5, max_actors=8), st.sampled_from([np.float64, np.float32]))
def test_eum_batch_rows_equal_runs_alone(case, dtype):
    """A batch (rows stopping at different rounds, so the reused work arrays shrink) gives each row
    exactly what that row gives alone."""
    x, w, s = case
    c = w / s
    batch = eum_batch(x, c, s, max_rounds=6, dtype=dtype)
    for row in range(x.shape[0]):
        alone = eum_batch(x[row], c[row], s[row], max_rounds=6, dtype=dtype)
        assert np.array_equal(batch.median[row], alone.median[0])
        assert np.array_equal(batch.mean[row], alone.mean[0])
        assert np.array_equal(batch.positions[row], alone.positions[0])
        assert batch.rounds_run[row] == alone.rounds_run[0]


def test_inactive_cells_raise_no_warning():
    """An actor inactive on a row takes no part and triggers no division by zero in the risk term
    (its Sec lies outside the active actors' range; pytest turns warnings into errors)."""
    s = np.array([[0.05, 0.05, 0.27, 0.6, 0.05, 0.06, 0.5]])
    x = np.array([[0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 50.0]])
    c = np.array([[0.1, 0.1, 0.1, 0.1, 0.1, 0.6, 1.0]]) / s  # weights 0.1 ... 0.6 (found by hypothesis)
    act = np.array([[True] * 6 + [False]])
    tr = eum_batch(x, c, s, act, max_rounds=3)
    assert np.all(np.isfinite(tr.median))
    assert np.all(np.isfinite(tr.risk))
    assert np.all((tr.risk >= 0.5) & (tr.risk <= 2.0))
