"""The pages: catalog, scenario, runs (with progress, results, charts, re-run), options side by side,
log in and out, scenario upload. Server-rendered; htmx only follows a run's progress."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from pactlab.web.api.runs import done_run, find_run
from pactlab.web.api.scenarios import read_upload, store_upload, validate_bytes
from pactlab.web.auth import COOKIE, SESSION_HOURS, login, logout, require_csrf
from pactlab.web.kinds import KINDS
from pactlab.web.middleware import forbid_unknown_query
from pactlab.web.pages import charts, views
from pactlab.web.pages.data import router as data_router
from pactlab.web.pages.render import form_fields, page, today
from pactlab.web.problems import ProblemError
from pactlab.web.runs import run_view, submit_run
from pactlab.web.settings import MAX_UPLOAD_BYTES
from pactlab.web.sources import resolve
from pactlab.web.store import Store
from pactlab.web.summaries import catalog_entries, upload_entry

__all__ = ["router"]

router = APIRouter(include_in_schema=False, dependencies=[Depends(forbid_unknown_query)])
router.include_router(data_router)
Kind = Annotated[str | None, Query(max_length=32)]
_SIDE = (
    ("P(deter)", "p_deterrence", "i_deterrence"),
    ("P(limited conflict)", "p_limited", "i_limited"),
    ("P(direct clash)", "p_clash", "i_clash"),
    ("durability S(1 y)", "s1", None),
    ("durability S(5 y)", "s5", "i_s5"),
    ("durability S(10 y)", "s10", None),
)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _recent(store: Store, limit: int, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    rows, total = store.runs(offset=offset, limit=limit, kind=None, state=None)
    return [run_view(r) for r in rows], total


@router.get("/", response_class=HTMLResponse)
def catalog(request: Request) -> HTMLResponse:
    return _catalog_page(request)


def _catalog_page(request: Request, **extra: Any) -> HTMLResponse:
    """The catalog: built-in and uploaded scenarios and the recent runs (``extra``: an upload's errors)."""
    store = _store(request)
    scenarios = [*catalog_entries(), *(upload_entry(s) for s in store.scenarios())]
    runs, _total = _recent(store, 10)
    return page(
        request,
        "catalog.html.j2",
        title="Scenarios",
        as_of=today(),
        scenarios=scenarios,
        runs=runs,
        max_upload=MAX_UPLOAD_BYTES,
        **extra,
    )


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request, offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> HTMLResponse:
    runs, total = _recent(_store(request), 50, offset)
    prev_url = f"/runs?offset={max(0, offset - 50)}" if offset else None
    next_url = f"/runs?offset={offset + 50}" if offset + 50 < total else None
    return page(
        request, "runs.html.j2", title="Runs", as_of=today(), runs=runs, prev_url=prev_url, next_url=next_url
    )


def _form_context(
    request: Request, ref: str, kind: str, values: dict[str, Any], scenario: Any
) -> dict[str, Any]:
    choices = {"option": [o.id for o in scenario.options], "issue": [i.id for i in scenario.issues]}
    if kind == "negotiate":
        from pactlab.negotiate import MODELS

        choices["model"] = ["all", *MODELS]
    return {
        "kinds": list(KINDS.values()),
        "form_kind": kind,
        "scenario_ref": ref,
        "form_fields": form_fields(KINDS[kind].request, values, choices),
    }


@router.get("/scenarios/{ref}", response_class=HTMLResponse)
def scenario_page(request: Request, ref: str, kind: Kind = None) -> HTMLResponse:
    scenario, source = resolve(_store(request), ref)
    kind = kind if kind in KINDS else "analyze"
    as_of = None if scenario.metadata.as_of is None else scenario.metadata.as_of.isoformat()
    context = _form_context(request, ref, kind, {}, scenario)
    return page(
        request,
        "scenario.html.j2",
        title=scenario.metadata.title,
        as_of=as_of,
        s=scenario,
        ref=ref,
        origin="catalog" if source.content is None else "upload",
        form_base=f"/scenarios/{ref}",
        **context,
    )


def _table(content: bytes, limit: int = 200) -> dict[str, Any]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    if not rows:
        return {"columns": [], "rows": [], "more": 0}
    return {"columns": rows[0], "rows": rows[1 : limit + 1], "more": max(0, len(rows) - 1 - limit)}


def _run_context(store: Store, run: Any, scenario: Any) -> dict[str, Any]:
    payload = store.result(run.result_key or "") or {}
    parts = views.run_parts(run.kind, payload)
    issues = views.issues(parts["negotiation"])
    quo = [
        {"issue": i.id, "status_quo": i.status_quo, "win_set": None}
        for i in scenario.issues
        if i.id not in {row["issue"] for row in issues}
    ]
    options = views.options(parts["negotiation"], parts["deterrence"])
    steps = views.roadmap(parts["roadmap"])
    context: dict[str, Any] = {
        "issues": issues,
        "options": options,
        "steps": steps,
        "track": views.track_record(parts["ledger"]),
        "estimates": parts["estimates"],
        "deter_warnings": [str(w) for w in (parts["deterrence"] or {}).get("warnings") or []],
        "draws": (parts["deterrence"] or {}).get("draws"),
        "table": None,
        "charts": {
            "forecasts": charts.forecast_chart(views.forecasts(parts["negotiation"]), [*issues, *quo]),
            "risk": charts.risk_chart(options),
            "gantt": charts.gantt_chart(steps),
        },
        "roadmap_note": _roadmap_note(parts["roadmap"]),
    }
    if not (issues or options or steps):
        found = store.artifact(run.result_key or "", "result.csv")
        context["table"] = None if found is None else _table(bytes(found.content))
    return context


def _roadmap_note(plan: dict[str, Any] | None) -> str:
    """The solver's verdict, from ``pactlab plan``'s result (objective, gap) or the analysis's roadmap
    (peak risk), whichever the run holds."""
    if not plan:
        return ""
    facts = [
        ("Solver status", plan.get("status"), ""),
        ("objective", plan.get("objective"), ""),
        ("horizon", plan.get("horizon"), " periods"),
        ("risk budget", plan.get("risk_budget"), " per period"),
        ("peak risk", plan.get("peak_risk"), " per period"),
        ("optimality gap", plan.get("gap"), ""),
    ]
    return ", ".join(f"{name} {value}{unit}" for name, value, unit in facts if value is not None) + "."


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(
    request: Request, run_id: str, ids: Annotated[list[str] | None, Query(max_length=200)] = None
) -> HTMLResponse:
    store = _store(request)
    run = find_run(store, run_id)
    view = run_view(run)
    scenario, _source = resolve(store, run.scenario_ref)
    as_of = None if scenario.metadata.as_of is None else scenario.metadata.as_of.isoformat()
    context = _run_context(store, run, scenario) if run.state == "done" else {}
    form = _form_context(
        request, run.scenario_ref, run.kind, {"seed": run.seed, **view["parameters"]}, scenario
    )
    heading = f"{KINDS[run.kind].title if run.kind in KINDS else run.kind}: {scenario.metadata.title}"
    return page(
        request,
        "run.html.j2",
        title=heading,
        run_id=run.id,
        as_of=as_of,
        vega=run.state == "done",
        run=view,
        heading=heading,
        selected=ids or [],
        form_base=f"/scenarios/{run.scenario_ref}",
        run_label="Run again",
        **form,
        **context,
    )


@router.get("/runs/{run_id}/status", response_class=HTMLResponse)
def run_status(request: Request, run_id: str) -> HTMLResponse:
    run = find_run(_store(request), run_id)
    headers = {"HX-Refresh": "true"} if run.state == "done" else None
    return page(request, "_run_status.html.j2", title="", run=run_view(run), headers=headers)


@router.get("/runs/{run_id}/options", response_class=HTMLResponse)
def options_page(
    request: Request, run_id: str, ids: Annotated[list[str] | None, Query(max_length=200)] = None
) -> HTMLResponse:
    store = _store(request)
    run = done_run(store, run_id)
    payload = store.result(run.result_key or "") or {}
    parts = views.run_parts(run.kind, payload)
    every = views.options(parts["negotiation"], parts["deterrence"])
    chosen = [o for o in every if not ids or o["option"] in ids]
    if not chosen:
        raise ProblemError(404, f"none of the options {ids} is in run {run_id}", kind="unknown-option")
    scenario, _source = resolve(store, run.scenario_ref)
    as_of = None if scenario.metadata.as_of is None else scenario.metadata.as_of.isoformat()
    return page(
        request,
        "options.html.j2",
        title="Options side by side",
        run_id=run.id,
        as_of=as_of,
        vega=True,
        run=run_view(run),
        chosen=chosen,
        rows=_SIDE,
        chart=charts.risk_chart(chosen),
    )


@router.post("/runs")
async def submit_form(request: Request) -> Response:
    form = await request.form()
    who = require_csrf(request, str(form.get("csrf") or ""))
    kind = str(form.get("kind") or "")
    if kind not in KINDS:
        raise ProblemError(422, f"unknown kind of run {kind!r}", kind="invalid-request")
    model = KINDS[kind].request
    values = {k: str(form[k]) for k in model.model_fields if k in form and str(form[k]).strip() != ""}
    try:
        body = model.model_validate(values, strict=False)  # form fields are text
    except ValidationError as error:
        errors = [
            {
                "file": "form",
                "line": None,
                "path": ".".join(str(p) for p in e["loc"]),
                "message": e["msg"],
                "text": f"form:{'.'.join(str(p) for p in e['loc'])}: {e['msg']}",
            }
            for e in error.errors()
        ]
        raise ProblemError(422, str(errors[0]["text"]), kind="invalid-request", errors=errors) from None
    run, _how = await run_in_threadpool(
        submit_run, _store(request), request.app.state.jobs, kind, body, who.name
    )
    return RedirectResponse(f"/runs/{run.id}", status_code=303)


def _local(target: str) -> str:
    """Only a path on this site is a place to go back to after logging in (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: Annotated[str, Query(max_length=2000)] = "/") -> HTMLResponse:
    return page(request, "login.html.j2", title="Log in", as_of=today(), next=_local(next))


@router.post("/login")
def login_form(
    request: Request,
    token: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    opened = login(_store(request), token)
    if opened is None:
        errors = [{"text": "unknown, revoked or malformed token"}]
        return page(
            request,
            "login.html.j2",
            title="Log in",
            as_of=today(),
            next=_local(next),
            errors=errors,
            status=401,
        )
    cookie, _identity = opened
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=request.app.state.settings.secure_cookies,
        path="/",
    )
    return response


@router.post("/logout")
def logout_form(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    require_csrf(request, csrf)
    logout(request)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.post("/scenarios/upload")
async def upload_form(
    request: Request, file: Annotated[UploadFile, File()], csrf: Annotated[str, Form(max_length=100)] = ""
) -> Response:
    who = require_csrf(request, csrf)
    name, data = await read_upload(file, MAX_UPLOAD_BYTES)
    scenario, result = await run_in_threadpool(validate_bytes, name, data)
    if scenario is None:
        return _catalog_page(
            request,
            errors=result["errors"],
            status=422,
            permalink="/",
            errors_title=f"{name} is not a valid scenario (nothing was stored):",
        )
    row, _created = await run_in_threadpool(store_upload, _store(request), name, data, who.name)
    return RedirectResponse(f"/scenarios/{row.ref}", status_code=303)


def error_page(request: Request, document: dict[str, Any]) -> HTMLResponse:
    """A problem as an HTML page (for a browser on a page route)."""
    problem = json.loads(json.dumps(document))
    problem.setdefault("errors", None)
    return page(
        request,
        "error.html.j2",
        title=problem.get("title", "Error"),
        problem=problem,
        status=int(problem.get("status", 500)),
    )
