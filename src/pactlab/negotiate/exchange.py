"""Exchange model of Stokman & Van Oosten (1994), equal-gain variant (as in decide-exchange-model).

References
----------
Stokman, F. N. & Van Oosten, R. (1994). The exchange of voting positions: an object-oriented model of
policy networks. In Bueno de Mesquita & Stokman (eds.), European Community Decision Making. Yale UP.
Peer implementation: decide-exchange-model 2025.3.1 (J. Elmert, PyPI), models.md section 1.5.

Notes
-----
Round: the outcome O_d is the weighted mean; an actor is left on d iff x_d <= O_d. Candidates: for
every issue pair (p, q) (p before q in issue order), actor pairs on opposite sides of the outcome on
both issues. The actor with the higher salience ratio s_p / s_q demands p and supplies q (the other
way round for its partner). Equal gain: the supplier on p moves fully to the demander's position,
dO_p = |x_ip - x_jp| s_jp c_jp / sum_k s_kp c_kp; dO_q = dO_p (s_ip + s_jp) / (s_iq + s_jq); the
partner's shift is dO_q sum_k s_kq c_kq / (s_iq c_iq); if it exceeds the distance to the demander
the roles flip. A shift may not move the outcome past the demander's position (outcome computed
with the moves already made toward that demander on that issue this round): it is cut so that the
outcome equals that position, and the partner's shift recomputed. Valid moves: 1e-10 < |move| <= 100,
inside [0, 100], cumulative moves one direction and at most 100. The highest-gain exchange is
realised, exchanges sharing an actor's supply or demand with it are recomputed (or dropped), until
none is left. Ties in gain (equal within 1e-12 relative) are broken by the seeded generator among
the tied exchanges in a canonical order (actor ids, issue ids) and counted. The round's forecast is
the weighted mean of the voting positions; the next round starts from x + w (y - x),
w = 0.4 (1 - s) + 0.1.

The randomised equal-gain (parameter p) and random-rate variants of the peer are not implemented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from pactlab._rng import RNGLike, make_rng, seed_of
from pactlab.errors import PactlabError
from pactlab.negotiate._common import column_of, provenance
from pactlab.negotiate.results import Forecast
from pactlab.scenario.arrays import ScenarioArrays

__all__ = ["ExchangeRun", "exchange", "exchange_rounds"]

F = NDArray[np.float64]
I = NDArray[np.intp]
Cut = Literal["peer", "exact"]
_TIE = 1e-12


@dataclass
class _Round:
    x0: F
    s: F
    c: F
    w: F
    den: F
    base: F
    cur: F
    upd: F  # upd[demander, issue, supplier]: supplier's position counted for that demander, NaN if none
    cut: str = "peer"
    realized: list[dict[str, Any]] = field(default_factory=list)
    ties: int = 0
    realized_ties: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Cands:
    ai: I
    aj: I
    si: I  # I's supply issue (J's demand issue)
    di: I  # I's demand issue (J's supply issue)


def _candidates(x: F, s: F, mask: NDArray[np.bool_], w: F, order: I) -> _Cands:
    out: list[tuple[int, int, int, int]] = []
    outcome = (w * np.where(mask, x, 0.0)).sum(0) / w.sum(0)
    left = x <= outcome
    n, m = x.shape
    for p in range(m):
        for q in range(p + 1, m):
            both = mask[:, p] & mask[:, q]
            group = left[:, p].astype(int) + 2 * left[:, q].astype(int)
            for ga, gb in ((0, 3), (1, 2)):
                for i in order[(group[order] == ga) & both[order]]:
                    for j in order[(group[order] == gb) & both[order]]:
                        if s[i, p] * s[j, q] < s[j, p] * s[i, q]:
                            out.append((j, i, q, p))  # j supplies q, demands p
                        else:
                            out.append((i, j, q, p))
    arr = np.array(out, dtype=np.intp).reshape(-1, 4)
    return _Cands(arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3])


def _adjusted(st: _Round, supplier: I, demander: I, issue: I, pos: F) -> F:
    """Outcome on ``issue`` with the moves made toward ``demander`` and ``supplier`` at ``pos``."""
    upd = st.upd[demander, issue, :]  # (k, n)
    shift = np.where(np.isnan(upd), 0.0, (upd - st.x0[:, issue].T) * st.w[:, issue].T)
    shift[np.arange(len(supplier)), supplier] = 0.0
    own = st.w[supplier, issue] * (pos - st.x0[supplier, issue])
    out: F = (st.base[issue] + shift.sum(1) + own) / st.den[issue]
    return out


def _valid(st: _Round, actor: I, issue: I, move: F, hist: tuple[F, F, F]) -> NDArray[np.bool_]:
    """The peer's move check: size, bounds, and one direction / sum <= 100 over the move history.

    ``hist`` (sum, min, max) holds this exchange side's earlier computed moves that the peer keeps
    when the same actor's supply on the issue was realised in another exchange.
    """
    cur = st.cur[actor, issue]
    hsum, hmin, hmax = hist
    lo, hi = np.minimum(hmin, move), np.maximum(hmax, move)
    ok = (np.abs(move) > 1e-10) & (np.abs(move) <= 100) & (cur + move >= 0) & (cur + move <= 100)
    out: NDArray[np.bool_] = ok & (hsum + move <= 100) & (((lo < 0) & (hi < 0)) | ((lo > 0) & (hi > 0)))
    return out


def _cut(st: _Round, sup: I, dem: I, e: I, f: I, xs: F, y: F, target: F) -> tuple[NDArray[np.bool_], F, F, F]:
    """Cut shifts that move the outcome on e past the demander's position; return (cut, m_sup, m_dem, gain)."""
    n0, n1 = _adjusted(st, sup, dem, e, xs), _adjusted(st, sup, dem, e, y)
    fine = ((target >= n0) & (target >= n1)) | ((target <= n0) & (target <= n1))
    rest = _adjusted(st, sup, dem, e, np.zeros_like(xs)) * st.den[e] + st.w[sup, e] * st.x0[sup, e]
    pos = (target * st.den[e] - rest) / st.w[sup, e]
    delta = np.abs(pos) if st.cut == "peer" else np.abs(pos - xs)
    dp = delta * st.w[sup, e] / st.den[e]
    dq = (st.s[sup, e] + st.s[dem, e]) / (st.s[sup, f] + st.s[dem, f]) * dp
    m_sup = np.where(xs > target, -delta, delta)
    m_dem = dq * st.den[f] / st.w[dem, f]
    m_dem = np.where(st.cur[dem, f] > st.x0[sup, f], -m_dem, m_dem)
    gain = np.abs(dq * st.s[dem, f] - dp * st.s[dem, e])
    return ~fine, m_sup, m_dem, gain


Hist = tuple[F, F, F]


def _calculate(
    st: _Round, ai: I, aj: I, si: I, di: I, hi_: Hist, hj_: Hist
) -> tuple[F, F, F, NDArray[np.bool_]]:
    """Moves of I (on si) and J (on di), gain and validity of the given exchanges."""
    x_is, x_js = st.cur[ai, si], st.cur[aj, di]
    x_id, x_jd = st.x0[ai, di], st.x0[aj, si]
    dist_j, dist_i = np.abs(x_id - x_js), np.abs(x_jd - x_is)
    dp = dist_j * st.w[aj, di] / st.den[di]
    dq = (st.s[aj, di] + st.s[ai, di]) / (st.s[aj, si] + st.s[ai, si]) * dp
    mi, mj = dq * st.den[si] / st.w[ai, si], dist_j
    flip = mi > dist_i
    dq2 = dist_i * st.w[ai, si] / st.den[si]
    dp2 = (st.s[ai, si] + st.s[aj, si]) / (st.s[ai, di] + st.s[aj, di]) * dq2
    dp, dq = np.where(flip, dp2, dp), np.where(flip, dq2, dq)
    mi = np.where(flip, dist_i, mi)
    mj = np.where(flip, dp2 * st.den[di] / st.w[aj, di], mj)
    mi = np.where(x_is > x_jd, -mi, mi)
    mj = np.where(x_js > x_id, -mj, mj)
    gain = np.abs(dq * st.s[ai, si] - dp * st.s[ai, di])
    ok = _valid(st, ai, si, mi, hi_) & _valid(st, aj, di, mj, hj_) & (gain >= 1e-10)
    for sup, dem, e, f, first in ((ai, aj, si, di, True), (aj, ai, di, si, False)):
        xs = st.cur[sup, e]
        ms, md = (mi, mj) if first else (mj, mi)
        cut, m_sup, m_dem, g = _cut(st, sup, dem, e, f, xs, xs + ms, st.x0[dem, e])
        cut &= ok
        ms, md = np.where(cut, m_sup, ms), np.where(cut, m_dem, md)
        gain = np.where(cut, g, gain)
        mi, mj = (ms, md) if first else (md, ms)
    ok &= _valid(st, ai, si, mi, hi_) & _valid(st, aj, di, mj, hj_)
    return mi, mj, gain, ok


def _record(st: _Round, demander: int, issue: int, supplier: int, y: float) -> None:
    old = st.upd[demander, issue, supplier]
    if not np.isnan(old):
        y = min(old, y) if st.x0[supplier, issue] <= old else max(old, y)
    st.upd[demander, issue, supplier] = y


def _one_round(st: _Round, cand: _Cands, rng: np.random.Generator | None) -> None:
    ai, aj, si, di = cand.ai, cand.aj, cand.si, cand.di
    m = len(ai)
    hist = {side: (np.zeros(m), np.full(m, np.inf), np.full(m, -np.inf)) for side in "ij"}
    mi, mj, gain, alive = _calculate(st, ai, aj, si, di, hist["i"], hist["j"])
    while alive.any():
        g = np.where(alive, gain, -np.inf)
        top = g.max()
        tied = np.flatnonzero(alive & (g >= top - _TIE * abs(top)))
        st.realized_ties.append(int(tied.size))
        if tied.size > 1:
            st.ties += 1
            k = int(tied[0] if rng is None else tied[rng.integers(tied.size)])
        else:
            k = int(tied[0])
        a, b, p, q = int(ai[k]), int(aj[k]), int(si[k]), int(di[k])
        st.realized.append({"tied": st.realized_ties[-1], "i": a, "supply_i": p, "j": b, "supply_j": q, "gain": float(gain[k]),
                            "start_i": float(st.cur[a, p]), "move_i": float(mi[k]),
                            "start_j": float(st.cur[b, q]), "move_j": float(mj[k])})
        st.cur[a, p] += mi[k]
        st.cur[b, q] += mj[k]
        _record(st, b, p, a, float(st.cur[a, p]))
        _record(st, a, q, b, float(st.cur[b, q]))
        alive[k] = False
        sup_i = ((ai == a) & (si == p)) | ((ai == b) & (si == q))
        sup_j = ((aj == a) & (di == p)) | ((aj == b) & (di == q))
        dem = ((ai == a) & (di == q)) | ((aj == a) & (si == q)) | ((ai == b) & (di == p)) | ((aj == b) & (si == p))
        for side, sup, move in (("i", sup_i, mi), ("j", sup_j, mj)):
            keep = sup & alive  # the peer keeps this side's last computed move in its history
            hs, hn, hx = hist[side]
            hs[keep] += move[keep]
            hn[keep] = np.minimum(hn[keep], move[keep])
            hx[keep] = np.maximum(hx[keep], move[keep])
        idx = np.flatnonzero((sup_i | sup_j | dem) & alive)
        if idx.size:
            hi_ = tuple(h[idx] for h in hist["i"])
            hj_ = tuple(h[idx] for h in hist["j"])
            mi[idx], mj[idx], gain[idx], alive[idx] = _calculate(
                st, ai[idx], aj[idx], si[idx], di[idx], hi_, hj_  # type: ignore[arg-type]
            )


@dataclass(frozen=True)
class ExchangeRun:
    """Rounds of the exchange model on all issues: outcomes per round [round, issue] on 0-100."""

    outcomes: F
    realized: tuple[tuple[dict[str, Any], ...], ...]
    ties: tuple[int, ...]
    positions: F


def exchange_rounds(
    arrays: ScenarioArrays, *, rounds: int = 10, rng: RNGLike = None, cut: Cut = "peer"
) -> ExchangeRun:
    """Run ``rounds`` rounds of the equal-gain exchange model on every issue of ``arrays``.

    ``rng`` None breaks ties by taking the first tied exchange in the canonical order (issue pair,
    then actor ids), as the peer's stable sort does; a seed breaks them at random among the tied.
    ``cut="peer"`` reproduces the peer's cut of a shift that overshoots the demander (it takes the
    cut position itself as the shift's length, which reproduces every published round-1 value);
    ``cut="exact"`` takes the distance to the cut position, as the equations of the Notes say.
    """
    if rounds < 0:
        raise PactlabError.at(arrays.scenario_id, "rounds", "rounds must be >= 0")
    if cut not in ("peer", "exact"):
        raise PactlabError.at(arrays.scenario_id, "cut", f"unknown cut rule {cut!r}")
    gen = None if rng is None else make_rng(rng)
    mask = np.asarray(arrays.mask, dtype=bool)
    w = np.asarray(arrays.weights, dtype=float)
    empty = [arrays.issue_ids[d] for d in range(arrays.n_issues) if not w[:, d].sum() > 0]
    if empty:
        raise PactlabError.at(arrays.scenario_id, f"issues[{empty[0]}]",
                              "no weight (capability x salience) on this issue: every cell missing or zero")
    x = np.where(mask, arrays.positions, 0.0)
    s = np.where(mask, arrays.salience, 0.0)
    c = np.where(mask, arrays.capability, 0.0)
    order = np.array(sorted(range(arrays.n_actors), key=lambda k: arrays.actor_ids[k]), dtype=np.intp)
    outcomes = [(w * x).sum(0) / w.sum(0)]
    realized, ties = [], []
    for _ in range(rounds):
        cand = _candidates(x, s, mask, w, order)
        den = w.sum(0)
        st = _Round(x0=x, s=s, c=c, w=w, den=den, base=(w * x).sum(0), cur=x.copy(),
                    upd=np.full((arrays.n_actors, arrays.n_issues, arrays.n_actors), np.nan), cut=cut)
        if cand.ai.size:
            _one_round(st, cand, gen)
        outcomes.append((w * st.cur).sum(0) / den)
        realized.append(tuple(st.realized))
        ties.append(st.ties)
        x = x + (0.4 * (1.0 - s) + 0.1) * (st.cur - x)
    return ExchangeRun(np.array(outcomes), tuple(realized), tuple(ties), x)


def exchange(arrays: ScenarioArrays, issue: str | int, *, rounds: int = 10, rng: RNGLike = None,
             cut: Cut = "peer", run: ExchangeRun | None = None) -> Forecast:
    """Exchange-model forecast on one issue: the weighted mean of the voting positions after ``rounds``.

    The model couples issues, so it runs on all of them; pass ``run`` to reuse one run for every issue.
    """
    col = column_of(arrays, issue)
    seed = seed_of(rng)
    if run is None:
        run = exchange_rounds(arrays, rounds=rounds, rng=rng, cut=cut)
    traj = tuple(float(v) for v in arrays.to_units(run.outcomes[:, col], col))
    name = arrays.issue_ids[col]
    return Forecast(
        model="exchange",
        issue=name,
        forecast=traj[-1],
        trajectory=traj,
        provenance=provenance("exchange", arrays, {"rounds": len(traj) - 1, "variant": "equal-gain", "cut": cut}, seed),
        ties=int(sum(run.ties)),
        details={"realized_round_1": sum(1 for r in run.realized[:1] for e in r
                                         if name in (arrays.issue_ids[e["supply_i"]], arrays.issue_ids[e["supply_j"]]))},
    )
