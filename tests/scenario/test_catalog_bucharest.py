"""The small catalog scenario ``bucharest-2008``: who is in it, where its numbers come from, which way
the stated stances point.

References
----------
NATO, Bucharest Summit Declaration, 3 April 2008, para. 23 (no MAP; "these countries will become members").
Merkel, 10 March 2008 (Civil Georgia); Fillon, France Inter, 1 April 2008 (Reuters); Bush, Kyiv, 1 April
2008 (VOA); Kaczynski's letter of March 2008; the letter of ten Allies of March 2008 (AFP); Putin, Moscow,
14 February 2008 (dpa). Each is listed with its address and date in the scenario's ``metadata.sources``.
Correlates of War, National Material Capabilities v7.0, variable ``milex`` (thousands of current USD),
via peacesciencer's ``cow_nmc.rda`` (../shared/data/PROVENANCE.md). COW state codes from the COW state
system membership list.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from pactlab.scenario import Scenario, load_scenario
from pactlab.scenario.taxonomy import DecisionRule, InstrumentKind

# The Allies with a recorded stance on Georgia's MAP before Bucharest (all were NATO members in April 2008,
# NATO member countries page); the other 12 Allies of 2008 are deliberately not modelled.
ALLIES = frozenset(
    {"usa", "deu", "fra", "gbr", "ita", "esp", "nld", "pol", "cze", "rou", "ltu", "lva", "est", "can"}
)
NATO_2008_SIZE = 26  # NATO decisions on open-door policy, 3 April 2008: "the 26 NATO countries"

# Correlates of War state codes (COW state list), typed independently of the scenario file.
COW_CODES = {
    "usa": 2, "can": 20, "gbr": 200, "nld": 210, "fra": 220, "esp": 230, "deu": 255, "pol": 290,
    "cze": 316, "ita": 325, "rou": 360, "rus": 365, "est": 366, "lva": 367, "ltu": 368, "geo": 372,
}  # fmt: skip
MILEX_YEAR = 2007  # the last full year before the as-of date (1 April 2008)

K = InstrumentKind
# The guarantee options of the case and the instrument kinds each must contain.
OPTION_KINDS = {
    "map-for-georgia": {K.COLLECTIVE_DEFENCE_CLAUSE},
    "us-georgia-charter": {K.BILATERAL_SECURITY_AGREEMENT},
    "arms-and-training": {K.ARMS_DELIVERIES},
    "monitoring-mission": {K.MONITORING_MISSION},
    "sanctions-on-russia": {K.SANCTIONS},
}
# Options decided by NATO consensus versus by willing guarantors.
OPTION_RULES = {
    "map-for-georgia": DecisionRule.UNANIMITY,
    "us-georgia-charter": DecisionRule.COALITION_OF_THE_WILLING,
    "arms-and-training": DecisionRule.COALITION_OF_THE_WILLING,
    "monitoring-mission": DecisionRule.COALITION_OF_THE_WILLING,
    "sanctions-on-russia": DecisionRule.COALITION_OF_THE_WILLING,
}


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario("bucharest-2008")


def test_it_validates_and_is_small(scenario: Scenario) -> None:
    assert scenario.id == "bucharest-2008"
    assert scenario.metadata.as_of == dt.date(2008, 4, 1)
    assert len(scenario.actors) <= 16
    assert 3 <= len(scenario.issues) <= 4
    assert 3 <= len(scenario.options) <= 5
    arrays = scenario.to_arrays()
    assert arrays.positions.shape == (len(scenario.actors), len(scenario.issues))


def test_the_description_says_which_allies_are_left_out(scenario: Scenario) -> None:
    text = " ".join(scenario.metadata.description.split())
    assert "lists only fourteen Allies, each with a recorded public stance" in text
    assert NATO_2008_SIZE - len(ALLIES) == 12
    assert "The other twelve members of the 26-member Alliance of 2008 are NOT modelled" in text


def test_the_allies_are_nato_and_georgia_and_russia_are_not(scenario: Scenario) -> None:
    assert set(scenario.group_members("NATO")) == ALLIES
    assert {a.id for a in scenario.actors} == ALLIES | {"geo", "rus"}
    for other in ("geo", "rus"):
        assert "NATO" not in scenario.actor(other).groups
    assert (scenario.deterrence.challenger, scenario.deterrence.target) == ("rus", "geo")


def test_every_position_has_a_rationale_and_a_known_source(scenario: Scenario) -> None:
    known = {s.id for s in scenario.metadata.sources}
    for issue in scenario.issues:
        for pos in issue.positions:
            where = f"{issue.id}/{pos.actor}"
            assert pos.rationale, f"{where}: every position needs a one-line rationale"
            assert pos.source is None or pos.source in known, f"{where}: unknown source {pos.source!r}"
            if pos.source is None:
                assert pos.rationale.startswith("estimate:"), f"{where}: unsourced, so say it is an estimate"
    for instrument in scenario.instruments:
        assert instrument.rationale, instrument.id
        assert instrument.source is None or instrument.source in known, instrument.id
    for source in scenario.metadata.sources:
        assert source.url, f"{source.id}: every source of this scenario was located with its address"


def test_the_membership_issue_is_decided_by_consensus_with_every_ally(scenario: Scenario) -> None:
    issue = scenario.issue("membership-path")
    assert issue.decision.rule is DecisionRule.UNANIMITY
    assert issue.decision.group == "NATO"
    assert {p.actor for p in issue.positions} == ALLIES | {"geo", "rus"}
    for issue in scenario.issues:
        assert (issue.scale.lower, issue.scale.upper) == (0, 100)
        assert issue.status_quo is not None
        assert "status quo" in issue.scale.anchors[f"{issue.status_quo:g}"], issue.id
        assert {"geo", "rus"} <= {p.actor for p in issue.positions}, issue.id


def test_the_stated_stances_point_the_right_way(scenario: Scenario) -> None:
    """Signs against the statements: Fillon 'opposed to the entry'; Merkel 'cannot become members';
    Bush 'should be given MAP'; Kaczynski and the letter of ten urge a MAP; Putin threatens to retarget
    missiles at Ukraine if it joins NATO (14 February 2008)."""
    issue = scenario.issue("membership-path")
    sq = issue.status_quo
    assert sq is not None
    anchors = {label.split(" (")[0]: float(point) for point, label in issue.scale.anchors.items()}
    grant_map = anchors["Membership Action Plan granted at Bucharest"]
    at = {p.actor: p.position for p in issue.positions}
    assert at["rus"] == min(at.values()) == issue.scale.lower
    assert at["geo"] == max(at.values())
    assert at["fra"] <= sq  # no move from the status quo
    assert at["deu"] < grant_map
    assert at["fra"] < grant_map
    for supporter in ("usa", "pol", "cze", "rou", "ltu", "lva", "est"):
        assert at[supporter] >= grant_map, supporter
    assert min(at[a] for a in ("usa", "pol")) > max(at[a] for a in ("deu", "fra"))
    by_source = {p.actor: p.source for p in issue.positions}
    assert by_source["deu"] == "merkel-2008-03-10"
    assert by_source["fra"] == "fillon-2008-04-01"
    assert by_source["usa"] == "bush-kyiv-2008-04-01"
    assert by_source["rus"] == "putin-2008-02-14"


def test_the_blockers_make_map_fail_under_consensus(scenario: Scenario) -> None:
    """Bucharest declaration para. 23: no MAP. With the status quo inside the Allies' range of positions,
    the unanimity win-set is empty (docs/models.md 1.6), so the MAP level is not reachable by consensus."""
    issue = scenario.issue("membership-path")
    sq = issue.status_quo
    assert sq is not None
    allies = [p.position for p in issue.positions if p.actor in ALLIES]
    assert min(allies) <= sq <= max(allies)


def test_the_options_and_their_instrument_kinds(scenario: Scenario) -> None:
    options = {o.id: o for o in scenario.options}
    assert set(options) == set(OPTION_KINDS)
    for option_id, kinds in OPTION_KINDS.items():
        option = options[option_id]
        have = {scenario.instrument(i).kind for i in option.instruments}
        assert kinds <= have, f"{option_id}: missing {kinds - have}"
        assert option.guarantors, option_id
        assert option.adoption is not None, option_id
        issue = scenario.issue(option.adoption.issue)
        assert issue.decision.rule is OPTION_RULES[option_id], option_id
        assert issue.status_quo is not None
        assert option.adoption.level > issue.status_quo, f"{option_id}: adoption must move the status quo"
    assert options["us-georgia-charter"].guarantors == ("usa",)
    charter = scenario.instrument("us-georgia-charter")
    assert charter.legal_form == "political_declaration"  # 'not a mutual defense treaty'
    assert set(options["map-for-georgia"].guarantors) == ALLIES
    for instrument in scenario.instruments:
        if instrument.kind is K.SANCTIONS:
            assert instrument.trigger is not None, instrument.id
            assert instrument.trigger.threshold is not None, instrument.id


def test_milestones_follow_the_six_point_plan(scenario: Scenario) -> None:
    graph = {m.id: set(m.depends_on) for m in scenario.milestones}
    assert all(m.benchmarks for m in scenario.milestones)
    withdrawal = next(m for m in scenario.milestones if m.id == "withdrawal-pre-war")
    assert any("EUMM" in b.evidence for b in withdrawal.benchmarks)

    def ancestors(node: str) -> set[str]:
        seen: set[str] = set()
        stack = list(graph[node])
        while stack:
            item = stack.pop()
            if item not in seen:
                seen.add(item)
                stack.extend(graph[item])
        return seen

    assert {"ceasefire", "withdrawal-pre-war", "map-assessment"} <= ancestors("accession")


def _milex(shared_data: Path, year: int) -> dict[str, float]:
    pyreadr = pytest.importorskip("pyreadr")
    frame = pyreadr.read_r(str(shared_data / "conflict" / "peacesciencer" / "cow_nmc.rda"))["cow_nmc"]
    rows = frame[frame["year"] == year]
    out = {}
    for actor, code in COW_CODES.items():
        values = rows.loc[rows["ccode"] == code, "milex"].tolist()
        assert len(values) == 1, f"{actor}: expected one {year} row in NMC 7.0"
        assert not math.isnan(values[0]), f"{actor}: no {year} milex in NMC 7.0"
        out[actor] = float(values[0])
    return out


def test_capabilities_equal_cow_nmc_2007_milex(scenario: Scenario, shared_data: Path) -> None:
    """Each actor's capability is its NMC 7.0 milex for 2007, exactly (the file copies the data)."""
    expected = _milex(shared_data, MILEX_YEAR)
    assert set(expected) == {a.id for a in scenario.actors}
    for actor in scenario.actors:
        cap = actor.capability
        assert cap is not None, actor.id
        assert cap.source == "cow-nmc", actor.id
        assert cap.measure == "COW NMC 7.0 milex 2007, thousands of current USD", actor.id
        assert cap.value == expected[actor.id], actor.id
