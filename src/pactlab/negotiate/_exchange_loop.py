"""One round of the equal-gain exchange model: the sequential loop (see exchange.py for the model).

Every realisation touches only the candidate exchanges that share one of its four actor-issue cells:
they are listed per cell (compressed rows, dead entries dropped as they are met), and the gains sit in
a 16-ary max tree (level 0 is the gains themselves), so finding the highest gain, the exchanges tied
with it and the next one after a change costs O(log M), not a scan of all M candidates.

The same source runs two ways, with bit-identical results (scalar IEEE float64, operations in a fixed
order, no fast-math): interpreted, on Python lists, for small rounds (no compile or import cost), and
compiled with numba on NumPy arrays (``_exchange_kernel`` jits these very functions), for large ones.
It is therefore written in the subset both accept: flat 1-D containers indexed by integers, scalar
arithmetic, no NumPy calls. Cells are flat, ``actor * m + issue``. Candidate r is a record of four
ints, ``ci[4 r : 4 r + 4]`` = (kis, kjs, I's history sign, J's history sign), where kis is I's supply
cell (I supplies issue q and demands p) and kjs J's (J supplies p and demands q), and of four floats,
``cf[4 r : 4 r + 4]`` = (I's move, J's move, I's history sum, J's history sum): one or two cache lines
per candidate touched. Its score (gain, or -inf when it is not valid) is ``score[r]``, the tree's leaves.

Seeded tie-breaking stays with the caller's ``numpy.random.Generator``: :func:`run` returns the number
of tied exchanges when it needs a draw (their indices in ``buf``), and the caller calls again with
``choice`` set to the chosen one; it returns -1 when the output buffers are full (the caller grows them).
"""

from __future__ import annotations

from math import copysign
from typing import Any

__all__ = ["calc_all", "fill_candidates", "fill_csr", "run", "tree_build"]

Vec = Any  # a flat list (interpreted) or a 1-D NumPy array (compiled)
Vecs = Any  # a tuple of such
TIE = 1e-12  # relative band of equal gains
AT = 1e-9  # |outcome - demander's position| at or below which the outcome is at that position
B = 16  # fan-out of the max tree
# compiled inline into the entry points (__all__): no call boundary, so no reference counting of the
# arrays per call; ~25% faster on large rounds, at the price of a longer one-off compile
INLINE = frozenset(
    {
        "_div",
        "_valid",
        "_extend",
        "_get",
        "_key",
        "_cut",
        "_calc",
        "_tree_fix",
        "_find",
        "_record",
        "_touch",
        "_realise",
    }
)
INF = float("inf")
NAN = float("nan")


def _div(a: float, b: float) -> float:
    """a / b with IEEE results for b = 0 (inf, or nan for 0 / 0), as compiled code gives, where
    interpreted Python raises (a zero salience or capability makes such quotients)."""
    if b != 0.0:
        return a / b
    if a != a or a == 0.0:
        return NAN
    return INF if (a > 0.0) == (copysign(1.0, b) > 0.0) else -INF


def fill_candidates(left: Vec, mask: Vec, order: Vec, s: Vec, n: int, m: int, grp: Vec, ci: Vec) -> None:
    """The candidates in canonical order (issue pairs, then the two blocks, actors in ``order``).

    ``grp``: scratch of 4 n ints. Of a pair, the actor with the higher s_p / s_q demands p (the other
    supplies it), compared as s_ap s_bq < s_bp s_aq so that a zero salience needs no division.
    """
    r = 0
    for p in range(m):
        for q in range(p + 1, m):
            c = [0, 0, 0, 0]
            for t in range(n):
                a = order[t]
                if mask[a * m + p] and mask[a * m + q]:
                    g = left[a * m + p] + 2 * left[a * m + q]
                    grp[g * n + c[g]] = a
                    c[g] += 1
            for g1 in range(2):
                g2 = 3 - g1
                for u in range(c[g1]):
                    for v in range(c[g2]):
                        a, b = grp[g1 * n + u], grp[g2 * n + v]
                        if s[a * m + p] * s[b * m + q] < s[b * m + p] * s[a * m + q]:
                            a, b = b, a  # b cares relatively more for p: b demands p
                        ci[4 * r] = a * m + q
                        ci[4 * r + 1] = b * m + p
                        r += 1


def _key(ci: Vec, group: int, r: int, m: int) -> int:
    """Cell of candidate r: 0 I's supply, 1 J's supply, 2 I's demand, 3 J's demand."""
    kis, kjs = ci[4 * r], ci[4 * r + 1]
    if group == 0:
        return int(kis)
    if group == 1:
        return int(kjs)
    if group == 2:
        return int((kis // m) * m + kjs % m)
    return int((kjs // m) * m + kis % m)


def fill_csr(ci: Vec, n_cand: int, m: int, ords: Vecs, starts: Vecs, lens: Vecs) -> None:
    """Candidates grouped by each of their four cells, in index order (a counting sort)."""
    for group in range(4):
        start, length, ord_ = starts[group], lens[group], ords[group]
        for r in range(n_cand):
            start[_key(ci, group, r, m) + 1] += 1
        for c in range(1, len(start)):
            start[c] += start[c - 1]
        for r in range(n_cand):
            c = _key(ci, group, r, m)
            ord_[start[c] + length[c]] = r
            length[c] += 1


def _valid(pos: float, move: float, hsum: float, hsign: int) -> bool:
    """The peer's move check: size, bounds, and one direction with a sum <= 100 over the history
    (``hsum`` its sum; ``hsign`` 0 empty, 1 all > 0, -1 all < 0, 2 anything else)."""
    size = abs(move)
    if not (size > 1e-10 and size <= 100):
        return False
    y = pos + move
    if not (y >= 0.0 and y <= 100.0):
        return False
    if not (hsum + move <= 100):
        return False
    return hsign == 0 or hsign == (1 if move > 0 else -1)


def _extend(hsign: int, move: float) -> int:
    sign = 1 if move > 0 else (-1 if move < 0 else 2)
    return sign if hsign == 0 else (hsign if hsign == sign else 2)


def _cut(
    sup_cell: int, dem_cell: int, f: int, move: float, m: int, n: int, cells: Vecs, upd: Vecs, dd: Vecs
) -> tuple[bool, float, float, float]:
    """Cut a supplier's shift that carries the outcome its demander sees past the demander's position
    (peer's check_nbs). Supplier on ``sup_cell`` (issue e), demander on ``dem_cell`` (same issue),
    ``f`` the supplier's demand issue. Returns (cut, supplier's move, demander's move, gain)."""
    x0, s, w, cur, updsum = cells
    den, base = dd
    e, sup, dem = sup_cell % m, sup_cell // m, dem_cell // m
    w_sup, target, x0_sup = w[sup_cell], x0[dem_cell], x0[sup_cell]
    own = upd[0][dem_cell * n + sup] if upd[1][dem_cell] > 0 else NAN  # where it votes toward dem
    shift = updsum[dem_cell] - (0.0 if own != own else w_sup * (own - x0_sup))
    rest = base[e] + shift - w_sup * x0_sup
    xs = cur[sup_cell]
    n0, n1 = (rest + w_sup * xs) / den[e], (rest + w_sup * (xs + move)) / den[e]
    lo, hi = (n0, n1) if n0 <= n1 else (n1, n0)
    if n0 != n0 or n1 != n1 or abs(n0 - target) <= AT or not (lo < target and target < hi):
        return False, 0.0, 0.0, 0.0
    delta = abs(_div(target * den[e] - rest, w_sup) - (xs if own != own else own))
    dp = delta * w_sup / den[e]
    dq = _div(s[sup_cell] + s[dem_cell], s[sup * m + f] + s[dem * m + f]) * dp
    m_sup = -delta if xs > target else delta
    m_dem = _div(dq * den[f], w[dem * m + f])
    if cur[dem * m + f] > x0[sup * m + f]:
        m_dem = -m_dem
    return True, m_sup, m_dem, abs(dq * s[dem * m + f] - dp * s[dem * m + e])


def _calc(r: int, m: int, n: int, cells: Vecs, upd: Vecs, dd: Vecs, ci: Vec, cf: Vec, score: Vec) -> None:
    """Moves of I and J, the equal gain and validity of candidate r (peer: calculate()); the score is
    the gain if valid, else -inf."""
    x0, s, w, cur, _ = cells
    den = dd[0]
    kis, kjs = int(ci[4 * r]), int(ci[4 * r + 1])
    q, p = kis % m, kjs % m
    kid, kjd = (kis // m) * m + p, (kjs // m) * m + q
    x_is, x_js = cur[kis], cur[kjs]
    dist_j, dist_i = abs(x0[kid] - x_js), abs(x0[kjd] - x_is)
    dp = dist_j * w[kjs] / den[p]
    dq = _div(s[kjs] + s[kid], s[kjd] + s[kis]) * dp
    a, b = _div(dq * den[q], w[kis]), dist_j  # J moves all the way to I's position...
    if a > dist_i:  # ...unless I would overshoot J's: then I moves all the way
        dq = dist_i * w[kis] / den[q]
        dp = _div(s[kis] + s[kjd], s[kid] + s[kjs]) * dq
        a, b = dist_i, _div(dp * den[p], w[kjs])
    if x_is > x0[kjd]:
        a = -a
    if x_js > x0[kid]:
        b = -b
    g = abs(dq * s[kis] - dp * s[kid])
    h_i, h_j, sg_i, sg_j = cf[4 * r + 2], cf[4 * r + 3], ci[4 * r + 2], ci[4 * r + 3]
    ok = _valid(x_is, a, h_i, sg_i) and _valid(x_js, b, h_j, sg_j) and g >= 1e-10
    if ok:
        hit_i, m_sup, m_dem, g_i = _cut(kis, kjd, p, a, m, n, cells, upd, dd)
        if hit_i:
            a, b, g = m_sup, m_dem, g_i
        hit_j, m_sup, m_dem, g_j = _cut(kjs, kid, q, b, m, n, cells, upd, dd)
        if hit_j:
            b, a, g = m_sup, m_dem, g_j
        if hit_i or hit_j:
            ok = _valid(x_is, a, h_i, sg_i) and _valid(x_js, b, h_j, sg_j)
    cf[4 * r], cf[4 * r + 1] = a, b
    score[r] = g if ok and g == g else -INF


def calc_all(
    n_cand: int, m: int, n: int, cells: Vecs, upd: Vecs, dd: Vecs, ci: Vec, cf: Vec, score: Vec
) -> None:
    for r in range(n_cand):
        _calc(r, m, n, cells, upd, dd, ci, cf, score)


# -- the max tree: level 0 is ``score``; level l > 0 holds, at tree[off[l] + j], the maximum of the
# children B j ... B j + B - 1 of level l - 1; the top level has one node.


def _get(score: Vec, tree: Vec, off: Vec, lvl: int, j: int) -> Any:
    return score[j] if lvl == 0 else tree[off[lvl] + j]


def tree_build(score: Vec, tree: Vec, off: Vec, size: Vec, levels: int) -> None:
    for lvl in range(1, levels):
        for j in range(size[lvl]):
            best = -INF
            for c in range(j * B, min(j * B + B, size[lvl - 1])):
                v = _get(score, tree, off, lvl - 1, c)
                if v > best:
                    best = v
            tree[off[lvl] + j] = best


def _tree_fix(score: Vec, tree: Vec, off: Vec, size: Vec, levels: int, leaf: int) -> None:
    """Restore the maxima above ``leaf`` after its score changed (stops where nothing changes)."""
    j = leaf
    for lvl in range(1, levels):
        parent = j // B
        best = -INF
        for c in range(parent * B, min(parent * B + B, size[lvl - 1])):
            v = _get(score, tree, off, lvl - 1, c)
            if v > best:
                best = v
        if tree[off[lvl] + parent] == best:
            return
        tree[off[lvl] + parent] = best
        j = parent


def _find(score: Vec, tree: Vec, off: Vec, size: Vec, levels: int, thr: float, start: int) -> int:
    """The lowest index >= ``start`` whose score is >= ``thr``, or -1."""
    lvl, j = 0, start
    while True:
        end = min((j // B + 1) * B, size[lvl])
        while j < end and _get(score, tree, off, lvl, j) < thr:
            j += 1
        if j < end:
            while lvl > 0:  # descend to the leftmost leaf under node j
                lvl -= 1
                j *= B
                while _get(score, tree, off, lvl, j) < thr:
                    j += 1
            return j
        if lvl == levels - 1:
            return -1
        lvl += 1
        j = (end - 1) // B + 1


def _record(dem_cell: int, sup: int, sup_cell: int, y: float, n: int, cells: Vecs, upd: Vecs) -> None:
    """The supplier now votes ``y`` toward the demander (peer's update_updates): keep it, and the
    running sum of w (position - x0) over the suppliers counted for that demander."""
    x0, _, w, _, updsum = cells
    values, counts = upd
    key = dem_cell * n + sup
    old = values[key]
    if old == old:
        # min(old, y) if the supplier started at or below ``old``, else max(old, y)
        y = (y if y < old else old) if x0[sup_cell] <= old else (y if y > old else old)
        updsum[dem_cell] -= w[sup_cell] * (old - x0[sup_cell])
    else:
        counts[dem_cell] += 1
    values[key] = y
    updsum[dem_cell] += w[sup_cell] * (y - x0[sup_cell])


def _touch(k: int, m: int, ci: Vec, cf: Vec, score: Vec, csr: Vecs, touched: Vec, buf: Vec) -> int:
    """The live candidates sharing a cell with the realised ``k``, in ``buf`` (returns their number).

    Those sharing a supply cell first extend that side's move history with their last computed move
    (the peer's invalidate_exchange_by_supply keeps it). Dead entries met on the way are dropped from
    the cell lists, so a list is walked in time proportional to what is alive in it (and what died).
    """
    ords, starts, lens = csr
    nb = 0
    for group in range(4):  # 0, 1: supply cells (history sides I, J); 2, 3: demand cells
        ord_, start, length = ords[group], starts[group], lens[group]
        for which in range(2):
            key = _key(ci, which if group < 2 else which + 2, k, m)
            lo = start[key]
            kept = lo
            for t in range(lo, lo + length[key]):
                r = ord_[t]
                if score[r] == -INF:
                    continue
                ord_[kept] = r
                kept += 1
                if group < 2:
                    move = cf[4 * r + group]
                    cf[4 * r + 2 + group] += move
                    ci[4 * r + 2 + group] = _extend(ci[4 * r + 2 + group], move)
                if not touched[r]:
                    touched[r] = True
                    buf[nb] = r
                    nb += 1
            length[key] = kept - lo
    return nb


def _realise(
    k: int, m: int, n: int, cells: Vecs, upd: Vecs, ci: Vec, cf: Vec, score: Vec, out: Vecs, j: int
) -> None:
    """Record exchange k as the j-th realised, move both actors, note whom they moved toward."""
    cur = cells[3]
    out_k, out_f = out[0], out[2]
    a_cell, b_cell = int(ci[4 * k]), int(ci[4 * k + 1])
    mi, mj = cf[4 * k], cf[4 * k + 1]
    out_k[j] = k
    out_f[5 * j], out_f[5 * j + 1], out_f[5 * j + 2] = score[k], cur[a_cell], mi
    out_f[5 * j + 3], out_f[5 * j + 4] = cur[b_cell], mj
    cur[a_cell] += mi
    cur[b_cell] += mj
    kjd, kid = (b_cell // m) * m + a_cell % m, (a_cell // m) * m + b_cell % m
    _record(kjd, a_cell // m, a_cell, cur[a_cell], n, cells, upd)
    _record(kid, b_cell // m, b_cell, cur[b_cell], n, cells, upd)


def run(
    choice: int,
    seeded: bool,
    m: int,
    n: int,
    cells: Vecs,
    upd: Vecs,
    dd: Vecs,
    ci: Vec,
    cf: Vec,
    score: Vec,
    csr: Vecs,
    tree: Vecs,
    touched: Vec,
    buf: Vec,
    out: Vecs,
    cnt: Vec,
) -> int:
    """Realise exchanges until none is left (returns 0), a seeded tie needs a draw (returns the number
    tied, their indices in ``buf``) or the output is full (returns -1).

    ``tree``: (internal nodes, level offsets, level sizes, number of levels as a 1-element container).
    ``out``: (index of each realised exchange, its tied count, 5 floats each: gain, start_i, move_i,
    start_j, move_j). ``cnt``: [exchanges realised, ties].
    """
    nodes, off, size, nlev = tree
    levels = int(nlev[0])
    while True:
        if choice >= 0:
            k, choice = choice, -1
        else:
            top = _get(score, nodes, off, levels - 1, 0)
            if top == -INF:
                return 0
            if cnt[0] == len(out[0]):
                return -1
            thr = top - TIE * abs(top)
            nt = 0
            k = _find(score, nodes, off, size, levels, thr, 0)
            while k >= 0:  # every exchange tied with the best, in index order
                buf[nt] = k
                nt += 1
                k = _find(score, nodes, off, size, levels, thr, k + 1)
            out[1][cnt[0]] = nt
            k = buf[0]
            if nt > 1:
                cnt[1] += 1
                if seeded:
                    return nt
        _realise(k, m, n, cells, upd, ci, cf, score, out, cnt[0])
        cnt[0] += 1
        score[k] = -INF
        _tree_fix(score, nodes, off, size, levels, k)
        nb = _touch(k, m, ci, cf, score, csr, touched, buf)
        for t in range(nb):
            r = buf[t]
            touched[r] = False
            _calc(r, m, n, cells, upd, dd, ci, cf, score)
            _tree_fix(score, nodes, off, size, levels, r)
