"""BriefData: everything the one-page brief shows, as plain frozen data.

:func:`pactlab.brief.assemble.assemble` builds it from an :class:`~pactlab.analysis.Analysis`; the renderers
(terminal, HTML, PDF) only lay it out. Every number here comes from a result object; nothing is computed
in a template.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["BriefData", "Estimate", "IssueView", "ModelNote", "OptionRow", "TrackRecord"]


@dataclass(frozen=True)
class Estimate:
    """A probability or share with its Monte Carlo interval."""

    value: float
    low: float | None = None
    high: float | None = None

    def text(self, digits: int = 0) -> str:
        core = f"{100 * self.value:.{digits}f}%"
        if self.low is None or self.high is None:
            return core
        return f"{core} ({100 * self.low:.{digits}f}-{100 * self.high:.{digits}f})"


@dataclass(frozen=True)
class OptionRow:
    """One guarantee option's line in the brief's table."""

    option: str
    title: str
    needs_consensus: bool
    consensus: bool | None
    veto_players: tuple[str, ...]
    forecast: str
    p_deterrence: Estimate
    p_direct_clash: Estimate
    p_limited_conflict: Estimate
    durability_s5: float | None
    track_record: str
    drivers: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssueView:
    """One issue for the forecast-against-status-quo plot."""

    issue: str
    title: str
    lower: float
    upper: float
    unit: str
    status_quo: float | None
    forecasts: dict[str, float]
    positions: dict[str, float]


@dataclass(frozen=True)
class TrackRecord:
    """One guarantor's fulfilment ratio in the ledger."""

    guarantor: str
    fulfilment: float | None
    pledged_eur: float
    delivered_eur: float


@dataclass(frozen=True)
class ModelNote:
    """A model named in the footer, with its assumptions verbatim from the registry."""

    name: str
    source: str
    assumptions: str


@dataclass(frozen=True)
class BriefData:
    """The whole brief."""

    scenario_id: str
    title: str
    as_of: str
    generated_at: str
    seed: int | None
    draws: int
    digest: str
    version: str
    headline: tuple[str, ...]
    options: tuple[OptionRow, ...]
    baseline: OptionRow | None
    issues: tuple[IssueView, ...]
    track_record: tuple[TrackRecord, ...]
    ledger_note: str
    models: tuple[ModelNote, ...]
    sources: tuple[str, ...]
    estimates: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
