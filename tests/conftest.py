"""Shared fixtures: where the third-party reference data lives.

Reference data stays in ``../shared/data`` beside the project (see its PROVENANCE.md) and is never copied
into the repository. A test that needs it asks for the ``shared_data`` fixture, which skips with a clear
reason when the folder is absent (a user's clone) and fails loudly in CI, where it must be present.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("PACTLAB_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The reference data folder; skip (or, under CI, fail) when it is absent."""
    if not SHARED_DATA.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"reference data folder {SHARED_DATA} is missing in CI")
        pytest.skip(f"reference data folder {SHARED_DATA} is absent (it lives beside the project)")
    return SHARED_DATA


_SKIP_REASON = "reference data folder"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly, in one line, how many reference tests did not run for want of the reference data."""
    skipped = [
        r
        for r in terminalreporter.stats.get("skipped", [])
        if _SKIP_REASON in str(getattr(r, "longrepr", ""))
    ]
    if skipped:
        terminalreporter.write_line(
            f"REFERENCE DATA MISSING: {len(skipped)} reference tests skipped ({SHARED_DATA} is absent; "
            "see README.md, 'Reference data', and run `pactlab data check`)",
            red=True,
            bold=True,
        )
