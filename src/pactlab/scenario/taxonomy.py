"""The taxonomy of guarantee instruments, legal forms and decision rules.

The instrument kinds cover the options raised in the source article (escalation-triggered arms deliveries,
non-voting participation in alliance structures, a web of bilateral commitments, guarantees beyond the end
of hostilities, a peace formula with verifiable benchmarks) and the standard tools of extended deterrence.
Every engine (negotiation, deterrence, ledger, roadmap, digest) refers to instruments by these ids.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["INSTRUMENT_TITLES", "DecisionRule", "InstrumentKind", "LegalForm"]


class InstrumentKind(StrEnum):
    """Kinds of guarantee instrument."""

    ARMS_DELIVERIES = "arms_deliveries"
    LONG_RANGE_STRIKE = "long_range_strike"
    AIR_DEFENCE = "air_defence"
    AMMUNITION = "ammunition"
    INTELLIGENCE_SHARING = "intelligence_sharing"
    JOINT_EXERCISES = "joint_exercises"
    JOINT_PROCUREMENT = "joint_procurement"
    COUNCIL_GUEST = "council_guest"
    BILATERAL_SECURITY_AGREEMENT = "bilateral_security_agreement"
    COLLECTIVE_DEFENCE_CLAUSE = "collective_defence_clause"
    POST_HOSTILITIES_GUARANTEE = "post_hostilities_guarantee"
    MONITORING_MISSION = "monitoring_mission"
    SANCTIONS = "sanctions"
    FINANCIAL_AID = "financial_aid"


INSTRUMENT_TITLES: dict[InstrumentKind, str] = {
    InstrumentKind.ARMS_DELIVERIES: "Arms deliveries",
    InstrumentKind.LONG_RANGE_STRIKE: "Long-range strike systems",
    InstrumentKind.AIR_DEFENCE: "Air defence",
    InstrumentKind.AMMUNITION: "Ammunition",
    InstrumentKind.INTELLIGENCE_SHARING: "Intelligence sharing",
    InstrumentKind.JOINT_EXERCISES: "Joint exercises",
    InstrumentKind.JOINT_PROCUREMENT: "Joint procurement",
    InstrumentKind.COUNCIL_GUEST: "Council participation as a guest",
    InstrumentKind.BILATERAL_SECURITY_AGREEMENT: "Bilateral security agreement",
    InstrumentKind.COLLECTIVE_DEFENCE_CLAUSE: "Collective-defence clause",
    InstrumentKind.POST_HOSTILITIES_GUARANTEE: "Post-hostilities guarantee",
    InstrumentKind.MONITORING_MISSION: "Monitoring or verification mission",
    InstrumentKind.SANCTIONS: "Sanctions",
    InstrumentKind.FINANCIAL_AID: "Financial aid",
}


class LegalForm(StrEnum):
    """How binding an instrument is."""

    TREATY = "treaty"
    EXECUTIVE_AGREEMENT = "executive_agreement"
    POLITICAL_DECLARATION = "political_declaration"


class DecisionRule(StrEnum):
    """How the deciding group decides an issue."""

    UNANIMITY = "unanimity"
    MAJORITY = "majority"
    QUALIFIED_MAJORITY = "qualified_majority"
    COALITION_OF_THE_WILLING = "coalition_of_the_willing"
