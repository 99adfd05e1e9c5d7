"""pactlab.checks: every engine's scenario check, gathered from the registry and located (issue 17 item 2).

A test double stands in for the engines that register later (deterrence, negotiation): it proves that a
registered check runs under ``pactlab scenarios validate`` and that its (field path, message) pairs come
out as ``file:line:field.path: message`` lines, with exit status 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from _support.cli import run_cli
from _support.minimal import minimal
from pactlab import checks
from pactlab.errors import ScenarioError
from pactlab.scenario import Scenario, load_scenario, read_scenario


def double_check(scenario: Scenario) -> list[tuple[str, str]]:
    """The test double: flags the deterrence challenger of every scenario, and one unknown path."""
    if scenario.deterrence.challenger is None:
        return []
    return [
        ("deterrence.challenger", f"test double: {scenario.deterrence.challenger!r} flagged"),
        ("no.such.path", "test double: a path the file does not have"),
    ]


@pytest.fixture
def with_double(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = dict(checks.CHECKERS)
    registry["double"] = checks.EngineCheck("double", f"{__name__}:double_check", "a test double")
    monkeypatch.setattr(checks, "CHECKERS", registry)


def test_the_plan_check_is_registered() -> None:
    assert checks.CHECKERS["plan"].load().__module__ == "pactlab.plan.checks"
    assert all(check.engine == name and check.what for name, check in checks.CHECKERS.items())


@pytest.mark.parametrize("name", ["vilnius-2023", "bucharest-2008", "bdm1994-emissions"])
def test_every_registered_check_passes_the_catalog(name: str) -> None:
    """The contract: every engine's check runs on every catalog scenario and finds nothing there."""
    scenario = load_scenario(name)
    for engine, check in checks.CHECKERS.items():
        assert list(check.load()(scenario)) == [], engine


@pytest.mark.usefixtures("with_double")
def test_problems_are_located_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(minimal(), sort_keys=False))
    line = next(no for no, text in enumerate(path.read_text().splitlines(), 1) if "challenger:" in text)
    with pytest.raises(ScenarioError) as error:
        checks.check_scenario(read_scenario(path))
    assert error.value.lines() == [
        f"{path}:{line}:deterrence.challenger: test double: 'c' flagged",
        f"{path}:1:no.such.path: test double: a path the file does not have",
    ]


@pytest.mark.usefixtures("with_double")
def test_validate_runs_the_registered_checks(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(minimal(), sort_keys=False))
    result = run_cli("scenarios", "validate", str(path))
    assert result.code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(":deterrence.challenger: test double: 'c' flagged")


@pytest.mark.usefixtures("with_double")
def test_a_scenario_the_double_accepts_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the double alone: the deterrence engine's own check would (rightly) want the challenger back
    only = {"double": checks.EngineCheck("double", f"{__name__}:double_check", "a test double")}
    monkeypatch.setattr(checks, "CHECKERS", only)
    data = minimal()
    del data["deterrence"]["challenger"]
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    result = run_cli("scenarios", "validate", str(path))
    assert result.code == 0, result.stderr
    assert "valid" in result.stderr


def test_register_adds_a_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "CHECKERS", dict(checks.CHECKERS))
    added = checks.register("double", f"{__name__}:double_check", "a test double")
    assert checks.CHECKERS["double"] is added
    found = checks.engine_problems(load_scenario("vilnius-2023"))
    assert ("double", "deterrence.challenger", "test double: 'rus' flagged") in found


def test_scenarios_built_in_code_are_located_by_id() -> None:
    scenario = Scenario.model_validate(minimal())
    only = {"double": checks.EngineCheck("double", f"{__name__}:double_check", "a test double")}
    with pytest.raises(ScenarioError) as error:
        checks.check_scenario(scenario, only)
    assert error.value.lines()[0] == "test-minimal:deterrence.challenger: test double: 'c' flagged"
