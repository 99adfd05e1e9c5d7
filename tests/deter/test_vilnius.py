"""The five options of vilnius-2023 differ for stated reasons (the drivers)."""

from __future__ import annotations

import importlib

import pytest

import pactlab.deter as deter
from pactlab.deter.report import RiskReport
from pactlab.deter.scenarios import assess_scenario
from pactlab.scenario import load_scenario


@pytest.fixture(scope="module")
def report() -> RiskReport:
    return assess_scenario(
        load_scenario("vilnius-2023"), profile_name="revisionist-challenger", draws=20_000, rng=2023
    )


def test_every_option_differs_from_the_baseline_for_its_reasons(report: RiskReport) -> None:
    """Each option moves the game parameters its instruments map to (models.md §2.7), and the
    drivers report those moves against the no-guarantee baseline."""
    base = report.baseline
    for risk in report.options:
        assert risk.p_deterrence > base.p_deterrence, risk.option
        moved = {d.parameter for d in risk.drivers if d.shift}
        assert moved & {"game.p_T", "game.p_S", "game.denial", "game.lam"}, risk.option


def test_the_channels_of_the_options(report: RiskReport) -> None:
    """Bilateral commitments raise strategic credibility above a guest seat without a clause;
    escalation-triggered deliveries add the escalation-risk channel (provocation) and denial; the
    peace formula's monitoring lowers accident risk, sharpens perception (lam) and gives the
    longest-lasting peace (Fortna 2003 terms)."""
    r = {o.option: o for o in report.options}
    assert r["us-bilateral-web"].parameters["p_S"] > r["nonvoting-participant"].parameters["p_S"]
    assert r["defense-escalation"].parameters["provocation"] > report.baseline.parameters["provocation"]
    assert r["defense-escalation"].parameters["denial"] > report.baseline.parameters["denial"]
    peace = r["peace-formula-benchmarks"]
    assert peace.parameters["p_accident"] < report.baseline.parameters["p_accident"]
    assert peace.parameters["lam"] > report.baseline.parameters["lam"]
    assert peace.durability["s5"] == max(o.durability["s5"] for o in report.options)
    assert r["defense-escalation"].durability["s5"] == pytest.approx(
        report.baseline.durability["s5"]
    )  # no guarantee, monitoring or commission term: the baseline's survival


def test_public_api_is_complete() -> None:
    """Every name in pactlab.deter.__all__ (and each module's __all__) exists."""
    for name in deter.__all__:
        assert hasattr(deter, name), name
    for mod in ("games", "solve", "mapping", "montecarlo", "report", "durability", "strategic"):
        module = importlib.import_module(f"pactlab.deter.{mod}")
        for name in module.__all__:
            assert hasattr(module, name), (mod, name)
