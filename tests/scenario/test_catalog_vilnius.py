"""The flagship catalog scenario ``vilnius-2023``: who is in it, what it covers, where its numbers come from.

References
----------
NATO, "NATO member countries", https://www.nato.int/cps/en/natohq/topics_52044.htm: 31 Allies from
Finland's accession on 4 April 2023 until Sweden's on 7 March 2024, so exactly these 31 on the eve of the
Vilnius summit (11-12 July 2023).
Correlates of War, National Material Capabilities v7.0, variable ``milex`` (thousands of current USD),
via peacesciencer's ``cow_nmc.rda`` (../shared/data/PROVENANCE.md). COW state codes from the COW state
system membership list.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
from pathlib import Path

import pytest

from pactlab.scenario import Scenario, load_scenario
from pactlab.scenario.taxonomy import DecisionRule, InstrumentKind

ROOT = Path(__file__).resolve().parents[2]

# NATO's members as of July 2023 (ISO 3166-1 alpha-3, lower case), source: NATO member countries page.
NATO_JULY_2023 = frozenset(
    {
        "alb", "bel", "bgr", "can", "hrv", "cze", "dnk", "est", "fin", "fra", "deu", "grc", "hun", "isl",
        "ita", "lva", "ltu", "lux", "mne", "nld", "mkd", "nor", "pol", "prt", "rou", "svk", "svn", "esp",
        "tur", "gbr", "usa",
    }
)  # fmt: skip

# Correlates of War state codes (COW state list), typed independently of scripts/vilnius_capabilities.py.
COW_CODES = {
    "usa": 2, "can": 20, "gbr": 200, "nld": 210, "bel": 211, "lux": 212, "fra": 220, "esp": 230,
    "prt": 235, "deu": 255, "pol": 290, "hun": 310, "cze": 316, "svk": 317, "ita": 325, "alb": 339,
    "mne": 341, "mkd": 343, "hrv": 344, "svn": 349, "grc": 350, "bgr": 355, "rou": 360, "rus": 365,
    "est": 366, "lva": 367, "ltu": 368, "ukr": 369, "fin": 375, "swe": 380, "nor": 385, "dnk": 390,
    "isl": 395, "tur": 640,
}  # fmt: skip

SIX_THEMES = {
    "membership-path": (DecisionRule.UNANIMITY, "NATO"),
    "participant-status": (DecisionRule.UNANIMITY, "NATO"),
    "long-range-strike": (DecisionRule.COALITION_OF_THE_WILLING, "Euro-Atlantic"),
    "escalation-trigger": (DecisionRule.COALITION_OF_THE_WILLING, "Euro-Atlantic"),
    "post-hostilities": (DecisionRule.COALITION_OF_THE_WILLING, "G7"),
    "bilateral-web": (DecisionRule.COALITION_OF_THE_WILLING, "Euro-Atlantic"),
}

K = InstrumentKind
# The article's five options and the instrument kinds each must contain.
OPTION_KINDS = {
    "defense-escalation": {K.ARMS_DELIVERIES, K.LONG_RANGE_STRIKE, K.AIR_DEFENCE, K.AMMUNITION},
    "nonvoting-participant": {
        K.COUNCIL_GUEST,
        K.JOINT_PROCUREMENT,
        K.JOINT_EXERCISES,
        K.INTELLIGENCE_SHARING,
    },
    "us-bilateral-web": {K.BILATERAL_SECURITY_AGREEMENT, K.FINANCIAL_AID},
    "post-hostilities-guarantees": {K.POST_HOSTILITIES_GUARANTEE, K.SANCTIONS},
    "peace-formula-benchmarks": {K.MONITORING_MISSION, K.SANCTIONS},
}


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario("vilnius-2023")


def test_loads_as_of_the_eve_of_the_summit(scenario: Scenario) -> None:
    assert scenario.id == "vilnius-2023"
    assert scenario.metadata.as_of == dt.date(2023, 7, 10)
    assert scenario.metadata.description
    assert all(source.citation for source in scenario.metadata.sources)


def test_exactly_the_31_allies_of_july_2023_are_nato(scenario: Scenario) -> None:
    """NATO member countries page: 31 Allies, Finland since 4 April 2023, Sweden only an invitee."""
    assert set(scenario.group_members("NATO")) == NATO_JULY_2023
    assert len(NATO_JULY_2023) == 31
    sweden = scenario.actor("swe")
    assert "NATO" not in sweden.groups
    assert "NATO-invitee" in sweden.groups
    for other in ("ukr", "rus"):
        assert "NATO" not in scenario.actor(other).groups
    assert {a.id for a in scenario.actors} == NATO_JULY_2023 | {"swe", "ukr", "rus"}
    assert all(a.kind == "state" for a in scenario.actors)


def test_every_estimate_has_a_rationale_and_known_sources(scenario: Scenario) -> None:
    known = {s.id for s in scenario.metadata.sources}
    for issue in scenario.issues:
        for pos in issue.positions:
            where = f"{issue.id}/{pos.actor}"
            assert pos.rationale, f"{where}: every position needs a one-line rationale"
            assert pos.source is None or pos.source in known, f"{where}: unknown source {pos.source!r}"
    for instrument in scenario.instruments:
        assert instrument.rationale, instrument.id
        assert instrument.source is None or instrument.source in known, instrument.id
    for actor in scenario.actors:
        cap = actor.capability
        assert cap is not None, actor.id
        assert cap.source == "cow-nmc", actor.id
        assert "milex 2022" in cap.measure
        assert "thousands of current USD" in cap.measure


def test_the_six_themes_with_their_decision_rules(scenario: Scenario) -> None:
    for issue_id, (rule, group) in SIX_THEMES.items():
        issue = scenario.issue(issue_id)
        assert issue.decision.rule is rule, issue_id
        assert issue.decision.group == group, issue_id
        assert (issue.scale.lower, issue.scale.upper) == (0, 100)
        assert issue.status_quo is not None, issue_id
        # The status quo is a labelled anchor, so the scale says what it means.
        assert "status quo" in issue.scale.anchors[f"{issue.status_quo:g}"], issue_id
        actors = {p.actor for p in issue.positions}
        assert {"ukr", "rus"} <= actors, issue_id
    # Unanimity issues need every veto player's position.
    for issue_id in ("membership-path", "participant-status"):
        assert {p.actor for p in scenario.issue(issue_id).positions} >= NATO_JULY_2023


def test_the_stated_stances_point_the_right_way(scenario: Scenario) -> None:
    """Sign checks against public statements (Biden/CNN, Scholz, Orban, Peskov, Duda, Zelenskyy)."""
    membership = {p.actor: p.position for p in scenario.issue("membership-path").positions}
    assert membership["rus"] == min(membership.values())
    assert membership["ukr"] == max(membership.values())
    status_quo = scenario.issue("membership-path").status_quo
    assert status_quo is not None
    assert membership["hun"] < status_quo < membership["pol"]
    assert max(membership["usa"], membership["deu"]) < min(
        membership[b] for b in ("pol", "est", "lva", "ltu")
    )
    for issue in scenario.issues:
        by_actor = {p.actor: p.position for p in issue.positions}
        assert by_actor["rus"] == issue.scale.lower, issue.id
        assert by_actor["ukr"] >= max(v for a, v in by_actor.items() if a != "ukr"), issue.id


def test_the_five_options_and_their_instrument_kinds(scenario: Scenario) -> None:
    options = {o.id: o for o in scenario.options}
    assert set(options) == set(OPTION_KINDS)
    for option_id, kinds in OPTION_KINDS.items():
        option = options[option_id]
        have = {scenario.instrument(i).kind for i in option.instruments}
        assert kinds <= have, f"{option_id}: missing {kinds - have}"
        assert option.guarantors
        assert option.adoption is not None
    assert "usa" in options["us-bilateral-web"].guarantors
    adoption = options["defense-escalation"].adoption
    assert adoption is not None
    assert adoption.issue == "escalation-trigger"
    named = {
        K.ARMS_DELIVERIES, K.LONG_RANGE_STRIKE, K.AIR_DEFENCE, K.AMMUNITION, K.INTELLIGENCE_SHARING,
        K.JOINT_EXERCISES, K.JOINT_PROCUREMENT, K.COUNCIL_GUEST, K.BILATERAL_SECURITY_AGREEMENT,
        K.POST_HOSTILITIES_GUARANTEE, K.MONITORING_MISSION, K.SANCTIONS, K.FINANCIAL_AID,
    }  # fmt: skip
    assert named <= {x.kind for x in scenario.instruments}


def test_escalation_triggers_are_measurable(scenario: Scenario) -> None:
    option = next(o for o in scenario.options if o.id == "defense-escalation")
    triggered = [scenario.instrument(i) for i in option.instruments if scenario.instrument(i).trigger]
    assert len(triggered) >= 3
    for instrument in triggered:
        assert instrument.trigger is not None
        assert instrument.trigger.indicator is not None
        assert "per week" in instrument.trigger.indicator
        assert instrument.trigger.threshold is not None
        assert instrument.trigger.threshold > 0


def test_milestones_have_evidence_and_lead_to_accession_through_a_ceasefire(scenario: Scenario) -> None:
    graph = {m.id: set(m.depends_on) for m in scenario.milestones}
    assert all(m.benchmarks for m in scenario.milestones)

    def ancestors(node: str) -> set[str]:
        seen: set[str] = set()
        stack = list(graph[node])
        while stack:
            item = stack.pop()
            if item not in seen:
                seen.add(item)
                stack.extend(graph[item])
        return seen

    assert {"invitation", "ceasefire-verified", "reforms-assessed"} <= ancestors("accession")
    assert "ceasefire-verified" in ancestors("peace-treaty")


def test_deterrence_roles(scenario: Scenario) -> None:
    assert (scenario.deterrence.challenger, scenario.deterrence.target) == ("rus", "ukr")


def _milex_2022(shared_data: Path) -> dict[str, float]:
    pyreadr = pytest.importorskip("pyreadr")
    frame = pyreadr.read_r(str(shared_data / "conflict" / "peacesciencer" / "cow_nmc.rda"))["cow_nmc"]
    rows = frame[frame["year"] == 2022]
    out = {}
    for actor, code in COW_CODES.items():
        values = rows.loc[rows["ccode"] == code, "milex"].tolist()
        assert len(values) == 1, f"{actor}: expected one 2022 row in NMC 7.0"
        assert not math.isnan(values[0]), f"{actor}: no 2022 milex in NMC 7.0"
        out[actor] = float(values[0])
    return out


def test_capabilities_equal_cow_nmc_2022_milex(scenario: Scenario, shared_data: Path) -> None:
    """Each actor's capability is its NMC 7.0 milex for 2022, exactly (the file copies the data)."""
    expected = _milex_2022(shared_data)
    assert set(expected) == {a.id for a in scenario.actors}
    for actor in scenario.actors:
        assert actor.capability is not None
        assert actor.capability.value == expected[actor.id], actor.id


def test_the_capabilities_script_reproduces_the_file(scenario: Scenario, shared_data: Path) -> None:
    pytest.importorskip("pyreadr")
    spec = importlib.util.spec_from_file_location(
        "vilnius_capabilities", ROOT / "scripts" / "vilnius_capabilities.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.capabilities(shared_data / "conflict" / "peacesciencer" / "cow_nmc.rda")
    assert {k: v[0] for k, v in figures.items()} == {
        a.id: a.capability.value for a in scenario.actors if a.capability is not None
    }
