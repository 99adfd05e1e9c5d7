"""Base types shared by every part of the scenario format (no other scenario module is imported here).

Every scenario model is frozen, forbids unknown fields and strips blanks (:class:`Model`). Numbers an
analyst supplies carry their source or the analyst's rationale (:class:`Sourced`). Cross-reference
problems found while validating a whole scenario are gathered as (field path, message) pairs and raised
together as :class:`ReferenceProblems`, which :mod:`pactlab.scenario.validation` turns into located lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Finite",
    "Id",
    "Model",
    "NonNegative",
    "ReferenceProblems",
    "Sourced",
    "SourcedRequired",
    "Unit",
    "format_path",
    "line_of",
    "parse_path",
]

# Ids are short labels without control characters or surrounding blanks; readers of the field's formats
# keep the ids they find ("EU (incl Norway)"), hand-written scenarios use slugs ("usa", "membership-path").
Id = Annotated[
    str,
    Field(min_length=1, max_length=120, pattern=r"^[^\s\x00-\x1f](?:[^\x00-\x1f]*[^\s\x00-\x1f])?$"),
]
Unit = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
NonNegative = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]


class Model(BaseModel):
    """Frozen, strict about unknown fields, blanks stripped."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Sourced(Model):
    """A value that carries its source (a source id or a citation) or the analyst's rationale.

    Whether one of the two is present is checked for the whole scenario at once (every missing one
    reported together); :class:`SourcedRequired` checks it on the spot.
    """

    source: str | None = Field(default=None, description="Source id from metadata.sources, or a citation.")
    rationale: str | None = Field(default=None, description="The analyst's reason for the value.")

    @property
    def is_estimate(self) -> bool:
        """True when the value rests on the analyst's judgement rather than a cited measurement."""
        return self.source is None


class SourcedRequired(Sourced):
    """A :class:`Sourced` value that must name a source or a rationale, checked when it is built."""

    @model_validator(mode="after")
    def _sourced(self) -> Self:
        if not (self.source or self.rationale):
            raise ValueError("needs a source or a rationale for its numbers")
        return self


class ReferenceProblems(ValueError):
    """Every cross-reference problem of a scenario at once, as (field path, message) pairs.

    pydantic wraps it as one error; :func:`pactlab.scenario.validation.scenario_from_data` splits it
    back into one located problem per pair.
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{path}: {message}" for path, message in problems))


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str) -> tuple[str | int, ...]:
    """``"issues[2].positions[0].actor"`` -> ``("issues", 2, "positions", 0, "actor")``."""
    return tuple(int(index) if index else key for key, index in _PATH_PART.findall(path))


def format_path(loc: tuple[Any, ...]) -> str:
    """Inverse of :func:`parse_path`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def line_of(lines: Mapping[tuple[str | int, ...], int], loc: tuple[Any, ...]) -> int | None:
    """The line of the deepest part of ``loc`` that the document has (None when it has none)."""
    for end in range(len(loc), -1, -1):
        line = lines.get(tuple(loc[:end]))
        if line is not None:
            return line
    return None
