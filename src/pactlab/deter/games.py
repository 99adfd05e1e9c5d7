"""Extensive-form games as plain data: players, chance moves, information sets, terminal payoffs.

A :class:`Game` is an explicit tree. Every node has a path id (the actions from the root joined by
``/``; the root is ``"root"``), a player (a name, :data:`CHANCE`, or ``None`` at a terminal), its
actions and children, and an information set label (nodes sharing a label cannot be told apart by
the mover). Chance probabilities and terminal payoffs are small arithmetic expressions over named
parameters (``"a"``, ``"gain * (1 - denial) - cost_limited"``), so one tree serves a whole batch
of parameter draws: the solvers in :mod:`pactlab.deter.solve` evaluate every expression on arrays.

Built-in games (see :data:`GAMES`):

- ``unilateral``: unilateral deterrence with one-sided incomplete information (Kilgour & Zagare
  1991; models.md §2.1).
- ``mutual``: mutual deterrence with two-sided incomplete information (Zagare & Kilgour 2000, ch.
  5; models.md §2.2).
- ``iig``: the International Interaction Game (Bueno de Mesquita & Lalman 1992), labelled as in
  ``fixtures/gambit-iig-logit-qre.json``.
- ``egame12``: the two-move crisis game of Kenkel & Signorino (2014), outcomes 1, 3, 4.
- ``escalation``: extended deterrence with graduated escalation (after Zagare & Kilgour 2000's
  asymmetric escalation game; models.md §2.3), in the reduced form whose guarantor moves are drawn
  by nature with the tactical and strategic credibilities ``p_T`` and ``p_S``; and
  ``escalation_types``, the same game with the guarantor's type drawn once at the root and the
  guarantor choosing, for equilibrium enumeration.
"""

from __future__ import annotations

import ast
import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CHANCE",
    "GAMES",
    "Game",
    "Node",
    "egame12",
    "escalation_game",
    "escalation_types_game",
    "evaluate",
    "iig",
    "mutual_deterrence",
    "unilateral_deterrence",
]

CHANCE = "chance"

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def evaluate(expr: str | float, params: Mapping[str, Any]) -> Any:
    """Evaluate a payoff or probability expression on scalars or arrays.

    Only numbers, parameter names, ``+ - * /``, unary minus and parentheses are allowed, so a game
    read from a file can never run code.

    Examples
    --------
    >>> evaluate("gain * (1 - denial) - 0.5", {"gain": 1.0, "denial": 0.25})
    0.25
    """
    if isinstance(expr, (int, float)):
        return float(expr)
    return _eval(_parse(expr), params, expr)


@functools.lru_cache(maxsize=4096)
def _parse(expr: str) -> ast.AST:
    return ast.parse(expr, mode="eval").body


def _eval(node: ast.AST, params: Mapping[str, Any], expr: str) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.Name):
        if node.id not in params:
            raise KeyError(f"expression {expr!r} needs parameter {node.id!r}")
        return params[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        return _BINOPS[type(node.op)](_eval(node.left, params, expr), _eval(node.right, params, expr))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_eval(node.operand, params, expr)
    raise ValueError(f"unsupported element in expression {expr!r}")


@dataclass(frozen=True, slots=True)
class Node:
    """One node of a game tree (decision, chance or terminal)."""

    id: str
    player: str | None
    actions: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    infoset: str = ""
    probs: tuple[str | float, ...] = ()
    outcome: str | None = None

    @property
    def terminal(self) -> bool:
        return self.player is None


@dataclass(frozen=True)
class Game:
    """An explicit extensive-form game.

    ``payoffs[outcome][player]`` is an expression; ``defaults`` gives a value to every parameter
    the expressions use; ``outcome_class`` maps each outcome to ``"deterrence"``,
    ``"limited_conflict"`` or ``"direct_clash"`` where the game is a deterrence game.
    """

    name: str
    title: str
    source: str
    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    payoffs: Mapping[str, Mapping[str, str | float]]
    defaults: Mapping[str, float] = field(default_factory=dict)
    outcome_class: Mapping[str, str] = field(default_factory=dict)

    @property
    def outcomes(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for node in self.nodes:
            if node.outcome is not None:
                seen.setdefault(node.outcome)
        return tuple(seen)

    def node(self, node_id: str) -> Node:
        return self._index()[node_id]

    def _index(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}

    def infosets(self) -> dict[str, tuple[Node, ...]]:
        """Decision nodes grouped by information set, in tree (preorder) order."""
        sets: dict[str, list[Node]] = {}
        for n in self.nodes:
            if n.player is not None and n.player != CHANCE:
                sets.setdefault(n.infoset, []).append(n)
        return {k: tuple(v) for k, v in sets.items()}

    @property
    def perfect_information(self) -> bool:
        return all(len(v) == 1 for v in self.infosets().values())


# --- building trees from nested specs ------------------------------------------------------------

# str (an outcome) | (player, {action: Spec}) | ("chance", {action: (probability, Spec)})
Spec = Any


def _build(spec: Spec, path: str, out: list[Node], infosets: Mapping[str, str]) -> None:
    if isinstance(spec, str):
        out.append(Node(id=path, player=None, outcome=spec))
        return
    player, branches = spec[0], spec[1]
    actions = tuple(branches)
    children = tuple(f"{path}/{a}" if path != "root" else a for a in actions)
    probs: tuple[str | float, ...] = ()
    if player == CHANCE:
        probs = tuple(branches[a][0] for a in actions)
    label = infosets.get(path, path)
    out.append(Node(path, player, actions, children, label, probs))
    for a, child in zip(actions, children, strict=True):
        sub = branches[a][1] if player == CHANCE else branches[a]
        _build(sub, child, out, infosets)


def _game(
    name: str,
    title: str,
    source: str,
    players: tuple[str, ...],
    spec: Spec,
    payoffs: Mapping[str, Mapping[str, str | float]],
    defaults: Mapping[str, float],
    infosets: Mapping[str, str] | None = None,
    outcome_class: Mapping[str, str] | None = None,
) -> Game:
    nodes: list[Node] = []
    _build(spec, "root", nodes, infosets or {})
    return Game(
        name, title, source, players, tuple(nodes), payoffs, dict(defaults), dict(outcome_class or {})
    )


# --- built-in games ------------------------------------------------------------------------------


def unilateral_deterrence() -> Game:
    """Unilateral deterrence, one-sided incomplete information (models.md §2.1).

    Nature makes the defender Hard (prefers Deny) with probability ``p``; the challenger, not
    seeing the type, cooperates (status quo, utility ``c``) or defects; the defender concedes
    (challenger gets ``a``)
    or denies (challenger gets ``d``). Defender payoffs follow
    fixtures/gambit-unilateral-deterrence.json: status quo ``v``, Hard concede/deny ``hc``/``hd``,
    Soft ``sc``/``sd``.
    """
    resp = {"Hard": ("concede", "deny"), "Soft": ("concede", "deny")}
    spec = (
        CHANCE,
        {
            t: (
                ("p" if t == "Hard" else "1 - p"),
                ("Challenger", {"cooperate": "SQ", "defect": ("Defender", {r: f"{t}_{r}" for r in resp[t]})}),
            )
            for t in ("Hard", "Soft")
        },
    )
    payoffs: dict[str, dict[str, str | float]] = {"SQ": {"Challenger": "c", "Defender": "v"}}
    for t, pre in (("Hard", "h"), ("Soft", "s")):
        payoffs[f"{t}_concede"] = {"Challenger": "a", "Defender": f"{pre}c"}
        payoffs[f"{t}_deny"] = {"Challenger": "d", "Defender": f"{pre}d"}
    defaults = {
        "p": 0.5,
        "a": 1.0,
        "c": 0.5,
        "d": -1.0,
        "v": 1.0,
        "hc": -0.5,
        "hd": 0.0,
        "sc": 0.0,
        "sd": -0.5,
    }
    cls = {
        "SQ": "deterrence",
        "Hard_concede": "limited_conflict",
        "Soft_concede": "limited_conflict",
        "Hard_deny": "direct_clash",
        "Soft_deny": "direct_clash",
    }
    return _game(
        "unilateral",
        "Unilateral deterrence (one-sided incomplete information)",
        "Kilgour & Zagare (1991), AJPS 35(2); Zagare & Kilgour (2000) ch. 4",
        ("Challenger", "Defender"),
        spec,
        payoffs,
        defaults,
        infosets={"Hard": "Challenger", "Soft": "Challenger"},
        outcome_class=cls,
    )


def mutual_deterrence() -> Game:
    """Mutual deterrence, two-sided incomplete information (models.md §2.2).

    Nature draws each player's type (A Hard with ``p_A``, B Hard with ``p_B``); each knows its own
    type. A cooperates or defects; after A defects, B concedes (A gets ``a_A``) or denies (A gets
    ``d_A``). After A cooperates, B (not seeing A's type) cooperates (status quo: ``c_A``,
    ``c_B``) or defects, and A concedes or denies. As a responder a Hard type gets ``hc``/``hd``
    from conceding/denying, a Soft type ``sc``/``sd`` (the fixture's defender values).
    """

    def after_b_defects(ta: str, tb: str) -> Spec:
        return ("A", {"concede": f"Bwin_{ta}{tb}", "deny": f"Bwar_{ta}{tb}"})

    def a_node(ta: str, tb: str) -> Spec:
        return (
            "A",
            {
                "cooperate": ("B", {"cooperate": "SQ", "defect": after_b_defects(ta, tb)}),
                "defect": ("B", {"concede": f"Awin_{ta}{tb}", "deny": f"Awar_{ta}{tb}"}),
            },
        )

    types = [("H", "H"), ("H", "S"), ("S", "H"), ("S", "S")]
    prob = {"H": "p_{}", "S": "1 - p_{}"}
    spec = (
        CHANCE,
        {
            f"{ta}{tb}": (f"({prob[ta].format('A')}) * ({prob[tb].format('B')})", a_node(ta, tb))
            for ta, tb in types
        },
    )
    infosets = {}
    for ta, tb in types:
        infosets[f"{ta}{tb}"] = f"A:{ta}"
        infosets[f"{ta}{tb}/cooperate"] = f"B:{tb}"
        infosets[f"{ta}{tb}/defect"] = f"B-responds:{tb}"
        infosets[f"{ta}{tb}/cooperate/defect"] = f"A-responds:{ta}"
    payoffs: dict[str, dict[str, str | float]] = {"SQ": {"A": "c_A", "B": "c_B"}}
    cls = {"SQ": "deterrence"}
    for ta, tb in types:
        payoffs[f"Awin_{ta}{tb}"] = {"A": "a_A", "B": f"{tb.lower()}c"}
        payoffs[f"Awar_{ta}{tb}"] = {"A": "d_A", "B": f"{tb.lower()}d"}
        payoffs[f"Bwin_{ta}{tb}"] = {"A": f"{ta.lower()}c", "B": "a_B"}
        payoffs[f"Bwar_{ta}{tb}"] = {"A": f"{ta.lower()}d", "B": "d_B"}
        cls.update(
            {
                f"Awin_{ta}{tb}": "limited_conflict",
                f"Bwin_{ta}{tb}": "limited_conflict",
                f"Awar_{ta}{tb}": "direct_clash",
                f"Bwar_{ta}{tb}": "direct_clash",
            }
        )
    defaults = {
        "p_A": 0.3,
        "p_B": 0.3,
        "a_A": 1.0,
        "c_A": 0.5,
        "d_A": -1.0,
        "a_B": 1.0,
        "c_B": 0.5,
        "d_B": -1.0,
        "hc": -0.5,
        "hd": 0.0,
        "sc": 0.0,
        "sd": -0.5,
    }
    return _game(
        "mutual",
        "Mutual deterrence (two-sided incomplete information)",
        "Zagare & Kilgour (2000), Perfect Deterrence, ch. 5",
        ("A", "B"),
        spec,
        payoffs,
        defaults,
        infosets=infosets,
        outcome_class=cls,
    )


def iig() -> Game:
    """The International Interaction Game (Bueno de Mesquita & Lalman 1992, War and Reason, ch. 3).

    Node ids, actions and outcome labels follow fixtures/gambit-iig-logit-qre.json; each outcome's
    utility for A and B is a parameter ``<player>_<outcome>`` (e.g. ``A_SQ``).
    """

    def crisis(first: str, second: str) -> Spec:
        war_first, war_second = f"WAR_{first}", f"WAR_{second}"
        return (
            first,
            {
                "force": (second, {"fight": war_first, "capitulate": f"CAP_{second}"}),
                "noForce": (
                    second,
                    {
                        "force": (first, {"fight": war_second, "capitulate": f"CAP_{first}"}),
                        "negotiate": "NEGO",
                    },
                ),
            },
        )

    spec = (
        "A",
        {
            "noDemand": (
                "B",
                {
                    "noDemand": "SQ",
                    "demand": (
                        "A",
                        {
                            "acquiesce": "ACQ_A",
                            "demand": (
                                "B",
                                {
                                    "force": ("A", {"fight": "WAR_B", "capitulate": "CAP_A"}),
                                    "noForce": (
                                        "A",
                                        {
                                            "force": ("B", {"fight": "WAR_A", "capitulate": "CAP_B"}),
                                            "negotiate": "NEGO",
                                        },
                                    ),
                                },
                            ),
                        },
                    ),
                },
            ),
            "demand": ("B", {"acquiesce": "ACQ_B", "demand": crisis("A", "B")}),
        },
    )
    outcomes = ("SQ", "ACQ_A", "ACQ_B", "NEGO", "CAP_A", "CAP_B", "WAR_A", "WAR_B")
    payoffs = {o: {p: f"{p}_{o}" for p in ("A", "B")} for o in outcomes}
    defaults = {f"{p}_{o}": 0.0 for p in ("A", "B") for o in outcomes}
    return _game(
        "iig",
        "International Interaction Game",
        "Bueno de Mesquita & Lalman (1992), War and Reason, ch. 3",
        ("A", "B"),
        spec,
        payoffs,
        defaults,
    )


def egame12() -> Game:
    """Kenkel & Signorino (2014) egame12: player 1 attacks or not; player 2 concedes or defends.

    Outcomes 1 (no attack), 3 (attack, player 2 concedes; "devaluation" in Leblang 2003) and 4
    (attack, player 2 defends). Utilities ``U11, U13, U14`` (player 1) and ``U23, U24`` (player
    2); the estimator normalises U12 = U23 = 0 (Kenkel & Signorino 2014, J. Stat. Software 56(8),
    §2).
    """
    spec = ("1", {"no_attack": "O1", "attack": ("2", {"concede": "O3", "defend": "O4"})})
    payoffs: dict[str, dict[str, str | float]] = {
        "O1": {"1": "U11", "2": 0.0},
        "O3": {"1": "U13", "2": "U23"},
        "O4": {"1": "U14", "2": "U24"},
    }
    defaults = {"U11": 1.0, "U13": -1.0, "U14": 0.0, "U23": 0.0, "U24": 1.0}
    return _game(
        "egame12",
        "Kenkel-Signorino egame12",
        "Kenkel & Signorino (2014), J. Stat. Software 56(8)",
        ("1", "2"),
        spec,
        payoffs,
        defaults,
    )


def _escalation_payoffs(typed: bool) -> dict[str, dict[str, str | float]]:
    """Challenger payoffs (same in both forms) and guarantor payoffs (by type in the typed
    form)."""
    kept = "gain * (1 - denial)"
    ch = {
        "SQ": "sq",
        "CG": f"{kept} - cost_attack",
        "LR": f"{kept} * (1 - in_kind_effect) - cost_attack - cost_limited - provocation",
        "CE": f"{kept} - cost_attack - cost_limited",
        "GE": "0 - cost_attack - cost_limited",
        "DC": "0 - cost_attack - cost_clash",
    }
    g_base = {"SQ": "g_sq", "CG": "g_cg", "LR": "g_lr", "CE": "g_ce", "GE": "g_ge", "DC": "g_dc"}
    out: dict[str, dict[str, str | float]] = {}
    if not typed:
        for o in ch:
            out[o] = {"Challenger": ch[o], "Guarantor": g_base[o]}
        out["DC_accident"] = {"Challenger": ch["DC"], "Guarantor": g_base["DC"]}
        return out
    for t in ("HH", "HS", "SH", "SS"):
        out[f"SQ_{t}"] = {"Challenger": ch["SQ"], "Guarantor": g_base["SQ"]}
        for o in ("CG", "LR", "CE", "GE", "DC", "DC_ik"):
            out[f"{o}_{t}"] = {"Challenger": ch["DC" if o == "DC_ik" else o], "Guarantor": f"g_{t}_{o}"}
    return out


# Guarantor payoffs by type in the typed game: each type's response is dominant (Kilgour & Zagare
# 1991: a defender's type IS its preference to respond). HH responds in kind and escalates when
# counter-escalated; HS responds in kind and backs down; SH intervenes directly; SS does nothing.
_TYPE_PAYOFFS = {
    "HH": {"LR": 0.0, "DC_ik": -1.0, "CE": -1.5, "GE": -2.0, "DC": -2.5, "CG": -3.0},
    "HS": {"LR": 0.0, "CE": -1.0, "CG": -2.0, "GE": -3.0, "DC": -4.0, "DC_ik": -4.0},
    "SH": {"GE": 0.0, "DC": -1.0, "LR": -2.0, "DC_ik": -2.0, "CE": -2.5, "CG": -3.0},
    "SS": {"CG": 0.0, "LR": -1.0, "CE": -1.5, "GE": -2.0, "DC": -3.0, "DC_ik": -3.0},
}
_TYPED_DEFAULTS = {f"g_{t}_{o}": v for t, row in _TYPE_PAYOFFS.items() for o, v in row.items()}


_ESC_DEFAULTS = {
    "p_T": 0.5,
    "p_S": 0.2,
    "p_accident": 0.0,
    "sq": 0.0,
    "gain": 1.0,
    "denial": 0.3,
    "cost_attack": 0.0,
    "in_kind_effect": 0.5,
    "cost_limited": 0.4,
    "cost_clash": 3.0,
    "provocation": 0.0,
    "g_sq": 1.0,
    "g_cg": -1.0,
    "g_lr": 0.0,
    "g_ce": -2.5,
    "g_ge": -0.5,
    "g_dc": -2.0,
}
_ESC_SOURCE = (
    "after Zagare & Kilgour (2000), Perfect Deterrence, ch. 8-9 (asymmetric escalation "
    "game) and Kilgour & Zagare (1991) credibility as a probability; models.md §2.3"
)


def _escalation_class(outcomes: list[str]) -> dict[str, str]:
    cls = {}
    for o in outcomes:
        head = o.split("_")[0]
        cls[o] = {"SQ": "deterrence", "DC": "direct_clash"}.get(head, "limited_conflict")
    return cls


def escalation_game() -> Game:
    """Extended deterrence with graduated escalation, reduced form (models.md §2.3).

    The challenger complies (status quo ``SQ``) or attacks. The guarantor coalition's response is
    drawn with its credibilities: in kind with probability ``p_T`` (tactical credibility), direct
    involvement with ``(1 - p_T) p_S``, none (challenger gain ``CG``) otherwise. An in-kind
    exchange spirals into a direct clash by accident with ``p_accident``; otherwise the challenger
    backs down (limited response, ``LR``) or counter-escalates, after which the guarantor
    escalates to a direct clash (``DC``) with probability ``p_S`` (strategic credibility) or backs
    down (``CE``). After direct involvement the challenger backs down (``GE``) or
    counter-escalates (``DC``).

    Challenger payoffs (units of the contested gain): ``SQ = sq``; with ``kept = gain (1 -
    denial)``, ``CG = kept - cost_attack``; ``LR = kept (1 - in_kind_effect) - cost_attack -
    cost_limited - provocation``; ``CE = kept - cost_attack - cost_limited``; ``GE = -cost_attack -
    cost_limited``; ``DC = -cost_attack - cost_clash``. ``provocation`` is the extra loss of
    backing down after deep strikes (the escalation-risk channel of long-range systems, models.md
    §2.7).

    Notes
    -----
    Drawing the guarantor's responses with its credibilities is Kilgour & Zagare's (1991) reading
    of credibility as the probability that the defender prefers to respond. With the guarantor's
    type drawn at the root and types defined by their preferences so that each type's response is
    dominant (:func:`escalation_types_game`), this is the outcome of every perfect Bayesian
    equilibrium of the typed game with consistent (tremble) beliefs, checked by enumeration in the
    tests. If types were instead
    given payoffs under which a guarantor Hard on both counts would rather intervene at once when
    the challenger counter-escalates, the forms would part there; the Monte Carlo reports the
    challenger's mean counter-escalation probability after an in-kind response per option
    (``counter_after_in_kind``) to show how much of a result runs through that branch.
    """
    spec = (
        "Challenger",
        {
            "comply": "SQ",
            "attack": (
                CHANCE,
                {
                    "in_kind": (
                        "p_T",
                        (
                            CHANCE,
                            {
                                "spiral": ("p_accident", "DC_accident"),
                                "contained": (
                                    "1 - p_accident",
                                    (
                                        "Challenger",
                                        {
                                            "back_down": "LR",
                                            "counter_escalate": (
                                                CHANCE,
                                                {"escalate": ("p_S", "DC"), "back_down": ("1 - p_S", "CE")},
                                            ),
                                        },
                                    ),
                                ),
                            },
                        ),
                    ),
                    "direct": (
                        "(1 - p_T) * p_S",
                        ("Challenger", {"back_down": "GE", "counter_escalate": "DC"}),
                    ),
                    "none": ("(1 - p_T) * (1 - p_S)", "CG"),
                },
            ),
        },
    )
    payoffs = _escalation_payoffs(typed=False)
    return _game(
        "escalation",
        "Extended deterrence with graduated escalation (reduced form)",
        _ESC_SOURCE,
        ("Challenger", "Guarantor"),
        spec,
        payoffs,
        _ESC_DEFAULTS,
        outcome_class=_escalation_class(list(payoffs)),
    )


def escalation_types_game() -> Game:
    """The escalation game with the guarantor's type drawn once at the root (for PBE enumeration).

    Types ``HH, HS, SH, SS`` (tactical, strategic resolve; Hard with ``p_T``, ``p_S``,
    independent). A type is its preference to respond (Kilgour & Zagare 1991): the default
    guarantor payoffs ``g_<type>_<outcome>`` make each type's response dominant, HH in kind then
    escalation, HS in kind then backing down, SH direct involvement, SS none. The challenger sees
    the guarantor's moves, never its type (information sets ``C0``, ``C1``, ``C2``). No accidental
    spiral here.
    """

    def after_attack(t: str) -> Spec:
        return (
            "Guarantor",
            {
                "none": f"CG_{t}",
                "in_kind": (
                    "Challenger",
                    {
                        "back_down": f"LR_{t}",
                        "counter_escalate": ("Guarantor", {"escalate": f"DC_ik_{t}", "back_down": f"CE_{t}"}),
                    },
                ),
                "direct": ("Challenger", {"back_down": f"GE_{t}", "counter_escalate": f"DC_{t}"}),
            },
        )

    prob = {"H": "p_{}", "S": "1 - p_{}"}
    types = ("HH", "HS", "SH", "SS")
    spec = (
        CHANCE,
        {
            t: (
                f"({prob[t[0]].format('T')}) * ({prob[t[1]].format('S')})",
                ("Challenger", {"comply": f"SQ_{t}", "attack": after_attack(t)}),
            )
            for t in types
        },
    )
    infosets: dict[str, str] = {}
    for t in types:
        infosets[t] = "C0"
        infosets[f"{t}/attack/in_kind"] = "C1"
        infosets[f"{t}/attack/direct"] = "C2"
        infosets[f"{t}/attack"] = f"G1:{t}"
    payoffs = _escalation_payoffs(typed=True)
    return _game(
        "escalation_types",
        "Extended deterrence with graduated escalation (typed guarantor)",
        _ESC_SOURCE,
        ("Challenger", "Guarantor"),
        spec,
        payoffs,
        {**_ESC_DEFAULTS, **_TYPED_DEFAULTS},
        infosets=infosets,
        outcome_class=_escalation_class(list(payoffs)),
    )


GAMES: dict[str, Callable[[], Game]] = {
    "unilateral": unilateral_deterrence,
    "mutual": mutual_deterrence,
    "iig": iig,
    "egame12": egame12,
    "escalation": escalation_game,
    "escalation_types": escalation_types_game,
}
