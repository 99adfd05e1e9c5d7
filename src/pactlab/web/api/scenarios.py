"""``/api/v1/scenarios``: the catalog and uploaded scenarios; upload; validation with located errors."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Path, Request, Response, UploadFile
from pydantic import BaseModel

from pactlab.errors import PactlabError
from pactlab.web.api.paging import Limit, Offset, page
from pactlab.web.auth import Identity, require_token
from pactlab.web.middleware import forbid_unknown_query
from pactlab.web.problems import LocatedError, ProblemError, located, pactlab_problem, responses
from pactlab.web.settings import MAX_UPLOAD_BYTES
from pactlab.web.sources import clean_name, parse_upload, resolve
from pactlab.web.store import Store, now
from pactlab.web.summaries import catalog_entries, scenario_entry, upload_entry
from pactlab.web.tables import StoredScenario

__all__ = ["read_upload", "router", "store_upload", "validate_bytes"]

router = APIRouter(
    prefix="/api/v1/scenarios",
    tags=["scenarios"],
    dependencies=[Depends(forbid_unknown_query)],
    responses=responses(400, 422),
)
Ref = Annotated[str, Path(min_length=1, max_length=200, description="A catalog id or an upload's ref.")]


class ScenarioEntry(BaseModel):
    ref: str
    id: str
    title: str
    as_of: str | None
    origin: str
    digest: str
    links: dict[str, str]


class ScenarioPage(BaseModel):
    items: list[ScenarioEntry]
    total: int
    offset: int
    limit: int
    links: dict[str, str | None]


class Validation(BaseModel):
    valid: bool
    file: str
    summary: str | None = None
    errors: list[LocatedError]


async def read_upload(file: UploadFile, limit: int) -> tuple[str, bytes]:
    """An uploaded file's cleaned name and bytes, refused (413) past ``limit`` without keeping more."""
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise ProblemError(413, f"the file is larger than the limit of {limit:,} bytes", kind="too-large")
    return clean_name(file.filename), data


def validate_bytes(name: str, data: bytes) -> tuple[Any | None, dict[str, Any]]:
    """``pactlab scenarios validate`` on uploaded bytes: ``(scenario or None, Validation fields)``."""
    try:
        scenario = parse_upload(name, data)
    except PactlabError as error:
        return None, {"valid": False, "file": name, "summary": None, "errors": located(error)}
    cells = sum(len(i.positions) for i in scenario.issues)
    summary = (
        f"{name}: valid ({len(scenario.actors)} actors, {len(scenario.issues)} issues, {cells} positions, "
        f"{len(scenario.options)} options)"
    )
    return scenario, {"valid": True, "file": name, "summary": summary, "errors": []}


def store_upload(store: Store, name: str, data: bytes, who: str) -> tuple[StoredScenario, bool]:
    """Validate and store an upload; a 422 problem with the located errors when it is not valid."""
    try:
        scenario = parse_upload(name, data)
    except PactlabError as error:
        raise pactlab_problem(error, kind="invalid-scenario") from None
    row = StoredScenario(
        ref=f"u-{scenario.digest[:16]}",
        digest=scenario.digest,
        scenario_id=scenario.metadata.id,
        title=scenario.metadata.title,
        file_name=name,
        content=data,
        created_by=who,
        created_at=now(),
    )
    return store.save_scenario(row)


@router.get("", response_model=ScenarioPage, summary="The catalog, then uploaded scenarios")
def list_scenarios(
    request: Request, response: Response, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    store: Store = request.app.state.store
    entries = [*catalog_entries(), *(upload_entry(s) for s in store.scenarios())]
    return page(
        request, response, entries[offset : offset + limit], total=len(entries), offset=offset, limit=limit
    )


@router.get("/schema", summary="JSON Schema of the scenario format")
def scenario_schema() -> dict[str, Any]:
    from pactlab.scenario import Scenario

    schema: dict[str, Any] = Scenario.model_json_schema()
    return schema


@router.post(
    "",
    response_model=ScenarioEntry,
    status_code=201,
    summary="Upload a scenario (YAML, JSON, CSV)",
    responses={
        200: {"description": "The same scenario was uploaded before", "model": ScenarioEntry},
        **responses(401, 413, 422),
    },
)
async def upload_scenario(
    request: Request,
    response: Response,
    file: Annotated[UploadFile, File()],
    who: Annotated[Identity, Depends(require_token)],
) -> dict[str, Any]:
    name, data = await read_upload(file, MAX_UPLOAD_BYTES)
    from starlette.concurrency import run_in_threadpool

    row, created = await run_in_threadpool(store_upload, request.app.state.store, name, data, who.name)
    response.status_code = 201 if created else 200
    response.headers["Location"] = f"/api/v1/scenarios/{row.ref}"
    return upload_entry(row)


@router.post(
    "/validate",
    response_model=Validation,
    responses=responses(413),
    summary="Validate a file as 'pactlab scenarios validate' does (stores nothing)",
)
async def validate_upload(file: Annotated[UploadFile, File()]) -> dict[str, Any]:
    from starlette.concurrency import run_in_threadpool

    name, data = await read_upload(file, MAX_UPLOAD_BYTES)
    _scenario, result = await run_in_threadpool(validate_bytes, name, data)
    return result


@router.get("/{ref}", responses=responses(404), summary="A scenario in full (loadable again as a file)")
def get_scenario(ref: Ref, request: Request) -> dict[str, Any]:
    from pactlab.scenario.io import dump_data

    scenario, source = resolve(request.app.state.store, ref)
    return {
        **scenario_entry(scenario, ref, "catalog" if source.content is None else "upload"),
        "scenario": dump_data(scenario),
    }


@router.get(
    "/{ref}/validation",
    response_model=Validation,
    responses=responses(404),
    summary="The engine checks of a stored scenario",
)
def get_validation(ref: Ref, request: Request) -> dict[str, Any]:
    from pactlab.checks import check_scenario

    scenario, _source = resolve(request.app.state.store, ref)
    try:
        check_scenario(scenario)
    except PactlabError as error:
        return {"valid": False, "file": ref, "summary": None, "errors": located(error)}
    return {"valid": True, "file": ref, "summary": f"{ref}: valid", "errors": []}
