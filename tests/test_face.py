"""The curated face, ``import pactlab as pl`` (issue 16 item 1): light to import, one verb per question,
each verb's keywords those of its engine (same names, same defaults), and every verb's result honouring
the protocol of :mod:`pactlab.results` (provenance, JSON round trip, frame, ``summary() -> str``, HTML)."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pactlab as pl
from _support.contract import check_result
from pactlab import api

SRC = Path(__file__).resolve().parents[1] / "src"
HEAVY = ("numpy", "scipy", "pandas", "numba", "sqlalchemy", "matplotlib", "ortools", "pydantic")


def test_import_pactlab_loads_no_engine() -> None:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    probe = "import sys, json, pactlab; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    modules = json.loads(out.stdout)
    heavy = [m for m in modules if m.split(".")[0] in HEAVY]
    engines = [m for m in modules if m.startswith("pactlab.") and m.split(".")[1] in pl._ENGINES]
    assert not heavy, heavy[:5]
    assert not engines, engines


def test_engine_packages_are_their_verbs() -> None:
    import pactlab.negotiate as package

    assert pl.negotiate is package  # the package, not a function that an import would overwrite
    assert callable(pl.negotiate)
    assert "compromise" in pl.negotiate.MODELS
    assert inspect.signature(pl.deter) == inspect.signature(api.deter)
    from pactlab import plan

    assert plan is pl.plan
    assert callable(plan)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        pl.nope  # noqa: B018


# each verb against the engine function(s) it calls, and the engine keywords it deliberately leaves out
_ENGINE_OF: dict[str, tuple[str, tuple[str, ...]]] = {
    "negotiate": ("pactlab.negotiate.api:negotiate", ()),
    "deter": ("pactlab.deter.scenarios:assess_scenario", ()),
    "analyze": ("pactlab.analysis:analyze", ("on_step", "on_draws")),  # progress callbacks of the CLI
    "sensitivity": (
        "pactlab.sensitivity.api:sensitivity",
        ("position_width", "salience_width", "capability_factor", "rating_width", "progress"),
    ),
    "backtest": ("pactlab.backtest.harness:backtest", ("now",)),  # a test hook
}


def _function(ref: str) -> Callable[..., Any]:
    import importlib

    module, name = ref.split(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def _keywords(fn: Callable[..., Any]) -> dict[str, Any]:
    params = list(inspect.signature(fn).parameters.values())[1:]  # after the scenario (or the cases)
    return {p.name: p.default for p in params}


@pytest.mark.parametrize("verb", sorted(_ENGINE_OF))
def test_verb_keywords_are_the_engines(verb: str) -> None:
    ref, left_out = _ENGINE_OF[verb]
    face, engine = _keywords(getattr(api, verb)), _keywords(_function(ref))
    assert face == {k: v for k, v in engine.items() if k not in left_out}


def test_plan_keywords_are_the_engines() -> None:
    from pactlab.plan.roadmap import roadmap_problem
    from pactlab.plan.roadmap_cpsat import solve_roadmap

    face = _keywords(api.plan)
    engine = {**_keywords(roadmap_problem), **_keywords(solve_roadmap)}
    assert all(engine[k] == v for k, v in face.items())


@pytest.fixture(scope="module")
def vilnius() -> Any:
    return pl.load("vilnius-2023")


def test_negotiate_verb(vilnius: Any) -> None:
    result = pl.negotiate(vilnius)
    check_result(result)
    assert result.provenance.scenario_digest == vilnius.digest
    assert pl.negotiate("vilnius-2023") == result  # a catalog id is loaded for the caller


def test_deter_verb(vilnius: Any) -> None:
    result = pl.deter(vilnius, draws=2000)
    check_result(result)
    assert result.provenance.seed == 0
    assert pl.deter(vilnius, draws=2000, rng=0) == result
    assert pl.deter(vilnius, draws=2000, rng=1) != result


def test_plan_verb(vilnius: Any) -> None:
    result = pl.plan(vilnius, binding=False)
    check_result(result)
    assert result.status == "optimal"


def test_digest_verb(tmp_path: Path) -> None:
    text = "NATO will send long-range missiles to Ukraine. Russia objects to it."
    from_text = pl.digest(text=text)
    check_result(from_text)
    (tmp_path / "note.txt").write_text(text, encoding="utf-8")
    assert [a.id for a in pl.digest(tmp_path / "note.txt").actors] == [a.id for a in from_text.actors]
    with pytest.raises(pl.ParameterError, match=r"^source: "):
        pl.digest(tmp_path / "note.txt", text=text)
    with pytest.raises(pl.ParameterError, match=r"^source: "):
        pl.digest()


def test_ledger_verb() -> None:
    with pl.Ledger("sqlite://") as ledger:
        pledge = ledger.add_pledge("Germany", "2023-07-11", value=100.0, instrument="arms_deliveries")
        ledger.add_delivery("Germany", "2023-09-01", pledge=pledge, value=40.0)
        report = ledger.report(by="guarantor")
    check_result(report)


def test_load_refuses_an_unknown_id() -> None:
    with pytest.raises(pl.ScenarioError, match="vilnius-2023"):
        pl.load("vilnius-2032")
