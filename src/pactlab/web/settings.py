"""The web application's settings: one frozen value, built by ``pactlab serve`` or by a test."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAX_ARTICLE_BYTES", "MAX_IMPORT_BYTES", "MAX_UPLOAD_BYTES", "Settings"]

MAX_UPLOAD_BYTES = 4 * 1024 * 1024
"""Largest request body for a scenario upload: the scenario readers' own limit
(:data:`pactlab.scenario.io.MAX_FILE_BYTES`), so that the web refuses what the CLI refuses."""

MAX_ARTICLE_BYTES = 10 * 1024 * 1024
"""Largest article for the digest: the digest's own limit (:data:`pactlab.digest.intake.MAX_BYTES`)."""

MAX_IMPORT_BYTES = 64 * 1024 * 1024
"""Largest tracker file for a ledger import (the Kiel R29 workbook export is about 9 MB)."""


@dataclass(frozen=True)
class Settings:
    """How one server runs.

    Attributes
    ----------
    db_url : the database (SQLAlchemy URL or SQLite path); ``None``: ``PACTLAB_DB`` or the ledger's
        default SQLite file, so that the web shows the ledger the command line imported into.
    workers : processes that execute runs (the worker pool).
    scheduler : a Dask scheduler address; runs go there instead of the local pool when set.
    start_workers : ``False`` leaves submitted runs queued (tests of the API alone).
    secure_cookies : set the ``Secure`` flag on the session cookie (behind HTTPS).
    max_body_bytes : largest request body of any request (uploads have their own, smaller limits).
    """

    db_url: str | None = None
    workers: int = 2
    scheduler: str | None = None
    start_workers: bool = True
    secure_cookies: bool = False
    max_body_bytes: int = MAX_IMPORT_BYTES
