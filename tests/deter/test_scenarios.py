"""Honest defaults and careless input (issues 17 item 4, 18): located refusals, one-line notes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pactlab.cli import main
from pactlab.deter import assess_scenario, check_scenario
from pactlab.deter.mapping import (
    InstrumentSpec,
    OptionSpec,
    draw_parameters,
    game_parameters,
    options_from_scenario,
    resolve_parameters,
)
from pactlab.errors import ScenarioError
from pactlab.scenario import load_scenario
from pactlab.scenario.io import dump_data, scenario_from_data

BAD_OVERRIDES = [
    ({"id": "p_T_base", "value": 5.0}, "value", "outside the support"),
    ({"id": "p_S_base", "value": -3.0}, "value", "outside the support"),
    (
        {
            "id": "cost_attack",
            "value": 1.0,
            "prior": {"distribution": "lognormal", "params": {"mean": 1000.0, "sd": 1.0}},
        },
        "prior",
        "overflow",
    ),
    (
        {
            "id": "in_kind_effect",
            "value": 0.5,
            "prior": {"distribution": "beta", "params": {"a": 1e-300, "b": 1e-300}},
        },
        "prior",
        "NaN",
    ),
    (
        {
            "id": "pre_commitment",
            "value": 1.5,
            "prior": {"distribution": "triangular", "params": {"lower": 1.0, "mode": 3.0, "upper": 2.0}},
        },
        "prior",
        "mode",
    ),
    (
        {
            "id": "denial",
            "value": 0.1,
            "prior": {"distribution": "uniform", "params": {"lower": 0.3, "upper": 0.1}},
        },
        "prior",
        "lower < upper",
    ),
    (
        {
            "id": "sq",
            "value": 0.0,
            "prior": {
                "distribution": "truncnormal",
                "params": {"mean": 0.0, "sd": 0.01, "lower": 50.0, "upper": 60.0},
            },
        },
        "prior",
        "no mass",
    ),
]


@pytest.mark.parametrize(("override", "field", "words"), BAD_OVERRIDES)
def test_out_of_support_values_and_priors_are_refused(
    override: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(ScenarioError) as err:
        resolve_parameters([override], file="s.yaml")
    line = str(err.value)
    assert line.startswith(f"s.yaml:deterrence.parameters[0].{field}:"), line
    assert words in line


@pytest.mark.parametrize(("override", "field", "words"), BAD_OVERRIDES[:2])
def test_the_command_refuses_them_without_nan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], override: dict[str, Any], field: str, words: str
) -> None:
    data = dump_data(load_scenario("vilnius-2023"))
    data["deterrence"]["parameters"] = [{**override, "rationale": "careless"}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    code = main(["deter", str(path), "--draws", "200"])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.startswith(f"{path}:")
    assert f"deterrence.parameters[0].{field}: parameter" in err
    assert "nan" not in err.lower()


def test_unknown_id_gets_did_you_mean() -> None:
    with pytest.raises(ScenarioError, match=r"did you mean 'p_T_base'"):
        resolve_parameters([{"id": "p_T", "value": 0.4, "rationale": "tutorial"}])


def test_check_scenario_uses_the_scenarios_own_field_paths() -> None:
    data = dump_data(load_scenario("vilnius-2023"))
    data["deterrence"]["parameters"] = [
        *data["deterrence"]["parameters"][:2],
        {"id": "p_S", "value": 0.1, "rationale": "typo"},
    ]
    problems = check_scenario(scenario_from_data(data, "s.yaml"))
    assert problems == [
        ("deterrence.parameters[2].id", "unknown deterrence parameter 'p_S' (did you mean 'p_S_base'?)")
    ]
    assert check_scenario(load_scenario("vilnius-2023")) == []


def test_a_scenario_without_challenger_or_target_is_refused(
    shared_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = shared_data / "fixtures" / "decide-exchange" / "scenarios" / "x08.csv"
    code = main(["deter", str(csv), "--draws", "200"])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.startswith(f"{csv}:deterrence.challenger:")
    assert "0.990" not in err


def test_generic_defaults_are_flagged_for_a_named_challenger() -> None:
    """bucharest-2008 without its challenger profile and dyad covariates: the one-line note; with
    them (the catalog file) no note, and Georgia without a guarantee is far from 99% safe."""
    scenario = load_scenario("bucharest-2008")
    data = dump_data(scenario)
    data["deterrence"]["parameters"] = []
    bare = assess_scenario(scenario_from_data(data, "bare"), draws=2000)
    assert any(w.startswith("generic defaults") for w in bare.warnings)
    full = assess_scenario(scenario, draws=2000)
    assert not any(w.startswith("generic defaults") for w in full.warnings)
    assert full.baseline.p_deterrence < 0.8 < bare.baseline.p_deterrence


def test_durability_only_for_an_armed_conflict() -> None:
    peace = assess_scenario(load_scenario("bucharest-2008"), draws=2000)
    assert not peace.durability_applies
    assert any("durability not reported" in w for w in peace.warnings)
    assert "S5" not in peace.summary()
    war = assess_scenario(load_scenario("vilnius-2023"), draws=2000)
    assert war.durability_applies
    lo, hi = war.baseline.intervals["s5"]["spread90"]
    assert hi - lo > 0.1  # the baseline's bootstrap uncertainty (119 dyads, 78 events)


def test_few_draws_are_flagged() -> None:
    report = assess_scenario(load_scenario("vilnius-2023"), draws=2)
    assert any("only 2 draws" in w for w in report.warnings)


def test_a_consensus_alliance_responds_once() -> None:
    """Issue 11: a non-voting seat backed by 31 allies counted each as an independent chance to
    respond (in-kind response 0.20 -> 0.35). NATO decides by consensus: the seat is one decision.
    Its p_T equals that of the same seat backed by a single guarantor."""
    scenario = load_scenario("vilnius-2023")
    seat = next(i for o in options_from_scenario(scenario) for i in o.instruments if i.id == "council-guest")
    assert seat.guarantors == ("group:NATO",)
    draws = draw_parameters(resolve_parameters(), 2000, np.random.default_rng(0))
    alliance = game_parameters(OptionSpec("a", "", (seat,)), draws)
    single = OptionSpec(
        "s", "", (InstrumentSpec("x", "council_guest", seat.legal_form, guarantors=("usa",)),)
    )
    assert np.allclose(alliance["p_T"], game_parameters(single, draws)["p_T"])


def test_round_trip_and_notebook_display() -> None:
    from pactlab.deter.report import RiskReport

    report = assess_scenario(load_scenario("vilnius-2023"), draws=2000, rng=1)
    again = RiskReport.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again.to_dict() == report.to_dict()
    assert "<table" in report._repr_html_()
    assert isinstance(report.summary(), str)
    frame = report.to_frame()
    assert {"p_deterrence_median", "p_deterrence_q05", "s5_q95"} <= set(frame.columns)
