"""A command group that imports a subcommand's module only when that subcommand runs.

Click's documented "lazily loading subcommands" pattern (``LazyGroup``: ``list_commands`` from a table,
``get_command`` imports on demand), on Typer's group class so that the root keeps Typer's options and
rich help. ``pactlab --help`` lists each command's name and one-line help from the table, so it imports
no command module at all; ``pactlab scenarios list`` imports only ``pactlab.cli.scenarios``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import TyperException

__all__ = ["LazyCommand", "LazyGroup"]


@dataclass(frozen=True)
class LazyCommand:
    """One subcommand: where its callable lives (``"module:attribute"``) and its one-line help.

    The attribute is either a command function (registered as one Typer command) or a ``typer.Typer``
    application (a group of commands, such as ``scenarios``).
    """

    target: str
    help: str

    def load(self, name: str) -> Any:
        """Import the module and build the click command named ``name``."""
        module_name, _, attribute = self.target.partition(":")
        obj = getattr(importlib.import_module(module_name), attribute)
        command: Any
        if isinstance(obj, typer.Typer):  # a group; get_group adds no shell-completion options
            command = typer.main.get_group(obj)
        else:
            single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
            single.command(name)(obj)
            command = typer.main.get_command(single)
        command.name = name
        command.short_help = self.help
        return command


class LazyGroup(TyperGroup):
    """A Typer group whose subcommands come from :attr:`table` and load on first use."""

    table: Mapping[str, LazyCommand] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.table, *(name for name in self.commands if name not in self.table)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        spec = self.table.get(cmd_name)
        if spec is None:
            return None
        if self._listing:  # the help page needs a name and one line, not the module
            return TyperCommand(name=cmd_name, help=spec.help, short_help=spec.help)
        command = spec.load(cmd_name)
        self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with self._help_listing():
            super().format_help(ctx, formatter)

    @contextmanager
    def _help_listing(self) -> Iterator[None]:
        self._listing = True
        try:
            yield
        finally:
            self._listing = False

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """Typer's resolution, with "did you mean" over every command (loaded or not)."""
        try:
            return self._click_resolve_command(ctx, args)
        except TyperException as error:
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches and hasattr(error, "message"):
                suggestions = ", ".join(repr(m) for m in matches)
                error.message = f"{str(error.message).rstrip('.')}. Did you mean {suggestions}?"
            raise
