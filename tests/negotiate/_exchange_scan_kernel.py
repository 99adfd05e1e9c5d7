"""The scanning compiled loop of the exchange model at commit 7b97c7c (oracle of _exchange_scan.py).

One round: compute every candidate exchange, then realise the highest-gain one and recompute the
candidates that share a supply or demand cell with it, until none is valid. Scalar IEEE float64 in a
fixed order (no fast-math), so the runs are bit-identical to the straightforward reference
implementation in tests/negotiate/_exchange_reference.py, which performs the same operations.

Seeded tie-breaking stays with the caller's ``numpy.random.Generator``: :func:`run` returns the number
of tied exchanges when it needs a draw (their indices in ``tied``); the caller draws and calls again
with ``choice`` set to the chosen index.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit
from numpy.typing import NDArray

# columns of the per-candidate constants (exchange._COLS)
S_IS, S_ID, S_JS, S_JD, W_IS, W_JS, DEN_S, DEN_D, X_ID, X_JD, X0_IS, X0_JS, BASE_S, BASE_D = range(14)
_TIE = 1e-12
_AT = 1e-9  # the outcome already at the demander's position (exactly, in exact arithmetic)
A = NDArray[Any]  # float64, int64 or bool arrays (numba compiles one version per dtype layout)
# cache: compile once per machine; numpy error model: x / 0 gives inf/nan as in NumPy, no exception;
# no fastmath, so every operation is IEEE float64 in the written order
_jit = njit(cache=True, error_model="numpy")


@_jit
def _nmin(a: float, b: float) -> float:
    """np.minimum on scalars (NaN propagates)."""
    if a != a or b != b:
        return np.nan
    return a if a <= b else b


@_jit
def _nmax(a: float, b: float) -> float:
    """np.maximum on scalars (NaN propagates)."""
    if a != a or b != b:
        return np.nan
    return a if a >= b else b


@_jit
def _valid(cur: float, move: float, h: A) -> bool:
    """The peer's move check: size, bounds, one direction / sum <= 100 over the history ``h``."""
    size = abs(move)
    if not (size > 1e-10 and size <= 100):
        return False
    y = cur + move
    if not (y >= 0.0 and y <= 100.0):
        return False
    if not (h[0] + move <= 100):
        return False
    return _nmin(h[1], move) * _nmax(h[2], move) > 0


@_jit
def _cut(
    r: int,
    which: int,
    move: float,
    const: A,
    cur: A,
    upd: A,
    updsum: A,
    w: A,
    x0: A,
    n: int,
    sup_a: int,
    cells: A,
) -> tuple[bool, float, float, float]:
    """Cut a supplier's shift that moves the outcome past the demander's position (peer's check_nbs).

    ``which`` 0: I supplies; 1: J supplies. ``cells`` rows: kis, kjs, kid, kjd. Returns (cut, the
    supplier's move, the demander's move, the gain).
    """
    c = const[r]
    if which == 0:
        s_sup_e, s_dem_e, s_sup_f, s_dem_f = c[S_IS], c[S_JD], c[S_ID], c[S_JS]
        w_sup, w_dem_f, den_e, den_f = c[W_IS], c[W_JS], c[DEN_S], c[DEN_D]
        target, base_e, x0_sup, sup_target_f = c[X_JD], c[BASE_S], c[X0_IS], c[X_ID]
        dem_cell, sup_cell, dem_supply = cells[3, r], cells[0, r], cells[1, r]
    else:
        s_sup_e, s_dem_e, s_sup_f, s_dem_f = c[S_JS], c[S_ID], c[S_JD], c[S_IS]
        w_sup, w_dem_f, den_e, den_f = c[W_JS], c[W_IS], c[DEN_D], c[DEN_S]
        target, base_e, x0_sup, sup_target_f = c[X_ID], c[BASE_D], c[X0_JS], c[X_JD]
        dem_cell, sup_cell, dem_supply = cells[2, r], cells[1, r], cells[0, r]
    own = upd[dem_cell * n + sup_a]
    shift = updsum[dem_cell] - (0.0 if np.isnan(own) else w[sup_cell] * (own - x0[sup_cell]))
    rest = base_e + shift - w_sup * x0_sup
    xs = cur[sup_cell]
    n0, n1 = (rest + w_sup * xs) / den_e, (rest + w_sup * (xs + move)) / den_e
    if abs(n0 - target) <= _AT or not (_nmin(n0, n1) < target and target < _nmax(n0, n1)):
        return False, 0.0, 0.0, 0.0
    delta = abs((target * den_e - rest) / w_sup - (xs if np.isnan(own) else own))
    dp = delta * w_sup / den_e
    dq = (s_sup_e + s_dem_e) / (s_sup_f + s_dem_f) * dp
    m_sup = -delta if xs > target else delta
    m_dem = dq * den_f / w_dem_f
    if cur[dem_supply] > sup_target_f:
        m_dem = -m_dem
    return True, m_sup, m_dem, abs(dq * s_dem_f - dp * s_dem_e)


@_jit
def _calc(
    r: int,
    const: A,
    cur: A,
    upd: A,
    updsum: A,
    w: A,
    x0: A,
    n: int,
    actors: A,
    cells: A,
    hist: A,
    mi: A,
    mj: A,
    gain: A,
    alive: A,
) -> None:
    """Moves of I and J, the (equal) gain and validity of exchange ``r`` (peer: calculate())."""
    c = const[r]
    x_is, x_js = cur[cells[0, r]], cur[cells[1, r]]
    dist_j, dist_i = abs(c[X_ID] - x_js), abs(c[X_JD] - x_is)
    dp = dist_j * c[W_JS] / c[DEN_D]
    dq = (c[S_JS] + c[S_ID]) / (c[S_JD] + c[S_IS]) * dp
    a, b = dq * c[DEN_S] / c[W_IS], dist_j
    if a > dist_i:
        dq = dist_i * c[W_IS] / c[DEN_S]
        dp = (c[S_IS] + c[S_JD]) / (c[S_ID] + c[S_JS]) * dq
        a, b = dist_i, dp * c[DEN_D] / c[W_JS]
    if x_is > c[X_JD]:
        a = -a
    if x_js > c[X_ID]:
        b = -b
    g = abs(dq * c[S_IS] - dp * c[S_ID])
    ok = _valid(x_is, a, hist[0, r]) and _valid(x_js, b, hist[1, r]) and g >= 1e-10
    if ok:
        changed = False
        for which in range(2):
            ms = a if which == 0 else b
            hit, m_sup, m_dem, g2 = _cut(
                r, which, ms, const, cur, upd, updsum, w, x0, n, actors[which, r], cells
            )
            if hit:
                if which == 0:
                    a, b = m_sup, m_dem
                else:
                    b, a = m_sup, m_dem
                g, changed = g2, True
        if changed:
            ok = _valid(x_is, a, hist[0, r]) and _valid(x_js, b, hist[1, r])
    mi[r], mj[r], gain[r], alive[r] = a, b, g, ok and g == g


@_jit
def calc_all(
    const: A,
    cur: A,
    upd: A,
    updsum: A,
    w: A,
    x0: A,
    n: int,
    actors: A,
    cells: A,
    hist: A,
    mi: A,
    mj: A,
    gain: A,
    alive: A,
    score: A,
) -> None:
    """Compute every candidate exchange at the start of a round."""
    for r in range(len(mi)):
        _calc(r, const, cur, upd, updsum, w, x0, n, actors, cells, hist, mi, mj, gain, alive)
        score[r] = gain[r] if alive[r] else -np.inf


@_jit
def _record(dem_cell: int, sup: int, sup_cell: int, y: float, upd: A, updsum: A, w: A, x0: A, n: int) -> None:
    key = dem_cell * n + sup
    old = upd[key]
    if not np.isnan(old):
        # min(old, y) if the supplier started at or below ``old``, else max(old, y)
        y = (y if y < old else old) if x0[sup_cell] <= old else (y if y > old else old)
        updsum[dem_cell] -= w[sup_cell] * (old - x0[sup_cell])
    upd[key] = y
    updsum[dem_cell] += w[sup_cell] * (y - x0[sup_cell])


@_jit
def _pick(score: A, tied: A) -> tuple[int, int]:
    """np.argmax of ``score`` and the exchanges tied with it (indices into ``tied``, their count)."""
    k = 0
    for r in range(len(score)):
        if score[r] != score[r]:  # argmax returns the first NaN
            k = r
            break
        if score[r] > score[k]:
            k = r
    thr = score[k] - _TIE * abs(score[k])
    nt = 0
    for r in range(len(score)):
        if score[r] >= thr:
            tied[nt] = r
            nt += 1
    return k, nt


@_jit
def _update(
    k: int,
    const: A,
    cur: A,
    upd: A,
    updsum: A,
    w: A,
    x0: A,
    n: int,
    actors: A,
    cells: A,
    hist: A,
    mi: A,
    mj: A,
    gain: A,
    alive: A,
    score: A,
    order: A,
    start: A,
    touched: A,
    buf: A,
) -> None:
    """After realising ``k``: extend the move histories, recompute the touched candidates."""
    nb = 0
    for q in range(4):  # 0, 1: supply cells (history sides I, J); 2, 3: demand cells
        keys = (cells[0, k], cells[1, k]) if q < 2 else (cells[2, k], cells[3, k])
        for key in keys:
            for p in range(start[q, key], start[q, key + 1]):
                r = order[q, p]
                if not alive[r]:
                    continue
                if q < 2:
                    mv = mi[r] if q == 0 else mj[r]
                    h = hist[q, r]
                    h[0] += mv
                    h[1] = _nmin(h[1], mv)
                    h[2] = _nmax(h[2], mv)
                if not touched[r]:
                    touched[r] = True
                    buf[nb] = r
                    nb += 1
    for t in range(nb):
        r = buf[t]
        touched[r] = False
        _calc(r, const, cur, upd, updsum, w, x0, n, actors, cells, hist, mi, mj, gain, alive)
        score[r] = gain[r] if alive[r] else -np.inf


@_jit
def run(
    choice: int,
    seeded: bool,
    const: A,
    cur: A,
    upd: A,
    updsum: A,
    w: A,
    x0: A,
    n: int,
    actors: A,
    cells: A,
    hist: A,
    mi: A,
    mj: A,
    gain: A,
    alive: A,
    score: A,
    order: A,
    start: A,
    touched: A,
    buf: A,
    tied: A,
    out_i: A,
    out_f: A,
    cnt: A,
) -> int:
    """Realise exchanges until none is left (returns 0) or a seeded tie needs a draw (returns its size).

    ``cnt``: [exchanges realised, ties]. ``out_i`` rows: (exchange, tied count); ``out_f`` rows: (gain,
    start_i, move_i, start_j, move_j).
    """
    while True:
        if choice >= 0:
            k, choice = choice, -1
        else:
            any_alive = False
            for r in range(len(alive)):
                if alive[r]:
                    any_alive = True
                    break
            if not any_alive:
                return 0
            k, nt = _pick(score, tied)
            out_i[cnt[0], 1] = nt
            if nt > 1:
                cnt[1] += 1
                if seeded:
                    return nt
                k = tied[0]
        a_cell, b_cell = cells[0, k], cells[1, k]
        j = cnt[0]
        out_i[j, 0] = k
        out_f[j, 0], out_f[j, 1], out_f[j, 2] = gain[k], cur[a_cell], mi[k]
        out_f[j, 3], out_f[j, 4] = cur[b_cell], mj[k]
        cnt[0] += 1
        cur[a_cell] += mi[k]
        cur[b_cell] += mj[k]
        _record(cells[3, k], actors[0, k], a_cell, cur[a_cell], upd, updsum, w, x0, n)
        _record(cells[2, k], actors[1, k], b_cell, cur[b_cell], upd, updsum, w, x0, n)
        alive[k], score[k] = False, -np.inf
        _update(
            k,
            const,
            cur,
            upd,
            updsum,
            w,
            x0,
            n,
            actors,
            cells,
            hist,
            mi,
            mj,
            gain,
            alive,
            score,
            order,
            start,
            touched,
            buf,
        )
