"""The exchange model as it stood after the agreement fixes (commit 7b97c7c), kept as a test oracle.

It scans every candidate for the highest gain after each realisation (``_exchange_scan_kernel.run``),
where the library now keeps an indexed priority structure; otherwise the same model, bit for bit (it
matched tests/negotiate/_exchange_reference.py exactly on every decide file, every fixture and random
scenarios). tests/negotiate/test_exchange_speed.py checks that the library still gives the same runs.
Copied verbatim from src/pactlab/negotiate/exchange.py at that commit, less ``exchange()`` and the
argument checks; do not edit (except to follow renames).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from pactlab._rng import DEFAULT_SEED, RNGLike, make_rng
from pactlab.negotiate.exchange import ExchangeRun
from pactlab.scenario.arrays import ScenarioArrays

__all__ = ["exchange_rounds"]

F = NDArray[np.float64]
Ix = NDArray[np.intp]
_TIE = 1e-12

Ties = Literal["order", "random"]


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
    return st


def _csr(keys: Ix, n_cells: int) -> tuple[Ix, Ix]:
    """Candidates grouped by cell: ``order[start[c]:start[c + 1]]`` are those with ``keys == c``."""
    order = np.argsort(keys, kind="stable")
    return order, np.searchsorted(keys[order], np.arange(n_cells + 1))


def _one_round(st: _Round, rng: np.random.Generator | None) -> None:
    """Realise exchanges until none is left (compiled loop in _exchange_kernel).

    The highest-gain exchange is realised; the exchanges sharing a supply cell with it extend their
    move history (the peer keeps each side's last computed move); those sharing a supply or demand
    cell are recomputed. A seeded tie is drawn here with ``rng`` (same draws as ``tied[rng.integers]``).
    """
    from . import _exchange_scan_kernel as _kernel

    m, n_cells = len(st.ai), len(st.x0)
    cells = np.stack([st.kis, st.kjs, st.kid, st.kjd]).astype(np.int64)
    actors = np.stack([st.ai, st.aj]).astype(np.int64)
    groups = [_csr(c, n_cells) for c in cells]
    order = np.stack([g[0] for g in groups]).astype(np.int64)
    start = np.stack([g[1] for g in groups]).astype(np.int64)
    # per side, (sum, min, max) of the moves the peer keeps in the exchange's history
    hist = np.empty((2, m, 3))
    hist[:, :, 0], hist[:, :, 1], hist[:, :, 2] = 0.0, np.inf, -np.inf
    mi, mj, gain, score = np.empty(m), np.empty(m), np.empty(m), np.empty(m)
    alive = np.zeros(m, dtype=np.bool_)
    const = np.ascontiguousarray(st.const)
    state = (const, st.cur, st.upd, st.updsum, st.w, st.x0, st.n, actors, cells, hist, mi, mj, gain, alive)
    _kernel.calc_all(*state, score)
    touched, buf, tied = np.zeros(m, dtype=np.bool_), np.empty(m, np.int64), np.empty(m, np.int64)
    out_i, out_f, cnt = np.zeros((m, 2), np.int64), np.empty((m, 5)), np.zeros(2, np.int64)
    choice = -1
    while True:
        need = _kernel.run(
            choice, rng is not None, *state, score, order, start, touched, buf, tied, out_i, out_f, cnt
        )
        if need == 0 or rng is None:
            break
        choice = int(tied[rng.integers(int(need))])
    _collect(st, out_i[: cnt[0]], out_f[: cnt[0]], int(cnt[1]))


def _collect(st: _Round, out_i: NDArray[np.int64], out_f: F, ties: int) -> None:
    """The realised exchanges as dicts, in the order realised."""
    n_issues = len(st.x0) // st.n
    for (k, tied), (gain, start_i, move_i, start_j, move_j) in zip(
        out_i.tolist(), out_f.tolist(), strict=True
    ):
        st.realized_ties.append(tied)
        st.realized.append(
            {
                "tied": tied,
                "i": int(st.ai[k]),
                "supply_i": int(st.kis[k]) % n_issues,
                "j": int(st.aj[k]),
                "supply_j": int(st.kjs[k]) % n_issues,
                "gain": gain,
                "start_i": start_i,
                "move_i": move_i,
                "start_j": start_j,
                "move_j": move_j,
            }
        )
    st.ties = ties


def exchange_rounds(
    arrays: ScenarioArrays, *, rounds: int = 10, ties: Ties = "order", rng: RNGLike = DEFAULT_SEED
) -> ExchangeRun:
    """``rounds`` rounds (the library's exchange_rounds at commit 7b97c7c)."""
    gen = make_rng(rng) if ties == "random" else None
    mask = np.asarray(arrays.mask, dtype=bool)
    w = np.asarray(arrays.weights, dtype=float)
    x = np.where(mask, arrays.positions, 0.0)
    s = np.where(mask, arrays.salience, 0.0)
    order = np.array(sorted(range(arrays.n_actors), key=lambda k: arrays.actor_ids[k]), dtype=np.intp)
    outcomes = [(w * x).sum(0) / w.sum(0)]
    realized: list[tuple[dict[str, Any], ...]] = []
    counts: list[int] = []
    for _ in range(rounds):
        rows = _candidates(x, s, mask, w, order)
        st = _new_round(x, s, w, rows)
        if rows.size:
            _one_round(st, gen)
        cur = st.cur.reshape(x.shape)
        outcomes.append((w * cur).sum(0) / w.sum(0))
        realized.append(tuple(st.realized))
        counts.append(st.ties)
        x = x + (0.4 * (1.0 - s) + 0.1) * (cur - x)
    return ExchangeRun(np.array(outcomes), tuple(realized), tuple(counts), x)
