"""Engines that run independent tasks: in this process, in a process pool, or on Dask distributed.

One interface with one method (httpx's transports, style.md habit 12): ``engine.map(fn, tasks)``
returns the results **in task order**, whatever ran them and in what order they finished. A caller
that seeds each task from its own input (a block index, a row of a design) and folds the results in
task order therefore gets the same numbers, bit for bit, on every engine: the contract the
deterrence Monte Carlo and the sensitivity analysis test.

:data:`ENGINES` is the registry (name, description, how to open it); :func:`open_engine` opens one
by name as a context manager, so that worker pools, Dask clients and local clusters are closed when
the work is done. Dask (``pactlab[dask]``) is optional and imported only when asked for.

Examples
--------
>>> with open_engine("serial") as engine:
...     list(engine.map(abs, [-2, 3]))
[2, 3]
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from pactlab.errors import ParameterError

__all__ = [
    "ENGINES",
    "SCHEDULER_TIMEOUT",
    "DaskEngine",
    "Engine",
    "EngineInfo",
    "LocalEngine",
    "ProcessEngine",
    "check_scheduler",
    "open_engine",
]

#: Seconds to wait for a Dask scheduler to answer before giving up (Dask's own default is 30 s).
SCHEDULER_TIMEOUT = 5.0
_ADDRESS = re.compile(r"^(?:(tcp|tls)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$")


class Engine(Protocol):
    """Runs a function over tasks and yields the results in task order (one-method interface)."""

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterable[Any]: ...


class LocalEngine:
    """Runs every task in this process, in order."""

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterable[Any]:
        return (fn(t) for t in tasks)


class ProcessEngine:
    """Runs tasks in a pool of worker processes (results come back in task order).

    ``fn`` and the tasks must be picklable (a module-level function and plain data).
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterable[Any]:
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            yield from pool.map(fn, tasks)


class DaskEngine:
    """Runs tasks on Dask (optional extra ``pactlab[dask]``).

    With a ``distributed.Client``, the tasks are submitted at once and their results are yielded in
    task order as they arrive (so a progress bar moves); without one, ``dask.compute`` runs them on
    the named local scheduler (``"threads"``, ``"processes"`` or ``"synchronous"``).
    """

    def __init__(self, client: Any = None, scheduler: str = "threads") -> None:
        self.client = client
        self.scheduler = scheduler

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterable[Any]:
        if self.client is not None:
            return self._futures(fn, tasks)
        dask: Any = importlib.import_module("dask")  # optional dependency, typed loosely
        return list(dask.compute(*[dask.delayed(fn)(t) for t in tasks], scheduler=self.scheduler))

    def _futures(self, fn: Callable[[Any], Any], tasks: Sequence[Any]) -> Iterator[Any]:
        futures = self.client.map(fn, tasks, pure=False)
        try:
            for future in futures:
                yield future.result()
        finally:
            self.client.cancel(futures)


@dataclass(frozen=True)
class EngineInfo:
    """An engine's registry entry: its name, what it is, and how to open it."""

    name: str
    title: str
    open: Callable[..., Any]


def check_scheduler(address: str) -> str:
    """Check the form of a Dask scheduler address (``tcp://host:port``, ``tls://host:port`` or
    ``host:port``) and return it; a malformed one is a :class:`ParameterError` naming ``scheduler``.

    Examples
    --------
    >>> check_scheduler("tcp://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> check_scheduler("http://x")
    Traceback (most recent call last):
    ...
    pactlab.errors.ParameterError: scheduler: 'http://x' is not a Dask scheduler address (tcp://host:port)
    """
    match = _ADDRESS.match(address.strip())
    if match is None or not 0 < int(match.group(3)) < 65536:
        raise ParameterError("scheduler", f"{address!r} is not a Dask scheduler address (tcp://host:port)")
    return address.strip()


def _distributed() -> Any:
    try:
        return importlib.import_module("distributed")
    except ImportError:
        raise ParameterError(
            "engine", "Dask distributed is not installed: pip install 'pactlab[dask]'"
        ) from None


@contextmanager
def _serial(workers: int | None = None, scheduler: str | None = None) -> Iterator[Engine]:
    yield LocalEngine()


@contextmanager
def _process(workers: int | None = None, scheduler: str | None = None) -> Iterator[Engine]:
    yield ProcessEngine(workers)


@contextmanager
def _dask(
    workers: int | None = None, scheduler: str | None = None, timeout: float = SCHEDULER_TIMEOUT
) -> Iterator[Engine]:
    distributed = _distributed()
    if scheduler is not None:
        address = check_scheduler(scheduler)
        try:
            client = distributed.Client(address, timeout=timeout, set_as_default=False)
        except Exception as error:  # OSError on a timeout; anything at all from a stranger on the port
            reason = "did not answer" if isinstance(error, (OSError, TimeoutError)) else "did not speak Dask"
            raise ParameterError(
                "scheduler", f"no Dask scheduler at {address}: it {reason} within {timeout:g} s"
            ) from None
        with client:
            yield DaskEngine(client)
        return
    n = workers or os.cpu_count() or 1
    # ":0": the scheduler's HTTP routes on a free port (None still binds :8787, which another cluster
    # on the machine may hold)
    cluster = distributed.LocalCluster(
        n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    with cluster, distributed.Client(cluster, set_as_default=False) as client:
        yield DaskEngine(client)


#: The engines, by name: one table for dispatch, listing, the docs and the contract tests.
ENGINES: dict[str, EngineInfo] = {
    "serial": EngineInfo("serial", "this process, one task after the other", _serial),
    "process": EngineInfo("process", "a pool of worker processes on this machine", _process),
    "dask": EngineInfo(
        "dask",
        "Dask distributed: a LocalCluster of worker processes, or an existing cluster's scheduler",
        _dask,
    ),
}


@contextmanager
def open_engine(
    name: str = "serial", *, workers: int | None = None, scheduler: str | None = None
) -> Iterator[Engine]:
    """Open the engine ``name`` (:data:`ENGINES`) and close what it started when the block ends.

    ``workers``: processes of a pool or of a Dask LocalCluster (default: the machine's cores).
    ``scheduler``: the address of an existing Dask scheduler (``tcp://host:port``); it implies
    ``"dask"``, and one that does not answer within :data:`SCHEDULER_TIMEOUT` seconds is a
    :class:`ParameterError` naming ``scheduler``.
    """
    if scheduler is not None:
        name = "dask"
    if name not in ENGINES:
        raise ParameterError("engine", f"unknown engine {name!r} (known: {', '.join(ENGINES)})")
    if workers is not None and workers < 1:
        raise ParameterError("workers", f"must be at least 1, not {workers}")
    with ENGINES[name].open(workers=workers, scheduler=scheduler) as engine:
        yield engine
