"""The scenarios command line (architecture.md's contract)."""

from __future__ import annotations

import json

import yaml

from _support.cli import run_cli, run_process
from _support.minimal import minimal
from pactlab import __version__
from pactlab.scenario import catalog


def test_version() -> None:
    result = run_cli("--version")
    assert result.code == 0
    assert result.stdout.strip() == f"pactlab {__version__}"


def test_list_json_is_only_json() -> None:
    result = run_cli("scenarios", "list", "--json")
    assert result.code == 0
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows] == catalog.ids()
    assert all(set(row) == {"id", "title"} and row["title"] for row in rows)
    assert "bdm1994-emissions" in catalog.ids()


def test_show_json_has_the_full_scenario() -> None:
    result = run_cli("scenarios", "show", "bdm1994-emissions", "--json")
    assert result.code == 0
    payload = json.loads(result.stdout)
    assert {"metadata", "actors", "issues"} <= set(payload)
    assert len(payload["actors"]) == 10
    assert payload["issues"][0]["scale"]["unit"] == "years"


def test_show_json_loads_back_as_the_same_scenario(tmp_path) -> None:
    from pactlab.scenario import load_scenario

    for scenario_id in catalog.ids():
        path = tmp_path / f"{scenario_id}.json"
        path.write_text(run_cli("scenarios", "show", scenario_id, "--json").stdout)
        again = load_scenario(path)
        assert again == load_scenario(scenario_id)
        assert again.digest == load_scenario(scenario_id).digest


def test_decide_digest_does_not_depend_on_the_day(shared_data) -> None:
    """A decide file carries no date: the scenario's as_of stays unknown, so the digest is the file's."""
    from pactlab.scenario import read_scenario

    scenario = read_scenario(shared_data / "negotiation/decide/cop21.csv")
    assert scenario.metadata.as_of is None


def test_show_human_readable() -> None:
    result = run_cli("scenarios", "show", "bdm1994-emissions")
    assert result.code == 0
    assert "Greece" in result.stdout
    assert "digest" in result.stdout


def test_validate_every_catalog_scenario() -> None:
    for scenario_id in catalog.ids():
        result = run_cli("scenarios", "validate", scenario_id)
        assert result.code == 0, result.stderr
        assert "valid" in result.stderr


def test_validate_a_file_path(tmp_path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(minimal()))
    assert run_cli("scenarios", "validate", str(path)).code == 0
    json_path = tmp_path / "mine.json"
    json_path.write_text(json.dumps(minimal()))
    assert run_cli("scenarios", "validate", str(json_path)).code == 0


def test_schema_describes_the_format() -> None:
    result = run_cli("scenarios", "schema")
    assert result.code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Scenario"
    assert {"metadata", "actors", "issues", "options", "instruments", "milestones", "deterrence"} <= set(
        schema["properties"]
    )
    kinds = schema["$defs"]["InstrumentKind"]["enum"]
    assert "long_range_strike" in kinds
    assert "council_guest" in kinds


def test_unknown_scenario_is_a_located_error() -> None:
    result = run_cli("scenarios", "show", "no-such-scenario")
    assert result.code == 2
    assert result.stderr.startswith("no-such-scenario: not a catalog id")


def test_subprocess_error_has_no_traceback(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("metadata: [unclosed\n")
    result = run_process("scenarios", "validate", str(bad))
    assert result.code == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{bad}:")
