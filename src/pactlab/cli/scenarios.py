"""``pactlab scenarios``: list, show, validate and describe the scenario format."""

from __future__ import annotations

import typer

app = typer.Typer(help="Built-in and user scenarios.", no_args_is_help=True)
