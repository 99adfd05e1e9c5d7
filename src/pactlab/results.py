"""The one result protocol of pactlab, and the provenance every result carries.

Each question pactlab answers has its own frozen result type, in its engine's package (a negotiation
forecast, a risk report, a ledger report, a roadmap plan, a digest, an analysis). Whatever the type, a
result offers the same face (statsmodels' ``Results``, pygambit's ``NashComputationResult``):

``provenance``
    a :class:`Provenance`: the model and its variant, the parameters, the seed, the scenario digest and
    the pactlab version (a timestamp only where the caller asks for one), so that every number in a
    brief can be traced to where it came from;
``to_dict()`` / ``from_dict(data)``
    plain JSON-able data (always with a ``"provenance"`` entry) and back: ``type(r).from_dict(r.to_dict())``
    equals ``r`` (a round trip that the contract tests check for every engine);
``to_frame()``
    a tidy :class:`pandas.DataFrame` of the result's numbers, with labels, not codes;
``summary()``
    a short plain-text report (a ``str``, always), the same text the command line prints;
``_repr_html_()``
    the notebook display; :class:`ResultMixin` derives it from ``summary()`` and ``to_frame()``.

:class:`Result` is the structural type (a :class:`typing.Protocol`); a result type inherits
:class:`ResultMixin` for the shared display and implements the other four.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, Self, runtime_checkable

from pactlab._version import __version__

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ModelInfo", "Provenance", "Result", "ResultMixin", "jsonable"]


def jsonable(value: Any) -> Any:
    """Convert numpy scalars and arrays, tuples and mappings to plain JSON types (NaN becomes None).

    Examples
    --------
    >>> import numpy as np
    >>> jsonable({"p": np.float64(0.5), "xs": (1, np.int64(2)), "missing": float("nan")})
    {'p': 0.5, 'xs': [1, 2], 'missing': None}
    """
    import numpy as np

    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, np.generic):
        return jsonable(value.item())
    if isinstance(value, float) and value != value:  # NaN never reaches JSON output
        return None
    return value


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a number came from.

    Attributes
    ----------
    model : the model's registry name (``"compromise"``, ``"eum"``, ``"escalation-qre"``...).
    parameters : the parameters the model ran with (JSON-able values).
    seed : the integer seed of the run's random numbers, or ``None`` for a deterministic model (a run
        started from fresh entropy records the entropy it drew, so it can be repeated).
    scenario_digest : SHA-256 of the scenario's canonical form (``Scenario.digest``), where there is one.
    version : the pactlab version that computed the result.
    variant : the model's named variant, where it has several (``"equations"``, ``"scholz-code"``).
    timestamp : ISO 8601 time of the run, only where the caller asked for one (a brief); otherwise
        ``None``, so that the same inputs give byte-identical results.
    data : the versions of the data the result read (``{"calibration": "2026.1", "ledger": "kiel R29
        cut at 2023-07-10"}``).

    Examples
    --------
    >>> p = Provenance("compromise", {"weights": "capability"}, scenario_digest="ab12")
    >>> Provenance.from_dict(p.to_dict()) == p
    True
    """

    model: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    seed: int | None = None
    scenario_digest: str | None = None
    version: str = __version__
    variant: str | None = field(default=None, kw_only=True)
    timestamp: str | None = field(default=None, kw_only=True)
    data: Mapping[str, str] = field(default_factory=dict, kw_only=True)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data; :meth:`from_dict` reads it back."""
        return {
            "model": self.model,
            "variant": self.variant,
            "parameters": jsonable(dict(self.parameters)),
            "seed": self.seed,
            "scenario_digest": self.scenario_digest,
            "version": self.version,
            "timestamp": self.timestamp,
            "data": dict(self.data),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Inverse of :meth:`to_dict` (older outputs without ``variant``, ``timestamp`` or ``data`` too)."""
        return cls(
            model=str(data["model"]),
            parameters=dict(data.get("parameters") or {}),
            seed=data.get("seed"),
            scenario_digest=data.get("scenario_digest"),
            version=str(data.get("version", __version__)),
            variant=data.get("variant"),
            timestamp=data.get("timestamp"),
            data=dict(data.get("data") or {}),
        )

    def __eq__(self, other: object) -> bool:
        # parameters may hold tuples that come back from JSON as lists: compare their JSON forms
        if not isinstance(other, Provenance):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash((self.model, self.variant, self.seed, self.scenario_digest, self.version))


@runtime_checkable
class Result(Protocol):
    """The face every pactlab result offers (see the module docstring)."""

    @property
    def provenance(self) -> Provenance: ...

    def to_dict(self) -> dict[str, Any]: ...

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self: ...

    def to_frame(self) -> pd.DataFrame: ...

    def summary(self) -> str: ...

    def _repr_html_(self) -> str: ...


class ResultMixin:
    """The shared notebook display of a result: its summary, its table and its provenance.

    A result type inherits it and implements ``summary()``, ``to_frame()`` and ``provenance``.
    """

    _FRAME_ROWS = 60  # a notebook shows the first rows; to_frame() gives them all

    def _repr_html_(self) -> str:
        summary: str = self.summary()  # type: ignore[attr-defined]
        frame = self.to_frame()  # type: ignore[attr-defined]
        prov: Provenance = self.provenance  # type: ignore[attr-defined]
        table = frame.head(self._FRAME_ROWS).to_html(index=False, border=0, na_rep="n/a", escape=True)
        more = len(frame) - self._FRAME_ROWS
        tail = f"<p><em>{more} more rows: .to_frame()</em></p>" if more > 0 else ""
        facts = ", ".join(
            f"{name} {html.escape(str(value))}"
            for name, value in (
                ("model", prov.model),
                ("variant", prov.variant),
                ("seed", prov.seed),
                ("scenario", (prov.scenario_digest or "")[:12] or None),
                ("pactlab", prov.version),
            )
            if value is not None
        )
        return (
            f"<div class='pactlab-result'><pre>{html.escape(summary)}</pre>{table}{tail}"
            f"<p style='font-size:smaller'>Provenance: {facts}</p></div>"
        )

    def __str__(self) -> str:
        return str(self.summary())  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ModelInfo:
    """A model's entry in an engine's registry (Axelrod-style classifier), holding the model itself.

    The brief prints ``assumptions`` verbatim, so they are written for a reader, not a programmer.
    ``run`` is the callable the engine dispatches to, so that one table serves dispatch, listing, the
    docs and the contract tests; ``reference_test`` names the test that checks the model against its
    published source.
    """

    name: str
    title: str
    stochastic: bool
    dynamic: bool
    source: str
    assumptions: tuple[str, ...]
    run: Any = field(default=None, compare=False, repr=False)
    reference_test: str | None = None
