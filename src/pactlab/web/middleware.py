"""Request guards shared by every route: body size, unknown query parameters, security headers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import Request
from starlette.exceptions import HTTPException

from pactlab.web.problems import PROBLEM_TYPE, ProblemError

__all__ = ["BodyLimit", "BodyTooLarge", "SecurityHeaders", "forbid_unknown_query"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class BodyTooLarge(HTTPException):
    """A request body over its limit (a Starlette HTTP error, so that FastAPI's body parser passes it
    on rather than calling it a parsing error)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than this route's limit of {limit:,} bytes")


def _json_problem(status: int, detail: str) -> bytes:
    import json

    return json.dumps(
        {"type": "/problems/too-large", "title": "Content too large", "status": status, "detail": detail}
    ).encode()


class BodyLimit:
    """Refuse a body over its route's limit: from ``Content-Length`` at once, else while it streams
    (never more than the limit is held in memory)."""

    def __init__(self, app: App, *, limits: dict[str, int], default: int) -> None:
        self.app = app
        self.limits = sorted(limits.items(), key=lambda item: -len(item[0]))
        self.default = default

    def limit(self, path: str) -> int:
        for prefix, value in self.limits:
            if path.startswith(prefix):
                return value
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope["path"])
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            body = _json_problem(413, BodyTooLarge(limit).detail)
            await send(
                {
                    "type": "http.response.start",
                    "status": 413,
                    "headers": [
                        (b"content-type", PROBLEM_TYPE.encode()),
                        (b"content-length", str(len(body)).encode()),
                        (b"connection", b"close"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)


class SecurityHeaders:
    """Content-Security-Policy (no inline script, no eval), no sniffing, no framing, no referrer leak."""

    HEADERS = (
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
        (b"cross-origin-opener-policy", b"same-origin"),
    )

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in self.HEADERS if n not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


_allowed_cache: dict[int, frozenset[str]] = {}


def _allowed(route: Any) -> frozenset[str]:
    key = id(route)
    found = _allowed_cache.get(key)
    if found is None:
        found = frozenset(_query_names(route.dependant))
        _allowed_cache[key] = found
    return found


def _query_names(dependant: Any) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def forbid_unknown_query(request: Request) -> None:
    """A query parameter the route does not declare is an error (422), not silently ignored."""
    route = request.scope.get("route")
    if route is None or not hasattr(route, "dependant"):
        return
    allowed = _allowed(route)
    unknown = sorted({k for k in request.query_params if k not in allowed})
    if unknown:
        known = ", ".join(sorted(allowed)) or "none"
        errors = [
            {
                "file": "request",
                "line": None,
                "path": f"query.{k}",
                "message": "unknown query parameter",
                "text": f"request:query.{k}: unknown query parameter (known: {known})",
            }
            for k in unknown
        ]
        raise ProblemError(422, str(errors[0]["text"]), kind="unknown-parameter", errors=errors)
