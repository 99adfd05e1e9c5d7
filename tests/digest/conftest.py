"""Fixtures for the digest tests: the source article beside the project, the labelled texts."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
DEV = DATA / "dev"
HELDOUT = DATA / "heldout"


@pytest.fixture(scope="session")
def source_article(shared_data: Path) -> Path:
    """``../shared/docs/source-article.txt`` (skips, or fails under CI, like ``shared_data``)."""
    path = shared_data.parent / "docs" / "source-article.txt"
    if not path.is_file():
        pytest.fail(f"{path} is missing beside the reference data folder")
    return path


@pytest.fixture(scope="session")
def article_digest(source_article: Path):  # type: ignore[no-untyped-def]
    """The digest of the source article (computed once)."""
    from pactlab.digest import digest_file

    return digest_file(source_article)
