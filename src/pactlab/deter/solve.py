"""Solvers for the games of :mod:`pactlab.deter.games`, vectorised over a batch of parameter draws.

- :func:`logit_qre`: logit agent quantal response equilibrium at any ``lam`` (Signorino's
  statistical backward induction; McKelvey & Palfrey 1998), and its limit ``lam=np.inf``.
- :func:`backward_induction`: the subgame-perfect equilibrium, the ``lam -> inf`` limit of the
  logit agent QRE (ties between best actions are split evenly, as that limit does).
- :func:`enumerate_pbe`: every pure-strategy weak perfect Bayesian equilibrium of a small game of
  incomplete information, and :func:`select_equilibrium` with its documented rule.

Backward solving covers every game whose information sets can be told apart only by chance moves
(the decision moves on the paths to the nodes of an information set are the same): then beliefs
are the chance probabilities along the paths, whatever the strategies. Other games (mutual
deterrence) are solved by fixed-point iteration traced from ``lam = 0`` (agent QRE) or by
enumeration (PBE).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pactlab.deter.games import CHANCE, Game, Node, evaluate

__all__ = [
    "Equilibrium",
    "Solution",
    "backward_induction",
    "bind",
    "enumerate_pbe",
    "logit_qre",
    "select_equilibrium",
]

Array = NDArray[np.float64]
_TIE = 1e-12


@dataclass(frozen=True)
class Solution:
    """A behaviour profile over a batch of draws.

    ``behaviour[node_id]`` has shape (n_actions, n); ``outcomes`` (n_outcomes, n) gives the
    probability of each terminal outcome (in ``game.outcomes`` order); ``values[player]`` the
    expected payoff.
    """

    game: Game
    behaviour: Mapping[str, Array]
    outcomes: Array
    values: Mapping[str, Array]
    lam: float

    def outcome(self, label: str) -> Array:
        return np.asarray(self.outcomes[self.game.outcomes.index(label)], dtype=float)

    def by_class(self) -> dict[str, Array]:
        """Outcome probabilities summed by ``game.outcome_class``."""
        out: dict[str, Array] = {}
        for label, row in zip(self.game.outcomes, self.outcomes, strict=True):
            key = self.game.outcome_class.get(label, label)
            out[key] = out.get(key, 0.0) + row
        return out


@dataclass(frozen=True)
class _Bound:
    game: Game
    n: int
    payoff: dict[str, Array]  # terminal node id -> (n_players, n)
    chance: dict[str, Array]  # chance node id -> (n_actions, n)
    nodes: dict[str, Node]


def bind(game: Game, params: Mapping[str, Any] | None = None) -> _Bound:
    """Evaluate every payoff and chance probability on the batch given by ``params``.

    Missing parameters take ``game.defaults``; scalars broadcast to the batch size (the longest
    array).
    """
    merged: dict[str, Any] = dict(game.defaults)
    merged.update(params or {})
    arrays = {k: np.asarray(v, dtype=float) for k, v in merged.items()}
    n = max((a.size for a in arrays.values() if a.ndim > 0), default=1)
    arrays = {k: np.broadcast_to(a, (n,)) for k, a in arrays.items()}
    payoff: dict[str, Array] = {}
    chance: dict[str, Array] = {}
    for node in game.nodes:
        if node.terminal:
            row = game.payoffs[str(node.outcome)]
            payoff[node.id] = np.stack(
                [np.broadcast_to(evaluate(row[p], arrays), (n,)) for p in game.players]
            )
        elif node.player == CHANCE:
            probs = np.stack([np.broadcast_to(evaluate(e, arrays), (n,)) for e in node.probs])
            if np.any(probs < -1e-12) or np.any(np.abs(probs.sum(0) - 1) > 1e-9):
                raise ValueError(f"chance probabilities at {node.id!r} must be >= 0 and sum to 1")
            chance[node.id] = np.clip(probs, 0.0, 1.0)
    return _Bound(game, n, payoff, chance, {nd.id: nd for nd in game.nodes})


def _choice(eu: Array, lam: float) -> Array:
    """Logit choice probabilities over axis 0; the ``lam = inf`` limit splits ties evenly."""
    top = eu.max(axis=0)
    if np.isinf(lam):
        best = (eu >= top - _TIE * np.maximum(1.0, np.abs(top))).astype(float)
        return np.asarray(best / best.sum(axis=0), dtype=float)
    z = np.exp(lam * (eu - top))
    return np.asarray(z / z.sum(axis=0), dtype=float)


def _decision_path(game: Game, node_id: str, nodes: Mapping[str, Node]) -> tuple[tuple[str, str], ...]:
    """(information set, action) of every decision move on the path to ``node_id``."""
    parts = [] if node_id == "root" else node_id.split("/")
    path, cur = [], "root"
    for action in parts:
        nd = nodes[cur]
        if nd.player != CHANCE:
            path.append((nd.infoset, action))
        cur = nd.children[nd.actions.index(action)]
    return tuple(path)


def _backward_solvable(game: Game) -> bool:
    nodes = {n.id: n for n in game.nodes}
    for members in game.infosets().values():
        paths = {_decision_path(game, m.id, nodes) for m in members}
        if len(paths) > 1:
            return False
    return True


def _chance_reach(bound: _Bound, node_id: str) -> Array:
    """Product of the chance probabilities on the path to ``node_id``."""
    reach = np.ones(bound.n)
    cur = "root"
    for action in [] if node_id == "root" else node_id.split("/"):
        nd = bound.nodes[cur]
        if nd.player == CHANCE:
            reach = reach * bound.chance[nd.id][nd.actions.index(action)]
        cur = nd.children[nd.actions.index(action)]
    return reach


def _solve_backward(bound: _Bound, lam: float) -> dict[str, Array]:
    """Behaviour at every decision node, solved from the leaves up (beliefs from chance only)."""
    game = bound.game
    sets = game.infosets()
    values: dict[str, Array] = {}
    behaviour: dict[str, Array] = {}

    def value(node_id: str) -> Array:
        if node_id in values:
            return values[node_id]
        nd = bound.nodes[node_id]
        if nd.terminal:
            values[node_id] = bound.payoff[node_id]
        elif nd.player == CHANCE:
            kids = np.stack([value(c) for c in nd.children])
            values[node_id] = np.einsum("kn,kpn->pn", bound.chance[node_id], kids)
        else:
            solve_set(nd.infoset)
        return values[node_id]

    def solve_set(label: str) -> None:
        members = sets[label]
        i = game.players.index(str(members[0].player))
        kids = [np.stack([value(c) for c in m.children]) for m in members]
        if len(members) == 1:
            eu = kids[0][:, i, :]
        else:
            w = np.stack([_chance_reach(bound, m.id) for m in members])
            tot = w.sum(axis=0)
            w = np.where(tot > 0, w / np.where(tot > 0, tot, 1.0), 1.0 / len(members))
            eu = sum(wm * k[:, i, :] for wm, k in zip(w, kids, strict=True))
        probs = _choice(np.asarray(eu), lam)
        for m, k in zip(members, kids, strict=True):
            behaviour[m.id] = probs
            values[m.id] = np.einsum("kn,kpn->pn", probs, k)

    value("root")
    for label in sets:  # decision nodes never reached by the recursion above do not exist
        for m in sets[label]:
            if m.id not in behaviour:
                solve_set(label)
    return behaviour


def _outcomes(bound: _Bound, behaviour: Mapping[str, Array]) -> Array:
    game = bound.game
    reach: dict[str, Array] = {"root": np.ones(bound.n)}
    out = np.zeros((len(game.outcomes), bound.n))
    for nd in game.nodes:  # preorder: parents before children
        r = reach[nd.id]
        if nd.terminal:
            out[game.outcomes.index(str(nd.outcome))] += r
            continue
        probs = bound.chance[nd.id] if nd.player == CHANCE else behaviour[nd.id]
        for k, child in enumerate(nd.children):
            reach[child] = r * probs[k]
    return out


def _solution(bound: _Bound, behaviour: dict[str, Array], lam: float) -> Solution:
    outcomes = _outcomes(bound, behaviour)
    terminal = [n for n in bound.game.nodes if n.terminal]
    values = {}
    for i, p in enumerate(bound.game.players):
        rows = {str(n.outcome): bound.payoff[n.id][i] for n in terminal}
        values[p] = sum(outcomes[j] * rows[o] for j, o in enumerate(bound.game.outcomes))
    return Solution(bound.game, behaviour, outcomes, values, lam)


def logit_qre(
    game: Game,
    params: Mapping[str, Any] | None = None,
    lam: float = 1.0,
    *,
    tol: float = 1e-13,
    max_iter: int = 20_000,
) -> Solution:
    """Logit agent quantal response equilibrium at precision ``lam`` (``np.inf``: its limit).

    At each information set P(a) = exp(lam EU_a) / sum_b exp(lam EU_b), with EU under the beliefs
    implied by the profile (models.md §2.4). Games solvable backwards (see module notes) are solved
    exactly in one pass; others by damped fixed-point iteration traced from ``lam = 0`` in steps
    (the principal branch of McKelvey & Palfrey's homotopy).

    Examples
    --------
    >>> from pactlab.deter.games import unilateral_deterrence
    >>> sol = logit_qre(unilateral_deterrence(), {"p": 0.5}, lam=0.0)
    >>> float(sol.behaviour["Hard"][1, 0])
    0.5
    """
    if lam < 0:
        raise ValueError("lam must be >= 0")
    bound = bind(game, params)
    if _backward_solvable(game):
        return _solution(bound, _solve_backward(bound, lam), lam)
    if np.isinf(lam):
        raise ValueError(f"game {game.name!r} has no backward solution; use enumerate_pbe")
    return _solution(bound, _fixed_point(bound, lam, tol, max_iter), lam)


def backward_induction(game: Game, params: Mapping[str, Any] | None = None) -> Solution:
    """Subgame-perfect equilibrium by backward induction, ties split evenly (the logit limit)."""
    return logit_qre(game, params, lam=np.inf)


def _fixed_point(bound: _Bound, lam: float, tol: float, max_iter: int) -> dict[str, Array]:
    sets = bound.game.infosets()
    beh = {
        m.id: np.full((len(m.actions), bound.n), 1.0 / len(m.actions))
        for members in sets.values()
        for m in members
    }
    for step in np.linspace(0.0, lam, max(2, int(np.ceil(lam / 0.25)) + 1))[1:]:
        for _ in range(max_iter):
            new = _logit_response(bound, beh, float(step), sets)
            gap = max(float(np.max(np.abs(new[k] - beh[k]))) for k in beh)
            beh = {k: 0.5 * beh[k] + 0.5 * new[k] for k in beh}
            if gap < tol:
                break
        else:
            raise RuntimeError(f"logit QRE did not converge at lam={step}")
    return beh


def _logit_response(
    bound: _Bound, beh: Mapping[str, Array], lam: float, sets: Mapping[str, tuple[Node, ...]]
) -> dict[str, Array]:
    game = bound.game
    reach = _reach(bound, beh)
    values = _values(bound, beh)
    out: dict[str, Array] = {}
    for members in sets.values():
        i = game.players.index(str(members[0].player))
        w = np.stack([reach[m.id] for m in members])
        tot = w.sum(axis=0)
        w = np.where(tot > 0, w / np.where(tot > 0, tot, 1.0), 1.0 / len(members))
        eu = sum(wm * np.stack([values[c][i] for c in m.children]) for wm, m in zip(w, members, strict=True))
        probs = _choice(np.asarray(eu), lam)
        for m in members:
            out[m.id] = probs
    return out


def _reach(bound: _Bound, beh: Mapping[str, Array]) -> dict[str, Array]:
    reach = {"root": np.ones(bound.n)}
    for nd in bound.game.nodes:
        if nd.terminal:
            continue
        probs = bound.chance[nd.id] if nd.player == CHANCE else beh[nd.id]
        for k, c in enumerate(nd.children):
            reach[c] = reach[nd.id] * probs[k]
    return reach


def _values(bound: _Bound, beh: Mapping[str, Array]) -> dict[str, Array]:
    values: dict[str, Array] = {}
    for nd in reversed(bound.game.nodes):
        if nd.terminal:
            values[nd.id] = bound.payoff[nd.id]
            continue
        probs = bound.chance[nd.id] if nd.player == CHANCE else beh[nd.id]
        values[nd.id] = np.einsum("kn,kpn->pn", probs, np.stack([values[c] for c in nd.children]))
    return values


# --- perfect Bayesian equilibria by enumeration --------------------------------------------------


@dataclass(frozen=True)
class Equilibrium:
    """One pure-strategy weak perfect Bayesian equilibrium.

    ``profile[infoset]`` is the action chosen; ``outcomes[label]`` the outcome probabilities;
    ``beliefs[infoset]`` the on-path beliefs over the set's nodes (None off the path, where some
    belief supporting the action exists).
    """

    profile: Mapping[str, str]
    outcomes: Mapping[str, float]
    beliefs: Mapping[str, tuple[float, ...] | None]

    def by_class(self, game: Game) -> dict[str, float]:
        out: dict[str, float] = {}
        for label, p in self.outcomes.items():
            key = game.outcome_class.get(label, label)
            out[key] = out.get(key, 0.0) + p
        return out


def enumerate_pbe(
    game: Game, params: Mapping[str, Any] | None = None, *, beliefs: str = "weak", tol: float = 1e-12
) -> list[Equilibrium]:
    """Every pure-strategy perfect Bayesian equilibrium of a small game, for one parameter draw.

    A profile qualifies when, at every information set, the chosen action maximises the mover's
    expected payoff under beliefs given by Bayes' rule from the profile where the set is reached.
    Off the path, ``beliefs="weak"`` accepts *some* supporting belief (weak PBE: Mas-Colell,
    Whinston & Green 1995, def. 9.C.3); ``beliefs="trembles"`` requires the belief that Bayes'
    rule gives in the limit of uniform trembles: the nodes reached with the fewest deviations
    from the profile, weighted by chance (consistent beliefs, as in sequential equilibrium).
    Mixed and semi-separating equilibria are not enumerated. Order: lexicographic in the actions
    of the information sets, in tree order (deterministic).
    """
    if beliefs not in ("weak", "trembles"):
        raise ValueError("beliefs must be 'weak' or 'trembles'")
    bound = bind(game, params)
    if bound.n != 1:
        raise ValueError("enumerate_pbe solves one parameter draw at a time")
    sets = game.infosets()
    labels = list(sets)
    found: list[Equilibrium] = []
    for choice in itertools.product(*(_candidates(bound, sets[h], tol) for h in labels)):
        profile = dict(zip(labels, choice, strict=True))
        beh = {}
        for h, a in profile.items():
            onehot = np.zeros((len(sets[h][0].actions), 1))
            onehot[sets[h][0].actions.index(a)] = 1.0
            for m in sets[h]:
                beh[m.id] = onehot
        eq = _check_profile(bound, beh, profile, sets, tol, beliefs == "trembles")
        if eq is not None:
            found.append(eq)
    return found


def _candidates(bound: _Bound, members: tuple[Node, ...], tol: float) -> tuple[str, ...]:
    """Actions worth trying at an information set.

    Where every child of every node of the set is terminal, an action that is a best reply to no
    belief fails sequential rationality whatever the rest of the profile, so only supportable
    actions are kept; elsewhere every action.
    """
    node = members[0]
    if not all(bound.nodes[c].terminal for m in members for c in m.children):
        return node.actions
    i = bound.game.players.index(str(node.player))
    eu = np.array([[bound.payoff[c][i, 0] for c in m.children] for m in members])
    return tuple(a for k, a in enumerate(node.actions) if _supportable(eu, k, tol))


def _tremble_weights(bound: _Bound, members: tuple[Node, ...], profile: Mapping[str, str]) -> Array:
    """Chance weight of each node of a set among those reached with the fewest deviations."""
    counts, weights = [], []
    for m in members:
        deviations, weight, cur = 0, 1.0, "root"
        for action in [] if m.id == "root" else m.id.split("/"):
            nd = bound.nodes[cur]
            k = nd.actions.index(action)
            if nd.player == CHANCE:
                weight *= float(bound.chance[nd.id][k, 0])
            elif profile[nd.infoset] != action:
                deviations += 1
            cur = nd.children[k]
        counts.append(deviations)
        weights.append(weight)
    fewest = min(counts)
    return np.array([w if c == fewest else 0.0 for w, c in zip(weights, counts, strict=True)])


def _check_profile(
    bound: _Bound,
    beh: Mapping[str, Array],
    profile: Mapping[str, str],
    sets: Mapping[str, tuple[Node, ...]],
    tol: float,
    trembles: bool = False,
) -> Equilibrium | None:
    game = bound.game
    reach, values = _reach(bound, beh), _values(bound, beh)
    beliefs: dict[str, tuple[float, ...] | None] = {}
    for h, members in sets.items():
        i = game.players.index(str(members[0].player))
        eu = np.array([[values[c][i, 0] for c in m.children] for m in members])  # (nodes, actions)
        k = members[0].actions.index(profile[h])
        w = np.array([reach[m.id][0] for m in members])
        if w.sum() <= 0 and trembles:
            w = _tremble_weights(bound, members, profile)
        if w.sum() > 0:
            mu = w / w.sum()
            ev = mu @ eu
            if ev[k] < ev.max() - tol * max(1.0, abs(ev.max())):
                return None
            beliefs[h] = tuple(float(x) for x in mu)
        else:
            if not _supportable(eu, k, tol):
                return None
            beliefs[h] = None
    outcomes = _outcomes(bound, beh)[:, 0]
    return Equilibrium(
        dict(profile), {o: float(p) for o, p in zip(game.outcomes, outcomes, strict=True)}, beliefs
    )


def _supportable(eu: Array, k: int, tol: float) -> bool:
    """Is action ``k`` a best reply to some belief over the rows of ``eu`` (nodes x actions)?"""
    diff = eu[:, [k]] - eu  # (nodes, actions): need mu @ diff >= 0 for every action
    if eu.shape[0] == 1:
        return bool(np.all(diff >= -tol))
    if eu.shape[0] == 2:  # belief mu on the first node: diff[1] + mu (diff[0] - diff[1]) >= -tol
        lo, hi = 0.0, 1.0
        for d0, d1 in zip(diff[0], diff[1], strict=True):
            slope = d0 - d1
            if abs(slope) <= tol:
                if d1 < -tol:
                    return False
            elif slope > 0:
                lo = max(lo, (-tol - d1) / slope)
            else:
                hi = min(hi, (-tol - d1) / slope)
        return lo <= hi
    from scipy.optimize import linprog

    n = eu.shape[0]
    res = linprog(
        np.zeros(n),
        A_ub=-diff.T,
        b_ub=np.full(diff.shape[1], tol),
        A_eq=np.ones((1, n)),
        b_eq=[1.0],
        bounds=[(0, 1)] * n,
        method="highs",
    )
    return bool(res.status == 0)


def select_equilibrium(
    equilibria: list[Equilibrium], game: Game, *, success: str = "deterrence"
) -> Equilibrium:
    """Pick one equilibrium by the documented cautious rule.

    Rule: the equilibrium with the LOWEST probability of the outcome class ``success``
    (by default ``"deterrence"``: the status quo holds), i.e. deterrence is credited only when it
    holds in every equilibrium found; ties go to the first in enumeration order. Never "the first
    one a solver returns".
    """
    if not equilibria:
        raise ValueError("no pure-strategy equilibrium to select from")
    scores = [eq.by_class(game).get(success, 0.0) for eq in equilibria]
    return equilibria[int(np.argmin(np.round(scores, 12)))]
