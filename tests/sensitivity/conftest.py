"""Fixtures: the small invented scenario and one seeded analysis of it, shared by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactlab.scenario import Scenario, load_scenario
from pactlab.sensitivity import SensitivityResult, sensitivity

DATA = Path(__file__).parent / "data"
ARDENIA = DATA / "ardenia.yaml"
#: A selection that keeps the tests quick but exercises every kind of input: analyst estimates with
#: priors, a prior, the fitted calibration (one joint factor), a parameter that enters durability only,
#: instrument ratings, and negotiation positions and capabilities.
PICK = ["sq", "cost_attack", "lam", "calibration", "hr.*", "rating.arms.*", "position.*", "capability.*"]


@pytest.fixture(scope="session")
def ardenia() -> Scenario:
    return load_scenario(str(ARDENIA))


@pytest.fixture(scope="session")
def result(ardenia: Scenario) -> SensitivityResult:
    return sensitivity(ardenia, n=8, draws=400, inputs=PICK, rng=0)


@pytest.fixture(scope="session")
def pick() -> list[str]:
    return list(PICK)
