"""``pactlab analyze``'s output folder (issue 18 item 5) and its terminal summary (item 4)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from _support.cli import Run, run_cli
from pactlab.cli import analyze as analyze_cli
from pactlab.scenario import load_scenario

EPOCH = "1700000000"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PACTLAB_DB", f"sqlite:///{tmp_path / 'ledger.db'}")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def _refused(run: Run, pattern: str) -> None:
    assert run.code == 2, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert pattern in run.stderr


def test_an_empty_out_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    before = sorted(os.listdir(tmp_path))
    _refused(run_cli("analyze", "-o", ""), "--out: is empty")
    assert sorted(os.listdir(tmp_path)) == before


def test_an_existing_brief_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "brief"
    out.mkdir()
    (out / "brief.pdf").write_text("my edited brief")
    _refused(run_cli("analyze", "-o", str(out)), "use --force to overwrite it")
    assert (out / "brief.pdf").read_text() == "my edited brief"
    assert sorted(os.listdir(out)) == ["brief.pdf"]


def test_a_file_given_as_out_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    _refused(run_cli("analyze", "-o", "notes.txt"), "exists and is not a folder")


def test_a_failed_run_leaves_no_folder_behind(tmp_path: Path) -> None:
    run = run_cli("analyze", "-o", "fresh", "--seed", "-1", "--draws", "100")
    _refused(run, "pactlab analyze: --seed: ")
    assert not (tmp_path / "fresh").exists()


def test_a_failed_run_leaves_an_existing_folder_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    run_cli("analyze", "-o", "mine", "--seed", "-1", "--draws", "100")
    assert sorted(os.listdir(tmp_path / "mine")) == ["notes.txt"]


def test_an_unwritable_folder_is_one_line_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The staging folder is made first: refusing it costs no analysis (simulated EACCES)."""

    def denied(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "ro" / ".pactlab-x"))

    monkeypatch.setattr(analyze_cli.tempfile, "mkdtemp", denied)
    ran: list[bool] = []
    monkeypatch.setattr("pactlab.analysis.analyze", lambda *a, **k: ran.append(True))
    _refused(run_cli("analyze", "-o", "ro"), "ro: cannot write the brief here: Permission denied")
    assert not ran
    assert not (tmp_path / "ro").exists()


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write into, root included (``chattr +i``), or skip where that is impossible."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
    elif (
        shutil.which("chattr") is None
        or subprocess.run(["chattr", "+i", str(folder)], check=False).returncode
    ):
        pytest.skip("running as root on a file system without chattr +i: no folder is read-only to root")
    try:
        yield folder
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=False)
        folder.chmod(0o755)


def test_a_read_only_folder_is_one_line_and_stays_empty(read_only: Path) -> None:
    run = run_cli("analyze", "-o", str(read_only))
    _refused(run, f"{read_only}: cannot write the brief here: ")
    assert os.listdir(read_only) == []


def _hostile_scenario(path: Path) -> Path:
    """vilnius-2023 with markup and escape sequences in its title and an actor's name."""
    data = load_scenario("vilnius-2023").model_dump(mode="json", exclude_none=True)
    data["metadata"]["title"] = "Guarantees [sic] [/] \x1b[2J\x1b]0;pwned\x07 \x1b[31mred"
    data["actors"][0]["name"] = "Nether\x1b[2Jlands [/]"
    path.write_text(json.dumps(data))
    return path


def test_force_overwrites_and_the_summary_prints_markup_and_escapes_literally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: a title with ``[/]`` crashed analyze after writing its files; ``[sic]`` vanished."""
    monkeypatch.setenv("COLUMNS", "400")
    scenario = _hostile_scenario(tmp_path / "hostile.json")
    out = tmp_path / "brief"
    out.mkdir()
    (out / "brief.html").write_text("old")
    run = run_cli("analyze", str(scenario), "-o", str(out), "--draws", "200", "--force")
    assert run.code == 0, run.stderr
    assert "\x1b" not in run.stdout + run.stderr
    assert "Guarantees [sic] [/] \\x1b[2J\\x1b]0;pwned\\x07 \\x1b[31mred" in run.stdout
    assert (out / "brief.html").read_text() != "old"
    assert sorted(p.name for p in out.iterdir()) == ["brief.html", "brief.pdf", "results.json"]
    results = json.loads((out / "results.json").read_text())
    assert results["provenance"]["draws"] == 200
    assert results["provenance"]["generated_at"].startswith("2023-11-14")  # SOURCE_DATE_EPOCH


def test_a_hostile_issue_title_is_plotted_as_plain_text(tmp_path: Path) -> None:
    data = load_scenario("vilnius-2023").model_dump(mode="json", exclude_none=True)
    data["issues"][0]["title"] = "Years [/b] \x1b[31m"
    (tmp_path / "s.json").write_text(json.dumps(data))
    run = run_cli("analyze", str(tmp_path / "s.json"), "-o", "out", "--draws", "200")
    assert run.code == 0, run.stderr
