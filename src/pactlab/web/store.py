"""The web's storage: runs, results, uploaded scenarios and digests, in the ledger's database.

One database holds the ledger and the web tables (SQLite by default, PostgreSQL by URL); the engine is
the ledger's (:func:`pactlab.ledger.open_ledger`: WAL and a busy timeout on SQLite, lock retries), and
the web tables have their own Alembic history (:mod:`pactlab.web.migrations`, version table
``alembic_version_web``). Every write is one transaction: a run is marked done in the same transaction
that stores its result, so that no reader ever sees a done run without its result.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from pactlab.web.tables import Artifact, DigestRow, Result, Run, StoredScenario

__all__ = ["ACTIVE", "Store", "now", "open_store", "upgrade"]

T = TypeVar("T")
ACTIVE = ("queued", "running")
INTERRUPTED = "the server stopped before this run finished; submit it again to run it"


def now() -> dt.datetime:
    """The current time in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time as UTC (SQLite gives back naive times)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the web tables to ``revision`` with the shipped migrations (the ledger's are separate)."""
    from alembic import command
    from alembic.config import Config

    from pactlab.ledger.db import retrying

    config = Config()
    config.set_main_option("script_location", "pactlab.web:migrations")

    def run() -> None:
        with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    retrying(run)


@dataclass
class Store:
    """The open database: ``ledger`` is the ledger object the ledger's functions take."""

    ledger: Any

    @property
    def engine(self) -> Engine:
        engine: Engine = self.ledger.engine
        return engine

    @property
    def url(self) -> str:
        return str(self.ledger.url)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def write(self, action: Callable[[Session], T]) -> T:
        """``action(session)`` in one transaction (``BEGIN IMMEDIATE`` on SQLite, retried on locks); the
        objects it returns stay readable after the commit."""
        from pactlab.ledger.db import retrying

        def run() -> T:
            connection = self.engine.connect().execution_options(sqlite_begin="IMMEDIATE")
            with connection, Session(bind=connection, expire_on_commit=False) as session:
                result = action(session)
                session.commit()
                return result

        return retrying(run)

    def close(self) -> None:
        self.ledger.close()

    # runs -------------------------------------------------------------------------------------------

    def submit(self, fields: Mapping[str, Any]) -> tuple[Run, str]:
        """Record a run, or find the one that answers it: ``(run, how)``, how being ``"cached"``
        (a done run with the same cache key), ``"pending"`` (one queued or running) or ``"new"``."""

        def action(session: Session) -> tuple[Run, str]:
            key = fields["cache_key"]
            done = session.scalars(
                select(Run).where(Run.cache_key == key, Run.state == "done").order_by(Run.created_at)
            ).first()
            if done is not None:
                return done, "cached"
            pending = session.scalars(
                select(Run).where(Run.cache_key == key, Run.state.in_(ACTIVE)).order_by(Run.created_at)
            ).first()
            if pending is not None:
                return pending, "pending"
            run = Run(
                id=secrets.token_hex(8),
                state="queued",
                progress=0.0,
                message="queued",
                cached=0,
                created_at=now(),
                **fields,
            )
            session.add(run)
            session.flush()
            return run, "new"

        return self.write(action)

    def started(self, run_id: str) -> bool:
        """Mark a queued run running; ``False`` when it is no longer queued (failed by a restart)."""

        def action(session: Session) -> bool:
            changed = session.execute(
                update(Run)
                .where(Run.id == run_id, Run.state == "queued")
                .values(state="running", started_at=now(), message="started")
            )
            return bool(changed.rowcount)  # type: ignore[attr-defined]

        return self.write(action)

    def progress(self, run_id: str, fraction: float, message: str) -> None:
        def action(session: Session) -> None:
            session.execute(
                update(Run)
                .where(Run.id == run_id, Run.state == "running")
                .values(progress=max(0.0, min(1.0, fraction)), message=message[:200])
            )

        self.write(action)

    def finish(
        self, run_id: str, payload: Mapping[str, Any], artifacts: Mapping[str, tuple[str, bytes]]
    ) -> bool:
        """Store a run's result and mark it done, in one transaction; ``False`` if it was not running
        (a restart already failed it: it stays failed, the result is not kept)."""

        def action(session: Session) -> bool:
            run = session.get(Run, run_id)
            if run is None or run.state not in ACTIVE:
                return False
            if session.get(Result, run.cache_key) is None:
                session.add(
                    Result(
                        key=run.cache_key,
                        kind=run.kind,
                        payload=json.dumps(payload, allow_nan=False, sort_keys=False),
                        created_at=now(),
                    )
                )
                session.flush()
                for name, (media, content) in artifacts.items():
                    session.add(
                        Artifact(result_key=run.cache_key, name=name, media_type=media, content=content)
                    )
            run.state, run.progress, run.message = "done", 1.0, "done"
            run.finished_at, run.result_key = now(), run.cache_key
            return True

        return self.write(action)

    def fail(self, run_id: str, problem: Mapping[str, Any]) -> None:
        def action(session: Session) -> None:
            session.execute(
                update(Run)
                .where(Run.id == run_id, Run.state.in_(ACTIVE))
                .values(
                    state="failed",
                    message=str(problem.get("title", "failed"))[:200],
                    error=json.dumps(problem, allow_nan=False),
                    finished_at=now(),
                )
            )

        self.write(action)

    def recover(self) -> int:
        """At start-up: every run left queued or running by a previous server is failed (never done)."""
        problem = {
            "type": "/problems/interrupted",
            "title": "Run interrupted",
            "status": 503,
            "detail": INTERRUPTED,
        }

        def action(session: Session) -> int:
            changed = session.execute(
                update(Run)
                .where(Run.state.in_(ACTIVE))
                .values(state="failed", message="interrupted", error=json.dumps(problem), finished_at=now())
            )
            return int(changed.rowcount)  # type: ignore[attr-defined]

        return self.write(action)

    def run(self, run_id: str) -> Run | None:
        with self.reading() as session:
            return session.get(Run, run_id)

    def runs(self, *, offset: int, limit: int, kind: str | None, state: str | None) -> tuple[list[Run], int]:
        with self.reading() as session:
            query = select(Run)
            if kind is not None:
                query = query.where(Run.kind == kind)
            if state is not None:
                query = query.where(Run.state == state)
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.scalars(query.order_by(Run.created_at.desc(), Run.id).offset(offset).limit(limit))
            return list(rows), int(total)

    def counts(self) -> dict[str, int]:
        with self.reading() as session:
            rows = session.execute(select(Run.state, func.count()).group_by(Run.state))
            return {str(state): int(n) for state, n in rows}

    def result(self, key: str) -> dict[str, Any] | None:
        with self.reading() as session:
            row = session.get(Result, key)
            return None if row is None else dict(json.loads(row.payload))

    def artifact(self, key: str, name: str) -> Artifact | None:
        with self.reading() as session:
            return session.get(Artifact, (key, name))

    # uploaded scenarios and digests -------------------------------------------------------------------

    def save_scenario(self, row: StoredScenario) -> tuple[StoredScenario, bool]:
        """Store an uploaded scenario; ``(stored, created)``: the same file twice is stored once."""

        def action(session: Session) -> tuple[StoredScenario, bool]:
            found = session.scalars(select(StoredScenario).where(StoredScenario.digest == row.digest)).first()
            if found is not None:
                return found, False
            session.add(row)
            return row, True

        return self.write(action)

    def scenario(self, ref: str) -> StoredScenario | None:
        with self.reading() as session:
            return session.get(StoredScenario, ref)

    def scenarios(self) -> list[StoredScenario]:
        with self.reading() as session:
            return list(session.scalars(select(StoredScenario).order_by(StoredScenario.created_at)))

    def save_digest(self, row: DigestRow) -> tuple[DigestRow, bool]:
        def action(session: Session) -> tuple[DigestRow, bool]:
            found = session.scalars(select(DigestRow).where(DigestRow.key == row.key)).first()
            if found is not None:
                return found, False
            session.add(row)
            return row, True

        return self.write(action)

    def digest(self, digest_id: str) -> DigestRow | None:
        with self.reading() as session:
            return session.get(DigestRow, digest_id)

    def digests(self, *, offset: int, limit: int) -> tuple[list[DigestRow], int]:
        with self.reading() as session:
            total = session.scalar(select(func.count()).select_from(DigestRow)) or 0
            rows = session.scalars(
                select(DigestRow)
                .order_by(DigestRow.created_at.desc(), DigestRow.id)
                .offset(offset)
                .limit(limit)
            )
            return list(rows), int(total)


def open_store(url: str | None = None) -> Store:
    """Open the database at ``url`` (see :func:`pactlab.ledger.resolve_url`), upgrading the ledger's and
    the web's tables to their newest revisions."""
    from pactlab.ledger import open_ledger

    ledger = open_ledger(url)
    try:
        upgrade(ledger.engine)
    except Exception:
        ledger.close()
        raise
    return Store(ledger)
