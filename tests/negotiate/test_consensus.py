"""Consensus (veto-player) analysis, checked by hand on the minimal test scenario (models.md 1.6).

Issue x (scale 0-10, status quo 2) is decided by unanimity in group G = {a (position 8), b (5)};
c (1) is not a member. Win-set: q = 2 lies below both, the pivotal veto player is b (closest to q),
the edge is 2 * 5 - 2 = 8, so the win-set is (2, 8).
"""

from __future__ import annotations

import pytest
from tests._support.minimal import minimal

from pactlab.negotiate import compromise, consensus, negotiate
from pactlab.scenario.io import scenario_from_data


def _scenario(**changes):
    data = minimal()
    for path, value in changes.items():
        if path == "level":
            data["options"][0]["adoption"]["level"] = value
        elif path == "rule":
            data["issues"][0]["decision"]["rule"] = value
    return scenario_from_data(data, "minimal.yaml")


def _issue_x(report):
    (item,) = [i for i in report.issues if i.issue == "x"]
    return item


def test_issue_without_status_quo_reports_no_win_set():
    """Issue y (decided by all actors, no status quo): no win-set, nothing judged acceptable."""
    scenario = _scenario()
    (item,) = [
        i for i in consensus(scenario, [compromise(scenario.to_arrays(), "y")]).issues if i.issue == "y"
    ]
    assert item.status_quo is None
    assert item.win_set is None
    assert item.unstated == ("b",)  # b states no position on y
    assert item.forecasts[0]["acceptable"] is None


def test_issue_win_set_pivotal_and_forecast():
    scenario = _scenario()
    forecast = compromise(scenario.to_arrays(), "x")
    # only the deciding group G = {a, b} bargains (c is no member and has no lobbying share, issue 12):
    # weights c x s: a 2 x 0.9 = 1.8, b 1 x 0.5 = 0.5 -> (1.8 x 8 + 0.5 x 5) / 2.3 = 16.9 / 2.3, inside (2, 8)
    assert forecast.forecast == pytest.approx(16.9 / 2.3)
    item = _issue_x(consensus(scenario, [forecast]))
    assert item.win_set == (2.0, 8.0)
    assert item.pivotal == ("b",)
    assert item.unstated == ()
    (row,) = item.forecasts
    assert row["acceptable"] is True
    assert row["veto_players"] == []


def test_forecast_outside_win_set_names_veto_player_and_shift():
    scenario = _scenario()
    outside = compromise(scenario.to_arrays(), "x")
    outside = type(outside)(**{**outside.__dict__, "forecast": 9.0})
    item = _issue_x(consensus(scenario, [outside]))
    (row,) = item.forecasts
    # b (5) prefers 2 to 9 (3 < 4); it accepts once past the midpoint 5.5: a shift of 0.5
    assert row["acceptable"] is False
    assert row["veto_players"] == [{"actor": "b", "shift": 0.5}]
    assert row["smallest_change"] == {"actor": "b", "shift": 0.5}


@pytest.mark.parametrize(("level", "reachable"), [(6, True), (7.9, True), (9, False)])
def test_option_reachable_by_consensus(level, reachable):
    (opt,) = consensus(_scenario(level=level)).options
    assert opt.reachable is reachable
    assert opt.rule == "unanimity"
    if not reachable:
        assert [b["actor"] for b in opt.blockers] == ["b"]


def test_coalition_of_the_willing_lists_actors_at_or_beyond_level():
    report = consensus(_scenario(rule="coalition_of_the_willing", level=6))
    assert [i.issue for i in report.issues] == ["y"]  # only unanimity issues get the veto analysis
    (opt,) = report.options
    assert opt.willing == ("a",)  # group G: a at 8 >= 6; b at 5 is not willing
    assert opt.reachable is True


def test_negotiate_json_has_consensus_and_skips_with_reasons():
    result = negotiate(_scenario(), "all", rounds=2, rng=0)
    data = result.to_dict()
    assert {r["model"] for r in data["results"]} >= {"compromise", "median", "eum", "exchange"}
    assert any(c["kind"] == "issue" and c["issue"] == "x" for c in data["consensus"])
    # issue y has no status quo: unanimity cannot run there, and says why
    assert ("unanimity", "y", "the unanimity model needs a status quo on this issue") in result.skipped
