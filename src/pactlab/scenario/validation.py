"""From plain data to a valid :class:`~pactlab.scenario.schema.Scenario`, or every problem, located.

Readers (YAML, JSON, the decide and Bueno de Mesquita CSVs) parse a file into plain data and the line of
each field path where the format has lines; :func:`scenario_from_data` validates it and turns pydantic's
errors and the scenario's cross-reference problems into ``file:line:field.path: message`` lines. The
scenario it returns remembers its file and lines (:meth:`Scenario.locate`), so that a problem an engine
finds later is located the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import ValidationError

from pactlab.errors import Location, Problem, ScenarioError
from pactlab.scenario._base import ReferenceProblems, format_path, line_of, parse_path
from pactlab.scenario.schema import Scenario

__all__ = ["Lines", "scenario_from_data"]

Lines = Mapping[tuple[str | int, ...], int]


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
    for item in error.errors(include_url=False):
        ctx = item.get("ctx") or {}
        cause = ctx.get("error")
        if isinstance(cause, ReferenceProblems):
            for path, message in cause.problems:
                loc = parse_path(path)
                yield Problem(Location(name, path, line_of(lines, loc)), message)
            continue
        loc = tuple(item["loc"])
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field"
        elif item["type"] == "missing":
            message = "required field is missing"
        yield Problem(Location(name, format_path(loc), line_of(lines, loc)), message)
