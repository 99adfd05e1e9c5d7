"""pactlab's command line: thin; parses, calls the library, prints.

Start-up is cheap: the root is a lazy group (:mod:`pactlab.cli._lazy`), so ``pactlab --help`` and
``pactlab --version`` import no command module and ``pactlab scenarios list`` only its own; SQLAlchemy,
SciPy, numba, pandas, matplotlib, WeasyPrint and OR-Tools load when a command that needs them runs
(``tests/cli/test_startup.py`` keeps it so).

Adding a command is one line in :data:`COMMANDS`: its name, ``"module:attribute"`` (a command function,
or a ``typer.Typer`` for a group such as ``scenarios``) and its one-line help for ``pactlab --help``.
The module must not import heavy libraries before its command runs beyond what it needs for its
options (import the engine inside the function).

Errors (see :mod:`pactlab.cli._boundary`): :func:`main` is the one boundary. Usage errors, every
:class:`~pactlab.errors.PactlabError` and named-file ``OSError`` become one located line on stderr and exit
status 2; anything else is a defect, reported in two lines with exit status 70; no traceback unless
``pactlab --debug`` or ``PACTLAB_DEBUG=1``. ``--json`` output goes to stdout alone; progress and messages
go to stderr. Print user-supplied text through :func:`pactlab.cli._common.escape_text`.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence
from typing import Any

import typer
from typer.exceptions import TyperException

from pactlab.cli._boundary import EXIT_BUG, EXIT_USAGE, debug_wanted, report
from pactlab.cli._lazy import LazyCommand, LazyGroup

__all__ = ["COMMANDS", "app", "main"]

COMMANDS: dict[str, LazyCommand] = {
    # name: LazyCommand("module:attribute", "one-line help for pactlab --help")
    "scenarios": LazyCommand("pactlab.cli.scenarios:app", "Built-in and user scenarios."),
    "negotiate": LazyCommand(
        "pactlab.cli.negotiate:negotiate_command", "Can the alliance agree, and on what?"
    ),
    "deter": LazyCommand("pactlab.cli.deter:deter", "Does each option deter, at what escalation risk?"),
    "ledger": LazyCommand("pactlab.cli.ledger:app", "The commitments ledger: pledges, deliveries."),
    "digest": LazyCommand("pactlab.cli.digest:digest", "Summarise a policy text; draft a scenario."),
    "plan": LazyCommand("pactlab.cli.plan:plan", "Order a scenario's guarantees over time."),
    "analyze": LazyCommand("pactlab.cli.analyze:analyze_command", "The whole answer and a one-page brief."),
    "backtest": LazyCommand(
        "pactlab.cli.backtest:backtest_command", "Score the forecasts on past decisions against baselines."
    ),
    "calibrate": LazyCommand(
        "pactlab.cli.calibrate:calibrate", "Refit the deterrence calibration from the conflict record."
    ),
    "validate": LazyCommand(
        "pactlab.cli.validate:app", "Out-of-sample skill: the game model against a plain logit and base rate."
    ),
    "sensitivity": LazyCommand(
        "pactlab.cli.sensitivity:sensitivity_command", "Which inputs move each answer; what would flip it."
    ),
    "data": LazyCommand("pactlab.cli.data:app", "Which reference data files are present and intact."),
    "serve": LazyCommand("pactlab.cli.serve:app", "Web pages and REST API (OpenAPI at /openapi.json)."),
}
"""The subcommands, in the order ``pactlab --help`` lists them."""


class _Root(LazyGroup):
    table = COMMANDS


class _State:
    debug = False


_state = _State()

app = typer.Typer(
    name="pactlab",
    cls=_Root,
    help="Design and scrutinise security guarantees: agreement, deterrence, durability, promises kept.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from pactlab._version import __version__

        typer.echo(f"pactlab {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    debug: bool = typer.Option(
        False, "--debug", help="Show the full traceback of any error (also: PACTLAB_DEBUG=1)."
    ),
) -> None:
    """pactlab: models for security guarantees."""
    _state.debug = debug


_group: Any = None


def _root_command() -> Any:
    """The click group behind :data:`app`, built once (its loaded subcommands are kept)."""
    global _group
    if _group is None:
        _group = typer.main.get_command(app)
    return _group


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input, 70 a defect; no traceback)."""
    args = list(sys.argv[1:] if argv is None else argv)
    root = _root_command()
    _state.debug = False
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            status = root.main(args=args, prog_name="pactlab", standalone_mode=False)
    except TyperException as usage:  # typer's own (bundled) click: usage errors, bad values, no arguments
        return _usage(usage)
    except typer.Abort:
        print("pactlab: aborted", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pactlab: interrupted", file=sys.stderr)
        return 130
    except SystemExit as done:  # typer's broken-pipe path, or a library that calls sys.exit
        if done.code is None or isinstance(done.code, int):
            return done.code or 0
        return 1
    except Exception as error:
        try:
            return report(error, root, args, debug=debug_wanted(_state.debug))
        except Exception:  # the boundary itself must not end in a traceback
            print(f"pactlab: internal error: {type(error).__name__}", file=sys.stderr)
            return EXIT_BUG
    return status if isinstance(status, int) else 0


def _show_warning(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
    """A library's warning as one escaped line on stderr (its text may quote user input)."""
    from pactlab.cli._common import plain_text

    print(plain_text(f"pactlab: warning: {' '.join(str(message).split())}"), file=sys.stderr)


def _usage(error: TyperException) -> int:
    """A command-line usage error as one line on stderr (exit 2); a bare group prints its help (exit 0)."""
    from pactlab.cli._common import plain_text

    ctx = getattr(error, "ctx", None)
    if type(error).__name__ == "NoArgsIsHelpError" and ctx is not None:
        print(ctx.get_help())
        return 0
    command = ctx.command_path if ctx is not None else "pactlab"
    message = " ".join(str(error.format_message()).split())
    hint = f" (see '{command} --help')" if ctx is not None else ""
    print(plain_text(f"{command}: {message}{hint}"), file=sys.stderr)
    return EXIT_USAGE


def _entry() -> None:  # pragma: no cover - console script
    sys.exit(main())
