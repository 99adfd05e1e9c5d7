"""Reference tests of the game solvers against pygambit fixtures and published threshold
conditions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pactlab.deter.games import (
    GAMES,
    escalation_game,
    escalation_types_game,
    iig,
    mutual_deterrence,
    unilateral_deterrence,
)
from pactlab.deter.solve import backward_induction, enumerate_pbe, logit_qre, select_equilibrium


def _iig_cases(shared: Path) -> list[dict]:
    return json.loads((shared / "fixtures" / "gambit-iig-logit-qre.json").read_text())["cases"]


def test_iig_logit_qre_matches_gambit(shared_data: Path) -> None:
    """fixtures/gambit-iig-logit-qre.json (pygambit 16.7.0, gbt.qre.logit_solve_lambda): 12 utility
    draws x 5 lambdas, every action probability within 1e-8. We solve at the lambda gambit reports
    it actually reached (``gambit_lambda``, e.g. 4.999999998551 for 5.0): its path-following stops
    within ~1e-9 of the requested value, and the fixture's probabilities belong to the reached
    value."""
    game = iig()
    cases = _iig_cases(shared_data)
    assert len(cases) == 12
    checked = 0
    for case in cases:
        params = {f"{p}_{o}": v for p, row in case["utilities"].items() for o, v in row.items()}
        for entry in case["qre"].values():
            sol = logit_qre(game, params, lam=entry["gambit_lambda"])
            for node_id, probs in entry["action_probabilities"].items():
                node = game.node(node_id)
                for action, expected in probs.items():
                    got = sol.behaviour[node_id][node.actions.index(action), 0]
                    assert got == pytest.approx(expected, abs=1e-8), (node_id, action)
                    checked += 1
    assert checked == 12 * 5 * 12 * 2


def test_iig_batch_equals_one_by_one(shared_data: Path) -> None:
    """Vectorising over draws must not change any number: all 12 fixture draws in one batch."""
    game = iig()
    cases = _iig_cases(shared_data)
    keys = [f"{p}_{o}" for p, row in cases[0]["utilities"].items() for o in row]
    batch = {k: np.array([c["utilities"][k[0]][k[2:]] for c in cases]) for k in keys}
    sol = logit_qre(game, batch, lam=2.0)
    for j, case in enumerate(cases):
        one = logit_qre(game, {k: v[j] for k, v in batch.items()}, lam=2.0)
        assert np.allclose(sol.outcomes[:, j], one.outcomes[:, 0], atol=1e-15)
        assert case  # every case is solved


def test_unilateral_threshold_over_fixture_grid(shared_data: Path) -> None:
    """fixtures/gambit-unilateral-deterrence.json (pygambit lcp_solve): P(challenger defects) in
    each equilibrium over the grid; p* = (a - c)/(a - d) = 0.25 (models.md §2.1; Kilgour & Zagare
    1991). Tolerance 1e-9: gambit's LCP pivots report 0.9999999999999999 for 1."""
    path = shared_data / "fixtures" / "gambit-unilateral-deterrence.json"
    fixture = json.loads(path.read_text())
    ch = fixture["challenger"]
    game = unilateral_deterrence()
    for row in fixture["grid"]:
        params = {"p": row["p"], **ch}
        eqs = enumerate_pbe(game, params)
        defects = sorted(1.0 - eq.outcomes["SQ"] for eq in eqs)
        assert defects == pytest.approx(sorted(row["challenger_defects"]), abs=1e-9)
        spe = backward_induction(game, params)
        assert 1.0 - spe.outcome("SQ")[0] == pytest.approx(row["challenger_defects"][0], abs=1e-9)


def test_unilateral_no_capability_no_deterrence() -> None:
    """models.md §2.1: if d >= c the challenger defects for every p (a threat without
    capability)."""
    game = unilateral_deterrence()
    p = np.linspace(0.0, 1.0, 101)
    sol = backward_induction(game, {"p": p, "a": 1.0, "c": 0.2, "d": 0.3})
    assert np.all(sol.outcome("SQ") == 0.0)


@pytest.mark.parametrize(
    ("pay", "grid"),
    [
        ({"a_A": 1.0, "c_A": 0.5, "d_A": -1.0, "a_B": 1.0, "c_B": 0.2, "d_B": -2.0}, None),
        ({"a_A": 2.0, "c_A": 0.0, "d_A": -3.0, "a_B": 1.5, "c_B": 1.0, "d_B": -0.5}, None),
    ],
)
def test_mutual_status_quo_equilibrium_conditions(pay: dict, grid: None) -> None:
    """models.md §2.2 (Zagare & Kilgour 2000, ch. 5): a status-quo equilibrium exists iff
    p_B >= (a_A - c_A)/(a_A - d_A) and p_A >= (a_B - c_B)/(a_B - d_B). Checked off the thresholds
    on a grid (exact ties are knife-edge)."""
    game = mutual_deterrence()
    thr_a = (pay["a_A"] - pay["c_A"]) / (pay["a_A"] - pay["d_A"])
    thr_b = (pay["a_B"] - pay["c_B"]) / (pay["a_B"] - pay["d_B"])
    for p_a in np.arange(0.03, 1.0, 0.08):
        for p_b in np.arange(0.05, 1.0, 0.08):
            eqs = enumerate_pbe(game, {**pay, "p_A": p_a, "p_B": p_b})
            has_sq = any(eq.outcomes["SQ"] == pytest.approx(1.0) for eq in eqs)
            assert has_sq == (p_b >= thr_a and p_a >= thr_b), (p_a, p_b)
            assert eqs, "every draw has at least one pure equilibrium here"


def test_mutual_coexisting_equilibria_at_03() -> None:
    """models.md §2.2: at p_A = p_B = 0.3 (thresholds 0.25) a no-status-quo equilibrium coexists
    with the status-quo one (weak PBE); the selection rule credits deterrence only if it holds in
    every equilibrium. With consistent (tremble) beliefs and these payoffs only the status quo
    survives: the coexisting equilibria rest on B's off-path belief that A is Soft."""
    strict = enumerate_pbe(mutual_deterrence(), {"p_A": 0.3, "p_B": 0.3}, beliefs="trembles")
    assert [eq.outcomes["SQ"] for eq in strict] == [pytest.approx(1.0)]
    game = mutual_deterrence()
    eqs = enumerate_pbe(game, {"p_A": 0.3, "p_B": 0.3})
    sq = [eq.outcomes["SQ"] for eq in eqs]
    assert any(v == pytest.approx(1.0) for v in sq)
    assert any(v < 0.5 for v in sq)
    chosen = select_equilibrium(eqs, game)
    assert chosen.outcomes["SQ"] == pytest.approx(min(sq))


def test_mutual_qre_fixed_point_satisfies_logit_equations() -> None:
    """Mutual deterrence is not solvable backwards (B's beliefs depend on A's play): the traced
    fixed point must satisfy P(a) = exp(lam EU_a)/sum exp(lam EU_b) with Bayes beliefs at every
    set."""
    from pactlab.deter.solve import _logit_response, bind

    game = mutual_deterrence()
    sol = logit_qre(game, {"p_A": 0.3, "p_B": 0.6}, lam=3.0)
    bound = bind(game, {"p_A": 0.3, "p_B": 0.6})
    again = _logit_response(bound, sol.behaviour, 3.0, game.infosets())
    for k, v in again.items():
        assert np.allclose(v, sol.behaviour[k], atol=1e-10)


def test_lambda_zero_is_uniform_and_large_lambda_is_spe() -> None:
    """models.md §2.4-2.5: lam -> 0 gives uniform play; large lam approaches the SPE (generic
    draws)."""
    rng = np.random.default_rng(7)
    game = iig()
    params = {k: rng.normal(size=50) for k in game.defaults}
    flat = logit_qre(game, params, lam=0.0)
    for probs in flat.behaviour.values():
        assert np.allclose(probs, 1.0 / probs.shape[0])
    spe = backward_induction(game, params)
    sharp = logit_qre(game, params, lam=1e6)
    assert np.allclose(sharp.outcomes, spe.outcomes, atol=1e-3)


def _collapse(items: object) -> dict[str, float]:
    """Outcome probabilities by outcome kind (SQ, CG, LR, CE, GE, DC), types and paths merged."""
    out: dict[str, float] = {}
    for label, p in items:  # type: ignore[attr-defined]
        key = label.split("_")[0]
        out[key] = out.get(key, 0.0) + float(p)
    return out


def test_reduced_escalation_is_the_pbe_of_the_typed_game() -> None:
    """The Monte Carlo's reduced form (guarantor responses drawn with p_T, p_S) gives the outcome
    of EVERY perfect Bayesian equilibrium, with consistent (tremble) off-path beliefs, of the typed
    game where the guarantor's type is drawn once and each type's response is dominant (Kilgour &
    Zagare 1991: a type is its preference to respond). Random challenger payoffs, including draws
    where the challenger counter-escalates after an in-kind response."""
    typed, reduced = escalation_types_game(), escalation_game()
    rng = np.random.default_rng(3)
    counter = attacked = 0
    for _ in range(16):
        prm = {
            "p_T": rng.uniform(0.05, 0.95),
            "p_S": rng.uniform(0.05, 0.95),
            "sq": rng.uniform(-2.5, 0.5),
            "denial": rng.uniform(0, 1),
            "cost_attack": rng.uniform(0, 1),
            "cost_limited": rng.uniform(0.1, 1),
            "cost_clash": rng.uniform(1, 5),
            "provocation": rng.uniform(0, 1.5),
            "p_accident": 0.0,
        }
        red = backward_induction(reduced, prm)
        want = _collapse(zip(reduced.outcomes, red.outcomes[:, 0], strict=True))
        eqs = enumerate_pbe(typed, prm, beliefs="trembles")
        assert eqs, prm
        for eq in eqs:
            got = _collapse(eq.outcomes.items())
            assert all(abs(got.get(k, 0.0) - v) < 1e-9 for k, v in want.items()), prm
        counter += int(red.behaviour["attack/in_kind/contained"][1, 0] == 1.0)
        attacked += int(red.behaviour["root"][1, 0] == 1.0)
    assert counter >= 2
    assert attacked >= 4


def test_weak_beliefs_admit_more_equilibria() -> None:
    """Off-path beliefs matter: with weak PBE the typed game also has status-quo equilibria held
    up by implausible beliefs after an in-kind response, which consistent beliefs remove."""
    prm = {"p_T": 0.6, "p_S": 0.3, "sq": -1.0, "cost_attack": 0.2, "denial": 0.2}
    weak = enumerate_pbe(escalation_types_game(), prm)
    strict = enumerate_pbe(escalation_types_game(), prm, beliefs="trembles")
    assert {tuple(e.profile.items()) for e in strict} <= {tuple(e.profile.items()) for e in weak}
    assert len(strict) <= len(weak)


def test_builtin_games_are_well_formed() -> None:
    """Every built-in tree: unique node ids, one mover per information set, same actions within a
    set, chance probabilities summing to one at the defaults."""
    for make in GAMES.values():
        game = make()
        ids = [n.id for n in game.nodes]
        assert len(ids) == len(set(ids))
        for members in game.infosets().values():
            assert len({m.player for m in members}) == 1
            assert len({m.actions for m in members}) == 1
        sol = logit_qre(game, None, lam=1.0) if game.name != "mutual" else None
        if sol is not None:
            assert np.allclose(sol.outcomes.sum(axis=0), 1.0)
