"""The one error boundary at ``pactlab.cli.main`` (issue 18 item 1) and the parameter-to-flag mapping."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from typing import Any

import pytest

from _support.cli import run_cli, run_process
from pactlab.cli import COMMANDS, _root_command
from pactlab.cli import scenarios as scenarios_cli
from pactlab.cli._boundary import EXIT_BUG, PARAMETER_FLAGS, command_of, flag_for
from pactlab.errors import PactlabError, ParameterError


def _leaves(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    names = command.list_commands(None) if hasattr(command, "list_commands") else None
    if names is None:
        yield path, command
        return
    for name in names:
        yield from _leaves(command.get_command(None, name), (*path, name))


LEAVES = list(_leaves(_root_command()))


def test_the_walk_finds_every_command() -> None:
    paths = {" ".join(p) for p, _ in LEAVES}
    assert {"analyze", "deter", "negotiate", "scenarios list", "ledger add pledge"} <= paths
    assert {p[0] for p, _ in LEAVES} == set(COMMANDS)


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_every_option_maps_back_to_its_own_flag(path: tuple[str, ...], command: Any) -> None:
    """A library parameter named like a command's option is reported as that option's flag."""
    for param in command.params:
        if param.param_type_name != "option" or param.name in {"help"}:
            continue
        assert flag_for(param.name, command) in param.opts, (path, param.name)


def test_each_entry_of_the_mapping_is_a_flag_some_command_has() -> None:
    """No stale entry: every library word in PARAMETER_FLAGS maps to a flag that exists."""
    flags = {opt for _, command in LEAVES for param in command.params for opt in param.opts}
    assert set(PARAMETER_FLAGS.values()) <= flags


@pytest.mark.parametrize(
    ("args", "parameter", "flag"),
    [
        (("analyze",), "rng", "--seed"),
        (("analyze",), "seed", "--seed"),
        (("analyze",), "draws", "--draws"),
        (("analyze",), "out", "--out"),
        (("deter", "x"), "rng", "--seed"),
        (("deter", "x"), "profile_name", "--profile"),
        (("negotiate", "x"), "issues", "--issue"),
        (("negotiate", "x"), "rounds", "--rounds"),
        (("plan", "x"), "time_limit", "--time-limit"),
        (("plan", "x"), "points", "--pareto"),
        (("ledger", "import", "f"), "fmt", "--format"),
        (("ledger", "report"), "by", "--by"),
        (("digest", "f"), "sentences", "--sentences"),
        (("analyze",), "weights", "weights"),  # not on the command line: the library's own word
        (("--debug", "deter", "x"), "scenario", "SCENARIO"),
    ],
)
def test_flag_for_the_invoked_command(args: tuple[str, ...], parameter: str, flag: str) -> None:
    _, command = command_of(_root_command(), args)
    assert flag_for(parameter, command) == flag


def test_command_path_follows_groups_and_skips_flags() -> None:
    root = _root_command()
    assert (
        command_of(root, ["--debug", "ledger", "add", "pledge", "--db", "x"])[0]
        == "pactlab ledger add pledge"
    )
    assert command_of(root, ["frobnicate"])[0] == "pactlab"


@pytest.fixture
def broken_list(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``scenarios list`` raising whatever the test sets."""
    box: dict[str, BaseException] = {}

    def titles() -> list[dict[str, str]]:
        raise box["error"]

    monkeypatch.setattr(scenarios_cli, "_catalog_titles", titles)
    return box


def test_a_parameter_error_is_reported_with_the_commands_flag(broken_list: Any) -> None:
    broken_list["error"] = ParameterError("as_json", "cannot be combined with the moon")
    run = run_cli("scenarios", "list")
    assert run.code == 2
    assert run.stderr == "pactlab scenarios list: --json: cannot be combined with the moon\n"


def test_a_pactlab_error_is_one_line_per_problem(broken_list: Any) -> None:
    broken_list["error"] = PactlabError.at("s.yaml", "actors[0].id", "duplicate id 'a'", line=4)
    run = run_cli("scenarios", "list")
    assert (run.code, run.stderr) == (2, "s.yaml:4:actors[0].id: duplicate id 'a'\n")


def test_an_os_error_on_a_named_file_is_one_line(broken_list: Any) -> None:
    broken_list["error"] = PermissionError(errno.EACCES, "Permission denied", "/ro/brief.pdf")
    run = run_cli("scenarios", "list")
    assert (run.code, run.stderr) == (2, "/ro/brief.pdf: Permission denied\n")


def test_a_defect_is_exit_70_with_a_bug_report_hint_and_no_traceback(broken_list: Any) -> None:
    broken_list["error"] = ZeroDivisionError("division by zero")
    run = run_cli("scenarios", "list")
    assert run.code == EXIT_BUG == 70
    lines = run.stderr.splitlines()
    assert lines[0] == "pactlab scenarios list: internal error: ZeroDivisionError: division by zero"
    assert "bug" in lines[1]
    assert "--debug" in lines[1]
    assert len(lines) == 2
    assert "Traceback" not in run.stderr


def test_a_defects_message_cannot_drive_the_terminal(broken_list: Any) -> None:
    broken_list["error"] = KeyError("\x1b[2Jname\nforged line")
    run = run_cli("scenarios", "list")
    assert run.code == 70
    assert "\x1b" not in run.stderr
    assert len(run.stderr.splitlines()) == 2


def test_debug_flag_shows_the_traceback(broken_list: Any) -> None:
    broken_list["error"] = ZeroDivisionError("division by zero")
    run = run_cli("--debug", "scenarios", "list")
    assert run.code == 70
    assert "Traceback (most recent call last)" in run.stderr
    assert "internal error: ZeroDivisionError" in run.stderr


@pytest.mark.parametrize(("value", "shown"), [("1", True), ("yes", True), ("0", False), ("", False)])
def test_pactlab_debug_environment_shows_the_traceback(
    broken_list: Any, monkeypatch: pytest.MonkeyPatch, value: str, shown: bool
) -> None:
    monkeypatch.setenv("PACTLAB_DEBUG", value)
    broken_list["error"] = ZeroDivisionError("division by zero")
    run = run_cli("scenarios", "list")
    assert run.code == 70
    assert ("Traceback" in run.stderr) is shown


def test_debug_state_does_not_leak_between_runs(broken_list: Any) -> None:
    broken_list["error"] = ZeroDivisionError("x")
    assert "Traceback" in run_cli("--debug", "scenarios", "list").stderr
    assert "Traceback" not in run_cli("scenarios", "list").stderr


def test_keyboard_interrupt_is_exit_130_without_traceback(broken_list: Any) -> None:
    broken_list["error"] = KeyboardInterrupt()
    run = run_cli("scenarios", "list")
    assert run.code == 130
    assert "Traceback" not in run.stderr


def test_a_real_process_gives_the_same_line_and_status() -> None:
    """The console entry point, not only the in-process call: one line, exit 2, nothing on stdout."""
    run = run_process("negotiate", "vilnius-2023", "--no-such-option")
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("pactlab negotiate: No such option: --no-such-option")
    assert len(run.stderr.strip().splitlines()) == 1


STOCHASTIC = ["analyze", "deter", "negotiate", "backtest", "calibrate", "validate deter"]


@pytest.mark.parametrize("name", STOCHASTIC)
def test_every_stochastic_command_has_seed_defaulting_to_0(name: str) -> None:
    """One seeding word (issue 16 item 3): ``--seed``, default :data:`pactlab._rng.DEFAULT_SEED`."""
    from pactlab._rng import DEFAULT_SEED

    command = _root_command()
    for word in name.split():  # a group's subcommand ("validate deter") is looked up in its group
        command = command.get_command(None, word)
    seeds = [p for p in command.params if "--seed" in p.opts]
    assert len(seeds) == 1
    assert seeds[0].default == DEFAULT_SEED == 0
