"""A straightforward reference implementation of the equal-gain exchange model, for the tests.

It follows decide-exchange-model 2025.3.1 (EqualGainModel, p = 0) the way its source reads: one object
per exchange with two sides (the actor, the issue it supplies, the issue it demands, its move history),
every live exchange re-examined after each realisation (shares a supply cell: its position moves and its
history grows by its last computed move; shares a demand cell: it records where the supplier now votes),
the highest gain realised until none is left. No index structure, no compiled code.

Its arithmetic is written operation by operation as in ``src/pactlab/negotiate/_exchange_kernel.py``
(the same sums in the same order, the outcome seen by a demander kept as a running sum), so that on
floats the compiled model must give bit-identical runs. On :class:`fractions.Fraction` inputs it computes
in exact arithmetic (``at=0``): the tests use that to show that the float model's tolerance rule ("the
outcome is already at the demander's position") reproduces the exact-arithmetic model.

It is a test oracle, not library code: slow (every live exchange is looked at after every realisation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

TIE = 1e-12  # relative band of equal gains (as in the library)
AT = 1e-9  # |outcome - demander's position| at or below which the outcome is at that position


@dataclass
class Side:
    """One actor of an exchange: it supplies (moves on) ``supply`` and demands ``demand``."""

    actor: int
    supply: int
    demand: int
    history: list[Any] = field(default_factory=list)  # moves kept from earlier computations
    move: Any = 0.0


@dataclass
class Exchange:
    index: int  # position in the canonical order (ties go to the lowest)
    i: Side
    j: Side
    gain: Any = 0.0
    alive: bool = False


class Round:
    """One round from start positions ``x`` (actors x issues, 0-100); ``order`` lists actors by id."""

    def __init__(self, x: Any, s: Any, w: Any, mask: Any, order: list[int], *, at: float = AT) -> None:
        self.x0, self.s, self.w, self.mask, self.at = x, s, w, mask, at
        self.n, self.m = x.shape
        self.cur = x.copy()
        self.den = w.sum(0)
        self.base = (w * x).sum(0)
        # updates[(demander, issue)][supplier]: where the supplier votes, counted for that demander;
        # shift[(demander, issue)]: the running sum of w (update - x0) over those suppliers
        self.updates: dict[tuple[int, int], dict[int, Any]] = {}
        self.shift: dict[tuple[int, int], Any] = {}
        left = x <= (w * np.where(mask, x, 0)).sum(0) / w.sum(0)
        self.exchanges: list[Exchange] = []
        for p in range(self.m):
            for q in range(p + 1, self.m):
                group = {0: [], 1: [], 2: [], 3: []}  # type: dict[int, list[int]]
                for a in order:
                    if mask[a, p] and mask[a, q]:
                        group[int(left[a, p]) + 2 * int(left[a, q])].append(a)
                for g1, g2 in ((0, 3), (1, 2)):
                    for a in group[g1]:
                        for b in group[g2]:
                            self._add(a, b, p, q)
        for e in self.exchanges:
            self.calculate(e)
        self.realized: list[dict[str, Any]] = []
        self.ties = 0

    def _add(self, a: int, b: int, p: int, q: int) -> None:
        s = self.s
        if s[a, p] * s[b, q] < s[b, p] * s[a, q]:  # b cares relatively more for p: b demands p
            a, b = b, a
        i, j = Side(a, supply=q, demand=p), Side(b, supply=p, demand=q)
        self.exchanges.append(Exchange(len(self.exchanges), i, j))

    # -- the outcome a demander sees, and the peer's validity check
    def valid(self, side: Side, move: Any) -> bool:
        size = abs(move)
        if not (size > 1e-10 and size <= 100):
            return False
        y = self.cur[side.actor, side.supply] + move
        if not (y >= 0 and y <= 100):
            return False
        total = 0 if not side.history else side.history[0]
        for h in side.history[1:]:
            total = total + h
        if not (total + move <= 100):
            return False
        return all(h > 0 for h in [*side.history, move]) or all(h < 0 for h in [*side.history, move])

    def cut(self, sup: Side, dem: Side, move: Any) -> tuple[Any, Any, Any] | None:
        """The peer's check_nbs: the supplier's shift may not carry the outcome (as the demander sees
        it) past the demander's position. Returns (supplier's move, demander's move, gain) or None."""
        e, f, s, w = sup.supply, sup.demand, self.s, self.w
        w_sup, target = w[sup.actor, e], self.x0[dem.actor, e]
        cell = (dem.actor, e)
        own = self.updates.get(cell, {}).get(sup.actor)
        shift = self.shift.get(cell, 0) - (0 if own is None else w_sup * (own - self.x0[sup.actor, e]))
        rest = self.base[e] + shift - w_sup * self.x0[sup.actor, e]
        xs = self.cur[sup.actor, e]
        n0, n1 = (rest + w_sup * xs) / self.den[e], (rest + w_sup * (xs + move)) / self.den[e]
        if abs(n0 - target) <= self.at or not (min(n0, n1) < target < max(n0, n1)):
            return None
        delta = abs((target * self.den[e] - rest) / w_sup - (xs if own is None else own))
        dp = delta * w_sup / self.den[e]
        dq = (s[sup.actor, e] + s[dem.actor, e]) / (s[sup.actor, f] + s[dem.actor, f]) * dp
        m_sup = -delta if xs > target else delta
        m_dem = dq * self.den[f] / w[dem.actor, f]
        if self.cur[dem.actor, f] > self.x0[sup.actor, f]:
            m_dem = -m_dem
        return m_sup, m_dem, abs(dq * s[dem.actor, f] - dp * s[dem.actor, e])

    def calculate(self, ex: Exchange) -> None:
        """Moves and gain of an exchange (the peer's EqualGainExchange.calculate)."""
        i, j, s, w, den, x0 = ex.i, ex.j, self.s, self.w, self.den, self.x0
        q, p = i.supply, j.supply
        x_is, x_js = self.cur[i.actor, q], self.cur[j.actor, p]
        dist_j, dist_i = abs(x0[i.actor, p] - x_js), abs(x0[j.actor, q] - x_is)
        dp = dist_j * w[j.actor, p] / den[p]
        dq = (s[j.actor, p] + s[i.actor, p]) / (s[j.actor, q] + s[i.actor, q]) * dp
        a, b = dq * den[q] / w[i.actor, q], dist_j  # j moves all the way to i's position...
        if a > dist_i:  # ...unless i would overshoot j's position: then i moves all the way
            dq = dist_i * w[i.actor, q] / den[q]
            dp = (s[i.actor, q] + s[j.actor, q]) / (s[i.actor, p] + s[j.actor, p]) * dq
            a, b = dist_i, dp * den[p] / w[j.actor, p]
        if x_is > x0[j.actor, q]:
            a = -a
        if x_js > x0[i.actor, p]:
            b = -b
        gain = abs(dq * s[i.actor, q] - dp * s[i.actor, p])
        ok = self.valid(i, a) and self.valid(j, b) and gain >= 1e-10
        if ok:
            changed = False
            for sup, dem in ((i, j), (j, i)):
                out = self.cut(sup, dem, a if sup is i else b)
                if out is not None:
                    m_sup, m_dem, gain = out
                    a, b = (m_sup, m_dem) if sup is i else (m_dem, m_sup)
                    changed = True
            if changed:
                ok = self.valid(i, a) and self.valid(j, b)
        i.move, j.move, ex.gain, ex.alive = a, b, gain, bool(ok and gain == gain)

    def record(self, dem: Side, sup: Side) -> None:
        """``sup`` has moved toward ``dem``'s position on its supply issue (the peer's update_updates)."""
        cell, e = (dem.actor, sup.supply), sup.supply
        y, x0, w = self.cur[sup.actor, e], self.x0[sup.actor, e], self.w[sup.actor, e]
        seen = self.updates.setdefault(cell, {})
        total = self.shift.get(cell, 0)
        if sup.actor in seen:
            old = seen[sup.actor]
            y = (y if y < old else old) if x0 <= old else (y if y > old else old)
            total = total - w * (old - x0)
        seen[sup.actor] = y
        self.shift[cell] = total + w * (y - x0)

    def pick(self, rng: np.random.Generator | None) -> Exchange:
        live = [e for e in self.exchanges if e.alive]
        best = max(e.gain for e in live)
        band = [e for e in live if e.gain >= best - TIE * abs(best)]  # in canonical order
        if len(band) > 1:
            self.ties += 1
        chosen = band[int(rng.integers(len(band)))] if rng is not None and len(band) > 1 else band[0]
        self.realized.append(
            {
                "tied": len(band),
                "i": chosen.i.actor,
                "supply_i": chosen.i.supply,
                "j": chosen.j.actor,
                "supply_j": chosen.j.supply,
                "gain": chosen.gain,
                "start_i": self.cur[chosen.i.actor, chosen.i.supply],
                "move_i": chosen.i.move,
                "start_j": self.cur[chosen.j.actor, chosen.j.supply],
                "move_j": chosen.j.move,
            }
        )
        return chosen

    def realise(self, k: Exchange) -> None:
        i, j = k.i, k.j
        self.cur[i.actor, i.supply] = self.cur[i.actor, i.supply] + i.move
        self.cur[j.actor, j.supply] = self.cur[j.actor, j.supply] + j.move
        self.record(j, i)
        self.record(i, j)
        k.alive = False
        supplies = {(i.actor, i.supply), (j.actor, j.supply)}
        demands = {(i.actor, i.demand), (j.actor, j.demand)}
        for e in self.exchanges:
            if not e.alive:
                continue
            touched = False
            for side in (e.i, e.j):
                if (side.actor, side.supply) in supplies:
                    side.history.append(side.move)  # the peer keeps this side's last computed move
                    touched = True
                if (side.actor, side.demand) in demands:
                    touched = True
            if touched:
                self.calculate(e)

    def run(self, rng: np.random.Generator | None) -> None:
        while any(e.alive for e in self.exchanges):
            self.realise(self.pick(rng))


def exchange_rounds(
    x: Any, s: Any, c: Any, mask: Any, actor_ids: list[str], rounds: int, *, rng: Any = None, at: float = AT
) -> tuple[Any, list[list[dict[str, Any]]], list[int], Any]:
    """``rounds`` rounds; returns (outcomes [round, issue] on 0-100, realised exchanges per round, ties
    per round, end positions). ``x``, ``s``, ``c``: actors x issues (masked cells anything)."""
    zero = 0 if x.dtype == object else 0.0
    x = np.where(mask, x, zero)
    s = np.where(mask, s, zero)
    w = np.where(mask, c * s, zero) if x.dtype == object else np.where(mask, np.where(mask, c, 0.0) * s, 0.0)
    order = sorted(range(len(actor_ids)), key=lambda a: actor_ids[a])
    outcomes, realized, ties = [(w * x).sum(0) / w.sum(0)], [], []
    for _ in range(rounds):
        rd = Round(x, s, w, mask, order, at=at)
        rd.run(rng)
        outcomes.append((w * rd.cur).sum(0) / w.sum(0))
        realized.append(rd.realized)
        ties.append(rd.ties)
        x = x + (0.4 * (1 - s) + 0.1) * (rd.cur - x) if x.dtype != object else _next(x, s, rd.cur)
    return np.array(outcomes), realized, ties, x


def _next(x: Any, s: Any, y: Any) -> Any:
    """x + w (y - x), w = 0.4 (1 - s) + 0.1, with the binary values of 0.4 and 0.1 as exact fractions
    (as the peer uses Decimal(0.4) and Decimal(0.1))."""
    from fractions import Fraction

    return x + (Fraction(0.4) * (1 - s) + Fraction(0.1)) * (y - x)
