"""Sensitivity of a scenario: what varies, what it is checked against, and what it reports."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pactlab.deter.scenarios import assess_scenario
from pactlab.results import Provenance, Result
from pactlab.scenario import Scenario
from pactlab.sensitivity import SensitivityResult, sensitivity
from pactlab.sensitivity.build import Widths, scenario_parts
from pactlab.sensitivity.design import evaluate, sample
from pactlab.sensitivity.deterrence import DeterrencePart
from pactlab.sensitivity.negotiation import NegotiationPart


def test_headline_is_the_deterrence_report_for_the_same_seed_and_draws(
    ardenia: Scenario, result: SensitivityResult
) -> None:
    report = assess_scenario(ardenia, draws=400, rng=0)
    for risk in (report.baseline, *report.options):
        assert result.headline[risk.option][0] == risk.p_deterrence  # bit for bit
    best = max((r for r in report.options), key=lambda r: r.p_deterrence)
    assert result.leader == best.option


def test_every_kind_of_input_is_there_and_labelled(result: SensitivityResult) -> None:
    kinds = {i.name: i.kind for i in result.inputs}
    assert kinds["sq"] == "analyst"
    assert kinds["lam"] == "prior"
    assert {i.factor for i in result.inputs if i.kind == "fitted"} == {"calibration"}
    assert any(n.startswith("rating.arms.") for n in kinds)
    assert any(n.startswith("position.") for n in kinds)
    for i in result.inputs:
        lo, hi = i.bounds
        assert lo < hi, i.name
        if i.kind == "analyst" and not i.label.startswith("analyst estimate"):
            assert i.label.startswith("analyst range"), i.name
    salience = [i for i in result.inputs if i.name.startswith("salience.")]
    assert salience == []  # not selected: stays at its stated value


def test_inputs_that_cannot_move_deterrence_get_exactly_zero(result: SensitivityResult) -> None:
    """Durability's hazard ratios and a non-monitoring instrument's verifiability do not enter
    P(deterrence); with common random numbers their indices are exactly zero, not just small."""
    part = result.part_of("p_deter:arms-support")
    assert part is not None
    for output in ("p_deter:arms-support", "p_deter:membership-plan", "lead_margin"):
        stats = part.indices[output]
        for j, factor in enumerate(part.factors):
            if factor.startswith("hr.") or factor == "rating.arms.verifiability":
                assert (stats["S1"][j], stats["ST"][j], stats["ST_conf"][j]) == (0.0, 0.0, 0.0), factor
    assert any(v > 0 for v in part.indices["p_deter:arms-support"]["ST"])


def test_parts_are_independent(ardenia: Scenario) -> None:
    """No deterrence output reads a position, salience or capability, and no negotiation output reads
    a deterrence input: the two parts are analysed separately (cross indices are exactly zero)."""
    built = scenario_parts(ardenia, Widths())
    assert built.deterrence is not None
    assert built.negotiation is not None
    prob, space = built.deterrence
    neg = built.negotiation
    moved = neg.scenario_at(neg.cells, neg.space.values(np.full((1, len(neg.cells)), 0.9))[0])
    assert moved.issues != ardenia.issues
    again = scenario_parts(moved, Widths())
    assert again.deterrence is not None
    part = DeterrencePart(prob, space, None, 2, 0)
    other = DeterrencePart(again.deterrence[0], space, None, 2, 0)
    assert np.array_equal(part.evaluate(space.central()), other.evaluate(space.central()))


def test_rows_do_not_depend_on_the_chunking(ardenia: Scenario) -> None:
    built = scenario_parts(ardenia, Widths())
    assert built.negotiation is not None
    part: NegotiationPart = built.negotiation
    unit = sample(part.space, "sobol", 2, np.random.default_rng(0))
    assert np.array_equal(evaluate(part, unit, chunk_rows=1), evaluate(part, unit, chunk_rows=100))


def test_round_trip_and_protocol(result: SensitivityResult) -> None:
    data = result.to_dict()
    text = json.dumps(data, allow_nan=False)  # plain JSON (NaN never reaches it)
    again = SensitivityResult.from_dict(json.loads(text))
    assert again == result
    assert isinstance(result, Result)
    assert isinstance(result.provenance, Provenance)
    prov = result.provenance
    assert (prov.model, prov.variant, prov.seed) == ("sensitivity", "sobol", 0)
    assert prov.scenario_digest
    assert prov.parameters["n"] == 8
    assert "calibration" in prov.data
    frame = result.to_frame()
    assert list(frame.columns) == ["part", "output", "factor", "kind", "S1", "S1_conf", "ST", "ST_conf"]
    assert set(frame["part"]) == {"deterrence", "negotiation"}
    summary = result.summary()
    assert isinstance(summary, str)
    assert "What would flip the ranking" in summary
    html = result._repr_html_()
    assert "pactlab-result" in html
    assert "sensitivity" in html


def test_same_seed_same_numbers_other_seed_other_design(
    ardenia: Scenario, result: SensitivityResult, pick: list[str]
) -> None:
    assert sensitivity(ardenia, n=8, draws=400, inputs=pick, rng=0) == result
    other = sensitivity(ardenia, n=8, draws=400, inputs=pick, rng=1)
    assert other.to_dict()["parts"] != result.to_dict()["parts"]


def test_morris_runs_and_ranks(ardenia: Scenario) -> None:
    r = sensitivity(ardenia, method="morris", n=4, draws=300, inputs=["sq", "lam", "hr.*"])
    top = r.ranked(f"p_deter:{r.leader}")
    assert top[0][0] == "sq"  # the challenger's status-quo value dominates lam, and hr.* are zero
    assert {f: v for f, v, _ in top}["hr.dmz"] == 0.0
    assert r.p_leader_first is None  # the Morris grid is not a sample of the joint distribution
    assert "mu_star" in r.to_frame().columns


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"n": 12}, "n"),
        ({"method": "fast"}, "method"),
        ({"draws": 1}, "draws"),
        ({"inputs": ["nothing-like-this"]}, "inputs"),
        ({"inputs": ["hr.*"]}, "inputs"),  # a sample with no events: no output moves
        ({"ranges": {"p_accident": (0.0, 1.5)}}, "ranges"),
        ({"ranges": {"calibration.u24:ally_major": (0.0, 1.0)}}, "ranges"),
        ({"ranges": {"p_T_bas": (0.1, 0.2)}}, "ranges"),
        ({"salience_width": -0.1}, "salience_width"),
        ({"engine": "cluster"}, "engine"),
    ],
)
def test_bad_arguments_name_their_parameter(
    ardenia: Scenario, kwargs: dict[str, object], parameter: str
) -> None:
    from pactlab.errors import ParameterError

    with pytest.raises(ParameterError) as caught:
        sensitivity(ardenia, draws=kwargs.pop("draws", 200), n=kwargs.pop("n", 2), **kwargs)  # type: ignore[arg-type]
    assert caught.value.parameter == parameter
    assert len(caught.value.lines()) == 1


def test_inputs_with_no_effect_anywhere_are_not_swept(ardenia: Scenario) -> None:
    """With every input in the design, rows are exact; a factor whose total index is exactly 0 for the
    leader's P(deterrence) and for its lead (durability's hazard ratios) is listed, not swept."""
    r = sensitivity(ardenia, n=2, draws=300, inputs=["*"], method="morris")
    assert r.provenance.parameters["row_draws"]["deterrence"] == 2
    swept = {s.input for s in r.sweeps}
    assert not any(name.startswith("hr.") for name in swept)
    assert {"sq", "cost_attack"} <= swept
    (note,) = [n for n in r.notes if n.startswith("not swept")]
    assert "hr.dmz" in note
