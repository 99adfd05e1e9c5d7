"""BriefData: everything the one-page brief shows, as plain frozen data.

:func:`pactlab.brief.assemble.assemble` builds it from an :class:`~pactlab.analysis.Analysis`; the renderers
(terminal, HTML, PDF) only lay it out. Every number here comes from a result object; nothing is computed
in a template or a renderer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from pactlab.brief.roadmap import Roadmap
from pactlab.brief.track import ModelTrack

__all__ = [
    "BriefData",
    "Disclosure",
    "Estimate",
    "IssueView",
    "ModelNote",
    "OptionRow",
    "Pairwise",
    "SensitivityView",
    "Source",
    "TornadoBar",
    "TrackRecord",
    "percent",
    "plain",
]


def plain(text: str) -> str:
    """``text`` without control characters (an escape sequence in a title must not reach a plot or
    the PDF, where it is a missing glyph or invalid markup); line breaks become spaces."""
    return "".join(" " if ch in "\n\r\t" else ch for ch in text if ch >= " " or ch in "\n\r\t")


WEIGHT_ROWS = 8
"""Bargainers listed per issue under "Who weighs" (the largest shares; the others are summed)."""


def percent(value: float, digits: int = 0) -> str:
    """A probability as a percentage, never printing 0% or 100% for what is only close to them."""
    shown = f"{100 * value:.{digits}f}"
    if shown == f"{100:.{digits}f}" and value < 1.0:
        return f">{100 - 10**-digits:.{digits}f}%"
    if float(shown) == 0.0 and value > 0.0:
        return f"<{10**-digits:.{digits}f}%"
    return shown + "%"


@dataclass(frozen=True)
class Estimate:
    """A probability: its median over the draws and the 5th-95th percentile spread (the 90% interval
    over everything uncertain), or a point value where the engine reports no spread."""

    value: float | None
    low: float | None = None
    high: float | None = None

    @classmethod
    def absent(cls) -> Estimate:
        """No number: the question was not assessed (the text says so)."""
        return cls(None)

    def text(self, digits: int = 0) -> str:
        """``"62% [41–80%]"``; one more decimal where the median is within a point of 0% or 100%."""
        if self.value is None:
            return "not assessed"
        if 0.0 < self.value < 0.01 or 0.99 < self.value < 1.0:
            digits += 1
        core = percent(self.value, digits)
        if self.low is None or self.high is None:
            return core
        return f"{core} [{percent(self.low, digits).rstrip('%')}–{percent(self.high, digits)}]"


@dataclass(frozen=True)
class OptionRow:
    """One guarantee option's line in the brief's table (the baseline too, with ``option`` "baseline")."""

    option: str
    title: str
    needs_consensus: bool
    consensus: bool | None
    consensus_note: str
    veto_players: tuple[str, ...]
    forecast: str
    p_deterrence: Estimate
    p_direct_clash: Estimate
    p_limited_conflict: Estimate
    durability_s5: Estimate | None
    track_record: str
    mean_deterrence: float = 0.0
    mean_clash: float = 0.0
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
    measure: str = ""
    """The capability measure the weights use (empty when nobody bargains on the issue)."""
    shares: tuple[tuple[str, float], ...] = ()
    """Each bargainer's share of capability x salience, largest first (the negotiation's weights)."""


@dataclass(frozen=True)
class TrackRecord:
    """One guarantor's fulfilment ratio in the ledger (cut at the brief's information cut-off)."""

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
class Pairwise:
    """P(the row's option deters more than the column's on a draw), in the options' table order."""

    labels: tuple[str, ...]
    matrix: tuple[tuple[float | None, ...], ...]
    top: tuple[str, ...] = ()


@dataclass(frozen=True)
class TornadoBar:
    """One bar of the sensitivity tornado: the leading option's mean P(deterrence) with one input at its
    5th and 95th percentiles (from :mod:`pactlab.sensitivity`); ``kind`` is fitted, prior or analyst."""

    factor: str
    kind: str
    low_value: float
    high_value: float
    at_low: float
    at_high: float


@dataclass(frozen=True)
class SensitivityView:
    """The sensitivity part: a tornado of the inputs that move the leading option most and one line on
    what would flip the ranking, from a saved result (``source`` says which: method, size, draws, seed);
    ``bars`` empty and ``note`` saying why when there is none. ``centre`` is the leading option's mean
    P(deterrence) at the stated inputs in that result."""

    leader: str | None
    centre: float | None
    bars: tuple[TornadoBar, ...]
    flip_line: str
    note: str
    source: str = ""


@dataclass(frozen=True)
class Source:
    """A scenario source: its id (the abbreviation the PDF prints), date and full citation."""

    id: str
    date: str
    citation: str


@dataclass(frozen=True)
class Disclosure:
    """What the reader must know about the information behind the brief."""

    cutoff: str
    vintages: str
    retrospective: str
    data: tuple[str, ...]


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
    sources: tuple[Source, ...]
    estimates: tuple[str, ...]
    disclosure: Disclosure
    pairwise: Pairwise
    sensitivity: SensitivityView
    roadmap: Roadmap | None
    roadmap_note: str
    model_track: ModelTrack
    parameter_note: str
    warnings: tuple[str, ...]
    durability_applies: bool = True
    risk_note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rows(self) -> tuple[OptionRow, ...]:
        """The options and then the baseline, as the table lists them."""
        return (*self.options, *(() if self.baseline is None else (self.baseline,)))

    @cached_property
    def figures(self) -> dict[str, str]:
        """The plots as SVG, drawn once and shared by the HTML and the PDF renderers."""
        from pactlab.brief import plots

        return plots.figures(self)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
