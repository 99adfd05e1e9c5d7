"""The application: REST API under ``/api/v1`` (OpenAPI at ``/openapi.json``), pages, static files."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles

from pactlab._version import __version__
from pactlab.web.jobs import JobManager
from pactlab.web.middleware import BodyLimit, SecurityHeaders
from pactlab.web.problems import install_handlers, problem_schemas
from pactlab.web.settings import MAX_ARTICLE_BYTES, MAX_IMPORT_BYTES, MAX_UPLOAD_BYTES, Settings
from pactlab.web.store import open_store

__all__ = ["create_app"]

_log = logging.getLogger("pactlab.web")
_MULTIPART = 64 * 1024  # room for the multipart envelope around a file at its limit
DESCRIPTION = """pactlab's analyses, ledger and digest over HTTP: the same library calls as the command line.

Reading needs no login. Every write (upload, import, ledger entry, run, digest) needs
`Authorization: Bearer <token>` (create one with `pactlab serve token create NAME`).
Runs are jobs: submitting returns a run id at once (202), or the stored result of the same run (200).
Every error is an RFC 9457 problem document (`application/problem+json`); located input errors are listed
in `errors`, as the command line prints them. Lists are paged (`limit`, `offset`, `links.next/prev`);
an unknown query parameter is an error (422)."""


def _warm() -> None:
    """Parse the catalog and import what requests use (digest pipeline, engines' checks) once, in the
    background, so that the first request of each kind does not pay for it (seconds on a busy machine)."""
    import importlib

    from pactlab.web.summaries import catalog_entries, models

    try:
        catalog_entries()
        models()
        for name in ("pactlab.digest.core", "pactlab.deter.mapping", "pactlab.plan", "pactlab.checks"):
            importlib.import_module(name)
    except Exception:  # pragma: no cover - a defect shows on first use instead
        _log.exception("could not prepare the catalog and the engines")


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    store = open_store(settings.db_url)
    interrupted = store.recover()
    if interrupted:
        _log.warning("%d runs left unfinished by the previous server were marked failed", interrupted)
    jobs = JobManager(
        store, workers=settings.workers, scheduler=settings.scheduler, start=settings.start_workers
    )
    app.state.store, app.state.jobs = store, jobs
    threading.Thread(target=_warm, name="pactlab-warm", daemon=True).start()
    try:
        yield
    finally:
        jobs.shutdown()
        store.close()


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        schema.setdefault("components", {}).setdefault("schemas", {}).update(problem_schemas())
        schema["components"]["securitySchemes"] = {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "A token from 'pactlab serve token create'",
            }
        }
        app.openapi_schema = schema
    return app.openapi_schema


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web application for ``settings`` (the database opens when the application starts)."""
    from pactlab.web.api import digest, ledger, meta, runs, scenarios
    from pactlab.web.pages import routes as pages

    settings = settings or Settings()
    app = FastAPI(
        title="pactlab",
        version=__version__,
        description=DESCRIPTION,
        lifespan=_lifespan,
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    install_handlers(app, html=pages.error_page)
    for router in (scenarios.router, runs.router, ledger.router, digest.router, meta.router, pages.router):
        app.include_router(router)
    static = resources.files("pactlab.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    limits = {
        "/api/v1/scenarios": MAX_UPLOAD_BYTES + _MULTIPART,
        "/scenarios": MAX_UPLOAD_BYTES + _MULTIPART,
        "/api/v1/digests": MAX_ARTICLE_BYTES + _MULTIPART,
        "/digest": MAX_ARTICLE_BYTES + _MULTIPART,
        "/api/v1/ledger": MAX_IMPORT_BYTES + _MULTIPART,
        "/ledger": MAX_IMPORT_BYTES + _MULTIPART,
    }
    app.add_middleware(BodyLimit, limits=limits, default=256 * 1024)
    app.add_middleware(SecurityHeaders)
    return app
