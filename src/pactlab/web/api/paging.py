"""Paging of list endpoints: ``limit`` and ``offset``, ``next``/``prev`` links in the body and in an
RFC 8288 ``Link`` header."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request, Response
from pydantic import BaseModel

__all__ = ["Limit", "Links", "Offset", "page"]

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="Items to skip.")]


class Links(BaseModel):
    self: str
    first: str
    next: str | None = None
    prev: str | None = None


def _at(request: Request, offset: int, limit: int) -> str:
    url = request.url.include_query_params(offset=offset, limit=limit)
    return str(url.path) + ("?" + url.query if url.query else "")


def page(
    request: Request, response: Response, items: list[Any], *, total: int, offset: int, limit: int
) -> dict[str, Any]:
    """The page's body (``items``, ``total``, ``offset``, ``limit``, ``links``); sets ``Link``."""
    links = {"self": _at(request, offset, limit), "first": _at(request, 0, limit), "next": None, "prev": None}
    if offset + limit < total:
        links["next"] = _at(request, offset + limit, limit)
    if offset > 0:
        links["prev"] = _at(request, max(0, offset - limit), limit)
    response.headers["Link"] = ", ".join(
        f'<{url}>; rel="{rel}"' for rel, url in links.items() if url is not None and rel != "self"
    )
    return {"items": items, "total": total, "offset": offset, "limit": limit, "links": links}
