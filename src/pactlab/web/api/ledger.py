"""``/api/v1/ledger``: reports by guarantor, instrument and month; filtered records (JSON, CSV); import;
hand entry."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from pactlab.errors import PactlabError
from pactlab.ledger import FORMATS, add_records, import_file, ledger_report
from pactlab.web import ledger_view
from pactlab.web.api.paging import Limit, Offset, page
from pactlab.web.api.runs import CSVResponse
from pactlab.web.api.scenarios import read_upload
from pactlab.web.auth import Identity, require_token
from pactlab.web.middleware import forbid_unknown_query
from pactlab.web.problems import ProblemError, pactlab_problem, responses
from pactlab.web.settings import MAX_IMPORT_BYTES
from pactlab.web.store import Store

__all__ = ["LedgerEntry", "filters", "import_name", "router", "write_entries", "write_import"]

router = APIRouter(
    prefix="/api/v1/ledger",
    tags=["ledger"],
    dependencies=[Depends(forbid_unknown_query)],
    responses=responses(400, 422),
)
Id = Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
Day = Annotated[
    str | None, Query(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description="YYYY-MM-DD, inclusive")
]
Kind = Annotated[Literal["pledge", "delivery"] | None, Query(description="Only pledges or deliveries.")]


def _day(value: str | None, name: str) -> dt.date | None:
    """A calendar date written YYYY-MM-DD (strictly: a number is not a date)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ProblemError(
            422, f"{name}: {value!r} is not a date (YYYY-MM-DD)", kind="invalid-request"
        ) from None


def filters(
    guarantor: Id = None, instrument: Id = None, start: Day = None, end: Day = None, record: Kind = None
) -> ledger_view.Filters:
    first, last = _day(start, "start"), _day(end, "end")
    if first is not None and last is not None and first > last:
        raise ProblemError(422, f"start {first} is after end {last}", kind="invalid-request")
    return ledger_view.Filters(guarantor, instrument, first, last, record)


Selection = Annotated[ledger_view.Filters, Depends(filters)]


class LedgerEntry(BaseModel):
    """One record in the plain CSV format's columns (see docs/ledger-csv.md)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    record: Literal["pledge", "delivery", "benchmark"]
    guarantor: str = Field("", max_length=200)
    date: str = Field("", max_length=10, description="YYYY-MM-DD")
    stage: str = Field("", max_length=16)
    instrument: str = Field("", max_length=64)
    value: str = Field("", max_length=40)
    currency: str = Field("", max_length=3)
    quantity: str = Field("", max_length=40)
    unit: str = Field("", max_length=64)
    item: str = Field("", max_length=300)
    due: str = Field("", max_length=10)
    source: str = Field("", max_length=500)
    source_url: str = Field("", max_length=2000)
    pledge_id: str = Field("", max_length=20, pattern=r"^[0-9]*$")
    criterion: str = Field("", max_length=1000)
    status: str = Field("", max_length=16)
    evidence: str = Field("", max_length=2000)


class Entries(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    records: list[LedgerEntry] = Field(min_length=1, max_length=1000)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


@router.get("/report", summary="Totals by stage and fulfilment, overall and by group (as the CLI's report)")
def report(
    request: Request,
    by: Literal["guarantor", "instrument", "month"] | None = None,
    source: Annotated[str | None, Query(max_length=32)] = None,
    as_of: Annotated[
        str | None,
        Query(
            pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description="Cut the ledger at this date (YYYY-MM-DD)"
        ),
    ] = None,
) -> dict[str, Any]:
    cut = _day(as_of, "as_of")
    result: dict[str, Any] = ledger_report(_store(request).ledger, by, source=source, as_of=cut).to_dict()
    return result


@router.get("/records", summary="Pledges and deliveries of one selection")
def records(
    request: Request, response: Response, selection: Selection, limit: Limit = 100, offset: Offset = 0
) -> dict[str, Any]:
    with _store(request).reading() as session:
        rows = ledger_view.records(session, selection)
    body = page(request, response, rows[offset : offset + limit], total=len(rows), offset=offset, limit=limit)
    body["totals_eur"] = ledger_view.totals(rows)
    return body


@router.get(
    "/records.csv",
    response_class=CSVResponse,
    summary="One selection as CSV (names, not only ids)",
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV"}},
)
def records_csv(request: Request, selection: Selection) -> Response:
    with _store(request).reading() as session:
        rows = ledger_view.records(session, selection)
    headers = {"Content-Disposition": 'attachment; filename="pactlab-ledger.csv"'}
    return CSVResponse(ledger_view.records_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/monthly", summary="Pledged and delivered EUR by month, for one selection")
def monthly(request: Request, selection: Selection) -> dict[str, Any]:
    with _store(request).reading() as session:
        rows = ledger_view.records(session, selection)
    return {"months": ledger_view.monthly(rows), "totals_eur": ledger_view.totals(rows)}


@router.get("/facets", summary="Guarantors and instruments with records (for filters)")
def facets(request: Request) -> dict[str, Any]:
    with _store(request).reading() as session:
        return ledger_view.facets(session)


def import_name(name: str | None) -> str:
    """A safe file name for an uploaded tracker file (the batch records it)."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name or "").name).strip("._")
    return base[-100:] or "upload.csv"


def write_import(store: Store, name: str, data: bytes, fmt: str) -> dict[str, Any]:
    """Import an uploaded tracker file (all rows or none; the same file twice adds nothing)."""
    if fmt not in FORMATS:
        raise ProblemError(
            422, f"unknown format {fmt!r}; one of {', '.join(FORMATS)}", kind="invalid-request"
        )
    with tempfile.TemporaryDirectory(prefix="pactlab-import-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            result = import_file(store.ledger, path, fmt)
        except PactlabError as error:
            raise pactlab_problem(error, kind="invalid-import") from None
    return {k: v for k, v in vars(result).items() if isinstance(v, (str, int, float, type(None)))}


def write_entries(store: Store, entries: list[LedgerEntry], who: str) -> dict[str, Any]:
    rows = [{k: str(v) for k, v in e.model_dump().items()} for e in entries]
    try:
        result = add_records(store.ledger, rows, label=f"web add by {who}")
    except PactlabError as error:
        raise pactlab_problem(error, kind="invalid-records") from None
    return {k: v for k, v in vars(result).items() if isinstance(v, (str, int, float, type(None)))}


@router.post(
    "/imports",
    status_code=201,
    summary="Import a tracker file (kiel, kiel-activities, sipri, csv)",
    responses=responses(401, 413, 422),
)
async def import_tracker(
    request: Request,
    file: Annotated[UploadFile, File()],
    format: Annotated[str, Form(max_length=32)],
    who: Annotated[Identity, Depends(require_token)],
) -> dict[str, Any]:
    _name, data = await read_upload(file, MAX_IMPORT_BYTES)
    return await run_in_threadpool(write_import, _store(request), import_name(file.filename), data, format)


@router.post(
    "/records",
    status_code=201,
    summary="Enter records by hand (validated like a file)",
    responses=responses(401, 422),
)
def add_entries(
    body: Entries, request: Request, who: Annotated[Identity, Depends(require_token)]
) -> dict[str, Any]:
    return write_entries(_store(request), body.records, who.name)
