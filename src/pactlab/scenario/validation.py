"""From plain data to a valid :class:`~pactlab.scenario.schema.Scenario`, or every problem, located.

Readers (YAML, JSON, the decide and Bueno de Mesquita CSVs) parse a file into plain data and the line of
each field path where the format has lines; :func:`scenario_from_data` validates it and turns pydantic's
errors and the scenario's cross-reference problems into ``file:line:field.path: message`` lines. The
scenario it returns remembers its file and lines (:meth:`Scenario.locate`), so that a problem an engine
finds later is located the same way.

pydantic's messages are rewritten where an analyst needs more than they say: an unknown field names the
closest known one ("did you mean"), a date says it is written YYYY-MM-DD, a yes/no or a number where a
name belongs says to quote it, the alternatives of a union are one line, and a section whose items
failed is not also reported as empty.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from pactlab.errors import Location, Problem, ScenarioError
from pactlab.scenario._base import ReferenceProblems, format_path, line_of, parse_path
from pactlab.scenario.schema import Scenario

__all__ = ["Lines", "scenario_from_data"]

Lines = Mapping[tuple[str | int, ...], int]

_DATE_TYPES = {"date_parsing", "date_from_datetime_parsing", "date_type", "datetime_parsing"}
_FIELDS_LISTED_AT_MOST = 12


def scenario_from_data(data: Any, name: str, lines: Lines | None = None) -> Scenario:
    """Validate plain data (as parsed from YAML or JSON) into a Scenario, or raise located errors."""
    lines = lines or {}
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise ScenarioError.at(name, "", f"a scenario is a mapping of sections, not {kind}", 1)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(list(_problems(error, name, lines))) from None
    except RecursionError:
        raise ScenarioError.at(name, "", "document is nested too deeply") from None
    return scenario.with_origin(name, lines)


def _problems(error: ValidationError, name: str, lines: Lines) -> Iterator[Problem]:
    items = error.errors(include_url=False)
    cleaned: dict[tuple[Any, ...], list[str]] = {}
    for item in items:
        ctx = item.get("ctx") or {}
        cause = ctx.get("error")
        if isinstance(cause, ReferenceProblems):
            for path, message in cause.problems:
                cleaned.setdefault(parse_path(path), []).append(message)
            continue
        loc, model = _walk(tuple(item["loc"]))
        cleaned.setdefault(loc, []).append(_message(item, loc, model))
    failed = list(cleaned)
    for loc, messages in cleaned.items():
        if _is_emptiness_echo(loc, messages, failed):
            continue  # "should have at least 1 item" after every item failed: the items say why
        for message in _merge_union(messages):
            yield Problem(Location(name, format_path(loc), line_of(lines, loc)), message)


def _is_emptiness_echo(loc: tuple[Any, ...], messages: list[str], failed: list[tuple[Any, ...]]) -> bool:
    echo = all(m.startswith("Tuple should have at least") for m in messages)
    return echo and any(len(other) > len(loc) and other[: len(loc)] == loc for other in failed)


def _merge_union(messages: list[str]) -> list[str]:
    """Messages gathered at one place: distinct ones kept; a union's alternatives joined by 'or'."""
    unique = list(dict.fromkeys(messages))
    alternatives = [m for m in unique if m.startswith("Input should be")]
    if len(alternatives) < 2:
        return unique
    rest = [m for m in unique if m not in alternatives]
    joined = alternatives[0] + "".join(f"; or {m.removeprefix('Input should be ')}" for m in alternatives[1:])
    return [*rest, joined]


def _message(item: Mapping[str, Any], loc: tuple[Any, ...], model: type[BaseModel] | None) -> str:
    kind = item["type"]
    value = item.get("input")
    message = str(item["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        return _unknown_field(str(loc[-1]) if loc else "", model)
    if kind == "missing":
        return "required field is missing"
    if kind in _DATE_TYPES or kind == "date_from_datetime_inexact":
        return _date_message(kind, value, str((item.get("ctx") or {}).get("error", message)))
    if kind in ("enum", "literal_error") and isinstance(value, str):
        choices = re.findall(r"'([^']*)'", str((item.get("ctx") or {}).get("expected", "")))
        close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
        return f"{message}; did you mean {close[0]!r}?" if close else message
    if kind == "string_type" and isinstance(value, bool):
        return (
            f"{message}: YAML reads the bare word as {str(value).lower()} (yes, no, on, off, true and "
            "false are yes/no values); put it in quotes"
        )
    if kind == "string_type" and isinstance(value, (int, float)):
        return f"{message}: the value {value!r} is a number; put it in quotes if it is a name or a label"
    return message


def _date_message(kind: str, value: Any, reason: str) -> str:
    if kind == "date_from_datetime_inexact":
        return f"a date without a time is expected: write {str(value)[:10]!r} as YYYY-MM-DD"
    shown = repr(value) if isinstance(value, str) and len(value) <= 40 else "the value"
    if "range" in reason:
        return f"impossible date {shown} ({reason}); dates are written YYYY-MM-DD"
    return f"not a date: {shown}; dates are written YYYY-MM-DD, e.g. 2023-07-10"


def _unknown_field(key: str, model: type[BaseModel] | None) -> str:
    if model is None:
        return "unknown field"
    fields = list(model.model_fields)
    close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
    if close:
        return f"unknown field; did you mean {close[0]!r}?"
    if len(fields) <= _FIELDS_LISTED_AT_MOST:
        return f"unknown field (fields here: {', '.join(fields)})"
    return "unknown field"


def _walk(loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], type[BaseModel] | None]:
    """pydantic's error location without union member tags, and the model that holds its last part.

    pydantic adds a segment naming the member tried (``capacity.constrained-float``) for each
    alternative of a union; the analyst's file has no such field, so it is dropped.
    """
    clean: list[Any] = []
    current: Any = Scenario
    holder: type[BaseModel] | None = None
    for part in loc:
        current = _unwrap(current)
        members = _union_members(current)
        if len(members) > 1 and isinstance(part, str):
            current = None  # part is a union tag: which member it names is not needed below
            continue
        clean.append(part)
        holder = current if _is_model(current) else None
        current = _child(current, part)
    return tuple(clean), holder


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    members = _union_members(annotation)
    if members and len(members) == 1:
        return members[0]
    return annotation


def _union_members(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(annotation) if a is not type(None)]
    return []


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _child(annotation: Any, part: Any) -> Any:
    if _is_model(annotation):
        field = annotation.model_fields.get(part) if isinstance(part, str) else None
        return field.annotation if field is not None else None
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (tuple, list) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None
