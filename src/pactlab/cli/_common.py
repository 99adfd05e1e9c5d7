"""Helpers shared by the command modules: loading a SCENARIO argument, printing JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

from pactlab.results import jsonable

__all__ = ["err_console", "print_json", "stdout_console"]

err_console = Console(stderr=True)
stdout_console = Console()


def print_json(payload: Any) -> None:
    """Print ``payload`` as JSON on stdout, and nothing else."""
    sys.stdout.write(json.dumps(jsonable(payload), indent=2, allow_nan=False) + "\n")
    sys.stdout.flush()
