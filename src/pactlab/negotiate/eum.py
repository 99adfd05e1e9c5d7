"""Bueno de Mesquita's expected-utility model, as specified by Scholz, Calbert & Smith (2011).

References
----------
Bueno de Mesquita, B. (1994). Political forecasting: an expected utility method. In Bueno de Mesquita
& Stokman (eds.), European Community Decision Making. Yale UP, 71-104.
Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's group decision
model. J. Theoretical Politics 23(4), 510-531 (equations of section 2; Table 2). docs/models.md section 1.4.

Notes
-----
Per round, R = range of the current positions, mu = weighted median (the pairwise winner), r_i the
risk exponents, d_ij = |x_i - x_j| / R, and from actor i's point of view (its own r_i)::

    U_s = 2 - 4 (0.5 - 0.5 d_ij)^r_i       U_f = 2 - 4 (0.5 + 0.5 d_ij)^r_i     U_sq = 2 - 4 (0.5)^r_i
    U_b, U_w = 2 - 4 (0.5 -/+ 0.25 (|x_c - mu| + d_ij R) / R)^r_i   (x_c: the challenger's position)
    P_ij = sum_{k: a_k > 0} w_k a_k / sum_k w_k |a_k|,   a_k = |x_k - x_j| - |x_k - x_i|
    E_i(U_ij) = s_j (P_ij U_s + (1 - P_ij) U_f) + (1 - s_j) U_s - Q U_sq - (1 - Q)(T U_b + (1 - T) U_w)

Risk: a pass with r = 1 gives Sec_i = sum_j E(U_ji); R_i = (2 Sec_i - max Sec - min Sec) /
(max Sec - min Sec) (0 when max = min); r_i = (1 - R_i / 3) / (1 + R_i / 3), in [0.5, 2].
Offers to i from j, with e_ij = E_i(U_ij), e_ji = E_i(U_ji): e_ji > e_ij > 0, confrontation (i moves
to x_j); e_ji > 0 > e_ij with e_ji > |e_ij|, compromise (i moves by (x_j - x_i)|e_ij / e_ji|);
e_ji > 0 > e_ij with e_ji <= |e_ij|, capitulation (i moves to x_j). Each actor takes the offer that
moves it least (ties: the lower position); all moves are applied together. Dyads with x_i = x_j are
skipped. Stopping: R = 0, or median and mean both change less than ``tol`` in a round, or
``max_rounds``.

Variant ``"scholz-code"`` (Scholz et al.'s program as read by the jmckib/bdm-scholz-expected-utility-
model replication): R fixed at the initial range; votes weighted by each voter's own (|.|/R)^r_k;
P's denominator the sum of |votes| over all ordered pairs (a per-round constant); confrontation
offers first, then compromise offers ranked by (|e_ij| x_i + |e_ji| x_j) / (|e_ij| + |e_ji|); no
capitulation offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from pactlab.errors import PactlabError, ParameterError
from pactlab.negotiate._common import units
from pactlab.negotiate.median import weighted_median
from pactlab.negotiate.results import Forecast
from pactlab.negotiate.rules import deciding_cells, ruled_forecast
from pactlab.scenario.arrays import ScenarioArrays

__all__ = ["EUMTrace", "eum", "eum_batch", "expected_utility"]

Variant = Literal["equations", "scholz-code"]
F = NDArray[np.float64]
B = NDArray[np.bool_]
_CHUNK = 2_000_000  # elements of the (batch, n, n, n) vote tensor computed at once


@dataclass(frozen=True)
class EUMTrace:
    """Batched run: median and mean per round (batch, rounds + 1), risk exponents, rounds run."""

    median: F
    mean: F
    positions: F
    risk: F
    rounds_run: NDArray[np.int64]


def _utility(base: F, r: F | None) -> F:
    """2 - 4 base^r (``r`` None: the linear case r = 1)."""
    if r is None:
        lin: F = 2.0 - 4.0 * base
        return lin
    with np.errstate(divide="ignore"):
        out: F = 2.0 - 4.0 * np.exp(r * np.log(np.clip(base, 0.0, None)))
    return out


def _weighted_distance(xs: F, cw: F, cwx: F, t: F) -> F:
    """G(t) = sum_k w_k |x_k - t| for query points t [q, b] (draws last), from sorted positions xs
    [n, b] and their prefix sums cw, cwx [n + 1, b].

    The count c of positions strictly below t is summed one actor at a time over contiguous [q, b]
    planes (n cheap passes, no [q, b, n] temporary); G(t) = t (2 C_w(c) - W) - 2 C_wx(c) + C_wx(n).
    """
    n, b = xs.shape
    cnt = np.zeros(t.shape, dtype=np.uint8 if n < 255 else np.intp)
    for k in range(n):
        cnt += xs[k] < t
    flat = cnt.astype(np.intp) * b + np.arange(b)
    below, below_x = cw.ravel()[flat], cwx.ravel()[flat]
    out: F = t * (2.0 * below - cw[-1]) - 2.0 * below_x + cwx[-1]
    return out


def _prob_linear(x: F, w: F, out: F | None = None, scratch: F | None = None) -> F:
    """P[b, i, j] for linear votes without the (n x n x n) vote tensor (see Notes of :func:`_prob`).

    With G(t) = sum_k w_k |x_k - t| and D_i = G(x_i), the identity
    | |x_k - x_j| - |x_k - x_i| | = 2|x_k - m_ij| - |x_k - x_i| - |x_k - x_j| + |x_i - x_j|
    (m_ij the midpoint) gives den_ij = 2 G(m_ij) - D_i - D_j + |x_i - x_j| W and
    num_ij = (D_j - D_i + den_ij) / 2. G is evaluated from sorted prefix sums; the work runs with the
    draws on the last (contiguous) axis. ``out`` (optional) receives the result; ``scratch``
    (optional, contiguous, at least as large) is used as work space.
    """
    b, n = x.shape
    if out is None:
        out = np.empty((b, n, n), dtype=x.dtype)
    iu, ju = np.triu_indices(n, 1)
    diag = np.arange(n)
    if iu.size == 0:
        out.fill(0.0)
        return out
    step = max(1, _CHUNK // max(iu.size + n, 1))
    for s0 in range(0, b, step):
        xb, wb = x[s0 : s0 + step], w[s0 : s0 + step]
        order = np.argsort(xb, axis=1)
        xs = np.ascontiguousarray(np.take_along_axis(xb, order, 1).T)  # [n, b']
        ws = np.take_along_axis(wb, order, 1).T
        zero = np.zeros((1, xb.shape[0]), dtype=x.dtype)
        cw = np.concatenate([zero, np.cumsum(ws, 0)], 0)
        cwx = np.concatenate([zero, np.cumsum(ws * xs, 0)], 0)
        xt = np.ascontiguousarray(xb.T)
        queries = np.concatenate([xt, 0.5 * (xt[iu] + xt[ju])], 0)
        gq = _weighted_distance(xs, cw, cwx, queries)
        d, g, wsum = gq[:n], gq[n:], cw[-1]
        den = 2.0 * g - d[iu] - d[ju] + np.abs(xt[iu] - xt[ju]) * wsum
        diff = d[ju] - d[iu]  # D_j - D_i
        pos = den > 1e-12 * np.maximum(wsum, 1e-300) * 100.0
        safe = np.where(pos, den, 1.0)
        size = n * n * xb.shape[0]
        if scratch is None:
            block = np.empty((n, n, xb.shape[0]), dtype=x.dtype)
        else:
            block = scratch.reshape(-1)[:size].reshape(n, n, xb.shape[0])
        block[diag, diag] = 0.0
        block[iu, ju] = np.where(pos, np.clip(0.5 * (diff + den) / safe, 0.0, 1.0), 0.0)
        block[ju, iu] = np.where(pos, np.clip(0.5 * (den - diff) / safe, 0.0, 1.0), 0.0)
        out[s0 : s0 + step] = block.transpose(2, 0, 1)
    return out


def _prob(x: F, w: F, r: F | None, span: F, variant: Variant) -> F:
    """P[b, i, j]: probability that i beats j (see Notes), chunked over the batch."""
    if variant == "equations":
        return _prob_linear(x, w)
    b, n = x.shape
    rr = np.ones_like(x) if r is None else r
    out = np.empty((b, n, n))
    step = max(1, _CHUNK // max(n**3, 1))
    for s0 in range(0, b, step):
        xs, ws = x[s0 : s0 + step], w[s0 : s0 + step]
        dist = np.abs(xs[:, :, None] - xs[:, None, :])  # [b, k, i] = |x_k - x_i|
        dist = np.power(dist / span[s0 : s0 + step, None, None], rr[s0 : s0 + step, :, None])
        a = dist[:, :, None, :] - dist[:, :, :, None]  # [b, k, i, j] = |x_k - x_j| - |x_k - x_i|
        num = np.einsum("bk,bkij->bij", ws, np.maximum(a, 0.0))
        den = np.einsum("bk,bkij->b", ws, np.abs(a))[:, None, None]
        out[s0 : s0 + step] = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
    return out


def expected_utility(
    x: F,
    w: F,
    s: F,
    act: B,
    r: F | None,
    span: F,
    mu: F,
    *,
    q: float,
    t: float,
    variant: Variant,
    p: F | None = None,
) -> tuple[F, F]:
    """(e_ij, e_ji) [batch, i, j]: i's expected utility of challenging j, and i's estimate of j's.

    ``r`` None means r = 1 for every actor; ``p`` a precomputed probability matrix.
    """
    d = np.abs(x[:, :, None] - x[:, None, :]) / span[:, None, None]
    ri = None if r is None else r[:, :, None]
    us, uf = _utility(0.5 - 0.5 * d, ri), _utility(0.5 + 0.5 * d, ri)
    usq = 0.0 if ri is None else _utility(np.full_like(ri, 0.5), ri)
    if p is None:
        p = _prob(x, w, r, span, variant)
    # s (P U_s + (1 - P) U_f) + (1 - s) U_s = U_s - s (1 - P)(U_s - U_f)
    gap, base = us - uf, us - q * usq
    e_ij = base - s[:, None, :] * (1.0 - p) * gap
    e_ji = base - s[:, :, None] * (1.0 - p.transpose(0, 2, 1)) * gap
    if q != 1.0:
        to_mu = np.abs(x - mu[:, None]) / span[:, None]
        for e, m in ((e_ij, to_mu[:, :, None]), (e_ji, to_mu[:, None, :])):
            ub, uw = _utility(0.5 - 0.25 * (m + d), ri), _utility(0.5 + 0.25 * (m + d), ri)
            e -= (1 - q) * (t * ub + (1 - t) * uw)
    if q == 1.0 and act.all():  # at d = 0, U_s = U_f = U_sq exactly, so e = 0: no offers
        return e_ij, e_ji
    pair = act[:, :, None] & act[:, None, :] & (d > 0)
    return np.where(pair, e_ij, 0.0), np.where(pair, e_ji, 0.0)


def _risk(x: F, w: F, s: F, act: B, span: F, mu: F, q: float, t: float, variant: Variant, p: F | None) -> F:
    if q == 1.0 and p is not None:
        # r = 1, Q = 1: U_s = 2d, U_f = -2d, U_sq = 0, so E(U_ji) = 2 d_ij (1 - 2 s_i (1 - P_ji))
        d = np.abs(x[:, :, None] - x[:, None, :]) / span[:, None, None]
        pair = act[:, :, None] & act[:, None, :]
        e_ji = np.where(pair, 2.0 * d * (1.0 - 2.0 * s[:, :, None] * (1.0 - p.transpose(0, 2, 1))), 0.0)
    else:
        _, e_ji = expected_utility(x, w, s, act, None, span, mu, q=q, t=t, variant=variant, p=p)
    sec = e_ji.sum(axis=2)  # Sec_i = sum_j E(U_ji)
    hi = np.where(act, sec, -np.inf).max(axis=1, keepdims=True)
    lo = np.where(act, sec, np.inf).min(axis=1, keepdims=True)
    width = hi - lo
    big_r = np.divide(2 * sec - hi - lo, width, out=np.zeros_like(sec), where=(width > 0) & act)
    out: F = (1 - big_r / 3) / (1 + big_r / 3)
    return np.where(act, out, 1.0)


def _pow_utility(base: F, r: F) -> F:
    """In place: base <- 2 - 4 max(base, 0)^r, the same operations as :func:`_utility`."""
    np.maximum(base, 0.0, out=base)
    with np.errstate(divide="ignore"):
        np.log(base, out=base)
    np.multiply(r, base, out=base)
    np.exp(base, out=base)
    base *= 4.0
    out: F = np.subtract(2.0, base, out=base)
    return out


def _round_q1(x: F, s: F, span: F, p: F, buf: F, flags: B) -> tuple[F, F]:
    """One round of the ``equations`` variant with Q = 1 and every cell active: (new x, risk r).

    The same arithmetic, operation for operation, as :func:`_risk`, :func:`expected_utility` and
    :func:`_moves` (so the same numbers to the last bit), with the shared terms (d, 1 - P^T) computed
    once, in the reused work arrays ``buf`` [5, b, n, n] and ``flags`` [3, b, n, n] (fresh large
    temporaries cost a page fault per 4 KiB, which dominated the ensemble's time).
    """
    f1, f2, f3, f4, f5 = buf
    conf, opp, comp = flags
    xi, xj, si, sj = x[:, :, None], x[:, None, :], s[:, :, None], s[:, None, :]
    d = np.abs(np.subtract(xi, xj, out=f1), out=f1)
    d /= span[:, None, None]
    one_pt = np.subtract(1.0, p.transpose(0, 2, 1), out=f2)
    # risk: E(U_ji) with r = 1 is 2 d (1 - 2 s_i (1 - P_ji)); Sec_i its sum over j (see _risk)
    tmp = np.subtract(1.0, np.multiply(2.0 * si, one_pt, out=f3), out=f3)
    sec = np.multiply(np.multiply(2.0, d, out=f4), tmp, out=f3).sum(axis=2)
    hi, lo = sec.max(axis=1, keepdims=True), sec.min(axis=1, keepdims=True)
    width = hi - lo
    big_r = np.divide(2 * sec - hi - lo, width, out=np.zeros_like(sec), where=width > 0)
    r = (1 - big_r / 3) / (1 + big_r / 3)
    ri = r[:, :, None]
    half = np.multiply(0.5, d, out=f4)
    us = _pow_utility(np.subtract(0.5, half, out=f3), ri)
    gap = np.subtract(us, _pow_utility(np.add(0.5, half, out=f4), ri), out=f4)
    base = np.subtract(us, _utility(np.full_like(ri, 0.5), ri), out=f3)
    e_ij = np.subtract(1.0, p, out=f5)
    e_ij = np.subtract(base, np.multiply(np.multiply(sj, e_ij, out=f5), gap, out=f5), out=f5)
    e_ji = np.subtract(base, np.multiply(np.multiply(si, one_pt, out=f2), gap, out=f2), out=f2)
    # moves, as _moves(x, e_ij, e_ji, "equations")
    np.logical_and(np.greater(e_ji, e_ij, out=conf), np.greater(e_ij, 0, out=opp), out=conf)
    np.logical_and(np.greater(e_ji, 0, out=opp), np.less(e_ij, 0, out=comp), out=opp)
    abs_ij = np.abs(e_ij, out=f1)
    f3.fill(0.0)
    ratio = np.divide(abs_ij, e_ji, out=f3, where=opp)
    np.logical_and(opp, np.greater(e_ji, abs_ij, out=comp), out=comp)
    target = np.add(xi, np.multiply(np.subtract(xj, xi, out=f4), ratio, out=f4), out=f4)
    np.copyto(target, np.broadcast_to(xj, target.shape), where=np.logical_not(comp, out=comp))
    key = np.abs(np.subtract(target, xi, out=f1), out=f1)
    key += np.multiply(1e-12, target, out=f3)
    np.copyto(key, np.inf, where=np.logical_not(np.logical_or(conf, opp, out=conf), out=conf))
    return _choose(x, target, key), r


def _choose(x: F, target: F, key: F) -> F:
    """Per actor, the target with the smallest finite key (x itself when there is none)."""
    best = np.argmin(key, axis=2)[:, :, None]
    chosen = np.take_along_axis(target, best, axis=2)[:, :, 0]
    has = np.isfinite(np.take_along_axis(key, best, axis=2)[:, :, 0])
    out: F = np.where(has, chosen, x)
    return out


def _moves(x: F, e_ij: F, e_ji: F, variant: Variant) -> F:
    """New positions [batch, i] from the offers each actor receives."""
    xi, xj = x[:, :, None], x[:, None, :]
    conf = (e_ji > e_ij) & (e_ij > 0)
    opp = (e_ji > 0) & (e_ij < 0)
    abs_ij = np.abs(e_ij)
    ratio = np.divide(abs_ij, e_ji, out=np.zeros_like(e_ij), where=opp)
    comp = opp & (e_ji > abs_ij)
    # conf needs e_ij > 0 and comp e_ij < 0: apart from compromises the target is x_j
    target = np.where(comp, xi + (xj - xi) * ratio, xj)
    if variant == "scholz-code":
        key_c = np.where(conf, np.abs(target - xi), np.inf)
        weight = np.abs(e_ij) + np.abs(e_ji)
        pos_key = np.divide(
            np.abs(e_ij) * xi + np.abs(e_ji) * xj, weight, out=np.zeros_like(e_ij), where=weight > 0
        )
        key_m = np.where(np.asarray(comp), pos_key, np.inf)
        has_c = np.asarray(np.isfinite(key_c).any(axis=2, keepdims=True))
        # ties (equal keys, up to summation order): lower target, as in "equations", so that the
        # result does not depend on the order in which the actors are listed (Scholz's program takes
        # the first offer in its data order)
        key = np.where(has_c, key_c, key_m) + 1e-12 * target
    else:
        key = np.abs(target - xi)
        key += 1e-12 * target
        key[~(conf | opp)] = np.inf  # ties: lower target
    return _choose(x, target, key)


class _Work:
    """Work arrays of the Q = 1 fast path, allocated once per batch and reused every round."""

    def __init__(self) -> None:
        self.buf: F | None = None
        self.flags: B | None = None

    def get(self, shape: tuple[int, int], dtype: np.dtype) -> tuple[F, B]:
        b, n = shape
        if self.buf is None or self.flags is None or self.buf.shape[1] < b or self.buf.dtype != dtype:
            self.buf = np.empty((6, b, n, n), dtype=dtype)
            self.flags = np.empty((3, b, n, n), dtype=bool)
        return self.buf[:, :b], self.flags[:, :b]


def _step(
    x: F, w: F, s: F, act: B, span: F, mu: F, q: float, t: float, variant: Variant, work: _Work
) -> tuple[F, F]:
    """One round on the running rows: (new positions, risk exponents)."""
    if variant == "equations" and q == 1.0 and act.all():
        buf, flags = work.get(x.shape, x.dtype)
        p = _prob_linear(x, w, out=buf[5], scratch=buf[0])
        return _round_q1(x, s, span, p, buf[:5], flags)
    pr = _prob(x, w, None, span, variant) if variant == "equations" else None
    rr = _risk(x, w, s, act, span, mu, q, t, variant, pr)
    e_ij, e_ji = expected_utility(x, w, s, act, rr, span, mu, q=q, t=t, variant=variant, p=pr)
    return _moves(x, e_ij, e_ji, variant), rr


def eum_batch(
    x: F,
    c: F,
    s: F,
    act: B | None = None,
    *,
    q: float = 1.0,
    t: float = 1.0,
    max_rounds: int = 10,
    tol: float = 0.0,
    variant: Variant = "equations",
    dtype: type = np.float64,
) -> EUMTrace:
    """Run the EUM on a batch of one-issue cases: arrays [batch, actor] (0-100 positions).

    Inactive cells (``act`` False) take no part. Rows stop independently (see the module Notes).
    ``dtype`` np.float32 halves memory traffic for large ensembles (the reference runs use float64).
    """
    x = np.array(x, dtype=dtype, ndmin=2)
    act = np.ones(x.shape, dtype=bool) if act is None else np.array(act, dtype=bool, ndmin=2)
    s = np.where(act, np.array(s, dtype=dtype, ndmin=2), dtype(0.0))
    w = np.where(act, np.array(c, dtype=dtype, ndmin=2) * s, dtype(0.0))
    x = np.where(act, x, 0.0)
    nb = x.shape[0]
    med, mean = np.zeros((nb, max_rounds + 1)), np.zeros((nb, max_rounds + 1))
    wsum = w.sum(axis=1)
    if not np.all(wsum > 0):
        raise PactlabError("eum: all weights (capability x salience) are zero")

    def span_of(pos: F, present: B) -> F:
        out: F = np.where(present, pos, -np.inf).max(1) - np.where(present, pos, np.inf).min(1)
        return out

    span0 = span_of(x, act)
    med[:, 0] = weighted_median(np.where(act, x, np.inf), w)
    mean[:, 0] = (w * x).sum(1) / wsum
    running = span0 > 0
    ran = np.zeros(nb, dtype=np.int64)
    risk = np.ones_like(x)
    work = _Work()
    for k in range(1, max_rounds + 1):
        rows = np.flatnonzero(running)
        if rows.size:
            xr, wr, sr, ar = x[rows], w[rows], s[rows], act[rows]
            span = span0[rows] if variant == "scholz-code" else span_of(xr, ar)
            mu = med[rows, k - 1]
            moved, rr = _step(xr, wr, sr, ar, span, mu, q, t, variant, work)
            x[rows] = np.where(ar, moved, 0.0)
            risk[rows] = rr
            ran[rows] = k
        med[:, k] = weighted_median(np.where(act, x, np.inf), w)
        mean[:, k] = (w * x).sum(1) / wsum
        still = (np.abs(med[:, k] - med[:, k - 1]) > tol) | (np.abs(mean[:, k] - mean[:, k - 1]) > tol)
        running &= still & (span_of(x, act) > 0)
    return EUMTrace(median=med, mean=mean, positions=x, risk=risk, rounds_run=ran)


def eum(
    arrays: ScenarioArrays,
    issue: str | int,
    *,
    rounds: int = 10,
    q: float = 1.0,
    t: float = 1.0,
    tol: float = 0.0,
    variant: Variant = "equations",
) -> Forecast:
    """Expected-utility model among the bargainers of ``issue`` (:mod:`pactlab.negotiate.rules`), then
    the issue's decision rule; forecast and trajectory are the median (pairwise winner).

    ``series["trajectory_mean"]`` is the weighted mean per round. The trajectory always has
    ``rounds + 1`` entries: after the run stops (R = 0 or tolerance met) the values stay constant, and
    ``details["rounds_run"]`` says when it stopped. ``details["note"]`` explains a median that never
    moves (one line), e.g. an actor holding more than half the weight that no one challenges credibly.

    Examples
    --------
    >>> from pactlab.scenario import load_scenario
    >>> a = load_scenario("bdm1994-emissions").to_arrays()
    >>> eum(a, 0, rounds=2).trajectory[0]
    7.0
    """
    if variant not in ("equations", "scholz-code"):
        raise ParameterError("variant", f"unknown EUM variant {variant!r} (known: equations, scholz-code)")
    if rounds < 0:
        raise ParameterError("rounds", f"must be >= 0, not {rounds}")
    cell, d = deciding_cells(arrays, issue)
    params = {"q": q, "t": t, "rounds": rounds, "tol": tol, "variant": variant}
    if not cell.actors:  # a coalition nobody is willing to join: the status quo, every round
        flat = np.full(rounds + 1, float(d.status_quo or 0.0))
        return ruled_forecast(
            "eum", arrays, d, flat, bargainers_ids=(), parameters=params, series={"trajectory_mean": flat}
        )
    tr = eum_batch(
        cell.x[None], cell.c[None], cell.s[None], q=q, t=t, max_rounds=rounds, tol=tol, variant=variant
    )
    details: dict[str, Any] = {
        "rounds_run": int(tr.rounds_run[0]),
        "risk_exponents": dict(zip(cell.actors, tr.risk[0].tolist(), strict=True)),
        "final_positions": dict(zip(cell.actors, units(arrays, cell.column, tr.positions[0]), strict=True)),
    }
    note = _flat_note(cell.actors, cell.x, cell.w, tr)
    if note:
        details["note"] = note
    return ruled_forecast(
        "eum",
        arrays,
        d,
        tr.median[0],
        bargainers_ids=cell.actors,
        parameters=params,
        series={"trajectory_mean": tr.mean[0]},
        details=details,
    )


def _flat_note(actors: tuple[str, ...], x0: F, w: F, tr: EUMTrace) -> str | None:
    """One line on why the median never moved in a run of at least one round, else None."""
    med, ran = tr.median[0], int(tr.rounds_run[0])
    if ran == 0 or np.any(med != med[0]):
        return None
    moved = int(np.sum(tr.positions[0] != x0))
    share = w / w.sum()
    top = int(np.argmax(share))
    if share[top] > 0.5 and tr.positions[0][top] == x0[top]:
        return (
            f"The median stays at {actors[top]}'s position: {actors[top]} holds {share[top]:.0%} of "
            f"capability x salience and no actor challenged it credibly in {ran} rounds "
            f"(it received no offer); {moved} of {len(actors)} actors moved."
        )
    return f"The median stays put: {moved} of {len(actors)} actors moved in {ran} rounds, none across it."
