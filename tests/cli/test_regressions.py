"""Every command line quoted in issues 17 and 18, with the one line (or help page) it must give.

Cases still failing in commands other helpers own are strict xfails naming the owner and today's
failure: they turn into failures the moment the owner fixes them, so that the marker goes.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from _support.cli import SRC, Run, run_cli
from _support.fuzzing import MARKUP_AND_ESCAPES, Files, run_bounded


def _owner(owner: str, failure: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"owner: {owner}; today: {failure}")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    return Files.make(tmp_path_factory.mktemp("regressions"))


@pytest.fixture(autouse=True)
def _throwaway_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTLAB_DB", f"sqlite:///{tmp_path / 'ledger.db'}")
    monkeypatch.chdir(tmp_path)


def _one_line(run: Run, pattern: str) -> None:
    assert run.code == 2, (run.code, run.stderr)
    assert "Traceback" not in run.stderr + run.stdout
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert re.fullmatch(pattern, lines[0]), lines[0]


@pytest.mark.parametrize("args", [(), ("ledger",), ("scenarios",), ("ledger", "add")])
def test_bare_groups_print_help_and_exit_0(args: tuple[str, ...]) -> None:
    run = run_cli(*args)
    assert run.code == 0
    assert "Usage" in run.stdout
    assert not run.stderr


USAGE = [
    (("frobnicate",), r"pactlab: No such command 'frobnicate'\. \(see 'pactlab --help'\)"),
    (("analyse",), r"pactlab: No such command 'analyse'\. Did you mean 'analyze'\? \(see 'pactlab --help'\)"),
    (("negotiate", "vilnius-2023", "--bogus"), r"pactlab negotiate: No such option: --bogus.*"),
    (
        ("negotiate", "vilnius-2023", "--no-such-option"),
        r"pactlab negotiate: No such option: --no-such-option.*",
    ),
    (("deter",), r"pactlab deter: Missing argument 'scenario'\..*"),
    (("analyze", "--draws", "abc"), r"pactlab analyze: Invalid value for '--draws'.*"),
    (("negotiate", "vilnius-2023", "--rounds", "-1"), r"pactlab negotiate: Invalid value for '--rounds'.*"),
    (("deter", "vilnius-2023", "--seed", "-1"), r"pactlab deter: Invalid value for '--seed'.*"),
    (("analyze", "--seed", "-1"), r"pactlab analyze: --seed: a seed is a non-negative integer, not -1"),
    (("ledger", "import", "F.csv"), r"pactlab ledger import: Missing option '--format'\..*"),
    (("analyze", "-o", ""), r"pactlab analyze: --out: is empty: .*"),
    (("ledger", "add", "pledge", "--guarantor", "usa", "--date", "2025-02-30"), r".*date: not a date .*"),
    (("ledger", "report", "--by", "nope"), r".*--by: .*guarantor, instrument, month.*"),
    (("ledger", "import", "F.csv", "--format", "nope"), r".*--format: .*kiel.*"),
    (("negotiate", "vilnius-2023", "--model", "nope"), r".*--model: .*compromise.*"),
    (("negotiate", "vilnius-2023", "--issue", "nope"), r".*--issue: .*membership-path.*"),
]


@pytest.mark.parametrize(("args", "pattern"), USAGE, ids=[" ".join(a) for a, _ in USAGE])
def test_usage_and_input_errors_are_one_line_exit_2(args: tuple[str, ...], pattern: str) -> None:
    Path("F.csv").write_text("record,guarantor\n")
    _one_line(run_cli(*args), pattern)


def test_draws_below_two_names_the_flag() -> None:
    """``deter --draws 1`` is refused by the library, reported with the command's flag (exit 2)."""
    _one_line(run_cli("deter", "vilnius-2023", "--draws", "1"), r"pactlab deter: --draws: .*")


def test_analyze_draws_below_two_names_the_flag() -> None:
    _one_line(run_cli("analyze", "--draws", "1", "-o", "out"), r"pactlab analyze: --draws: .*")


def test_negotiate_negative_seed_is_refused() -> None:
    _one_line(run_cli("negotiate", "vilnius-2023", "--seed", "-1"), r"pactlab negotiate: --seed: .*")


@pytest.mark.parametrize("budget", ["inf", "nan", "-1"])
def test_plan_infinite_risk_budget_is_refused(budget: str) -> None:
    run = run_cli("plan", "vilnius-2023", "--risk-budget", budget, "--time-limit", "1")
    _one_line(run, r".*--risk-budget.*")


def test_plan_a_huge_finite_risk_budget_binds_nothing() -> None:
    """Issue 18 quoted 1e308 among the crashes (OverflowError scaling it for CP-SAT): a finite budget above
    every step's risk together is simply not binding."""
    run = run_cli("plan", "vilnius-2023", "--risk-budget", "1e308", "--time-limit", "1", "--json")
    assert run.code == 0, run.stderr
    plan = json.loads(run.stdout)
    assert "risk_budget" not in " ".join(str(b) for b in plan.get("binding", []))


def test_plan_gantt_with_an_unknown_format_is_refused() -> None:
    _one_line(run_cli("plan", "vilnius-2023", "--gantt", "g.xyz", "--time-limit", "1"), r".*--gantt.*xyz.*")


def test_db_refuses_a_text_file() -> None:
    Path("text.txt").write_text("not a database\n")
    _one_line(run_cli("ledger", "report", "--db", "text.txt"), r".*text\.txt: is not a SQLite database.*")


def test_db_refuses_an_empty_file_that_is_not_a_database() -> None:
    Path("empty.txt").write_text("")
    _one_line(run_cli("ledger", "report", "--db", "empty.txt"), r".*empty\.txt.*")


def test_a_delivery_for_pledge_0_is_not_silently_unlinked() -> None:
    run = run_cli("ledger", "add", "delivery", "--guarantor", "usa", "--date", "2023-07-10", "--pledge", "0")
    _one_line(run, r".*pledge.*")


def test_digest_skeleton_refuses_to_overwrite(files: Files) -> None:
    Path("s.yaml").write_text("mine\n")
    run = run_cli("digest", str(files.root / "article.txt"), "--skeleton", "s.yaml")
    assert Path("s.yaml").read_text() == "mine\n"
    _one_line(run, r"pactlab digest: --force: s\.yaml exists and was not overwritten")


def test_a_file_name_with_a_newline_cannot_forge_an_error_line(files: Files) -> None:
    run = run_cli("scenarios", "validate", files.paths["newline-name"])
    assert run.code == 2
    assert len(run.stderr.strip().splitlines()) == len(run.stderr.strip().split("\n"))
    assert "line\\nbreak.yaml" in run.stderr
    assert all("line\\nbreak.yaml" in line for line in run.stderr.strip().splitlines())


def test_an_escape_sequence_in_a_file_name_reaches_the_terminal_escaped(files: Files) -> None:
    run = run_cli("scenarios", "validate", files.paths["escape-name"])
    assert run.code == 2
    assert "\x1b" not in run.stderr
    assert "esc\\x1b[2J.yaml" in run.stderr


# --- markup and escape sequences in a scenario's strings (issue 18: "[/]" crashes, "[sic]" vanishes) ---


def _no_raw_escapes(run: Run) -> None:
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert "\x1b" not in run.stdout + run.stderr


def test_scenarios_show_prints_markup_and_escapes_literally(
    files: Files, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # no wrapping inside the table cells
    run = run_cli("scenarios", "show", files.paths["hostile-title"])
    _no_raw_escapes(run)
    flat = " ".join(run.stdout.split())
    assert "Emissions [sic] [/] \\x1b[2J\\x1b]0;pwned\\x07 \\x1b[31mred" in flat
    assert "Nether\\x1b[2Jlands [/]" in flat


def test_the_hostile_title_is_what_the_file_says(files: Files) -> None:
    """The check above is about printing: the title itself keeps every character."""
    from pactlab.scenario import load_scenario

    assert load_scenario(files.paths["hostile-title"]).metadata.title == MARKUP_AND_ESCAPES


@_owner(
    "negotiate", "cli/negotiate.py prints the title as rich markup: [sic] vanishes, ESC[2J reaches stdout"
)
def test_negotiate_prints_markup_and_escapes_literally(files: Files) -> None:
    run = run_cli("negotiate", files.paths["hostile-title"], "--model", "compromise")
    _no_raw_escapes(run)
    assert "[sic]" in run.stdout


def test_digest_prints_markup_literally(files: Files) -> None:
    run = run_cli("digest", files.paths["article-markup"])
    _no_raw_escapes(run)
    assert "[sic]" in run.stdout


def test_digest_prints_escape_sequences_escaped(files: Files) -> None:
    _no_raw_escapes(run_cli("digest", files.paths["article-esc"]))


def test_deter_with_a_hostile_title_prints_no_raw_escape(files: Files) -> None:
    _no_raw_escapes(run_cli("deter", files.paths["hostile-title"], "--draws", "100"))


# --- unbounded reads and hangs: in a subprocess with a time and memory cap, never in the test process ---


def _capped(args: list[str], timeout: float = 20) -> Run:
    """``python -m pactlab ARGS`` under a 2 GiB address-space cap and a timeout (a hang fails the test)."""

    def cap() -> None:  # pragma: no cover - runs in the child
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    env = dict(os.environ, PYTHONPATH=str(SRC))
    proc = subprocess.run(
        [sys.executable, "-m", "pactlab", *args],
        capture_output=True,
        timeout=timeout,
        env=env,
        preexec_fn=cap,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return Run(proc.returncode, proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace"))


@pytest.fixture
def fifo(tmp_path: Path) -> str:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return str(path)


def test_ledger_import_dev_zero_is_refused() -> None:
    _one_line(_capped(["ledger", "import", "/dev/zero", "--format", "csv"]), r"/dev/zero: .*")


def test_plan_psplib_dev_zero_is_refused() -> None:
    _one_line(_capped(["plan", "--psplib", "/dev/zero"]), r"/dev/zero: .*")


def test_ledger_import_fifo_is_refused(fifo: str) -> None:
    _one_line(_capped(["ledger", "import", fifo, "--format", "csv"], timeout=8), r".*fifo: .*")


def test_plan_psplib_fifo_is_refused(fifo: str) -> None:
    _one_line(_capped(["plan", "--psplib", fifo], timeout=8), r".*fifo: .*")


@pytest.mark.parametrize("command", [["scenarios", "show"], ["digest"], ["deter"]])
@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_special_files_are_refused_by_the_commands_that_read_scenarios_and_texts(
    command: list[str], special: str, fifo: str
) -> None:
    path = fifo if special == "fifo" else special
    run = _capped([*command, path], timeout=30)
    assert run.code == 2, run.stderr
    assert "Traceback" not in run.stderr


def test_the_harness_bounds_catch_a_hang_and_an_unbounded_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fuzz harness's in-process bounds work: a hang and a runaway allocation both end the example."""
    import time

    from _support import fuzzing
    from pactlab.cli import scenarios

    monkeypatch.setattr(scenarios, "_catalog_titles", lambda: time.sleep(30))
    with pytest.raises(fuzzing.Hang):
        fuzzing.run_bounded(["scenarios", "list"], seconds=1)
    monkeypatch.setattr(scenarios, "_catalog_titles", lambda: bytearray(1 << 30))
    outcome = run_bounded(["scenarios", "list"], margin=256 << 20)
    assert outcome.code == 70  # MemoryError under the cap: reported as a defect, which the harness flags
    assert "MemoryError" in outcome.stderr
