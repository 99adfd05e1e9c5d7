"""Instrument matching: hard cases, negation as a status, stances, and the gazetteer's place rules."""

from __future__ import annotations

import pytest

from pactlab.digest import digest_text, find_actors


def _instruments(text: str) -> set[str]:
    return {i.id for i in digest_text(text).instruments}


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        (
            "The inspector general found gaps in end-use monitoring of weapons sent to Ukraine.",
            "monitoring_mission",
            "arms_deliveries",
        ),
        (
            "In the event of a future armed attack, we intend to consult immediately with Ukraine.",
            "collective_defence_clause",
            None,
        ),
        (
            "Do joint exercises for the knee twice a week, and consult your physician.",
            "joint_exercises",
            None,
        ),
        ("Rail workers voted for a strike over pay and pensions.", "long_range_strike", None),
    ],
)
def test_hard_cases(text: str, absent: str, present: str | None) -> None:
    found = _instruments(text)
    assert absent not in found
    if present is not None:
        assert present in found


@pytest.mark.parametrize(
    ("text", "kind", "status"),
    [
        (
            "Ukraine will be invited to join the Alliance when Allies agree and conditions are met.",
            "collective_defence_clause",
            "conditional",
        ),
        (
            "As a future EU member, Ukraine will benefit from the EU's mutual defence clause against "
            "aggression.",
            "collective_defence_clause",
            "conditional",
        ),
        ("Berlin will not send Taurus cruise missiles to Kyiv.", "long_range_strike", "refused"),
        ("The chancellor refused to deliver more tanks to Ukraine.", "arms_deliveries", "refused"),
    ],
)
def test_deferred_and_refused_instruments_carry_their_status(text: str, kind: str, status: str) -> None:
    """Issue 15: membership offered for later and refused weapons are tagged, with their status."""
    found = {i.id: i.status for i in digest_text(text).instruments}
    assert found[kind] == status


def test_collective_defence_clause_is_found_when_stated() -> None:
    text = (
        "The Parties agree that an armed attack against one of them shall be considered an attack "
        "against them all, and each will assist the Party so attacked."
    )
    assert "collective_defence_clause" in _instruments(text)


def test_negation_is_clause_local() -> None:
    text = "France will not send troops, but it will deliver air defence systems to Ukraine."
    assert "air_defence" in _instruments(text)


def test_stances() -> None:
    digest = digest_text(
        "Germany will not send Taurus cruise missiles to Ukraine. "
        "France supports joint procurement of ammunition. "
        "If Russia attacks again, Poland will provide air defence systems.",
    )
    stances = {(s.actor, s.instrument): s.stance for s in digest.stances}
    assert stances[("deu", "long_range_strike")] == "oppose"
    assert stances[("fra", "joint_procurement")] == "support"
    assert stances[("pol", "air_defence")] == "support"  # the condition is the attack, not the offer
    assert {i.id: i.status for i in digest.instruments}["long_range_strike"] == "refused"
    assert ("ukr", "long_range_strike") not in stances  # the recipient holds no stance


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("German leadership and the Kremlin disagree; Washington watches.", ["deu", "rus", "usa"]),
        ("The OSCE met in Vienna; staff based in London were not told.", ["osce"]),
        ("At the Vilnius NATO summit, the alliance spoke.", ["nato", "nato"]),
        ("Researchers in Sivakasi, Tamilnadu, India, trained a model.", []),
        ("Support from North American allies and the U.S. grew.", ["usa"]),
        ("The UN Charter and the Council of Europe, not the European Council.", ["un", "coe", "eu"]),
        ("The alliance met.", []),
    ],
)
def test_gazetteer(text: str, ids: list[str]) -> None:
    assert [m.actor for m in find_actors(text)] == ids
