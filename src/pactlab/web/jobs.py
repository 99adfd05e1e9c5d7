"""Runs executed outside the request: a pool of worker processes (or a Dask cluster), recorded in the
database.

A submitted run is a row in ``web_runs`` (state ``queued``) before anything executes. A worker marks it
``running``, reports progress into the row (at most twice a second), and returns the result to the
server, which stores the result and marks the run ``done`` in one transaction. A worker never marks a
run done, so a run whose server stopped can never look done: at the next start the server marks every
run still queued or running as ``failed`` ("interrupted"), and a result already stored is kept.

The same result is computed once: the cache key (scenario digest, kind, parameters, seed, version, and
for ``analyze`` the ledger's current batches) finds a done run, which is returned instead of a new one.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import threading
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

from pactlab.errors import PactlabError
from pactlab.web.problems import pactlab_problem
from pactlab.web.sources import Source, load_source
from pactlab.web.store import Store

__all__ = ["Job", "JobManager", "Outcome", "execute"]

_log = logging.getLogger("pactlab.web.jobs")
_PROGRESS_EVERY_S = 0.5


@dataclass(frozen=True)
class Job:
    """Everything a worker needs, picklable: the run, its scenario and parameters, and the database."""

    run_id: str
    kind: str
    source: Source
    parameters: dict[str, Any]
    seed: int
    db_url: str


@dataclass(frozen=True)
class Outcome:
    """What a worker returns: the result and its artefacts, or a problem document."""

    payload: dict[str, Any] | None = None
    artifacts: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    problem: dict[str, Any] | None = None
    skipped: bool = False


_stores: dict[str, Store] = {}


def _worker_store(url: str) -> Store:
    """The worker process's connection to the database (opened once; the server migrated it)."""
    found = _stores.get(url)
    if found is None:
        from pactlab.ledger import open_ledger

        found = _stores[url] = Store(open_ledger(url, migrate=False))
    return found


def _reporter(store: Store, run_id: str) -> Any:
    last = [0.0]

    def report(fraction: float, message: str) -> None:
        moment = time.monotonic()
        if moment - last[0] >= _PROGRESS_EVERY_S:
            last[0] = moment
            store.progress(run_id, fraction, message)

    return report


def execute(job: Job) -> Outcome:
    """Run ``job`` in a worker: the library call of its kind (see :mod:`pactlab.web.kinds`)."""
    from pactlab.web.kinds import KINDS

    store = _worker_store(job.db_url)
    if not store.started(job.run_id):
        return Outcome(skipped=True)
    try:
        scenario = load_source(job.source)
        kind = KINDS[job.kind]
        payload, artifacts = kind.execute(
            scenario, job.parameters, job.seed, _reporter(store, job.run_id), job.db_url
        )
    except PactlabError as error:
        return Outcome(problem=pactlab_problem(error).document())
    except Exception:  # a defect: logged in full by the worker, reported without internals
        _log.error("run %s (%s) failed:\n%s", job.run_id, job.kind, traceback.format_exc())
        return Outcome(
            problem={
                "type": "/problems/internal",
                "title": "Internal server error",
                "status": 500,
                "detail": "the run met an unexpected error; it has been logged",
            }
        )
    return Outcome(payload=payload, artifacts=artifacts)


def _warm() -> None:  # pragma: no cover - runs in the worker processes
    """Import the engines once per worker, so that the first run does not pay for it."""
    import pactlab.deter.report
    import pactlab.negotiate  # noqa: F401


class JobManager:
    """Sends runs to the executor and records what comes back.

    ``workers`` processes (``spawn``: no inherited threads or connections), or a Dask cluster when
    ``scheduler`` names one (its ``Client.get_executor()``: the same interface).
    """

    def __init__(self, store: Store, *, workers: int, scheduler: str | None, start: bool) -> None:
        self.store = store
        self.workers = workers
        self.scheduler = scheduler
        self.start = start
        self._executor: cf.Executor | None = None
        self._client: Any = None
        self._lock = threading.Lock()
        self._pending: set[cf.Future[Outcome]] = set()

    def _pool(self) -> cf.Executor:
        with self._lock:
            if self._executor is None:
                self._executor = self._make()
            return self._executor

    def _make(self) -> cf.Executor:
        if self.scheduler is not None:
            from distributed import Client

            self._client = Client(self.scheduler, timeout=10)  # type: ignore[no-untyped-call]
            return self._client.get_executor()  # type: ignore[no-any-return]
        context = multiprocessing.get_context("spawn")
        return cf.ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=_warm)

    def dispatch(self, job: Job) -> None:
        """Queue ``job`` (a no-op when the server was started without workers)."""
        if not self.start:
            return
        try:
            future = self._pool().submit(execute, job)
        except (RuntimeError, cf.BrokenExecutor) as error:  # a pool that broke or is shutting down
            self._broken()
            self.store.fail(job.run_id, _internal(f"the worker pool could not take the run ({error})"))
            return
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(lambda done: self._record(job, done))

    def _record(self, job: Job, future: cf.Future[Outcome]) -> None:
        with self._lock:
            self._pending.discard(future)
        try:
            outcome = future.result()
        except cf.CancelledError:
            return  # shutdown: the run stays active and is failed at shutdown or at the next start
        except cf.BrokenExecutor:
            self._broken()
            self.store.fail(job.run_id, _internal("a worker process died during the run"))
            return
        except Exception as error:
            _log.error("run %s: %s", job.run_id, error)
            self.store.fail(job.run_id, _internal("the run could not be executed"))
            return
        try:
            if outcome.skipped:
                return
            if outcome.problem is not None:
                self.store.fail(job.run_id, outcome.problem)
            elif outcome.payload is not None:
                self.store.finish(job.run_id, outcome.payload, outcome.artifacts)
        except Exception:
            _log.error("run %s: could not record its outcome:\n%s", job.run_id, traceback.format_exc())
            self.store.fail(job.run_id, _internal("the run's result could not be stored"))

    def _broken(self) -> None:
        with self._lock:
            broken, self._executor = self._executor, None
        if broken is not None:
            _stop(broken)

    def busy(self) -> int:
        with self._lock:
            return len(self._pending)

    def shutdown(self) -> None:
        """Stop the pool; runs still active are failed as interrupted (never done)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            # a run still executing would keep the process alive until it ends: stop its worker (the
            # run is failed below; its result, if it came back now, would not be kept)
            processes = dict(getattr(executor, "_processes", None) or {})
            _stop(executor)
            for process in processes.values():
                process.terminate()
        if self._client is not None:
            self._client.close()
        self.store.recover()


def _stop(executor: cf.Executor) -> None:
    """Stop taking runs; queued ones are dropped (Dask's executor has no ``cancel_futures``)."""
    if isinstance(executor, cf.ProcessPoolExecutor):
        executor.shutdown(wait=False, cancel_futures=True)
    else:
        executor.shutdown(wait=False)


def _internal(detail: str) -> dict[str, Any]:
    return {"type": "/problems/internal", "title": "Internal server error", "status": 500, "detail": detail}
