"""vilnius-2023 under its decision rules (issue 12): who decides, who weighs, and why the EUM stands still.

The expectations follow from the scenario's own numbers, worked out in the comments; they are not
copied from the code's output. The positions are analyst estimates (see the scenario file), so these
tests check the decision logic on them, not the forecasts' accuracy.
"""

from __future__ import annotations

import math

import pytest

from pactlab.negotiate import MODELS, negotiate
from pactlab.scenario import load_scenario

OUTSIDERS = {"rus", "ukr", "swe"}  # not NATO members in July 2023 (Sweden joined on 7 March 2024)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("vilnius-2023")


@pytest.fixture(scope="module")
def result(scenario):
    return negotiate(scenario, "all", rounds=10, rng=0)


def _forecasts(result, issue):
    return {f.model: f for f in result.results if f.issue == issue}


def test_no_model_names_russia_or_ukraine_as_a_nato_veto_player(result):
    for item in result.consensus.issues:
        if item.group == "NATO":
            assert not OUTSIDERS & set(item.pivotal), item.issue
            for row in item.forecasts:
                assert not OUTSIDERS & {v["actor"] for v in row.get("veto_players", [])}
    for f in result.results:
        decision = f.details["decision"]
        if decision["group"] == "NATO":
            assert not OUTSIDERS & set(decision.get("pivotal", [])), (f.model, f.issue)
            assert not OUTSIDERS & set(decision.get("bargainers", [])), (f.model, f.issue)


def test_participant_status_hungary_alone_is_pivotal(result):
    """Every Ally stands above the status quo 20, Hungary lowest at 40: win-set (20, 2 x 40 - 20) =
    (20, 60); before issue 12 the unanimity model also named Russia (at 0) as pivotal."""
    (item,) = [i for i in result.consensus.issues if i.issue == "participant-status"]
    assert item.win_set == (20.0, 60.0)
    assert item.pivotal == ("hun",)
    unanimity = _forecasts(result, "participant-status")["unanimity"]
    assert unanimity.details["pivotal"] == ["hun"]
    # the setter, the US (weight 838814000 x 0.5, the largest), proposes its own 55, inside the win-set
    assert unanimity.details["setter"] == "usa"
    assert unanimity.forecast == pytest.approx(55.0, abs=1e-12)  # 55 through the 0-100 scale and back
    for f in _forecasts(result, "participant-status").values():
        assert f.forecast is not None, f.model
        assert 20.0 < f.forecast < 60.0, f.model


def test_membership_path_status_quo_holds_under_consensus(result):
    """Hungary (15) below the status quo 25, the other Allies above it: the win-set is empty."""
    for model, f in _forecasts(result, "membership-path").items():
        assert f.agreement is False, model
        assert f.forecast in (25.0, None), model
    nbs = _forecasts(result, "membership-path")["nbs"]
    assert nbs.details["blocking"]["below"] == ["hun"]


def test_coalition_issues_are_forecast_from_the_willing(result, scenario):
    """long-range-strike: status quo 50; the US and Germany (30), Italy (35) and Hungary (0) want less
    and abstain; the willing UK (65), France (60), Poland (75) and the Baltic states (80) act. Every
    weighted model now moves the status quo up (before: about 31, down)."""
    forecasts = _forecasts(result, "long-range-strike")
    assert "unanimity" not in forecasts
    (coalition,) = [c for c in result.consensus.coalitions if c.issue == "long-range-strike"]
    assert set(coalition.willing) == {"gbr", "fra", "pol", "ltu", "lva", "est"}
    assert {"usa", "deu", "ita", "hun"} <= set(coalition.abstaining)
    for model, f in forecasts.items():
        assert f.forecast is not None, model
        assert 60.0 <= f.forecast <= 80.0, model
        assert f.agreement is True
    # compromise among the willing by hand, weights milex x salience (thousands of USD):
    # gbr 72184000 x 0.7, fra 54258000 x 0.5, pol 12965000 x 0.6, ltu 1580000 x 0.5,
    # lva 857000 x 0.5, est 812000 x 0.5
    w = {"gbr": 50528800, "fra": 27129000, "pol": 7779000, "ltu": 790000, "lva": 428500, "est": 406000}
    x = {"gbr": 65, "fra": 60, "pol": 75, "ltu": 80, "lva": 80, "est": 80}
    expected = sum(w[a] * x[a] for a in w) / sum(w.values())
    assert forecasts["compromise"].forecast == pytest.approx(expected)


def test_every_coalition_issue_lies_at_or_above_its_status_quo(result, scenario):
    for issue in scenario.issues:
        if issue.decision.rule.value != "coalition_of_the_willing":
            continue
        for f in _forecasts(result, issue.id).values():
            assert f.forecast is not None, (f.model, issue.id)
            assert f.forecast >= issue.status_quo, (f.model, issue.id)


def test_weight_share_warning_where_one_actor_holds_more_than_half(result):
    """membership-path: among the 31 Allies, the US holds milex 838814000 x 0.8 = 671 bn of about 860 bn
    (78%); long-range-strike: the UK holds 50.5 of 87.1 bn among the willing (58%)."""
    shares = {w.issue: w for w in result.weights}
    assert shares["membership-path"].dominant == "usa"
    assert dict(shares["membership-path"].shares)["usa"] == pytest.approx(0.78, abs=0.01)
    assert shares["long-range-strike"].dominant == "gbr"
    assert dict(shares["long-range-strike"].shares)["gbr"] == pytest.approx(50528800 / 87061300)
    assert any("usa holds 78% of the weight on membership-path" in w for w in result.warnings())
    for w in result.weights:
        assert math.isclose(sum(s for _, s in w.shares), 1.0)
        assert not OUTSIDERS & {a for a, _ in w.shares} or w.issue == "peace-settlement"


def test_eum_says_why_its_median_stands_still(result, scenario):
    """The EUM moves most actors but not its median: the dominant actor holds more than half the weight,
    so the weighted median is its position, and no one makes it an offer (issue 12 item 4)."""
    for issue in ("membership-path", "long-range-strike", "bilateral-web"):
        f = _forecasts(result, issue)["eum"]
        note = f.details["note"]
        dominant = next(w.dominant for w in result.weights if w.issue == issue)
        assert note.startswith(f"The median stays at {dominant}'s position"), note
        assert "no actor challenged it credibly" in note
        stated = next(p.position for p in scenario.issue(issue).positions if p.actor == dominant)
        assert f.details["final_positions"][dominant] == stated  # it never moved
        moved = sum(
            v != next(p.position for p in scenario.issue(issue).positions if p.actor == a)
            for a, v in f.details["final_positions"].items()
        )
        assert moved >= 1
        assert f"{moved} of {len(f.details['final_positions'])} actors moved" in note


def test_cinc_measure_recomputed_from_cow_nmc(shared_data, scenario):
    """The alternative measure `cinc` is COW NMC 7.0's CINC for 2022 (peacesciencer's cow_nmc.rda)."""
    pyreadr = pytest.importorskip("pyreadr")
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "vilnius_capabilities", Path(__file__).resolve().parents[2] / "scripts" / "vilnius_capabilities.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert pyreadr is not None
    figures = module.capabilities(shared_data / "conflict" / "peacesciencer" / "cow_nmc.rda")
    for a in scenario.actors:
        assert a.capabilities["cinc"].value == pytest.approx(figures[a.id][1], rel=1e-6), a.id
        assert a.capabilities["cinc"].source == "cow-nmc"


def test_all_models_ran_where_their_rule_applies(result):
    ran = {(f.model, f.issue) for f in result.results}
    for model in MODELS:
        if model != "unanimity":
            assert {(model, i) for i in ("membership-path", "long-range-strike")} <= ran
    assert {why for m, _, why in result.skipped if m == "unanimity"} == {
        "decided by coalition of the willing, not unanimity: no member can veto",
        "the unanimity model needs a status quo on this issue",
    }
