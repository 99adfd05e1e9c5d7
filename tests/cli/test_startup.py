"""Fast start (issue 17 item 7, issue 19): the everyday commands import no heavy library.

Checked by which modules a fresh process has imported, never by timing (timings live in
``benchmarks/bench_startup.py``, run by hand).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from _support.cli import SRC, run_cli
from pactlab.cli import COMMANDS, _root_command
from pactlab.scenario import catalog, load_scenario

HEAVY = ("sqlalchemy", "scipy", "numba", "pandas", "matplotlib", "weasyprint", "ortools")

_PROBE = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from pactlab.cli import main
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(sys.argv[1:])
    print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
    """
)


def _fresh_modules(*args: str) -> tuple[int, set[str]]:
    """Exit status and imported modules of ``pactlab ARGS`` in a fresh interpreter."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    found = json.loads(proc.stdout)
    return found["code"], set(found["modules"])


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("scenarios", "list"), ()])
def test_everyday_commands_import_nothing_heavy(args: tuple[str, ...]) -> None:
    code, modules = _fresh_modules(*args)
    assert code == 0
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert not loaded, f"pactlab {' '.join(args)} imported {loaded[:5]}"


@pytest.mark.parametrize("args", [("--help",), ("--version",)])
def test_help_and_version_import_no_command_module(args: tuple[str, ...]) -> None:
    _, modules = _fresh_modules(*args)
    assert not {f"pactlab.cli.{name}" for name in COMMANDS} & modules
    assert "pactlab.scenario" not in modules


def test_scenarios_list_imports_neither_numpy_nor_the_scenario_models() -> None:
    _, modules = _fresh_modules("scenarios", "list")
    assert "pactlab.cli.scenarios" in modules
    assert not {"numpy", "pactlab.scenario"} & modules


def test_the_probe_sees_heavy_imports() -> None:
    """The checks above can fail: a command that reads a scenario shows NumPy and the scenario package."""
    code, modules = _fresh_modules("scenarios", "show", "vilnius-2023")
    assert code == 0
    assert {"numpy", "pactlab.scenario"} <= modules


def test_help_lists_every_command_of_the_table_with_its_line() -> None:
    run = run_cli("--help")
    assert run.code == 0
    for name, spec in COMMANDS.items():
        assert name in run.stdout
        assert spec.help.split()[0] in run.stdout


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_table_entry_loads_as_a_named_command(name: str) -> None:
    command = _root_command().get_command(None, name)
    assert command is not None
    assert command.name == name
    assert command.short_help == COMMANDS[name].help
    assert run_cli(name, "--help").code == 0


def test_a_command_function_and_a_typer_group_both_load() -> None:
    from pactlab.cli._lazy import LazyCommand

    group = LazyCommand("pactlab.cli.scenarios:app", "x").load("scenarios")
    single = LazyCommand("pactlab.cli.deter:deter", "y").load("deter")
    assert set(group.commands) >= {"list", "show", "validate", "schema"}
    assert not hasattr(single, "commands")


def test_listed_titles_are_the_loaded_scenarios_titles() -> None:
    """``scenarios list`` finds the files and reads titles without pactlab.scenario; they are the
    catalog's ids and the validated titles."""
    rows = json.loads(run_cli("scenarios", "list", "--json").stdout)
    assert rows == [{"id": sid, "title": load_scenario(sid).metadata.title} for sid in catalog.ids()]


_SPINNER_PROBE = textwrap.dedent(
    """
    import json, sys
    import pactlab.cli._common as common

    class Seen(Exception):
        pass

    def status(*args, **kwargs):
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
        print(json.dumps(heavy))
        raise Seen

    common.err_console.status = status
    from pactlab.cli import main
    try:
        main(["analyze", "vilnius-2023", "-o", sys.argv[1]])
    except Seen:
        pass
    """
)


def test_analyze_shows_its_spinner_before_the_heavy_imports(tmp_path) -> None:
    """The first thing ``analyze`` draws comes before any engine is imported (issue 17 item 7)."""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    probe = _SPINNER_PROBE.replace("{heavy!r}", repr(set(HEAVY)))
    proc = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
    assert not (tmp_path / "out").exists()
