"""Provenance shared by every result type.

Each question pactlab answers has its own frozen result type (in its engine's package); each carries a
:class:`Provenance`, so that every number in a brief can be traced to a model, its parameters, its seed,
the scenario digest and the pactlab version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pactlab._version import __version__

__all__ = ["ModelInfo", "Provenance", "jsonable"]


def jsonable(value: Any) -> Any:
    """Convert numpy scalars and arrays, tuples and mappings to plain JSON types."""
    import numpy as np

    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and value != value:  # NaN never reaches JSON output
        return None
    return value


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a number came from."""

    model: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    seed: int | None = None
    scenario_digest: str | None = None
    version: str = __version__

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "parameters": jsonable(dict(self.parameters)),
            "seed": self.seed,
            "scenario_digest": self.scenario_digest,
            "version": self.version,
        }


@dataclass(frozen=True)
class ModelInfo:
    """A model's metadata in an engine's registry (Axelrod-style classifier).

    The brief prints ``assumptions`` verbatim, so they are written for a reader, not a programmer.
    """

    name: str
    title: str
    stochastic: bool
    dynamic: bool
    source: str
    assumptions: tuple[str, ...]
