"""Connecting to the ledger database: which URL, SQLite settings, retries, migrations.

The URL is, in order: the ``url`` argument (the CLI's ``--db``), the ``PACTLAB_DB`` environment
variable, or a SQLite file ``ledger.sqlite3`` in the user's data directory (platformdirs). A bare
path is taken as a SQLite file. On SQLite every connection uses write-ahead logging (readers never
block the writer), a busy timeout, and writes start with ``BEGIN IMMEDIATE`` so that two writers
queue instead of failing; a write that still meets "database is locked" is retried with back-off
(:func:`retrying`). Opening a database upgrades it to the newest Alembic revision shipped in
``pactlab/ledger/migrations``.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session

from pactlab.errors import PactlabError

__all__ = ["Ledger", "default_url", "open_ledger", "public_url", "resolve_url", "retrying"]

ENV_VAR = "PACTLAB_DB"
BUSY_TIMEOUT_MS = 60_000
RETRIES = 8
T = TypeVar("T")


def default_url() -> str:
    """The default SQLite file in the user's data directory."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("pactlab", appauthor=False))
    return f"sqlite:///{folder / 'ledger.sqlite3'}"


def resolve_url(url: str | None = None) -> str:
    """The database URL: argument, then ``PACTLAB_DB``, then the default; a path is SQLite."""
    chosen = url or os.environ.get(ENV_VAR) or default_url()
    if "://" not in chosen:
        chosen = f"sqlite:///{Path(chosen).expanduser().resolve()}"
    return chosen


def public_url(url: str) -> str:
    """The URL with its password hidden (safe to print)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _is_transient(error: BaseException) -> bool:
    text = str(error).lower()
    return isinstance(error, DBAPIError) and (
        "database is locked" in text
        or "database table is locked" in text
        or "could not serialize" in text
        or "deadlock detected" in text
    )


def retrying(action: Callable[[], T], *, attempts: int = RETRIES) -> T:
    """Run ``action`` (one whole transaction), retrying transient lock errors with back-off."""
    for attempt in range(attempts):
        try:
            return action()
        except (OperationalError, DBAPIError) as error:
            if not _is_transient(error):
                raise
            if attempt == attempts - 1:
                raise PactlabError.at(
                    "database", "lock", f"still busy after {attempts} attempts: {error.orig}"
                ) from None
            time.sleep(min(2.0, 0.05 * 2**attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")  # pragma: no cover


def _sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let the "begin" hook below issue BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def _make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise PactlabError.at("--db", "url", f"not a database URL: {error}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            try:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise PactlabError.at(
                    public_url(url), "path", f"cannot create the folder: {error.strerror}"
                ) from None
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _sqlite_hooks(engine)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except ArgumentError as error:  # includes an unknown dialect
        raise PactlabError.at("--db", "url", f"unsupported database URL: {error}") from None
    except ImportError as error:
        raise PactlabError.at(
            "--db",
            "url",
            f"the database driver is not installed ({error.name}); for PostgreSQL install pactlab[postgres]",
        ) from None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` with the shipped Alembic migrations."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "pactlab.ledger:migrations")

    def run() -> None:
        with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    retrying(run)


@dataclass
class Ledger:
    """An open ledger database: its engine and URL. Use :meth:`reading` and :meth:`writing`."""

    engine: Engine
    url: str

    @property
    def public_url(self) -> str:
        return public_url(self.url)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries (a consistent snapshot; never blocks writers on SQLite)."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def write(self, action: Callable[[Session], T]) -> T:
        """Run ``action(session)`` in one transaction, retried on transient locks."""

        def run() -> T:
            connection = self.engine.connect().execution_options(sqlite_begin="IMMEDIATE")
            with connection, Session(bind=connection) as session:
                result = action(session)
                session.commit()
                return result

        return retrying(run)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_ledger(url: str | None = None, *, migrate: bool = True) -> Ledger:
    """Open (and by default create or upgrade) the ledger at ``url`` (see :func:`resolve_url`)."""
    resolved = resolve_url(url)
    engine = _make_engine(resolved)
    if migrate:
        try:
            upgrade(engine)
        except DBAPIError as error:
            engine.dispose()
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise PactlabError.at(public_url(resolved), "connect", f"cannot open: {reason}") from None
    return Ledger(engine=engine, url=resolved)
