"""The ledger page (Kiel-style: filters, chart, table, CSV of the selection, import) and the digest pages."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, cast
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from pactlab.ledger import FORMATS
from pactlab.web import ledger_view
from pactlab.web.api.digest import make_digest, view
from pactlab.web.api.ledger import filters, import_name, write_import
from pactlab.web.api.scenarios import read_upload
from pactlab.web.auth import require_csrf
from pactlab.web.pages.charts import ledger_chart
from pactlab.web.pages.render import page, today
from pactlab.web.problems import ProblemError
from pactlab.web.settings import MAX_ARTICLE_BYTES, MAX_IMPORT_BYTES
from pactlab.web.store import Store

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
PER_PAGE = 50


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _query(f: ledger_view.Filters, **more: Any) -> str:
    values = {
        "guarantor": f.guarantor,
        "instrument": f.instrument,
        "record": f.record,
        "start": None if f.start is None else f.start.isoformat(),
        "end": None if f.end is None else f.end.isoformat(),
        **more,
    }
    return urlencode({k: v for k, v in values.items() if v not in (None, "", 0)})


def _blank_to_none(request: Request) -> ledger_view.Filters:
    """The filter form sends empty fields for "all": read them as absent."""
    params = {
        k: (v or None)
        for k, v in request.query_params.items()
        if k in ("guarantor", "instrument", "start", "end", "record")
    }
    record = params.get("record")
    if record not in (None, "pledge", "delivery"):
        raise ProblemError(422, f"record must be pledge or delivery, not {record!r}", kind="invalid-request")
    kind = cast(Literal["pledge", "delivery"] | None, record)
    return filters(
        params.get("guarantor"), params.get("instrument"), params.get("start"), params.get("end"), kind
    )


def _ledger_page(
    request: Request, f: ledger_view.Filters, offset: int, *, errors: Any = None, status: int = 200
) -> HTMLResponse:
    with _store(request).reading() as session:
        rows = ledger_view.records(session, f)
        facets = ledger_view.facets(session)
    months = ledger_view.monthly(rows)
    prev_url = f"/ledger?{_query(f, offset=max(0, offset - PER_PAGE))}" if offset else None
    next_url = f"/ledger?{_query(f, offset=offset + PER_PAGE)}" if offset + PER_PAGE < len(rows) else None
    dated = [r["date"] for r in rows if r["date"]]
    as_of = f.end.isoformat() if f.end else (max(dated) if dated else today())
    return page(
        request,
        "ledger.html.j2",
        title="Ledger",
        as_of=as_of,
        vega=bool(rows),
        f=f,
        facets=facets,
        rows=rows[offset : offset + PER_PAGE],
        total=len(rows),
        totals=ledger_view.totals(rows),
        chart=ledger_chart(months),
        csv_url=f"/api/v1/ledger/records.csv?{_query(f)}",
        prev_url=prev_url,
        next_url=next_url,
        formats=FORMATS,
        errors=errors,
        status=status,
        permalink=None if request.method == "GET" else "/ledger",
        errors_title="The file was not imported (nothing was written):",
    )


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(
    request: Request,
    guarantor: Annotated[str | None, Query(max_length=64)] = None,
    instrument: Annotated[str | None, Query(max_length=64)] = None,
    start: Annotated[str | None, Query(max_length=10)] = None,
    end: Annotated[str | None, Query(max_length=10)] = None,
    record: Annotated[str | None, Query(max_length=10)] = None,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> HTMLResponse:
    return _ledger_page(request, _blank_to_none(request), offset)


@router.post("/ledger/import")
async def import_form(
    request: Request,
    file: Annotated[UploadFile, File()],
    format: Annotated[str, Form(max_length=32)],
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    require_csrf(request, csrf)
    _name, data = await read_upload(file, MAX_IMPORT_BYTES)
    try:
        await run_in_threadpool(write_import, _store(request), import_name(file.filename), data, format)
    except ProblemError as problem:
        errors = problem.errors or [{"text": problem.detail}]
        return _ledger_page(request, ledger_view.Filters(), 0, errors=errors, status=problem.status)
    return RedirectResponse("/ledger", status_code=303)


@router.get("/digest", response_class=HTMLResponse)
def digest_page(request: Request) -> HTMLResponse:
    rows, _total = _store(request).digests(offset=0, limit=20)
    return page(
        request, "digest.html.j2", title="Digest", as_of=today(), digests=[view(r) for r in rows], text=None
    )


@router.post("/digest")
async def digest_form(
    request: Request,
    csrf: Annotated[str, Form(max_length=100)] = "",
    text: Annotated[str, Form(max_length=MAX_ARTICLE_BYTES)] = "",
    file: Annotated[UploadFile | None, File()] = None,
    sentences: Annotated[int, Form(ge=1, le=50)] = 5,
) -> Response:
    who = require_csrf(request, csrf)
    if file is not None and file.filename:
        _name, data = await read_upload(file, MAX_ARTICLE_BYTES)
        name = import_name(file.filename)
    else:
        data, name = text.encode("utf-8"), "pasted-article.txt"
    try:
        row, _created = await run_in_threadpool(make_digest, _store(request), name, data, sentences, who.name)
    except ProblemError as problem:
        rows, _total = _store(request).digests(offset=0, limit=20)
        errors = problem.errors or [{"text": problem.detail}]
        return page(
            request,
            "digest.html.j2",
            title="Digest",
            as_of=today(),
            digests=[view(r) for r in rows],
            text=text,
            errors=errors,
            status=problem.status,
            errors_title="The article was not digested:",
            permalink="/digest",
        )
    return RedirectResponse(f"/digest/{row.id}", status_code=303)


@router.get("/digest/{digest_id}", response_class=HTMLResponse)
def digest_result(request: Request, digest_id: str) -> HTMLResponse:
    row = _store(request).digest(digest_id)
    if row is None:
        raise ProblemError(404, f"no digest {digest_id!r}", kind="unknown-digest")
    item = view(row)
    digest = json.loads(row.payload)
    return page(
        request,
        "digest_result.html.j2",
        title=digest.get("title") or row.name,
        as_of=digest.get("date") or "article not dated",
        item=item,
        d=digest,
    )
