"""Errors as RFC 9457 problem documents (``application/problem+json``), for every route.

A :class:`~pactlab.errors.PactlabError` (bad input the library found) becomes a 422 whose ``errors``
list holds the same located problems the command line prints, one object per line
(``file``, ``line``, ``path``, ``message``, and ``text``: the CLI's exact line). Validation errors of the
request itself (FastAPI's) become a 422 with one entry per field; Starlette's HTTP errors (404, 405)
keep their status. An unexpected exception is a 500 that names no internals (the traceback goes to the
server's log).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from pactlab.errors import PactlabError

__all__ = [
    "PROBLEM_TYPE",
    "LocatedError",
    "Problem",
    "ProblemError",
    "install_handlers",
    "pactlab_problem",
    "problem_response",
    "problem_schemas",
    "responses",
]

PROBLEM_TYPE = "application/problem+json"
_log = logging.getLogger("pactlab.web")

_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    500: "Internal server error",
    503: "Service unavailable",
}


class LocatedError(BaseModel):
    """One located problem, as the command line prints it (``text``) and in parts."""

    file: str
    line: int | None = None
    path: str = ""
    message: str
    text: str


class Problem(BaseModel):
    """An RFC 9457 problem document; ``errors`` lists located problems where there are any."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[LocatedError] | None = None


class ProblemError(Exception):
    """Raise to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str | None = None,
        title: str | None = None,
        errors: Sequence[Mapping[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.title = title or _TITLES.get(status, "Error")
        self.errors = list(errors) if errors is not None else None
        self.headers = dict(headers or {})

    def document(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": f"/problems/{self.kind}" if self.kind else "about:blank",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        if self.errors is not None:
            body["errors"] = self.errors
        return body


def located(error: PactlabError) -> list[dict[str, Any]]:
    """The located problems of a library error, each as a :class:`LocatedError`'s fields."""
    return [
        {
            "file": p.location.file,
            "line": p.location.line,
            "path": p.location.path,
            "message": p.message,
            "text": str(p),
        }
        for p in error.problems
    ]


def pactlab_problem(error: PactlabError, *, status: int = 422, kind: str = "invalid-input") -> ProblemError:
    """A library error as a problem: its located lines in ``errors``, the first one as ``detail``."""
    lines = error.lines()
    more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
    return ProblemError(status, lines[0] + more, kind=kind, errors=located(error))


HtmlRenderer = Callable[[Request, dict[str, Any]], Response]
_html: list[HtmlRenderer] = []


def _wants_html(request: Request) -> bool:
    path = request.url.path
    api = path.startswith(("/api/", "/openapi.json", "/static/"))
    return not api and "text/html" in request.headers.get("accept", "")


def problem_response(problem: ProblemError, request: Request | None = None) -> Response:
    instance = None if request is None else request.url.path
    if request is not None and _html and _wants_html(request) and problem.status != 401:
        return _html[0](request, problem.document(instance))
    if request is not None and _html and _wants_html(request):
        from fastapi.responses import RedirectResponse

        if request.method == "GET":  # a page that needs a login: go and log in, then come back
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return _html[0](request, problem.document(instance))
    return JSONResponse(
        problem.document(instance),
        status_code=problem.status,
        media_type=PROBLEM_TYPE,
        headers=problem.headers,
    )


def _validation(request: Request, error: RequestValidationError) -> Response:
    items = []
    for entry in error.errors():
        where = ".".join(str(part) for part in entry.get("loc", ()))
        message = str(entry.get("msg", "invalid"))
        items.append(
            {
                "file": "request",
                "line": None,
                "path": where,
                "message": message,
                "text": f"request:{where}: {message}",
            }
        )
    detail = str(items[0]["text"]) if items else "the request is not valid"
    more = f" (and {len(items) - 1} more)" if len(items) > 1 else ""
    problem = ProblemError(422, detail + more, kind="invalid-request", errors=items)
    return problem_response(problem, request)


def _documented_methods(app: FastAPI, path: str) -> list[str]:
    """The methods the OpenAPI schema documents for ``path`` (Starlette lists only the first route's):
    those of the path itself when it is a documented path, else those of the templates it fits."""
    import re

    paths: dict[str, Any] = app.openapi().get("paths", {})
    verbs = ("get", "post", "put", "patch", "delete")
    if path in paths:
        return sorted(m.upper() for m in paths[path] if m in verbs)
    methods: set[str] = set()
    for template, operations in paths.items():
        pattern = "^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            methods |= {m.upper() for m in operations if m in verbs}
    return sorted(methods)


def install_handlers(app: FastAPI, html: HtmlRenderer | None = None) -> None:
    """Answer every error of ``app`` with a problem document (as an HTML page, by ``html``, for a
    browser on a page route)."""
    _html.clear()
    if html is not None:
        _html.append(html)

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, error: ProblemError) -> Response:
        return problem_response(error, request)

    @app.exception_handler(PactlabError)
    async def _pactlab(request: Request, error: PactlabError) -> Response:
        return problem_response(pactlab_problem(error), request)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        return _validation(request, error)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> Response:
        detail = error.detail if isinstance(error.detail, str) else _TITLES.get(error.status_code, "Error")
        headers = dict(error.headers or {})
        if error.status_code == 405:
            allowed = _documented_methods(app, request.url.path)
            if allowed:
                headers["Allow"] = ", ".join(allowed)
        return problem_response(ProblemError(error.status_code, detail, headers=headers), request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> Response:
        _log.exception("unexpected error on %s %s", request.method, request.url.path)
        problem = ProblemError(500, "the server met an unexpected error; it has been logged", kind="internal")
        return problem_response(problem, request)


def problem_schemas() -> dict[str, Any]:
    """The OpenAPI component schemas of :class:`Problem` and :class:`LocatedError`."""
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    defs: dict[str, Any] = schema.pop("$defs", {})
    return {"Problem": schema, **defs}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problem statuses a route can answer."""
    return {
        status: {
            "description": _TITLES.get(status, "Error"),
            "content": {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
