"""The contract of the deterrence registry (issue 16 item 6), run over :data:`pactlab.deter.MODELS`
itself: every entry is complete (a callable, a source, assumptions a reader can follow, a reference
test that exists), every model has a seeded run here (a new model cannot escape the contract), the same
seed gives the same numbers, a different seed different ones (every model is stochastic), and the
escalation model's result honours the result protocol of :mod:`pactlab.results`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from _support.contract import check_result
from pactlab._rng import RNGLike, make_rng
from pactlab.deter import MODELS, RiskReport
from pactlab.deter.mapping import InstrumentSpec, OptionSpec, draw_parameters, resolve_parameters

ROOT = Path(__file__).resolve().parents[2]
GUARANTEE = OptionSpec(
    "guarantee",
    "a post-hostilities guarantee with monitoring",
    (
        InstrumentSpec("phg", "post_hostilities_guarantee", "treaty"),
        InstrumentSpec("mon", "monitoring_mission", "political_declaration", verifiability=1.0),
    ),
)


def _escalation(rng: RNGLike) -> RiskReport:
    result: RiskReport = MODELS["escalation"].run([GUARANTEE], draws=2000, rng=rng)
    return result


def _durability(rng: RNGLike) -> dict[str, Any]:
    draws = draw_parameters(resolve_parameters(), 2000, make_rng(rng))
    result: dict[str, Any] = MODELS["durability"].run(GUARANTEE, draws)
    return result


#: How the contract runs each registered model from a seed.
RUNS: dict[str, Callable[[RNGLike], Any]] = {"escalation": _escalation, "durability": _durability}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)
    return bool(a == b)


def test_every_registered_model_has_a_contract_run() -> None:
    assert set(RUNS) == set(MODELS)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_the_entry_is_complete(name: str) -> None:
    info = MODELS[name]
    assert info.name == name
    assert callable(info.run)
    assert info.title.strip()
    assert info.source.strip()
    assert info.assumptions
    assert all(a.strip().endswith(".") for a in info.assumptions)  # sentences, printed in the brief
    assert info.reference_test is not None
    assert (ROOT / info.reference_test).is_file()


@pytest.mark.parametrize("name", sorted(MODELS))
def test_the_same_seed_gives_the_same_numbers(name: str) -> None:
    assert _same(RUNS[name](7), RUNS[name](7))
    assert _same(RUNS[name](np.random.SeedSequence(7)), RUNS[name](7))


@pytest.mark.parametrize("name", sorted(MODELS))
def test_a_different_seed_gives_different_numbers(name: str) -> None:
    assert MODELS[name].stochastic
    assert not _same(RUNS[name](7), RUNS[name](8))


def test_the_escalation_result_honours_the_protocol() -> None:
    result = _escalation(3)
    check_result(result)
    assert result.provenance.model == "escalation"
    assert result.provenance.seed == 3
