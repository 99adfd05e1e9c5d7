"""Shared plumbing of the negotiation models: one issue's cells, degenerate-input checks, provenance.

All models work on the 0-100 scale of :class:`~pactlab.scenario.ScenarioArrays` and report in the
issue's own units. A masked (missing) cell is dropped, never read as zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pactlab.errors import PactlabError
from pactlab.results import Provenance
from pactlab.scenario.arrays import ScenarioArrays

__all__ = ["IssueCells", "cells", "checked", "column_of", "provenance", "units", "weighted_mean"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class IssueCells:
    """The present cells of one issue: actor ids, positions (0-100), saliences, capabilities."""

    column: int
    issue: str
    actors: tuple[str, ...]
    x: FloatArray
    s: FloatArray
    c: FloatArray

    @property
    def w(self) -> FloatArray:
        out: FloatArray = self.c * self.s
        return out


def _where(arrays: ScenarioArrays, issue: str) -> str:
    return f"{arrays.scenario_id}:issues[{issue}]"


def column_of(arrays: ScenarioArrays, issue: str | int) -> int:
    """Column index of ``issue``; a located error when it is unknown."""
    try:
        return arrays.issue_index(issue)
    except (ValueError, IndexError):
        known = ", ".join(arrays.issue_ids)
        raise PactlabError.at(
            arrays.scenario_id, "issue", f"unknown issue {issue!r} (known: {known})"
        ) from None


def cells(arrays: ScenarioArrays, issue: str | int, *, need_weight: bool = True) -> IssueCells:
    """Present cells of ``issue``.

    Raises
    ------
    PactlabError
        When every cell of the issue is missing, or (``need_weight``) when the weights c x s sum to 0.
    """
    col = column_of(arrays, issue)
    present = np.asarray(arrays.mask[:, col], dtype=bool)
    out = IssueCells(
        column=col,
        issue=arrays.issue_ids[col],
        actors=tuple(a for a, p in zip(arrays.actor_ids, present, strict=True) if p),
        x=np.asarray(arrays.positions[present, col], dtype=float),
        s=np.asarray(arrays.salience[present, col], dtype=float),
        c=np.asarray(arrays.capability[present, col], dtype=float),
    )
    return checked(arrays, out, need_weight=need_weight)


def checked(
    arrays: ScenarioArrays, out: IssueCells, *, need_weight: bool = True, who: str = "actor"
) -> IssueCells:
    """``out`` itself, or a located error when it is empty or (``need_weight``) weighs nothing."""
    if not out.actors:
        raise PactlabError.at(
            _where(arrays, out.issue), "positions", f"no {who} has a position on this issue"
        )
    if need_weight and not out.w.sum() > 0:
        raise PactlabError.at(
            _where(arrays, out.issue), "positions", "all weights (capability x salience) are zero"
        )
    return out


def weighted_mean(x: FloatArray, w: FloatArray) -> float:
    """sum w x / sum w (the caller guarantees sum w > 0)."""
    return float(np.dot(w, x) / w.sum())


def provenance(
    model: str, arrays: ScenarioArrays, parameters: Mapping[str, Any], seed: int | None = None
) -> Provenance:
    return Provenance(model=model, parameters=dict(parameters), seed=seed, scenario_digest=arrays.digest)


def units(arrays: ScenarioArrays, col: int, values: Any) -> tuple[float, ...]:
    """0-100 values to the issue's units, as a tuple of floats."""
    return tuple(float(v) for v in np.atleast_1d(arrays.to_units(values, col)))
