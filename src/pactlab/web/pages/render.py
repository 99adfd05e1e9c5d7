"""The pages' template environment (Jinja2, every template autoescaped) and the context every page gets."""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources
from typing import Any, get_args, get_origin

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from pactlab._version import __version__
from pactlab.web.auth import current_session
from pactlab.web.summaries import models

__all__ = ["form_fields", "page", "web_url"]


def web_url(value: Any) -> bool:
    """Whether a URL from user data may be a link: http(s) only (never ``javascript:`` or ``data:``)."""
    return isinstance(value, str) and value.lower().startswith(("https://", "http://"))


def number(value: Any) -> str:
    """A number for reading: thousands separated, at most four significant digits below 1,000."""
    if not isinstance(value, (int, float)):
        return str(value)
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


@functools.cache
def environment() -> jinja2.Environment:
    folder = resources.files("pactlab.web") / "templates"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,  # every template, whatever its name: no user text is ever rendered as markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["web_url"] = web_url
    env.filters["num"] = number
    return env


def here(request: Request) -> str:
    """The page's own address (path and query): its permalink."""
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def page(
    request: Request,
    template: str,
    *,
    title: str,
    run_id: str | None = None,
    as_of: str | None = None,
    vega: bool = False,
    status: int = 200,
    headers: dict[str, str] | None = None,
    permalink: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render ``template`` with the context every page shares (user, run id, as-of, permalink, models)."""
    values = {
        "title": title,
        "run_id": run_id,
        "as_of": as_of,
        "vega": vega,
        "here": permalink or here(request),
        "user": current_session(request),
        "models": models(),
        "version": __version__,
        "errors": None,
        "errors_title": None,
        "run_label": None,
        **context,
    }
    html = environment().get_template(template).render(**values)
    return HTMLResponse(html, status_code=status, headers=headers)


def today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def _type_name(annotation: Any) -> tuple[str, bool, list[Any] | None]:
    """(``int``/``float``/``str``/``bool``, optional?, choices) of a request field's annotation."""
    optional = False
    args = get_args(annotation)
    if args and type(None) in args:
        optional = True
        annotation = next(a for a in args if a is not type(None))
    if get_origin(annotation) is not None and str(get_origin(annotation)).endswith("Literal"):
        return "str", optional, list(get_args(annotation))
    name = getattr(annotation, "__name__", "str")
    return (name if name in ("int", "float", "bool") else "str"), optional, None


def form_fields(
    request_model: Any, values: dict[str, Any] | None = None, choices: dict[str, list[str]] | None = None
) -> list[dict[str, Any]]:
    """The run form's fields for a kind's request model (all but the scenario), prefilled."""
    fields = []
    for name, info in request_model.model_fields.items():
        if name == "scenario":
            continue
        kind, optional, literal = _type_name(info.annotation)
        value = (values or {}).get(name, info.default)
        fields.append(
            {
                "name": name,
                "type": kind,
                "optional": optional,
                "value": value,
                "choices": (choices or {}).get(name) or literal,
                "help": info.description or "",
            }
        )
    return fields
