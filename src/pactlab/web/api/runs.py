"""``/api/v1/runs``: submit a run of one kind (a job), follow it, fetch its result."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from pactlab.web.api.paging import Limit, Offset, page
from pactlab.web.auth import Identity, require_token
from pactlab.web.kinds import (
    AnalyzeRequest,
    DeterRequest,
    NegotiateRequest,
    PlanRequest,
    RunRequest,
    SensitivityRequest,
)
from pactlab.web.middleware import forbid_unknown_query
from pactlab.web.problems import ProblemError, responses
from pactlab.web.runs import run_view, submit_run
from pactlab.web.store import Store
from pactlab.web.tables import Run

__all__ = ["router"]

router = APIRouter(
    prefix="/api/v1/runs",
    tags=["runs"],
    dependencies=[Depends(forbid_unknown_query)],
    responses=responses(400, 422),
)
RunId = Annotated[str, Path(min_length=1, max_length=64, description="A run id.")]
State = Literal["queued", "running", "done", "failed"]


class RunOut(BaseModel):
    id: str
    kind: str
    state: State
    progress: float
    message: str
    scenario: dict[str, str]
    parameters: dict[str, Any]
    seed: int
    version: str
    created_by: str
    created_at: str | None
    started_at: str | None
    finished_at: str | None
    cached: bool
    error: dict[str, Any] | None
    links: dict[str, str]


class RunPage(BaseModel):
    items: list[RunOut]
    total: int
    offset: int
    limit: int
    links: dict[str, str | None]


class CSVResponse(Response):
    media_type = "text/csv"


class PDFResponse(Response):
    media_type = "application/pdf"


_SUBMITTED: dict[int | str, dict[str, Any]] = {
    200: {"description": "The stored result of the same run (cache hit)", "model": RunOut},
    **responses(401, 404, 422),
}


def _submit(
    kind: str, body: RunRequest, request: Request, response: Response, who: Identity
) -> dict[str, Any]:
    store: Store = request.app.state.store
    run, how = submit_run(store, request.app.state.jobs, kind, body, who.name)
    response.status_code = 200 if how == "cached" else 202
    response.headers["Location"] = f"/api/v1/runs/{run.id}"
    return run_view(run, how)


@router.post(
    "/negotiate",
    summary="Negotiation models and the consensus analysis",
    status_code=202,
    response_model=RunOut,
    responses=_SUBMITTED,
)
def submit_negotiate(
    body: NegotiateRequest,
    request: Request,
    response: Response,
    who: Annotated[Identity, Depends(require_token)],
) -> dict[str, Any]:
    return _submit("negotiate", body, request, response, who)


@router.post(
    "/deter",
    summary="Deterrence, escalation risk and durability (Monte Carlo)",
    status_code=202,
    response_model=RunOut,
    responses=_SUBMITTED,
)
def submit_deter(
    body: DeterRequest, request: Request, response: Response, who: Annotated[Identity, Depends(require_token)]
) -> dict[str, Any]:
    return _submit("deter", body, request, response, who)


@router.post(
    "/plan", summary="The roadmap optimiser", status_code=202, response_model=RunOut, responses=_SUBMITTED
)
def submit_plan(
    body: PlanRequest, request: Request, response: Response, who: Annotated[Identity, Depends(require_token)]
) -> dict[str, Any]:
    return _submit("plan", body, request, response, who)


@router.post(
    "/analyze",
    summary="The whole analysis and its one-page brief",
    status_code=202,
    response_model=RunOut,
    responses=_SUBMITTED,
)
def submit_analyze(
    body: AnalyzeRequest,
    request: Request,
    response: Response,
    who: Annotated[Identity, Depends(require_token)],
) -> dict[str, Any]:
    return _submit("analyze", body, request, response, who)


@router.post(
    "/sensitivity",
    summary="Global sensitivity analysis",
    status_code=202,
    response_model=RunOut,
    responses=_SUBMITTED,
)
def submit_sensitivity(
    body: SensitivityRequest,
    request: Request,
    response: Response,
    who: Annotated[Identity, Depends(require_token)],
) -> dict[str, Any]:
    return _submit("sensitivity", body, request, response, who)


@router.get("", response_model=RunPage, summary="Runs, newest first")
def list_runs(
    request: Request,
    response: Response,
    limit: Limit = 50,
    offset: Offset = 0,
    kind: Literal["negotiate", "deter", "plan", "analyze", "sensitivity"] | None = None,
    state: State | None = None,
) -> dict[str, Any]:
    store: Store = request.app.state.store
    rows, total = store.runs(offset=offset, limit=limit, kind=kind, state=state)
    return page(request, response, [run_view(r) for r in rows], total=total, offset=offset, limit=limit)


def find_run(store: Store, run_id: str) -> Run:
    run = store.run(run_id)
    if run is None:
        raise ProblemError(404, f"no run {run_id!r}", kind="unknown-run")
    return run


def done_run(store: Store, run_id: str) -> Run:
    """The run if it is done, else a 409 problem saying where it stands (with its error if it failed)."""
    run = find_run(store, run_id)
    if run.state == "done" and run.result_key is not None:
        return run
    if run.state == "failed":
        problem = ProblemError(
            409, f"run {run_id} failed: {json.loads(run.error or '{}').get('detail', '')}", kind="run-failed"
        )
        raise problem
    raise ProblemError(
        409, f"run {run_id} is {run.state} ({run.progress:.0%}): no result yet", kind="run-not-done"
    )


@router.get("/{run_id}", response_model=RunOut, responses=responses(404), summary="A run: state, progress")
def get_run(run_id: RunId, request: Request) -> dict[str, Any]:
    return run_view(find_run(request.app.state.store, run_id))


@router.get("/{run_id}/result", responses=responses(404, 409), summary="The result (JSON, to_dict())")
def get_result(run_id: RunId, request: Request) -> dict[str, Any]:
    store: Store = request.app.state.store
    run = done_run(store, run_id)
    payload = store.result(run.result_key or "")
    if payload is None:  # pragma: no cover - done and result are written in one transaction
        raise ProblemError(500, "the stored result is missing", kind="internal")
    return payload


def _artifact(request: Request, run_id: str, name: str) -> bytes:
    store: Store = request.app.state.store
    run = done_run(store, run_id)
    found = store.artifact(run.result_key or "", name)
    if found is None:
        raise ProblemError(404, f"a {run.kind} run has no {name}", kind="no-artifact")
    return bytes(found.content)


@router.get(
    "/{run_id}/result.csv",
    response_class=CSVResponse,
    summary="The result's table as CSV",
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV with labels"},
        **responses(404, 409),
    },
)
def get_csv(run_id: RunId, request: Request) -> Response:
    content = _artifact(request, run_id, "result.csv")
    headers = {"Content-Disposition": f'attachment; filename="pactlab-{run_id}.csv"'}
    return CSVResponse(content, media_type="text/csv; charset=utf-8", headers=headers)


@router.get(
    "/{run_id}/brief.html",
    response_class=HTMLResponse,
    summary="The brief (analyze runs)",
    responses={
        200: {"content": {"text/html": {"schema": {"type": "string"}}}, "description": "HTML"},
        **responses(404, 409),
    },
)
def get_brief_html(run_id: RunId, request: Request) -> Response:
    return HTMLResponse(_artifact(request, run_id, "brief.html"))


@router.get(
    "/{run_id}/brief.pdf",
    response_class=PDFResponse,
    summary="The one-page brief as PDF",
    responses={
        200: {
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            "description": "PDF",
        },
        **responses(404, 409),
    },
)
def get_brief_pdf(run_id: RunId, request: Request) -> Response:
    headers = {"Content-Disposition": f'inline; filename="pactlab-brief-{run_id}.pdf"'}
    return PDFResponse(_artifact(request, run_id, "brief.pdf"), headers=headers)
