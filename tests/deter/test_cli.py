"""``pactlab deter``: the JSON contract of issue 4, seeding, located errors."""

from __future__ import annotations

import json

import pytest

from pactlab.cli import main

KEYS = {
    "option",
    "p_deterrence",
    "p_limited_conflict",
    "p_direct_clash",
    "intervals",
    "durability",
    "drivers",
}


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["deter", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "vilnius-2023", "--draws", "3000", "--seed", "7", "--json")
    assert code == 0
    data = json.loads(out)  # stdout is only JSON
    # the contract's fields, and (issue 16) the provenance, kinds, pairwise table and warnings
    assert set(data) >= {
        "scenario",
        "draws",
        "seed",
        "options",
        "baseline",
        "provenance",
        "beats",
        "parameter_kinds",
        "warnings",
    }
    assert data["provenance"]["seed"] == 7
    assert (data["scenario"], data["draws"], data["seed"]) == ("vilnius-2023", 3000, 7)
    assert len(data["options"]) == 5
    for entry in [*data["options"], data["baseline"]]:
        assert set(entry) >= KEYS
        total = entry["p_deterrence"] + entry["p_limited_conflict"] + entry["p_direct_clash"]
        assert total == pytest.approx(1.0, abs=1e-9)
        assert set(entry["durability"]) == {"s1", "s5", "s10"}
        assert 0 < entry["durability"]["s10"] <= entry["durability"]["s5"] <= entry["durability"]["s1"] <= 1


def test_same_seed_same_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("vilnius-2023", "--draws", "2000", "--seed", "3", "--json", "--option", "us-bilateral-web")
    _, first, _ = _run(capsys, *args)
    _, second, _ = _run(capsys, *args)
    assert first == second
    assert [o["option"] for o in json.loads(first)["options"]] == ["us-bilateral-web"]


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (
            ("vilnius-2023", "--option", "no-such-option"),
            "pactlab deter: --option: no option 'no-such-option'",
        ),
        (
            ("vilnius-2023", "--profile", "no-such-profile"),
            "pactlab deter: --profile: unknown profile 'no-such-profile'",
        ),
    ],
)
def test_bad_input_is_a_located_error(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], where: str
) -> None:
    code, out, err = _run(capsys, *args, "--draws", "100")
    assert code == 2
    assert out == ""
    assert err.startswith(where)
    assert "Traceback" not in err


def test_bad_parameter_override_in_a_scenario_file(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """An unknown deterrence parameter id in a scenario file: exit 2, located at the field."""
    from pactlab.scenario import load_scenario
    from pactlab.scenario.io import dump_data

    data = dump_data(load_scenario("vilnius-2023"))
    data["deterrence"]["parameters"] = [
        {"id": "no_such_parameter", "value": 1.0, "source": "test", "rationale": "an unknown id"}
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    code, out, err = _run(capsys, str(path), "--draws", "100")
    assert code == 2
    assert out == ""
    assert "deterrence.parameters[0].id" in err
    assert "no_such_parameter" in err


def test_as_a_user_runs_it_progress_stays_off_stdout() -> None:
    """A fresh ``python -m pactlab`` process, long enough (100k draws) for the progress bar: stdout
    is still only JSON."""
    from tests._support.cli import run_process

    run = run_process(
        "deter", "vilnius-2023", "--draws", "100000", "--option", "peace-formula-benchmarks", "--json"
    )
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["draws"] == 100000
    assert [o["option"] for o in data["options"]] == ["peace-formula-benchmarks"]
