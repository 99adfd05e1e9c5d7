"""The command line's one error boundary: every failure becomes one located line or a short bug report.

==========================  =========  ======================================================
what went wrong             exit       what the user sees (stderr)
==========================  =========  ======================================================
usage (typer's click)       2          ``pactlab deter: Missing argument 'SCENARIO'. (see ...)``
``ParameterError``          2          ``pactlab deter: --seed: a seed is a non-negative ...``
other ``PactlabError``      2          one ``<file>:<line>:<field>: <message>`` per problem
``OSError`` on a named file 2          ``<file>: <reason>``
anything else (a defect)    70         two lines: the error, and how to report it
==========================  =========  ======================================================

70 is ``EX_SOFTWARE`` from BSD's sysexits.h ("an internal software error"). The traceback is printed only
under ``pactlab --debug`` or ``PACTLAB_DEBUG=1``. Every line passes through
:func:`~pactlab.cli._common.plain_text`, so input quoted in a message cannot drive the terminal or forge
an extra line.

Library errors name parameters (:class:`~pactlab.errors.ParameterError`); :func:`flag_for` maps a
parameter to the command's flag: the option whose Python name is the parameter, else the one mapping
:data:`PARAMETER_FLAGS` for the library's words that differ from the flags (``rng`` -> ``--seed``).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pactlab._version import __version__
from pactlab.errors import PactlabError, ParameterError

__all__ = [
    "EXIT_BUG",
    "EXIT_USAGE",
    "PARAMETER_FLAGS",
    "command_of",
    "debug_wanted",
    "flag_for",
    "parameter_flags",
    "report",
]

EXIT_USAGE = 2
EXIT_BUG = 70  # EX_SOFTWARE (sysexits.h)

PARAMETER_FLAGS: dict[str, str] = {
    "rng": "--seed",
    "seed": "--seed",
    "profile_name": "--profile",
    "issues": "--issue",
    "points": "--pareto",
    "fmt": "--format",
    "format": "--format",
    "url": "--db",
    "overwrite": "--force",
    "data_dir": "--data",
}
"""Library parameter names whose command-line flag is not ``--`` + the name with dashes."""

_ALIASES = "__parameter_flags__"
F = TypeVar("F", bound=Callable[..., Any])


def parameter_flags(**flags: str) -> Callable[[F], F]:
    """Declare, on a command function, the flags of library parameters named differently there.

    For the words that differ from command to command (the library's ``path`` is ``--gantt`` in ``plan``
    and ``--plot`` in ``backtest``)::

        @parameter_flags(path="--gantt")
        def plan(...): ...
    """

    def mark(function: F) -> F:
        setattr(function, _ALIASES, dict(flags))
        return function

    return mark


_MAX_MESSAGE = 500  # characters of an unexpected error's message shown to the user


def debug_wanted(flag: bool) -> bool:
    """``--debug`` given, or ``PACTLAB_DEBUG`` set to a true value."""
    return flag or os.environ.get("PACTLAB_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def command_of(root: Any, args: Sequence[str]) -> tuple[str, Any]:
    """The command path (``pactlab ledger import``) and the click command that ``args`` invoke.

    Walks the groups by the first words that name a subcommand; groups take flags only, so a word
    starting with ``-`` is never a group option's value.
    """
    from typer.core import TyperGroup

    path, command = ["pactlab"], root
    for token in args:
        if token == "--" or not isinstance(command, TyperGroup):
            break
        if token.startswith("-"):
            continue
        sub = command.get_command(None, token)  # type: ignore[arg-type]  # typer's groups ignore ctx
        if sub is None:
            break
        path.append(token)
        command = sub
    return " ".join(path), command


def flag_for(parameter: str, command: Any = None) -> str:
    """The flag (or argument name) through which the user set library parameter ``parameter``.

    Without a command, the flag by convention; with one, only a flag it has; a parameter that is not on
    the command line at all keeps its library name.
    """
    aliases: dict[str, str] = getattr(getattr(command, "callback", None), _ALIASES, {})
    flag = aliases.get(parameter) or PARAMETER_FLAGS.get(parameter, "--" + parameter.replace("_", "-"))
    if command is None:
        return flag
    for param in getattr(command, "params", ()):
        if param.name == parameter or flag in param.opts:
            if param.param_type_name == "argument":
                return str(getattr(param, "metavar", None) or param.name).upper()
            longs = [o for o in param.opts if o.startswith("--")]
            return longs[0] if longs else str(param.opts[0])
    return parameter


def report(error: BaseException, root: Any, args: Sequence[str], *, debug: bool) -> int:
    """Print ``error`` as the user should see it; return the exit status."""
    from pactlab.cli._common import plain_text

    if debug:
        traceback.print_exception(error, file=sys.stderr)
    where, command = command_of(root, args)
    if isinstance(error, ParameterError):
        lines = [f"{where}: {flag_for(error.parameter, command)}: {error.detail}"]
    elif isinstance(error, PactlabError):
        lines = error.lines()
    elif isinstance(error, OSError) and error.filename is not None:
        lines = [f"{error.filename}: {error.strerror or type(error).__name__}"]
    else:
        message = " ".join(str(error).split())[:_MAX_MESSAGE]
        _print(
            [
                f"{where}: internal error: {type(error).__name__}: {message}",
                f"This is a bug in pactlab {__version__}, not a problem with your input: please report it "
                "with the command you ran and its output under PACTLAB_DEBUG=1 (or pactlab --debug ...).",
            ],
            plain_text,
        )
        return EXIT_BUG
    _print(lines, plain_text)
    return EXIT_USAGE


def _print(lines: list[str], clean: Any) -> None:
    for line in lines:
        print(clean(line), file=sys.stderr)
