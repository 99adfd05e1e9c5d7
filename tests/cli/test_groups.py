"""Every command group with no arguments prints its help and exits 0, never a traceback (issue 17 item 8).

Quoted failure: "`pactlab`, `pactlab scenarios`, `pactlab ledger` and `pactlab ledger add` with no
arguments print the help and then a traceback (`NoArgsIsHelpError`)". tests/cli/test_regressions.py
runs those four; here every group is found by walking the command table, so that a group added later
(``validate`` was) is covered without a new line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from _support.cli import run_cli
from pactlab.cli import COMMANDS, _root_command


def _groups() -> list[tuple[str, ...]]:
    root = _root_command()
    found: list[tuple[str, ...]] = [()]

    def walk(command: Any, path: tuple[str, ...]) -> None:
        if hasattr(command, "list_commands"):
            found.append(path)
            for name in command.list_commands(None):
                walk(command.get_command(None, name), (*path, name))

    for name in COMMANDS:
        walk(root.get_command(None, name), (name,))
    return found


# `pactlab serve` is the one group whose bare form is a command of its own (the contract: `pactlab serve
# [--host H] [--port P]` starts the web server; `pactlab serve token create` is its subcommand); its help
# is tested below, and the server in tests/web
SERVES = {("serve",)}
GROUPS = [g for g in _groups() if g not in SERVES]


def test_serve_is_a_group_whose_bare_form_serves() -> None:
    assert set(_groups()) >= SERVES
    run = run_cli("serve", "--help")
    assert run.code == 0
    assert "token" in run.stdout


def test_the_walk_finds_the_groups_the_issue_quotes() -> None:
    """The walk can fail: it must find the four groups issue 17 quotes."""
    assert {(), ("scenarios",), ("ledger",), ("ledger", "add")} <= set(GROUPS)


@pytest.mark.parametrize("args", GROUPS, ids=lambda a: " ".join(a) or "pactlab")
def test_a_bare_group_prints_its_help(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PACTLAB_DB", f"sqlite:///{tmp_path / 'ledger.db'}")
    monkeypatch.chdir(tmp_path)
    run = run_cli(*args)
    assert run.code == 0, run.stderr
    assert "Usage" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr
    assert not run.stderr
