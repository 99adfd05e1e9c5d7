"""Fixtures of the brief's tests: a private cache directory, and one analysis of vilnius-2023."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from pactlab.analysis import Analysis, analyze
from pactlab.scenario import load_scenario

WHEN = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)  # SOURCE_DATE_EPOCH 1700000000


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The track record's fallback cache goes to a temporary folder, never the user's."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def vilnius(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    """vilnius-2023 at 3,000 draws, seed 7, on an empty ledger."""
    db = tmp_path_factory.mktemp("ledger") / "empty.db"
    return analyze(load_scenario("vilnius-2023"), draws=3000, rng=7, db=f"sqlite:///{db}", timestamp=WHEN)


@pytest.fixture
def empty_db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"
