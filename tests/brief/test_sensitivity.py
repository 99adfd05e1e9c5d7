"""The sensitivity tornado in the one-page brief (issue 11 item 6): which saved result it shows.

A global sensitivity analysis is never run inside ``pactlab analyze`` (issue 19: the brief in seconds);
the brief reads a result saved by ``pactlab sensitivity --json``, named with ``--sensitivity`` or shipped
for a catalog scenario. These tests check that a shipped result is fresh (computed on the scenario file
as it is now, and equal to a rerun), that a result for another scenario is refused, and that the page
says which result it read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _support.cli import run_cli
from pactlab.analysis import analyze
from pactlab.brief.sensitivity import (
    SHIPPED_SETTINGS,
    read_sensitivity,
    shipped_path,
    shipped_sensitivity,
)
from pactlab.errors import ParameterError
from pactlab.scenario import catalog, load_scenario

SHIPPED = sorted(p.stem for p in shipped_path("x").parent.glob("*.json"))


def _asks_deterrence(scenario_id: str) -> bool:
    s = load_scenario(scenario_id)
    return s.deterrence.challenger is not None and s.deterrence.target is not None and len(s.options) >= 2


def test_every_catalog_scenario_with_a_ranking_ships_a_result() -> None:
    wanted = [i for i in catalog.ids() if _asks_deterrence(i)]
    assert "vilnius-2023" in wanted
    assert sorted(wanted) == SHIPPED


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_a_shipped_result_is_fresh(scenario_id: str) -> None:
    """Its digest is the catalog file's as it is now, and it was computed with the stated settings."""
    result = read_sensitivity(shipped_path(scenario_id))
    scenario = load_scenario(scenario_id)
    assert result.provenance.scenario_digest == scenario.digest, (
        f"{shipped_path(scenario_id)} is stale: rerun pactlab sensitivity {scenario_id} --method morris "
        "--n 8 --draws 2000 --seed 0 --json > it"
    )
    assert result.scenario == scenario_id
    settings = {"method": result.method, "n": result.n, "draws": result.draws, "seed": result.provenance.seed}
    assert settings == SHIPPED_SETTINGS
    found, origin = shipped_sensitivity(scenario)
    assert found == result
    assert origin.startswith("shipped with pactlab")


@pytest.mark.slow
def test_the_shipped_vilnius_result_equals_a_rerun() -> None:
    """Recomputed here (about a minute of CPU, serial; serial = process pool bit for bit, see
    tests/sensitivity): the shipped file is what this version of pactlab computes, not an old run."""
    from pactlab.sensitivity import sensitivity

    scenario = load_scenario("vilnius-2023")
    s = SHIPPED_SETTINGS
    rerun = sensitivity(
        scenario,
        method=str(s["method"]),
        n=int(s["n"]),
        draws=int(s["draws"]),
        rng=int(s["seed"]),
        engine="serial",
    )
    assert rerun == read_sensitivity(shipped_path("vilnius-2023"))


def test_a_shipped_result_for_an_edited_scenario_is_not_used(tmp_path: Path) -> None:
    text = catalog.path("vilnius-2023").read_text(encoding="utf-8")
    edited = tmp_path / "vilnius-2023.yaml"
    edited.write_text(text.replace("  title: ", "  title: Edited - ", 1), encoding="utf-8")
    scenario = load_scenario(str(edited))
    assert scenario.metadata.id == "vilnius-2023"
    assert scenario.digest != load_scenario("vilnius-2023").digest
    found, note = shipped_sensitivity(scenario)
    assert found is None
    assert "computed on another version of the scenario" in note
    assert f"pactlab sensitivity {edited} --method morris --json > sens.json" in note


def test_a_result_for_another_scenario_is_refused_before_any_engine_runs(empty_db: str) -> None:
    vilnius = read_sensitivity(shipped_path("vilnius-2023"))
    with pytest.raises(ParameterError) as caught:
        analyze(load_scenario("bucharest-2008"), draws=100, db=empty_db, sensitivity=vilnius)
    assert caught.value.problems[0].location.file == "sensitivity"
    assert "computed on scenario 'vilnius-2023'" in str(caught.value)


def test_analyze_without_sensitivity_says_so(empty_db: str) -> None:
    found = analyze(load_scenario("vilnius-2023"), draws=200, db=empty_db, sensitivity=None, roadmap=False)
    assert found.sensitivity is None
    assert found.sensitivity_note.startswith("Sensitivity not run for this brief")
    assert found.to_dict()["sensitivity"] is None


def test_cli_refuses_another_scenarios_result_in_one_line(tmp_path: Path) -> None:
    out = tmp_path / "brief"
    run = run_cli(
        "analyze", "bucharest-2008", "-o", str(out), "--sensitivity", str(shipped_path("vilnius-2023"))
    )
    assert run.code == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert "--sensitivity" in lines[0]
    assert "vilnius-2023" in lines[0]
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not JSON"),
        ('{"provenance": {"model": "deterrence"}}', "is not a result of pactlab sensitivity"),
    ],
)
def test_cli_refuses_a_file_that_is_not_a_saved_result(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "sens.json"
    bad.write_text(content)
    out = tmp_path / "brief"
    run = run_cli("analyze", "vilnius-2023", "-o", str(out), "--sensitivity", str(bad))
    assert run.code == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(f"{bad}:")
    assert message in lines[0]
    assert not out.exists()


def test_cli_shows_the_named_result_and_says_which(
    tmp_path: Path, empty_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = tmp_path / "sens.json"
    saved.write_text(shipped_path("bucharest-2008").read_text(encoding="utf-8"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "brief"
    run = run_cli(
        "analyze",
        "bucharest-2008",
        "-o",
        str(out),
        "--draws",
        "2000",
        "--db",
        empty_db,
        "--sensitivity",
        str(saved),
    )
    assert run.code == 0, run.stderr
    results = json.loads((out / "results.json").read_text())
    assert results["sensitivity_note"] == "read from sens.json"
    assert results["sensitivity"]["provenance"]["scenario_digest"] == load_scenario("bucharest-2008").digest
    html = (out / "brief.html").read_text()
    assert "Morris screening, 8 trajectories, 2,000 draws, seed 0; read from sens.json" in html
    assert results["sensitivity"]["flip_line"].split(" loses first place")[0] in html
    assert "What would flip the ranking: map-for-georgia" in run.stdout  # the terminal summary too
