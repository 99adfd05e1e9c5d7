"""``pactlab backtest``: the tables, JSON only with --json, one located line and exit 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from backtest import _cases
from pactlab.cli import main


def test_tables_and_verdicts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _cases.write(tmp_path)
    assert main(["backtest", str(path), "--models", "compromise,median", "--bootstrap", "200"]) == 0
    out = capsys.readouterr().out
    assert "toy-case: the toy decision" in out
    assert "Skill = 1 - MAE(model) / MAE(baseline)" in out
    assert "compromise " in out
    for name in ("status-quo", "midpoint", "group-mean", "weighted-mean", "next-anchor"):
        assert name in out
    assert (tmp_path / "toy-case.runlog.yaml").is_file()


def test_json_only_and_plot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _cases.write(tmp_path)
    plot = tmp_path / "plot.svg"
    code = main(
        ["backtest", str(path), "--models", "compromise", "--json", "--bootstrap", "100", "--plot", str(plot)]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["provenance"]["model"] == "backtest"
    assert plot.is_file()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--models", "nope"], "pactlab backtest: --models: unknown model 'nope'"),
        (["--bootstrap", "5"], "pactlab backtest: --bootstrap: needs at least 100 draws"),
        (["--plot", "x.pdf"], "pactlab backtest: --plot: the plot is written as .png or .svg"),
    ],
)
def test_bad_flags_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    path = _cases.write(tmp_path)
    assert main(["backtest", str(path), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(expected)


def test_a_case_coded_after_its_first_run_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _cases.write(tmp_path)
    assert main(["backtest", str(path), "--models", "compromise", "--bootstrap", "100"]) == 0
    runlog = tmp_path / "toy-case.runlog.yaml"
    data = yaml.safe_load(runlog.read_text(encoding="utf-8"))
    data["first_run"] = "2020-01-25T00:00:00Z"  # the log says models ran before the coding of 1 February
    runlog.write_text(yaml.safe_dump(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["backtest", str(path), "--models", "compromise", "--bootstrap", "100"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"{path}:")
    assert "not before the first recorded run" in line


def test_unknown_case_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backtest", "no-such-case"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "not a built-in case" in line
