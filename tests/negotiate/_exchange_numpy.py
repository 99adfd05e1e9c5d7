"""The former vectorised NumPy implementation of the equal-gain exchange model, kept as a test oracle.

Verbatim copy of src/pactlab/negotiate/exchange.py at commit 549f87b (before the inner loop was
compiled with numba), less its ``exchange()`` wrapper. It passed the reference tests of models.md 1.5
(test_reference.py); tests/negotiate/test_exchange_kernel.py checks that the compiled loop realises the
same exchanges with bit-identical moves, gains and tie counts. Do not edit (except to follow renames).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pactlab._rng import RNGLike, make_rng
from pactlab.errors import PactlabError
from pactlab.scenario.arrays import ScenarioArrays

__all__ = ["exchange_rounds"]

F = NDArray[np.float64]
Ix = NDArray[np.intp]
_TIE = 1e-12


# Per-candidate constants of a round, columns of one (M, len(_COLS)) array (one gather per subset).
_COLS = (
    "s_is",
    "s_id",
    "s_js",
    "s_jd",
    "w_is",
    "w_js",
    "den_s",
    "den_d",
    "x_id",
    "x_jd",
    "x0_is",
    "x0_js",
    "base_s",
    "base_d",
)


@dataclass
class _Round:
    """State of one round: flat (actor * n_issues + issue) arrays and the candidate exchanges."""

    cur: F  # current voting positions, flat
    x0: F
    w: F
    upd: F  # upd[(demander * m + issue) * n + supplier]: position counted for that demander, NaN if none
    updsum: F  # per demander cell: sum of w (upd - x0) over its suppliers
    n: int
    ai: Ix
    aj: Ix
    kis: Ix  # flat cell of I's supply (I supplies issue si)
    kjs: Ix  # flat cell of J's supply (J supplies issue di)
    kid: Ix  # flat cell of I's demand
    kjd: Ix  # flat cell of J's demand
    const: F
    side_f: tuple[F, F] = (np.empty(0), np.empty(0))
    side_i: tuple[Ix, Ix] = (np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp))
    realized: list[dict[str, Any]] = field(default_factory=list)
    ties: int = 0
    realized_ties: list[int] = field(default_factory=list)


def _candidates(x: F, s: F, mask: NDArray[np.bool_], w: F, order: Ix) -> NDArray[np.intp]:
    """Candidate exchanges as rows (I, J, I's supply issue, I's demand issue), in canonical order.

    Order: issue pairs (p < q) in issue order; within a pair, first the actors right of the outcome on
    both issues with those left on both, then left-on-p-only with left-on-q-only; actors in id order.
    """
    m = x.shape[1]
    left = x <= (w * np.where(mask, x, 0.0)).sum(0) / w.sum(0)
    p, q = np.triu_indices(m, 1)
    xo, mo = left[order], mask[order]
    group = np.where(mo[:, p] & mo[:, q], xo[:, p].astype(int) + 2 * xo[:, q].astype(int), -1).T  # (T, n)
    gi, gj = group[:, :, None], group[:, None, :]
    blocks = np.stack([(gi == 0) & (gj == 3), (gi == 1) & (gj == 2)], axis=1)  # (T, 2, n, n)
    t, _, ii, jj = np.nonzero(blocks)
    i, j, pp, qq = order[ii], order[jj], p[t], q[t]
    swap = s[i, pp] * s[j, qq] < s[j, pp] * s[i, qq]  # then j supplies q and demands p
    return np.stack([np.where(swap, j, i), np.where(swap, i, j), qq, pp], axis=1).astype(np.intp)


def _new_round(x: F, s: F, w: F, rows: NDArray[np.intp]) -> _Round:
    n, m = x.shape
    ai, aj, si, di = rows.T
    den, base = w.sum(0), (w * x).sum(0)
    xf, sf, wf = x.ravel(), s.ravel(), w.ravel()
    kis, kjs, kid, kjd = ai * m + si, aj * m + di, ai * m + di, aj * m + si
    const = np.stack(
        [
            sf[kis],
            sf[kid],
            sf[kjs],
            sf[kjd],
            wf[kis],
            wf[kjs],
            den[si],
            den[di],
            xf[kid],
            xf[kjd],
            xf[kis],
            xf[kjs],
            base[si],
            base[di],
        ],
        axis=1,
    )
    st = _Round(
        cur=xf.copy(),
        x0=xf,
        w=wf,
        upd=np.full(n * m * n, np.nan),
        updsum=np.zeros(n * m),
        n=n,
        ai=ai,
        aj=aj,
        kis=kis,
        kjs=kjs,
        kid=kid,
        kjd=kjd,
        const=const,
    )
    _side_tables(st)
    return st


def _outcome_shift(st: _Round, dem_cell: Ix, sup: Ix, sup_cell: Ix) -> F:
    """Moves already made toward a demander on its demand issue, leaving out the supplier's own."""
    own = st.upd[dem_cell * st.n + sup]
    out: F = st.updsum[dem_cell] - np.where(np.isnan(own), 0.0, st.w[sup_cell] * (own - st.x0[sup_cell]))
    return out


def _valid(cur: F, move: F, hist: F) -> NDArray[np.bool_]:
    """The peer's move check: size, bounds, and one direction / sum <= 100 over the move history.

    ``hist`` columns (sum, min, max) hold this exchange side's earlier computed moves that the peer keeps
    when the same actor's supply on the issue was realised in another exchange. One direction: the
    smallest and largest move have the same strict sign (their product is positive).
    """
    hsum, hmin, hmax = hist[:, 0], hist[:, 1], hist[:, 2]
    size = np.abs(move)
    out: NDArray[np.bool_] = (size > 1e-10) & (size <= 100) & (np.abs(cur + move - 50.0) <= 50.0)
    return out & (hsum + move <= 100) & (np.minimum(hmin, move) * np.maximum(hmax, move) > 0)


def _side_tables(st: _Round) -> None:
    """Per-candidate constants of each supplier side (I supplying si to J; J supplying di to Ix)."""
    c = st.const
    s_is, s_id, s_js, s_jd, w_is, w_js, den_s, den_d, x_id, x_jd, x0_is, x0_js, base_s, base_d = c.T
    # columns: s_sup_e, s_dem_e, s_sup_f, s_dem_f, w_sup, w_dem_f, den_e, den_f, target, base_e, x0_sup,
    #          sup_target_f
    st.side_f = (
        np.stack([s_is, s_jd, s_id, s_js, w_is, w_js, den_s, den_d, x_jd, base_s, x0_is, x_id], axis=1),
        np.stack([s_js, s_id, s_jd, s_is, w_js, w_is, den_d, den_s, x_id, base_d, x0_js, x_jd], axis=1),
    )
    # columns: supplier actor, demander's demand cell, supplier's supply cell, demander's supply cell
    st.side_i = (
        np.stack([st.ai, st.kjd, st.kis, st.kjs], axis=1),
        np.stack([st.aj, st.kid, st.kjs, st.kis], axis=1),
    )


def _cut(st: _Round, which: int, rows: Ix, move: F) -> tuple[NDArray[np.bool_], F, F, F]:
    """Cut a supplier's shift that moves the outcome past the demander's position (peer's check_nbs).

    ``which`` 0: I supplies; 1: J supplies. Returns (cut, and for the cut rows only: the supplier's
    move, the demander's move, the gain).
    """
    table = st.side_f[which][rows]
    w_sup, den_e, target, base_e, x0_sup = table[:, 4], table[:, 6], table[:, 8], table[:, 9], table[:, 10]
    sup, dem_cell, sup_cell, dem_supply = st.side_i[which][rows].T
    xs = st.cur[sup_cell]
    rest = base_e + _outcome_shift(st, dem_cell, sup, sup_cell) - w_sup * x0_sup
    n0, n1 = (rest + w_sup * xs) / den_e, (rest + w_sup * (xs + move)) / den_e
    cut: NDArray[np.bool_] = (np.minimum(n0, n1) < target) & (target < np.maximum(n0, n1))
    if not cut.any():
        return cut, np.empty(0), np.empty(0), np.empty(0)
    s_sup_e, s_dem_e, s_sup_f, s_dem_f, w_sup, w_dem_f, den_e, den_f, target, _, x0_sup, sup_target_f = table[
        cut
    ].T
    rest, xs, dem_cur = rest[cut], xs[cut], st.cur[dem_supply[cut]]
    delta = np.abs((target * den_e - rest) / w_sup - x0_sup)
    dp = delta * w_sup / den_e
    dq = (s_sup_e + s_dem_e) / (s_sup_f + s_dem_f) * dp
    m_sup = np.where(xs > target, -delta, delta)
    m_dem = dq * den_f / w_dem_f
    m_dem = np.where(dem_cur > sup_target_f, -m_dem, m_dem)
    return cut, m_sup, m_dem, np.abs(dq * s_dem_f - dp * s_dem_e)


def _calculate(st: _Round, idx: Ix, hi_: F, hj_: F) -> tuple[F, F, F, NDArray[np.bool_]]:
    """Moves of I and J, the (equal) gain and validity of the exchanges ``idx`` (peer: calculate())."""
    s_is, s_id, s_js, s_jd, w_is, w_js, den_s, den_d, x_id, x_jd = st.const[idx, :10].T
    x_is, x_js = st.cur[st.kis[idx]], st.cur[st.kjs[idx]]
    dist_j, dist_i = np.abs(x_id - x_js), np.abs(x_jd - x_is)
    dp = dist_j * w_js / den_d
    dq = (s_js + s_id) / (s_jd + s_is) * dp
    mi, mj = dq * den_s / w_is, dist_j
    flip = mi > dist_i
    dq2 = dist_i * w_is / den_s
    dp2 = (s_is + s_jd) / (s_id + s_js) * dq2
    dp, dq = np.where(flip, dp2, dp), np.where(flip, dq2, dq)
    mi = np.where(flip, dist_i, mi)
    mj = np.where(flip, dp2 * den_d / w_js, mj)
    mi = np.where(x_is > x_jd, -mi, mi)
    mj = np.where(x_js > x_id, -mj, mj)
    gain = np.abs(dq * s_is - dp * s_id)
    ok = _valid(x_is, mi, hi_) & _valid(x_js, mj, hj_) & (gain >= 1e-10)
    changed = np.zeros(len(idx), dtype=bool)
    for which in (0, 1):
        sel = np.flatnonzero(ok)
        if not sel.size:
            break
        ms, md = (mi, mj) if which == 0 else (mj, mi)
        cut, m_sup, m_dem, g = _cut(st, which, idx[sel], ms[sel])
        hit = sel[cut]
        ms[hit], md[hit], gain[hit] = m_sup, m_dem, g
        changed[hit] = True
    redo = np.flatnonzero(changed)
    if redo.size:
        ok[redo] &= _valid(x_is[redo], mi[redo], hi_[redo]) & _valid(x_js[redo], mj[redo], hj_[redo])
    return mi, mj, gain, ok


def _record(st: _Round, dem_cell: int, sup: int, sup_cell: int, y: float) -> None:
    key = dem_cell * st.n + sup
    old = st.upd[key]
    if not np.isnan(old):
        y = min(old, y) if st.x0[sup_cell] <= old else max(old, y)
        st.updsum[dem_cell] -= st.w[sup_cell] * (old - st.x0[sup_cell])
    st.upd[key] = y
    st.updsum[dem_cell] += st.w[sup_cell] * (y - st.x0[sup_cell])


def _index(keys: Ix) -> dict[int, Ix]:
    order = np.argsort(keys, kind="stable")
    uniq, first = np.unique(keys[order], return_index=True)
    return {int(k): v for k, v in zip(uniq, np.split(order, first[1:]), strict=True)}


def _pick(st: _Round, score: F, rng: np.random.Generator | None) -> int:
    """Index of the exchange to realise: the highest gain; ties (within 1e-12 relative) counted and
    broken by ``rng`` (None: the first in canonical order)."""
    k = int(np.argmax(score))
    tied = np.flatnonzero(score >= score[k] - _TIE * abs(score[k]))
    st.realized_ties.append(int(tied.size))
    if tied.size > 1:
        st.ties += 1
        k = int(tied[0] if rng is None else tied[rng.integers(tied.size)])
    return k


def _realise(st: _Round, k: int, gain: F, mi: F, mj: F) -> None:
    a_cell, b_cell = int(st.kis[k]), int(st.kjs[k])
    n_issues = len(st.x0) // st.n
    st.realized.append(
        {
            "tied": st.realized_ties[-1],
            "i": int(st.ai[k]),
            "supply_i": a_cell % n_issues,
            "j": int(st.aj[k]),
            "supply_j": b_cell % n_issues,
            "gain": float(gain[k]),
            "start_i": float(st.cur[a_cell]),
            "move_i": float(mi[k]),
            "start_j": float(st.cur[b_cell]),
            "move_j": float(mj[k]),
        }
    )
    st.cur[a_cell] += mi[k]
    st.cur[b_cell] += mj[k]
    _record(st, int(st.kjd[k]), int(st.ai[k]), a_cell, float(st.cur[a_cell]))
    _record(st, int(st.kid[k]), int(st.aj[k]), b_cell, float(st.cur[b_cell]))


def _one_round(st: _Round, rng: np.random.Generator | None) -> None:
    m = len(st.ai)
    # per side, columns (sum, min, max) of the moves the peer keeps in the exchange's history
    hist = [np.tile(np.array([0.0, np.inf, -np.inf]), (m, 1)) for _ in range(2)]
    mi, mj, gain, alive = _calculate(st, np.arange(m), hist[0], hist[1])
    score = np.where(alive, gain, -np.inf)
    by_sup = [_index(st.kis), _index(st.kjs)]
    by_dem = [_index(st.kid), _index(st.kjd)]
    empty = np.empty(0, dtype=np.intp)
    touched = np.zeros(m, dtype=bool)
    while alive.any():
        k = _pick(st, score, rng)
        _realise(st, k, gain, mi, mj)
        alive[k], score[k] = False, -np.inf
        sup_keys, dem_keys = (int(st.kis[k]), int(st.kjs[k])), (int(st.kid[k]), int(st.kjd[k]))
        matched = []
        for side, move in ((0, mi), (1, mj)):
            rows = np.concatenate([by_sup[side].get(key, empty) for key in sup_keys])
            rows = rows[alive[rows]]
            matched.append(rows)
            h, mv = hist[side], move[rows]  # the peer keeps this side's last computed move in its history
            h[rows, 0] += mv
            h[rows, 1] = np.minimum(h[rows, 1], mv)
            h[rows, 2] = np.maximum(h[rows, 2], mv)
        matched += [d.get(key, empty) for d in by_dem for key in dem_keys]
        touched[np.concatenate(matched)] = True
        touched &= alive
        idx = np.flatnonzero(touched)  # sorted and unique, as np.unique gave
        touched[idx] = False
        if idx.size:
            mi[idx], mj[idx], gain[idx], alive[idx] = _calculate(st, idx, hist[0][idx], hist[1][idx])
            score[idx] = np.where(alive[idx], gain[idx], -np.inf)


@dataclass(frozen=True)
class ExchangeRun:
    """Rounds of the exchange model on all issues: outcomes per round [round, issue] on 0-100."""

    outcomes: F
    realized: tuple[tuple[dict[str, Any], ...], ...]
    ties: tuple[int, ...]
    positions: F


def exchange_rounds(arrays: ScenarioArrays, *, rounds: int = 10, rng: RNGLike = None) -> ExchangeRun:
    """Run ``rounds`` rounds of the equal-gain exchange model on every issue of ``arrays``.

    ``rng`` None breaks ties by taking the first tied exchange in the canonical order (issue pair,
    then actor ids), as the peer's stable sort does; a seed breaks them at random among the tied.
    """
    if rounds < 0:
        raise PactlabError.at(arrays.scenario_id, "rounds", "rounds must be >= 0")
    gen = None if rng is None else make_rng(rng)
    mask = np.asarray(arrays.mask, dtype=bool)
    w = np.asarray(arrays.weights, dtype=float)
    empty = [arrays.issue_ids[d] for d in range(arrays.n_issues) if not w[:, d].sum() > 0]
    if empty:
        raise PactlabError.at(
            arrays.scenario_id,
            f"issues[{empty[0]}]",
            "no weight (capability x salience) on this issue: every cell missing or zero",
        )
    x = np.where(mask, arrays.positions, 0.0)
    s = np.where(mask, arrays.salience, 0.0)
    order = np.array(sorted(range(arrays.n_actors), key=lambda k: arrays.actor_ids[k]), dtype=np.intp)
    outcomes = [(w * x).sum(0) / w.sum(0)]
    realized, ties = [], []
    for _ in range(rounds):
        rows = _candidates(x, s, mask, w, order)
        st = _new_round(x, s, w, rows)
        if rows.size:
            _one_round(st, gen)
        cur = st.cur.reshape(x.shape)
        outcomes.append((w * cur).sum(0) / w.sum(0))
        realized.append(tuple(st.realized))
        ties.append(st.ties)
        x = x + (0.4 * (1.0 - s) + 0.1) * (cur - x)
    return ExchangeRun(np.array(outcomes), tuple(realized), tuple(ties), x)
