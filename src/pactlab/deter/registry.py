"""Metadata of the deterrence engine's models, for the brief's footer (printed verbatim)."""

from __future__ import annotations

from pactlab.deter.durability import option_survival
from pactlab.deter.report import assess
from pactlab.results import ModelInfo

__all__ = ["MODELS"]

MODELS: dict[str, ModelInfo] = {
    m.name: m
    for m in (
        ModelInfo(
            "escalation",
            "Extended deterrence with graduated escalation",
            True,
            False,
            "Zagare & Kilgour (2000); Signorino (1999); models.md 2.3-2.4, 2.7",
            (
                "The challenger attacks, and later counter-escalates, when that pays in expectation against "
                "the guarantors' chance of an in-kind response (p_T) and of direct involvement (p_S); "
                "choices are logit quantal responses with a drawn precision.",
                "Options move p_T, p_S, denial and provocation through documented mappings; attack "
                "rate, base response and pact effect are fitted to the conflict record.",
            ),
            run=assess,
            reference_test="tests/deter/test_pact_effect.py",
        ),
        ModelInfo(
            "durability",
            "Durability of a settlement",
            True,
            False,
            "Fortna (2003, 2004); Werner & Yuen (2005); COW wars 4.0 and MID 5.0; models.md 2.6",
            (
                "Renewed fighting follows a piecewise-exponential hazard fitted to post-1945 war dyads "
                "(Kaplan-Meier S(5y) 0.52 for any new dispute).",
                "Third-party guarantees, monitoring and joint commissions lower the hazard and imposed "
                "settlements raise it, by uncertain hazard ratios with the published signs.",
            ),
            run=option_survival,
            reference_test="tests/deter/test_durability.py",
        ),
    )
}
