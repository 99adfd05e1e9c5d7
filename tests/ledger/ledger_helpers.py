"""Helpers for the ledger tests (imported by name; the test folder is on sys.path)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pactlab.ledger import Ledger
from pactlab.ledger import repository as repo

SRC = Path(__file__).resolve().parents[2] / "src"
UKRAINE = "ukraine"


def digest(ledger: Ledger) -> str:
    """sha256 of every table's content."""
    with ledger.reading() as session:
        return repo.table_digest(session)


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m pactlab ARGS`` in a fresh process."""
    full_env = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "pactlab", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        check=False,
    )
