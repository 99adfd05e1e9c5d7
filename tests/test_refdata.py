"""The reference data stay outside the repository (issue 16 item 8): ``pactlab data check`` says which
entries are present and whether they hold the content the reference values were computed from, and a
test run without them says loudly how many reference tests it skipped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from _support.cli import run_cli
from pactlab.refdata import MANIFEST, check

ROOT = Path(__file__).resolve().parents[1]


def test_the_shared_data_are_the_expected_ones(shared_data: Path) -> None:
    entries = check(shared_data)
    assert [e.path for e in entries] == list(MANIFEST)
    assert {e.path: e.status for e in entries} == dict.fromkeys(MANIFEST, "ok")


def test_missing_and_changed_entries_are_told_apart(tmp_path: Path) -> None:
    (tmp_path / "conflict" / "iig").mkdir(parents=True)
    (tmp_path / "conflict" / "iig" / "iig-dyads-with-sq.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    found = {e.path: e for e in check(tmp_path)}
    assert found["conflict/iig"].status == "changed"
    assert found["conflict/iig"].files == 1
    assert found["negotiation/decide"].status == "missing"


def test_the_command_exits_2_and_says_in_one_line_how_to_get_the_data(tmp_path: Path) -> None:
    run = run_cli("data", "check", "--path", str(tmp_path))
    assert run.code == 2
    assert run.stderr.startswith(f"pactlab data check: {len(MANIFEST)} missing, 0 changed")
    assert "PACTLAB_SHARED_DATA" in run.stderr
    assert run.stderr.count("\n") == 1
    as_json = run_cli("data", "check", "--path", str(tmp_path), "--json")
    assert as_json.code == 2
    assert {e["status"] for e in json.loads(as_json.stdout)["entries"]} == {"missing"}


def test_a_run_without_the_data_says_how_many_reference_tests_it_skipped(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PACTLAB_SHARED_DATA"] = str(tmp_path / "absent")
    target = "tests/deter/test_games_reference.py"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-cov", target],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-2000:]
    line = next((x for x in proc.stdout.splitlines() if x.startswith("REFERENCE DATA MISSING")), None)
    assert line is not None, proc.stdout[-2000:]
    assert line.startswith("REFERENCE DATA MISSING: 3 reference tests skipped")


@pytest.mark.parametrize("name", ["README.md"])
def test_the_readme_says_how_to_get_the_data(name: str) -> None:
    text = (ROOT / name).read_text(encoding="utf-8")
    assert "pactlab data check" in text
    assert "PACTLAB_SHARED_DATA" in text
