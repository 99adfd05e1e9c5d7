"""Monte Carlo, mapping and report: closed form vs tree solver, seeding, engines, overrides."""

from __future__ import annotations

import numpy as np
import pytest

from pactlab.deter.games import escalation_game
from pactlab.deter.mapping import (
    NO_GUARANTEE,
    InstrumentSpec,
    OptionSpec,
    coalition_probability,
    default_parameters,
    draw_parameters,
    game_parameters,
    resolve_parameters,
)
from pactlab.deter.montecarlo import ProcessEngine, solve_escalation
from pactlab.deter.report import assess
from pactlab.deter.solve import backward_induction, logit_qre
from pactlab.errors import ScenarioError

PACT = OptionSpec(
    "pact",
    "Defence pact",
    (InstrumentSpec("art5", "collective_defence_clause", "treaty", capability=0.6),),
    ("G1", "G2"),
)
STRIKE = OptionSpec(
    "strike",
    "Escalation-triggered long-range strike",
    (
        InstrumentSpec(
            "lr",
            "long_range_strike",
            "executive_agreement",
            capability=0.5,
            escalation_signal=0.9,
            guarantors=("G1",),
            trigger=True,
        ),
        InstrumentSpec(
            "mon", "monitoring_mission", "political_declaration", verifiability=0.8, guarantors=("G2",)
        ),
    ),
    ("G1", "G2"),
)


def _draws(n: int, seed: int) -> dict[str, np.ndarray]:
    return draw_parameters(resolve_parameters(), n, np.random.default_rng(seed))


@pytest.mark.parametrize("lam", [0.0, 0.7, 3.0, 25.0, np.inf])
def test_closed_form_equals_tree_solver(lam: float) -> None:
    """solve_escalation is the closed form of logit_qre / backward_induction on the explicit tree:
    equal to rounding on 2000 draws of every option's parameters."""
    game = escalation_game()
    draws = _draws(2000, 1)
    for option in (NO_GUARANTEE, PACT, STRIKE):
        gp = game_parameters(option, draws)
        tree_params = {k: gp[k] for k in game.defaults if k in gp}
        tree = (
            backward_induction(game, tree_params) if np.isinf(lam) else logit_qre(game, tree_params, lam=lam)
        )
        fast = solve_escalation(gp, lam)
        for label, probs in fast.items():
            assert np.allclose(probs, tree.outcome(label), atol=1e-12), (option.id, label)


def test_same_seed_same_numbers_and_seed_matters() -> None:
    a = assess([PACT, STRIKE], draws=4000, rng=11, chunk_size=1000)
    b = assess([PACT, STRIKE], draws=4000, rng=11, chunk_size=1000)
    c = assess([PACT, STRIKE], draws=4000, rng=12, chunk_size=1000)
    assert a.to_dict() == b.to_dict()
    assert a.to_dict() != c.to_dict()
    assert a.seed == 11
    assert a.provenance.seed == 11


def test_process_pool_gives_the_numbers_of_one_process() -> None:
    """Chunks seeded by SeedSequence children: a 2-worker pool equals the serial run exactly."""
    serial = assess([PACT, STRIKE], draws=6000, rng=5, chunk_size=1500)
    pooled = assess([PACT, STRIKE], draws=6000, rng=5, chunk_size=1500, engine=ProcessEngine(2))
    assert pooled.to_dict() == serial.to_dict()


def test_probabilities_sum_to_one_and_baseline_uses_base_credibility() -> None:
    report = assess([PACT, STRIKE], draws=5000, rng=3)
    for risk in (report.baseline, *report.options):
        total = risk.p_deterrence + risk.p_limited_conflict + risk.p_direct_clash
        assert total == pytest.approx(1.0, abs=1e-12)
        assert sum(risk.escalation.values()) == pytest.approx(1.0, abs=1e-12)
        for key in ("p_deterrence", "s5"):
            lo, hi = risk.intervals[key]["mc95"]
            point = risk.p_deterrence if key == "p_deterrence" else risk.durability["s5"]
            assert lo <= point <= hi
    # no guarantor: outsiders respond only with the base credibilities. p_T_base is fitted: the
    # outside-response equation's intercept for a minor-power target (data/calibration.json),
    # expit(-2.287) = 0.092, i.e. 355 joins in 2,385 initiations, fewer for minor targets without a
    # major-power ally (dyads.py); p_S_base is the prior's mean 0.05
    from scipy.special import expit

    from pactlab.deter.calibration import load_calibration

    fitted = float(expit(load_calibration().coef("u24:(Intercept)")))
    assert report.baseline.parameters["p_T"] == pytest.approx(fitted, abs=0.01)
    assert report.baseline.parameters["p_S"] == pytest.approx(0.05, abs=0.01)
    priors_only = assess([PACT], draws=5000, rng=3, calibration=None)
    assert priors_only.baseline.parameters["p_T"] == pytest.approx(0.2, abs=0.01)  # prior mean


def test_options_differ_for_their_stated_reasons() -> None:
    """The pact raises strategic credibility (p_S); the strike option adds provocation and, through
    monitoring, precision. The drivers report those shifts against the baseline."""
    report = assess([PACT, STRIKE], draws=20000, rng=8)
    pact, strike = report.option("pact"), report.option("strike")
    assert pact.parameters["p_S"] > strike.parameters["p_S"] > 0
    assert strike.parameters["provocation"] > 0 == pact.parameters["provocation"]
    assert pact.p_deterrence > report.baseline.p_deterrence
    shifts = {d.parameter: d.shift for d in strike.drivers if d.shift is not None}
    assert shifts, "the strike option's drivers include game parameters it moves"


def test_coalition_probability_between_dependence_and_independence() -> None:
    rng = np.random.default_rng(0)
    p = rng.uniform(size=(3, 1000))
    rho = rng.uniform(size=1000)
    both = coalition_probability(p, rho)
    assert np.all(both >= p.max(axis=0) - 1e-15)
    assert np.all(both <= 1 - np.prod(1 - p, axis=0) + 1e-15)
    assert np.allclose(coalition_probability(p, 0.0), 1 - np.prod(1 - p, axis=0))


def test_credibility_adjustment_moves_only_its_guarantor() -> None:
    draws = _draws(1000, 2)
    solo = OptionSpec(
        "solo", "", (InstrumentSpec("bsa", "bilateral_security_agreement", "executive_agreement"),), ("G1",)
    )
    plain = game_parameters(solo, draws)
    better = game_parameters(solo, draws, credibility={"G1": 1.0})
    other = game_parameters(solo, draws, credibility={"G9": 1.0})
    assert np.all(better["p_T"] > plain["p_T"])
    assert np.array_equal(other["p_T"], plain["p_T"])


def test_scenario_overrides_by_id_and_located_errors() -> None:
    params = resolve_parameters([{"id": "sq", "value": 0.7, "prior": None, "source": "test"}])
    assert params["sq"].prior.distribution == "fixed"
    assert params["sq"].value == 0.7
    with pytest.raises(ScenarioError) as err:
        resolve_parameters([{"id": "no_such_parameter", "value": 1.0}], file="s.yaml")
    assert "s.yaml:deterrence.parameters[0].id:" in str(err.value)
    with pytest.raises(ScenarioError, match=r"deterrence.parameters\[0\]"):
        resolve_parameters(
            [{"id": "sq", "value": 0.1, "prior": {"distribution": "beta", "params": {"a": 1.0}}}]
        )


def test_every_default_is_documented() -> None:
    """models.md §2.7: every mapping is a documented parameter with its source."""
    for p in default_parameters().values():
        assert p.source, p.id
        assert p.rationale, p.id


def test_dask_engine_gives_the_numbers_of_one_process() -> None:
    """The optional Dask engine (threads scheduler here, to stay light in CI) equals the serial
    run exactly for the same seed. Skipped when dask is not installed."""
    pytest.importorskip("dask")
    from pactlab.deter.montecarlo import DaskEngine

    serial = assess([PACT, STRIKE], draws=6000, rng=9, chunk_size=1500)
    dasked = assess([PACT, STRIKE], draws=6000, rng=9, chunk_size=1500, engine=DaskEngine())
    assert dasked.to_dict() == serial.to_dict()


def test_scenario_priors_draw_in_their_support() -> None:
    """Every prior family of the scenario format draws where it should (truncnormal in bounds,
    beta in (0, 1), fixed at the value)."""
    from pactlab.deter.mapping import Prior

    rng = np.random.default_rng(0)
    trunc = Prior("truncnormal", {"mean": 0.0, "sd": 1.0, "lower": -0.5, "upper": 2.0}).draw(rng, 5000)
    assert trunc.min() >= -0.5
    assert trunc.max() <= 2.0
    beta = Prior("beta", {"a": 2.0, "b": 3.0}).draw(rng, 5000)
    assert beta.mean() == pytest.approx(0.4, abs=0.02)
    assert np.all(Prior("fixed", {}, 0.3).draw(rng, 10) == 0.3)


def test_report_frame_has_the_baseline_first() -> None:
    frame = assess([PACT], draws=1000, rng=1).to_frame()
    assert list(frame.index) == ["no-guarantee", "pact"]
    assert np.allclose(frame[["p_deterrence", "p_limited_conflict", "p_direct_clash"]].sum(axis=1), 1)
