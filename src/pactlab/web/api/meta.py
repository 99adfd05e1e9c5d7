"""``/api/v1/models`` (the engines' registries) and ``/api/v1/health``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from pactlab._version import __version__
from pactlab.web.kinds import KINDS
from pactlab.web.middleware import forbid_unknown_query
from pactlab.web.problems import responses
from pactlab.web.summaries import models

__all__ = ["router"]

router = APIRouter(
    prefix="/api/v1",
    tags=["meta"],
    dependencies=[Depends(forbid_unknown_query)],
    responses=responses(400, 422),
)


@router.get("/models", summary="Every model: published source, reference test, assumptions")
def list_models() -> list[dict[str, Any]]:
    return models()


@router.get("/health", summary="Version, run kinds, and how many runs are in each state")
def health(request: Request) -> dict[str, Any]:
    return {
        "status": "ok",
        "version": __version__,
        "kinds": list(KINDS),
        "runs": request.app.state.store.counts(),
        "workers": request.app.state.settings.workers,
        "scheduler": "dask" if request.app.state.settings.scheduler else "local",
    }
