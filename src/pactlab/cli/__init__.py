"""pactlab's command line: thin; parses, calls the library, prints.

Every :class:`~pactlab.errors.PactlabError` becomes one line per problem on stderr and exit status 2,
with no traceback (see :func:`main`). ``--json`` output goes to stdout alone; progress and messages go
to stderr.
"""

from __future__ import annotations

import sys

import typer
from typer.exceptions import TyperException

from pactlab._version import __version__
from pactlab.cli import deter, digest, ledger, plan, scenarios, serve
from pactlab.cli.analyze import analyze_command
from pactlab.cli.backtest import backtest_command
from pactlab.cli.negotiate import negotiate_command
from pactlab.errors import PactlabError

__all__ = ["app", "main"]

app = typer.Typer(
    name="pactlab",
    help="Design and scrutinise security guarantees: agreement, deterrence, durability, promises kept.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pactlab {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """pactlab: models for security guarantees."""


app.add_typer(scenarios.app, name="scenarios")
app.command("negotiate")(negotiate_command)
app.command("deter")(deter.deter)
app.add_typer(ledger.app, name="ledger")
app.command("digest")(digest.digest)
app.command("plan")(plan.plan)
app.command("analyze")(analyze_command)
app.command("backtest")(backtest_command)
app.add_typer(serve.app, name="serve")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (2 on any user error, never a traceback)."""
    try:
        app(args=argv, prog_name="pactlab", standalone_mode=False)
    except PactlabError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return 2
    except typer.Exit as done:
        return int(done.exit_code or 0)
    except typer.Abort:
        print("pactlab: aborted", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("pactlab: interrupted", file=sys.stderr)
        return 130
    except TyperException as usage:  # typer's own (bundled) click: usage errors, bad values, no arguments
        return _usage(usage)
    return 0


def _usage(error: TyperException) -> int:
    """A command-line usage error as one line on stderr (exit 2); a bare group prints its help (exit 0)."""
    ctx = getattr(error, "ctx", None)
    if type(error).__name__ == "NoArgsIsHelpError" and ctx is not None:
        print(ctx.get_help())
        return 0
    command = ctx.command_path if ctx is not None else "pactlab"
    message = " ".join(str(error.format_message()).split())
    hint = f" (see '{command} --help')" if ctx is not None else ""
    print(f"{command}: {message}{hint}", file=sys.stderr)
    return int(getattr(error, "exit_code", 2) or 2)


def _entry() -> None:  # pragma: no cover - console script
    sys.exit(main())
