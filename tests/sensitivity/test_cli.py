"""``pactlab sensitivity``: JSON equal to the library's result, and every bad input a located one-line
error with exit status 2 and nothing written."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest

from _support.cli import run_cli
from pactlab.scenario import Scenario
from pactlab.sensitivity import SensitivityResult, sensitivity

from .conftest import ARDENIA

PREFIX = "^pactlab sensitivity: "  # the entry point names the command, then the flag
ARGS = ["--n", "4", "--draws", "300", "--engine", "serial", "--input", "sq", "--input", "rating.arms.*"]


def test_json_is_the_library_result(ardenia: Scenario) -> None:
    run = run_cli("sensitivity", str(ARDENIA), *ARGS, "--json")
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    expected = sensitivity(ardenia, n=4, draws=300, inputs=["sq", "rating.arms.*"])
    assert SensitivityResult.from_dict(data) == expected
    assert data["flip_line"] == expected.flip_line()


def test_text_output_has_the_headline_and_the_flip_line() -> None:
    run = run_cli("sensitivity", str(ARDENIA), *ARGS, "--method", "morris")
    assert run.code == 0, run.stderr
    assert "leading" in run.stdout
    assert "What would flip the ranking:" in run.stdout


def _one_error(run_args: list[str], pattern: str, tmp_path: Path) -> None:
    before = sorted(tmp_path.iterdir())
    run = run_cli("sensitivity", *run_args)
    assert run.code == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert re.search(pattern, lines[0]), lines[0]
    assert "Traceback" not in run.stderr
    assert sorted(tmp_path.iterdir()) == before


@pytest.mark.parametrize(
    ("extra", "pattern"),
    [
        (["--n", "1000"], r"--n: Sobol' designs need a power of two .* use 512 or 1024"),
        (["--method", "fast"], r"--method: unknown method 'fast'"),
        (["--range", "p_accident=0:1.5"], r"--range: p_accident: \[0, 1\.5\] leaves its support \[0, 1\]"),
        (["--range", "p_accident=zero"], r"--range: 'p_accident=zero' is not NAME=LOW:HIGH"),
        (["--range", "p_acident=0:0.2"], r"--range: p_acident: not an input .*did you mean 'p_accident'"),
        (["--input", "hr.*"], r"--input: no output varies over the design"),
        (["--input", "zzz*"], r"--input: no input of this scenario matches zzz\*"),
        (["--scheduler", "http://x:1"], r"--scheduler: 'http://x:1' is not a Dask scheduler address"),
        (["--engine", "gpu"], r"--engine: unknown engine 'gpu'"),
    ],
)
def test_bad_options(extra: list[str], pattern: str, tmp_path: Path) -> None:
    _one_error([str(ARDENIA), "--n", "2", "--draws", "200", *extra], PREFIX + pattern, tmp_path)


def test_override_outside_its_support_is_located_to_its_line(tmp_path: Path) -> None:
    text = ARDENIA.read_text().replace("      value: 0.4\n", "      value: 1.4\n", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    line = text.splitlines().index("      value: 1.4") + 1
    _one_error(
        [str(bad), "--n", "2"],
        rf"^{re.escape(str(bad))}:{line}:deterrence\.parameters\[0\]\.value: "
        r".*1\.4 lies outside the support \[0, 1\]",
        tmp_path,
    )


def test_a_scenario_without_options_is_refused(tmp_path: Path) -> None:
    text = ARDENIA.read_text()
    start, end = text.index("\noptions:\n"), text.index("\nmilestones:\n")
    bad = tmp_path / "no-options.yaml"
    bad.write_text(text[:start] + text[end:])
    _one_error([str(bad), "--n", "2"], r"no-options\.yaml.*options: sensitivity needs options", tmp_path)


@pytest.mark.slow
def test_a_scheduler_that_does_not_answer(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _one_error(
        [str(ARDENIA), "--n", "2", "--scheduler", f"tcp://127.0.0.1:{port}"],
        PREFIX
        + rf"--scheduler: no Dask scheduler at tcp://127\.0\.0\.1:{port}: it did not answer within 5 s$",
        tmp_path,
    )
