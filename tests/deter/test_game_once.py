"""The escalation game is defined once, as a tree (games.escalation_game): the Monte Carlo's
closed form reads the tree's payoff expressions and outcome classes, and on every Hypothesis draw
of the parameters (precision included, per draw) equals the generic tree solver's logit QRE."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pactlab.deter.games import escalation_game
from pactlab.deter.montecarlo import OUTCOMES, solve_escalation
from pactlab.deter.solve import logit_qre

GAME = escalation_game()
unit = st.floats(0.0, 1.0)
cost = st.floats(0.0, 5.0)
params = st.fixed_dictionaries(
    {
        "p_T": unit,
        "p_S": unit,
        "p_accident": unit,
        "denial": unit,
        "in_kind_effect": unit,
        "sq": st.floats(-2.0, 2.0),
        "gain": st.floats(0.1, 3.0),
        "cost_attack": cost,
        "cost_limited": cost,
        "cost_clash": cost,
        "provocation": st.floats(0.0, 2.0),
    }
)


def test_outcome_classes_come_from_the_tree() -> None:
    assert dict(GAME.outcome_class) == OUTCOMES
    assert set(OUTCOMES) == set(GAME.outcomes)


@settings(max_examples=150, deadline=None)
@given(p=params, lam=st.floats(0.0, 40.0))
def test_closed_form_equals_the_tree(p: dict[str, float], lam: float) -> None:
    tree = logit_qre(GAME, {**GAME.defaults, **p}, lam=lam)
    fast = solve_escalation(p, lam)
    for label, prob in fast.items():
        assert np.allclose(prob, tree.outcome(label), atol=1e-12), label


@settings(max_examples=40, deadline=None)
@given(
    ps=st.lists(params, min_size=2, max_size=6), lams=st.lists(st.floats(0.0, 40.0), min_size=6, max_size=6)
)
def test_vectorised_per_draw_precision_equals_one_by_one(
    ps: list[dict[str, float]], lams: list[float]
) -> None:
    lam = np.asarray(lams[: len(ps)])
    batch = {k: np.asarray([p[k] for p in ps]) for k in ps[0]}
    fast = solve_escalation(batch, lam)
    for i, p in enumerate(ps):
        tree = logit_qre(GAME, {**GAME.defaults, **p}, lam=float(lam[i]))
        for label, prob in fast.items():
            assert np.isclose(prob[i], float(np.asarray(tree.outcome(label)).ravel()[0]), atol=1e-12), label
