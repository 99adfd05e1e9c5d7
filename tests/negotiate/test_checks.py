"""Bad decision input: one located line per problem, exit status 2, no traceback (issue 12; issue 17).

check_scenario returns (field path, message) pairs; ``pactlab negotiate`` turns them into
``file:line:path: message`` through ``Scenario.locate``.
"""

from __future__ import annotations

import re

import pytest
import yaml
from tests._support.cli import run_cli

from pactlab.errors import ScenarioError
from pactlab.negotiate import check_scenario, negotiate
from pactlab.negotiate.rules import deciders, pivotal
from pactlab.scenario import load_scenario

from ._scenarios import actor, build, one_issue, position


def _base(rule: str = "unanimity", **decision):
    actors = [actor("a", 2, votes=3), actor("b", 1, votes=2), actor("c", 1, groups=("H",), votes=1)]
    positions = [position("a", 70, 1.0), position("b", 40, 0.5), position("c", 10, 0.5)]
    return one_issue(actors, positions, {"rule": rule, "group": "G", **decision}, 20)


def _problems(data):
    return check_scenario(build(data))


def test_valid_scenarios_have_no_problems():
    assert _problems(_base()) == []
    for name in ("vilnius-2023", "bucharest-2008", "bdm1994-emissions"):
        assert check_scenario(load_scenario(name)) == [], name


def test_deleting_a_veto_players_position_is_an_error_unless_it_abstains():
    """issue 17: 'deleting a veto player's position on a unanimity issue validates without a word and
    silently removes the veto'."""
    data = _base()
    data["issues"][0]["positions"] = data["issues"][0]["positions"][:1]  # b's position deleted
    assert _problems(data) == [
        (
            "issues[0].positions",
            "b, a member of G, states no position: add one or list it under decision.abstaining "
            "(a member left out silently loses its vote or veto)",
        )
    ]
    data["issues"][0]["decision"]["abstaining"] = ["b"]
    assert _problems(data) == []


def test_qualified_majority_needs_votes_and_a_quota():
    problems = dict(_problems(_base("qualified_majority")))
    assert "vote weights" in problems["issues[0].decision.votes"]
    assert "needs a quota" in problems["issues[0].decision.quota"]
    assert _problems(_base("qualified_majority", votes="votes", quota=0.6)) == []
    assert (
        "more than half"
        in dict(_problems(_base("qualified_majority", votes="votes", quota=0.5)))["issues[0].decision.quota"]
    )


def test_a_member_without_the_named_votes_is_located_at_the_actor():
    data = _base("majority", votes="votes")
    del data["actors"][1]["capabilities"]
    assert _problems(data) == [
        ("actors[1].capabilities", "b has no 'votes' measure, which issues[0].decision.votes names")
    ]


def test_an_undefined_capability_measure_names_the_known_ones():
    (problem,) = _problems(_base(capability="vote"))
    assert problem == (
        "issues[0].decision.capability",
        "no actor defines the measure 'vote' (known: votes; did you mean 'votes'?)",
    )


def test_quota_and_votes_only_where_a_rule_uses_them():
    problems = dict(_problems(_base("unanimity", quota=0.6, votes="votes")))
    assert "only under qualified_majority" in problems["issues[0].decision.quota"]
    assert "only under majority rules" in problems["issues[0].decision.votes"]


def test_abstainers_and_lobbyists_are_checked():
    data = _base(abstaining=["a", "c", "zz"], lobbying={"a": 0.5, "cc": 0.2})
    problems = dict(_problems(data))
    assert problems["issues[0].decision.abstaining[0]"] == "a abstains but states a position (positions[0])"
    assert "c is no member of G" in problems["issues[0].decision.abstaining[1]"]
    assert problems["issues[0].decision.abstaining[2]"].startswith("unknown actor 'zz'")
    assert "a is a member of G" in problems["issues[0].decision.lobbying.a"]
    assert "did you mean 'c'?" in problems["issues[0].decision.lobbying.cc"]


def test_named_measures_need_a_source_or_rationale():
    data = _base()
    data["actors"][0]["capabilities"]["votes"] = {"value": 3}
    assert ("actors[0].capabilities.votes", "needs a source or a rationale") in _problems(data)


def test_negotiate_refuses_with_every_problem_located():
    data = _base("qualified_majority", capability="gdp")
    with pytest.raises(ScenarioError) as error:
        negotiate(build(data))
    paths = [p.location.path for p in error.value.problems]
    assert paths == ["issues[0].decision.votes", "issues[0].decision.quota", "issues[0].decision.capability"]


def _write(tmp_path, data):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _line_of(path, text):
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize(
    ("change", "where", "needle", "message"),
    [
        ({"rule": "qualified_majority", "quota": 0.7}, "issues[0].decision.votes", "rule:", "vote weights"),
        ({"capability": "gdp"}, "issues[0].decision.capability", "capability: gdp", "no actor defines"),
        ({"group": "Nobody"}, "issues[0].decision.group", "group: Nobody", "unknown group 'Nobody'"),
    ],
)
def test_cli_bad_decisions_exit_2_with_file_and_line(tmp_path, change, where, needle, message):
    data = _base()
    data["issues"][0]["decision"].update(change)
    path = _write(tmp_path, data)
    run = run_cli("negotiate", str(path))
    assert run.code == 2
    assert "Traceback" not in run.stderr
    assert run.stdout == ""
    line = re.escape(f"{path}:")
    assert re.search(rf"^{line}\d+:{re.escape(where)}: .*{message}", run.stderr, re.M), run.stderr
    found = int(re.search(rf"^{line}(\d+):", run.stderr, re.M).group(1))  # type: ignore[union-attr]
    if needle != "rule:":  # the missing field is located at its decision block
        assert found == _line_of(path, needle)


def test_an_abstaining_veto_player_no_longer_vetoes():
    data = _base()
    data["issues"][0]["positions"] = [p for p in data["issues"][0]["positions"] if p["actor"] != "b"]
    data["issues"][0]["decision"]["abstaining"] = ["b"]
    d = deciders(build(data).to_arrays(), "d")
    # only a (70) votes: win-set (20, 100), pivot a; with b (40) it was (20, 60), pivot b
    assert pivotal(d) == ("a",)
