"""Connecting to the ledger database: which URL, SQLite settings, retries, migrations.

The URL is, in order: the ``url`` argument (the CLI's ``--db``), the ``PACTLAB_DB`` environment
variable, or a SQLite file ``ledger.sqlite3`` in the user's data directory (platformdirs). A bare
path is taken as a SQLite file. On SQLite every connection uses write-ahead logging (readers never
block the writer), a busy timeout, and writes start with ``BEGIN IMMEDIATE`` so that two writers
queue instead of failing; a write that still meets "database is locked" is retried with back-off
(:func:`retrying`). Opening a database upgrades it to the newest Alembic revision shipped in
``pactlab/ledger/migrations``: the revision is read first without a lock (a database already at the
newest revision is not locked at all), and an upgrade runs as one transaction that takes the write
lock before it reads the revision, so that any number of processes opening a new file at once create
the schema exactly once.

A SQLite path that exists must be a SQLite database: an empty file or any other file (``--db
notes.txt``) is refused, never turned into a database; a corrupt, read-only or immutable file gives one
located message (:class:`~pactlab.errors.PactlabError`), never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import stat
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

from pactlab.errors import PactlabError, ParameterError

__all__ = ["Database", "default_url", "open_database", "public_url", "resolve_url", "retrying"]

ENV_VAR = "PACTLAB_DB"
BUSY_TIMEOUT_MS = 60_000
RETRIES = 8
T = TypeVar("T")
SQLITE_HEADER = b"SQLite format 3\x00"


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


def _check_sqlite_file(path: Path, name: str) -> None:
    """An existing SQLite path must be a regular file that starts with SQLite's header."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise PactlabError.at(name, "", f"cannot open: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise PactlabError.at(name, "", "is not a regular file, so not a SQLite database")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise PactlabError.at(name, "", f"cannot read: {error.strerror}") from None
    if head != SQLITE_HEADER:
        what = "is empty" if not head else "is not a SQLite database (its first bytes are not SQLite's)"
        raise PactlabError.at(
            name, "", f"{what}; refused rather than turned into a ledger (give a new path or a ledger)"
        )


def _create_sqlite_file(path: Path) -> None:
    """Create an empty SQLite database at ``path`` atomically: it appears with its header or not at
    all, so a file that is empty is never a database being created by another process (and can be
    refused as "not a database"). Built beside it, then hard-linked into place (never over a file)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{random.getrandbits(32):08x}.tmp")
    try:
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA journal_mode = WAL")  # writes the header and the WAL flag
        finally:
            connection.close()
        with contextlib.suppress(FileExistsError):  # another process created it first: use theirs
            os.link(temporary, path)
    finally:
        for leftover in (temporary, Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
            leftover.unlink(missing_ok=True)


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database)
        _check_sqlite_file(path, public_url(url))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise PactlabError.at(
                public_url(url), "path", f"cannot create the folder: {error.strerror}"
            ) from None
        try:
            if not path.exists():
                _create_sqlite_file(path)
        except (OSError, sqlite3.Error) as error:
            reason = getattr(error, "strerror", None) or error
            raise PactlabError.at(public_url(url), "path", f"cannot create the database: {reason}") from None
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    _sqlite_hooks(engine)
    return engine


def _make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise ParameterError("url", f"not a database URL: {error}") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except ArgumentError as error:  # includes an unknown dialect
        raise ParameterError("url", f"unsupported database URL: {error}") from None
    except ImportError as error:
        raise ParameterError(
            "url",
            f"the database driver is not installed ({error.name}); for PostgreSQL install pactlab[postgres]",
        ) from None


def _reason(error: DBAPIError) -> str:
    text = str(error.orig).strip() if error.orig is not None else str(error)
    return text.splitlines()[0] if text else type(error).__name__


def database_error(url: str, error: DBAPIError) -> PactlabError:
    """One located line for a database failure (corrupt, read-only, unreachable, refused)."""
    reason = _reason(error)
    lower = reason.lower()
    if "readonly" in lower or "read-only" in lower:
        hint = "the database is read-only (file or folder permissions, or an immutable file)"
    elif "not a database" in lower or "malformed" in lower or "corrupt" in lower:
        hint = "the database file is damaged (restore it from a backup or an export)"
    elif "unable to open" in lower:
        hint = "the database file cannot be opened (its folder's permissions?)"
    else:
        hint = "database error"
    return PactlabError.at(public_url(url), "", f"{hint}: {reason}")


def _config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "pactlab.ledger:migrations")
    return config


def _head(config: Any) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The database's Alembic revision (``None`` for a new database), read without a write lock."""
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        connection.rollback()
    return revision


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` with the shipped Alembic migrations (one transaction)."""
    from alembic import command

    config = _config()
    if revision == "head" and retrying(lambda: current_revision(engine)) == _head(config):
        return

    def run() -> None:
        with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    retrying(run)


@dataclass
class Database:
    """An open ledger database: its engine and URL. Use :meth:`reading` and :meth:`write`.

    Database failures inside either (a damaged file, a read-only one, a lost server) become one
    located :class:`~pactlab.errors.PactlabError`.
    """

    engine: Engine
    url: str

    @property
    def public_url(self) -> str:
        return public_url(self.url)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries (a consistent snapshot; never blocks writers on SQLite)."""
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except DBAPIError as error:
            raise database_error(self.url, error) from None

    def write(self, action: Callable[[Session], T]) -> T:
        """Run ``action(session)`` in one transaction, retried on transient locks."""

        def run() -> T:
            connection = self.engine.connect().execution_options(sqlite_begin="IMMEDIATE")
            with connection, Session(bind=connection) as session:
                result = action(session)
                session.commit()
                return result

        try:
            return retrying(run)
        except DBAPIError as error:
            raise database_error(self.url, error) from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_integrity(engine: Engine) -> None:
    """SQLite's ``PRAGMA quick_check`` (every page and record readable): a file with garbage in it is
    refused on opening, before a report silently reads around the damage (a few ms per MB)."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return
    with engine.connect() as connection:
        rows = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA quick_check")]
        connection.rollback()
    if rows != ["ok"]:
        raise PactlabError.at(
            public_url(str(engine.url)),
            "",
            "the database file is damaged (restore it from a backup or an export): "
            + " ".join(" ".join(rows[:3]).split()),
        )


def open_engine(url: str | None = None, *, migrate: bool = True) -> tuple[Engine, str]:
    """The engine of the ledger at ``url`` (see :func:`resolve_url`), checked, created or upgraded."""
    resolved = resolve_url(url)
    engine = _make_engine(resolved)
    if migrate:
        try:
            retrying(lambda: check_integrity(engine))
            upgrade(engine)
        except DBAPIError as error:
            engine.dispose()
            raise database_error(resolved, error) from None
        except BaseException:
            engine.dispose()
            raise
    return engine, resolved


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    """Open (and by default create or upgrade) the ledger database at ``url``."""
    engine, resolved = open_engine(url, migrate=migrate)
    return Database(engine=engine, url=resolved)
