"""Who decides: every model forecasts from the deciding group under its rule (issue 12, items 1 and 3).

Each case is small enough to work by hand; the arithmetic is in the comments. Scale 0-100 throughout,
linear loss: a member accepts z against the status quo q iff |z - x_i| < |q - x_i| (models.md 1.6).
"""

from __future__ import annotations

import numpy as np
import pytest

from pactlab.errors import PactlabError
from pactlab.negotiate import compromise, consensus, eum, median, nbs, negotiate, unanimity
from pactlab.negotiate.rules import deciders, pivotal, win_set

from ._scenarios import actor, build, one_issue, position

# --- unanimity ---------------------------------------------------------------------------------------
# G = {a (60, c 4, s 1), b (40, c 1, s 1), c (80, c 1, s 0.5)}; r (0, c 10, s 1) is outside G; q = 20.
# q lies below every member: the pivot is the member closest to q, b at 40; win-set (20, 2*40 - 20) =
# (20, 60). Weights c x s: a 4, b 1, c 0.5 (total 5.5).


def _unanimity(lobbying: float | None = None, **extra):
    decision = {"rule": "unanimity", "group": "G", **extra}
    if lobbying is not None:
        decision["lobbying"] = {"r": lobbying}
    actors = [actor("a", 4), actor("b", 1), actor("c", 1), actor("r", 10, groups=())]
    positions = [
        position("a", 60, 1.0),
        position("b", 40, 1.0),
        position("c", 80, 0.5),
        position("r", 0, 1.0),
    ]
    return build(one_issue(actors, positions, decision, 20))


class TestUnanimity:
    def test_win_set_and_pivot_are_the_groups(self):
        a = _unanimity().to_arrays()
        d = deciders(a, "d")
        assert d.members == ("a", "b", "c")  # r is no member: it never votes
        assert win_set(d) == (20.0, 60.0)
        assert pivotal(d) == ("b",)

    def test_compromise_is_the_groups_weighted_mean(self):
        # (4 x 60 + 1 x 40 + 0.5 x 80) / 5.5 = 320 / 5.5 = 58.18..., inside (20, 60)
        f = compromise(_unanimity().to_arrays(), "d")
        assert f.forecast == pytest.approx(320 / 5.5)
        assert f.agreement is True
        assert f.details["decision"]["bargainers"] == ["a", "b", "c"]

    def test_median_lands_on_the_edge(self):
        # sorted 40 (1), 60 (4), 80 (0.5): half of 5.5 is 2.75, reached at 60 = the win-set's edge
        f = median(_unanimity().to_arrays(), "d")
        assert f.forecast == 60.0
        (row,) = consensus(_unanimity(), [f]).issues[0].forecasts
        assert row["acceptable"] is False  # b is indifferent between 60 and 20 (both 20 away)
        assert row["at_edge"] is True
        assert row["veto_players"] == [{"actor": "b", "shift": 0.0}]

    def test_unanimity_model_and_consensus_are_one_computation(self):
        scenario = _unanimity()
        f = unanimity(scenario.to_arrays(), "d")
        # setter a (weight 4) proposes its own 60, the closure's upper end
        assert f.forecast == 60.0
        assert f.details["setter"] == "a"
        (item,) = consensus(scenario, [f]).issues
        assert f.details["pivotal"] == list(item.pivotal) == ["b"]
        assert tuple(f.details["win_set"]) == item.win_set == (20.0, 60.0)

    def test_an_outsider_weighs_only_with_its_lobbying_share(self):
        # r lobbies with half its weight: 0.5 x 10 x 1 = 5 at 0: (320 + 0) / 10.5 = 30.48, inside (20, 60);
        # the win-set and the pivot do not change: r still has no vote
        scenario = _unanimity(lobbying=0.5)
        f = compromise(scenario.to_arrays(), "d")
        assert f.forecast == pytest.approx(320 / 10.5)
        assert pivotal(deciders(scenario.to_arrays(), "d")) == ("b",)
        assert nbs(scenario.to_arrays(), "d").details["decision"]["bargainers"] == ["a", "b", "c"]

    def test_nash_bargaining_among_the_group(self):
        # feasible (20, 60); on (40, 60) the objective is 4 log(x - 20) + log(60 - x) + 0.5 log(x - 20):
        # 4.5 / (x - 20) = 1 / (60 - x)  ->  x = 290 / 5.5 = 52.727...
        f = nbs(_unanimity().to_arrays(), "d")
        assert f.forecast == pytest.approx(290 / 5.5, abs=1e-9)
        assert f.agreement is True

    def test_status_quo_among_the_members_holds_and_nbs_says_who_blocks(self):
        # q = 50 lies between b (40) and a, c (60, 80): win-set empty, every model gives 50
        data = one_issue(
            [actor("a", 4), actor("b", 1), actor("c", 1)],
            [position("a", 60, 1.0), position("b", 40, 1.0), position("c", 80, 0.5)],
            {"rule": "unanimity", "group": "G"},
            50,
        )
        a = build(data).to_arrays()
        for model in (compromise, median):
            f = model(a, "d")
            assert (f.forecast, f.agreement) == (50.0, False)
        assert eum(a, "d", rounds=3).forecast == 50.0
        f = nbs(a, "d")
        assert f.forecast is None
        assert f.details["blocking"]["below"] == ["b"]
        assert f.details["blocking"]["above"] == ["a", "c"]
        assert "b (40), who lose from any move up" in f.details["blocking"]["reason"]

    def test_explicit_abstention_removes_only_that_veto(self):
        # b abstains (and states no position): the pivot becomes a at 60, win-set (20, 100)
        # (2 x 60 - 20 = 100, the scale's end)
        data = one_issue(
            [actor("a", 4), actor("b", 1), actor("c", 1)],
            [position("a", 60, 1.0), position("c", 80, 0.5)],
            {"rule": "unanimity", "group": "G", "abstaining": ["b"]},
            20,
        )
        d = deciders(build(data).to_arrays(), "d")
        assert d.abstaining == ("b",)
        assert win_set(d) == (20.0, 100.0)
        assert pivotal(d) == ("a",)


# --- coalition of the willing ------------------------------------------------------------------------
# q = 50. a (30, c 10, s 0.7) wants less: it cannot pull the outcome back and abstains; d at 50 wants no
# change and abstains too; the willing are b (65, c 4, s 0.5: weight 2) and c (80, c 1, s 1: weight 1).


def _coalition(**decision):
    actors = [actor("a", 10), actor("b", 4), actor("c", 1), actor("d", 1), actor("r", 10, groups=())]
    positions = [
        position("a", 30, 0.7),
        position("b", 65, 0.5),
        position("c", 80, 1.0),
        position("d", 50, 0.5),
        position("r", 0, 1.0),
    ]
    return build(
        one_issue(actors, positions, {"rule": "coalition_of_the_willing", "group": "G", **decision}, 50)
    )


class TestCoalitionOfTheWilling:
    def test_the_willing_set_the_outcome(self):
        # compromise (2 x 65 + 1 x 80) / 3 = 70; median: half of 3 is 1.5, reached at 65
        a = _coalition().to_arrays()
        assert deciders(a, "d").willing == ("b", "c")
        assert compromise(a, "d").forecast == pytest.approx(70.0)
        assert median(a, "d").forecast == 65.0
        # all four members (a's weight 7 at 30) would give (21 + 2 x 65 + 80 + 0.5 x 50) / 10.5 = 24.3: down
        assert compromise(a, "d").agreement is True

    def test_nbs_among_the_willing(self):
        # d = 50: b's interval (50, 80), c's (50, 110); on (50, 65) the objective 3 log(x - 50) rises, on
        # (65, 80) its slope -2 / (80 - x) + 1 / (x - 50) < 0: the maximum is the kink at 65
        assert nbs(_coalition().to_arrays(), "d").forecast == pytest.approx(65.0, abs=1e-9)

    def test_eum_runs_among_the_willing_only(self):
        f = eum(_coalition().to_arrays(), "d", rounds=4)
        assert set(f.details["final_positions"]) == {"b", "c"}
        assert f.forecast >= 50.0

    def test_nobody_willing_leaves_the_status_quo(self):
        data = one_issue(
            [actor("a", 10), actor("b", 4)],
            [position("a", 30, 0.7), position("b", 50, 0.5)],
            {"rule": "coalition_of_the_willing", "group": "G"},
            50,
        )
        a = build(data).to_arrays()
        for model in (compromise, median):
            f = model(a, "d")
            assert (f.forecast, f.agreement) == (50.0, False)
        assert nbs(a, "d").forecast is None
        assert eum(a, "d", rounds=2).trajectory == (50.0, 50.0, 50.0)

    def test_lobbying_cannot_pull_below_the_status_quo(self):
        # r (outsider, 0) lobbies with its full weight 10: (130 + 80 + 0) / 13 = 16.2 < 50: the willing do
        # not act below the status quo, so the outcome stays 50
        f = compromise(_coalition(lobbying={"r": 1.0}).to_arrays(), "d")
        assert f.details["decision"]["unconstrained"] == pytest.approx(210 / 13)
        assert (f.forecast, f.agreement) == (50.0, False)

    def test_the_unanimity_model_does_not_apply(self):
        result = negotiate(_coalition(), "unanimity")
        assert result.results == ()
        ((model, issue, why),) = result.skipped
        assert (model, issue) == ("unanimity", "d")
        assert "coalition of the willing" in why


# --- majority and qualified majority -----------------------------------------------------------------
# Members at 10, 20, 30, 60, 90; q = 80.


def _voting(rule: str, votes: tuple[float, ...] | None, caps=(1, 1, 1, 1, 1), q=80.0, **decision):
    names = ("a", "b", "c", "d", "e")
    xs = (10, 20, 30, 60, 90)
    actors = [
        actor(n, c, **({"votes": v} if votes else {}))
        for n, c, v in zip(names, caps, votes or (1,) * 5, strict=True)
    ]
    if decision.pop("abstainer", False):
        actors.append(actor("f", 1, votes=1.0))
        decision["abstaining"] = ["f"]
    positions = [position(n, x, 1.0) for n, x in zip(names, xs, strict=True)]
    dec = {"rule": rule, "group": "G", **decision}
    if votes:
        dec["votes"] = "votes"
    return build(one_issue(actors, positions, dec, q))


class TestMajority:
    def test_one_vote_each_the_median_member_is_pivotal(self):
        # more than half of 5 votes: from below, 10, 20, 30 reach 3 at 30; q = 80 > 30, so the win-set
        # is (2 x 30 - 80, 80) = (-20, 80), cut to the scale: (0, 80); the compromise 42 lies inside
        s = _voting("majority", None)
        d = deciders(s.to_arrays(), "d")
        assert win_set(d) == (0.0, 80.0)
        assert pivotal(d) == ("c",)
        assert compromise(s.to_arrays(), "d").forecast == pytest.approx(42.0)

    def test_vote_weights_move_the_pivot(self):
        # votes 1, 1, 1, 3, 3 (9): from below 1, 2, 3, 6 > 4.5 at 60: win-set (2 x 60 - 80, 80) = (40, 80).
        # capabilities 3, 1, 1, 1, 1: compromise (30 + 20 + 30 + 60 + 90) / 7 = 32.86 -> moved to 40,
        # where d (60) is indifferent
        s = _voting("majority", (1, 1, 1, 3, 3), caps=(3, 1, 1, 1, 1))
        d = deciders(s.to_arrays(), "d")
        assert win_set(d) == (40.0, 80.0)
        assert pivotal(d) == ("d",)
        f = compromise(s.to_arrays(), "d")
        assert f.details["decision"]["unconstrained"] == pytest.approx(230 / 7)
        assert f.forecast == pytest.approx(40.0)
        assert f.agreement is True


class TestQualifiedMajority:
    def test_quota_of_all_votes_with_an_abstainer_counting_against(self):
        # quota 0.7 of 6 votes (f abstains) = 4.2: from below 10, 20, 30, 60, 90 reach 5 only at 90;
        # q = 95 > 90: win-set (2 x 90 - 95, 95) = (85, 95); the compromise 42 moves to 85
        s = _voting("qualified_majority", (1, 1, 1, 1, 1), q=95.0, quota=0.7, abstainer=True)
        d = deciders(s.to_arrays(), "d")
        assert d.abstain_votes == 1.0
        assert win_set(d) == (85.0, 95.0)
        assert pivotal(d) == ("e",)
        assert compromise(s.to_arrays(), "d").forecast == pytest.approx(85.0)

    def test_without_the_abstainer_the_quota_is_lower(self):
        # 0.7 of 5 = 3.5: from below reached at the 4th member, 60: win-set (25, 95); 42 is inside
        s = _voting("qualified_majority", (1, 1, 1, 1, 1), q=95.0, quota=0.7)
        assert win_set(deciders(s.to_arrays(), "d")) == (25.0, 95.0)
        assert compromise(s.to_arrays(), "d").forecast == pytest.approx(42.0)


def test_without_a_status_quo_the_rule_constrains_nothing():
    """decide-format files carry no status quo and no groups: every actor bargains, nothing is moved."""
    s = _voting("majority", None, q=None)
    f = compromise(s.to_arrays(), "d")
    assert f.forecast == pytest.approx(42.0)
    assert f.details["decision"]["note"] == "no status quo: the rule cannot be applied"


# --- the win-set from pivots equals the points the rule lets pass, by brute force ------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pactlab.negotiate.rules import Deciders, passes  # noqa: E402


@st.composite
def _groups(draw):
    n = draw(st.integers(1, 7))
    x = draw(
        st.lists(st.sampled_from([0.0, 10.0, 25.0, 40.0, 50.0, 65.0, 80.0, 100.0]), min_size=n, max_size=n)
    )
    votes = draw(st.lists(st.integers(1, 5), min_size=n, max_size=n))
    rule = draw(st.sampled_from(["unanimity", "majority", "qualified_majority"]))
    quota = draw(st.sampled_from([0.55, 2 / 3, 0.71, 0.9, 1.0])) if rule == "qualified_majority" else None
    abstain = float(draw(st.integers(0, 3))) if rule == "qualified_majority" else 0.0
    q = draw(st.sampled_from([5.0, 20.0, 33.0, 50.0, 72.0, 95.0]))
    return Deciders(0, "d", rule, "G", q, tuple(f"m{k}" for k in range(n)), np.array(x),
                    np.array(votes, dtype=float), np.ones(n), (), abstain, (), quota)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_groups())
def test_win_set_equals_the_points_that_pass(d):
    ws = win_set(d)
    for z in np.linspace(0.0, 100.0, 401):  # steps of 0.25: never a midpoint tie with these positions
        if z == d.status_quo or (ws is not None and z in (0.0, 100.0) and z in ws):
            continue  # a scale end where the win-set was cut belongs to it; the open interval omits it
        inside = ws is not None and ws[0] < z < ws[1]
        assert passes(d, float(z)) == inside, (z, ws)


@st.composite
def _issues(draw):
    """One issue, 3-6 actors, a random deciding group (at least one member) under a random rule."""
    from dataclasses import replace as _replace

    from pactlab.scenario.arrays import DecisionArrays

    from ._arrays import make_arrays

    n = draw(st.integers(3, 6))
    x = draw(st.lists(st.floats(0, 100), min_size=n, max_size=n))
    s = draw(st.lists(st.floats(0.05, 1), min_size=n, max_size=n))
    c = draw(st.lists(st.floats(0.1, 10), min_size=n, max_size=n))
    member = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    member[draw(st.integers(0, n - 1))] = True
    rule = draw(st.sampled_from(["unanimity", "majority", "qualified_majority", "coalition_of_the_willing"]))
    q = draw(st.floats(0, 100))
    a = make_arrays(np.array(x)[:, None], np.array(s)[:, None], c, status_quo=[q])
    m = np.array(member)[:, None]
    lobby = np.where(m, 1.0, draw(st.sampled_from([0.0, 0.5])))
    dec = _replace(DecisionArrays.everyone(n, 1), rule=(rule,), member=m, influence=lobby,
                   quota=np.array([0.7 if rule == "qualified_majority" else np.nan]))  # fmt: skip
    return _replace(a, decision=dec)


@settings(max_examples=150, deadline=None)
@given(_issues(), st.sampled_from(["compromise", "median", "nbs", "eum"]))
def test_every_forecast_lies_where_the_rule_lets_it(a, name):
    from pactlab.errors import PactlabError
    from pactlab.negotiate import MODELS

    try:
        f = MODELS[name].run(a, "d0", rounds=2)
    except PactlabError:
        return  # e.g. every bargainer's weight is zero: a located error, tested elsewhere
    d = deciders(a, "d0")
    q = d.status_quo
    assert q is not None
    if f.forecast is None:
        assert name == "nbs"
        return
    if d.rule == "coalition_of_the_willing":
        assert f.forecast >= q - 1e-9
        if not f.agreement:
            assert f.forecast == pytest.approx(q, abs=1e-12)  # q through the scale's units and back
        return
    ws = win_set(d)
    if ws is None:
        assert f.forecast == pytest.approx(q, abs=1e-12)  # q through the scale's units and back
        assert f.agreement is False
    else:
        assert min(ws[0], q) - 1e-9 <= f.forecast <= max(ws[1], q) + 1e-9


def test_the_model_uses_the_measure_it_is_told():
    """Two measures per actor: capability (a 9, b 1) and gdp (a 1, b 3); same salience, a at 20, b at 60.
    Default measure: (9 x 20 + 1 x 60) / 10 = 24; decision.capability gdp: (20 + 3 x 60) / 4 = 50."""
    actors = [actor("a", 9, gdp=1), actor("b", 1, gdp=3)]
    positions = [position("a", 20, 0.5), position("b", 60, 0.5)]
    default = build(one_issue(actors, positions, {"rule": "unanimity", "group": "G"}, None))
    gdp = build(one_issue(actors, positions, {"rule": "unanimity", "group": "G", "capability": "gdp"}, None))
    assert compromise(default.to_arrays(), "d").forecast == pytest.approx(24.0)
    assert compromise(gdp.to_arrays(), "d").forecast == pytest.approx(50.0)
    assert negotiate(gdp, "median").weights[0].measure == "gdp"
    assert dict(negotiate(gdp, "median").weights[0].shares) == pytest.approx({"a": 0.25, "b": 0.75})


def test_an_unknown_setter_lists_the_members():
    with pytest.raises(PactlabError, match=r"'rr' is no voting member of the group \(known: a, b, c\)"):
        unanimity(_unanimity().to_arrays(), "d", setter="rr")
    with pytest.raises(PactlabError, match="did you mean 'a'"):
        unanimity(_unanimity().to_arrays(), "d", setter="aa")
    assert unanimity(_unanimity().to_arrays(), "d", setter="c").forecast == 60.0  # c (80) held to 60
