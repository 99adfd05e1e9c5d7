"""Time discipline: a scenario that forecasts a decision uses only what was public before its cut-off.

The cut-off is ``metadata.as_of``, the last day whose public record the scenario may use; the decision it
forecasts comes after it. Every source carries its publication date (:data:`SourceDate`), and
:func:`timeline_problems` refuses, each at its field path:

- a position (and so its salience and issue-specific capability), an actor's capability or a scale
  anchor whose source is dated after the cut-off, or whose date is too coarse to show that it is not
  ("2023" for a cut-off of 10 July 2023);
- a cited source without a date;
- a rationale, an anchor's label or rationale, an issue title or an inline citation that names a date
  after the cut-off ("11 July 2023", "January 2009", "2024"): a rationale may explain, but not cite a
  later event.

One exception, for measurements only: a capability may cite a data set published after the cut-off if
the source says which period its figures measure (``covers``) and that period ended by the cut-off. Such a
capability is a *later vintage* of a pre-cut-off measurement (revisions may differ from what was public at
the time); :func:`later_vintages` lists them so that a brief can say so. Statements, positions and the
options debated (anchors) have no such exception.

A scenario whose inputs were coded after the decision on purpose (a replication of a published study's
retrospective expert data) says so in ``metadata.retrospective``; it is exempt from these checks and can
never be backtested.

References
----------
Tetlock, P. E. & Gardner, D. (2015). Superforecasting. Crown, ch. 3 (forecasts scored only when made
before the fact). Hegre, H. et al. (2019). ViEWS: a political violence early-warning system. Journal of
Peace Research 56(2), 155-174, section 'Evaluation' (true out-of-sample: nothing after the forecast date).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

if TYPE_CHECKING:
    from pactlab.scenario._base import Sourced
    from pactlab.scenario.schema import Scenario, Source

__all__ = [
    "DateSpan",
    "LaterVintage",
    "SourceDate",
    "TextDate",
    "later_vintages",
    "parse_source_date",
    "text_dates",
    "timeline_problems",
]

_PARTIAL = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_SOURCE_DATE = re.compile(rf"^(?:(before|after) )?({_PARTIAL})$")


def _canonical_date(value: Any) -> Any:
    """YAML gives ``2023-07-07`` as a date and ``2008`` as an int: keep the text form."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _check_source_date(value: str) -> str:
    parse_source_date(value)  # raises ValueError with the reason
    return value


SourceDate = Annotated[
    str,
    BeforeValidator(_canonical_date),
    AfterValidator(_check_source_date),
    Field(
        pattern=_SOURCE_DATE.pattern,
        description=(
            "Publication date: YYYY-MM-DD, YYYY-MM or YYYY; or a bound, 'before YYYY-MM-DD' / "
            "'after YYYY-MM-DD', when only that is known."
        ),
    ),
]
"""A source's publication date, exact (``2023-07-07``), partial (``2023-07``, ``2008``) or bounded."""


@dataclass(frozen=True, slots=True)
class DateSpan:
    """The days a date may denote: ``earliest`` and ``latest`` (None: unbounded on that side)."""

    earliest: dt.date | None
    latest: dt.date | None

    def after(self, cutoff: dt.date) -> bool:
        """Certainly after ``cutoff``."""
        return self.earliest is not None and self.earliest > cutoff

    def possibly_after(self, cutoff: dt.date) -> bool:
        """Not shown to be on or before ``cutoff``."""
        return self.latest is None or self.latest > cutoff


def _partial_span(text: str) -> DateSpan:
    parts = [int(p) for p in text.split("-")]
    try:
        if len(parts) == 3:
            day = dt.date(*parts)
            return DateSpan(day, day)
        if len(parts) == 2:
            year, month = parts
            last = calendar.monthrange(year, month)[1]
            return DateSpan(dt.date(year, month, 1), dt.date(year, month, last))
    except (ValueError, calendar.IllegalMonthError) as error:
        raise ValueError(f"{text!r} is not a calendar date ({error})") from None
    return DateSpan(dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31))


def parse_source_date(text: str) -> DateSpan:
    """The span of days a :data:`SourceDate` denotes.

    Examples
    --------
    >>> parse_source_date("2023-07")
    DateSpan(earliest=datetime.date(2023, 7, 1), latest=datetime.date(2023, 7, 31))
    >>> parse_source_date("before 2023-07-11").latest
    datetime.date(2023, 7, 10)
    """
    match = _SOURCE_DATE.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD, YYYY-MM, YYYY, 'before ...', 'after ...')")
    bound, value = match.groups()
    span = _partial_span(value)
    if bound == "before":
        assert span.earliest is not None
        return DateSpan(None, span.earliest - dt.timedelta(days=1))
    if bound == "after":
        assert span.latest is not None
        return DateSpan(span.latest + dt.timedelta(days=1), None)
    return span


# --- dates named in free text ---------------------------------------------------------------------------

_MONTHS = {name.lower(): k for k, name in enumerate(calendar.month_name) if name} | {
    name.lower(): k for k, name in enumerate(calendar.month_abbr) if name
}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[6-9]\d\d|20\d\d|21\d\d)"
_TEXT_PATTERNS = (
    re.compile(rf"\b{_YEAR}-(?P<m>\d{{2}})-(?P<d>\d{{2}})\b"),
    re.compile(rf"\b{_DAY}\s+{_MONTH}\s*,?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_YEAR}-(?P<m>\d{{2}})\b(?!-)"),
    re.compile(rf"(?<![\w.,]){_YEAR}(?![\w,]|\.\d)"),
)


@dataclass(frozen=True, slots=True)
class TextDate:
    """A date named in free text: the words, and the first and last day they may denote."""

    text: str
    earliest: dt.date
    latest: dt.date


def _text_date(match: re.Match[str]) -> TextDate | None:
    groups = match.groupdict()
    year = int(groups["year"])
    month_text = groups.get("month")
    month = _MONTHS[month_text.lower()] if month_text else int(groups["m"]) if groups.get("m") else None
    day_text = groups.get("day") or groups.get("d")
    try:
        if month is None:
            span = DateSpan(dt.date(year, 1, 1), dt.date(year, 12, 31))
        elif day_text is None:
            last = calendar.monthrange(year, month)[1]
            span = DateSpan(dt.date(year, month, 1), dt.date(year, month, last))
        else:
            day = dt.date(year, month, int(day_text))
            span = DateSpan(day, day)
    except ValueError:  # "2019-20" in "2019-2028", "31 June": not a date
        return None
    assert span.earliest is not None
    assert span.latest is not None
    return TextDate(match.group(0), span.earliest, span.latest)


def text_dates(text: str) -> list[TextDate]:
    """The explicit dates a text names, most specific reading first, each stretch of text read once.

    Recognised: ISO dates (``2023-07-11``, ``2023-07``), "11 July 2023", "July 11, 2023", "July 2023"
    (month names in full or abbreviated) and bare years from 1600 to 2199 ("in 2024", "mid-2024").
    Numbers with thousands separators or decimals ("1,037", "2,000.5") are not years.

    Examples
    --------
    >>> [d.text for d in text_dates("summit of 11-12 July 2023; agreements signed in 2024")]
    ['12 July 2023', '2024']
    >>> text_dates("the 1991 borders")[0].latest
    datetime.date(1991, 12, 31)
    """
    taken = [False] * len(text)
    found: list[tuple[int, TextDate]] = []
    for pattern in _TEXT_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            date = _text_date(match)
            if date is None:
                continue
            taken[start:end] = [True] * (end - start)
            found.append((start, date))
    return [date for _, date in sorted(found, key=lambda item: item[0])]


# --- the checks -----------------------------------------------------------------------------------------


def _later_text(text: str | None, cutoff: dt.date) -> list[TextDate]:
    return [d for d in text_dates(text or "") if d.earliest > cutoff]


class _Check:
    """One pass over a scenario: problems in order, undated sources gathered per source."""

    def __init__(self, scenario: Scenario, cutoff: dt.date) -> None:
        self.cutoff = cutoff
        self.sources = {s.id: s for s in scenario.metadata.sources}
        self.index = {s.id: k for k, s in enumerate(scenario.metadata.sources)}
        self.problems: list[tuple[str, str]] = []
        self.undated: dict[str, list[str]] = {}

    def text(self, path: str, what: str, text: str | None) -> None:
        for d in _later_text(text, self.cutoff):
            self.problems.append(
                (
                    path,
                    f"{what} names {d.text!r}, after the cut-off {self.cutoff} (metadata.as_of): "
                    "nothing the scenario rests on may cite a later event",
                )
            )

    def source(self, path: str, ref: str | None, *, measurement: bool) -> None:
        """One ``source:`` reference: a known id is checked by its date, a citation by its text."""
        if not ref:
            return
        source = self.sources.get(ref)
        if source is None:
            self.text(path, "the citation", ref)
            return
        if source.date is None:
            self.undated.setdefault(ref, []).append(path)
            return
        span = parse_source_date(source.date)
        if not span.possibly_after(self.cutoff) or (measurement and _covered_by(source, self.cutoff)):
            return
        how = "dated" if span.after(self.cutoff) else "dated only"
        hint = "" if span.after(self.cutoff) else "; give the day to show that it precedes the cut-off"
        if measurement and source.covers is None and span.after(self.cutoff):
            hint = "; data published later may back a capability only with the period it covers (covers:)"
        self.problems.append(
            (
                path,
                f"source {ref!r} is {how} {source.date!r}, after the cut-off {self.cutoff} "
                f"(metadata.as_of){hint}",
            )
        )

    def sourced(self, path: str, item: Sourced, *, measurement: bool = False) -> None:
        self.source(f"{path}.source", item.source, measurement=measurement)
        self.text(f"{path}.rationale", "the rationale", item.rationale)

    def result(self) -> list[tuple[str, str]]:
        undated = [
            (
                f"metadata.sources[{self.index[ref]}].date",
                f"source {ref!r} has no date, but {_cited_by(paths)} cites it: with a cut-off "
                "(metadata.as_of) every cited source needs its publication date",
            )
            for ref, paths in self.undated.items()
        ]
        return undated + self.problems


def _cited_by(paths: list[str]) -> str:
    return paths[0] + (f" (and {len(paths) - 1} more)" if len(paths) > 1 else "")


def _covered_by(source: Source, cutoff: dt.date) -> bool:
    """True when ``source`` states the period its figures measure and that period ended by the cut-off."""
    if source.covers is None:
        return False
    latest = parse_source_date(source.covers).latest
    return latest is not None and latest <= cutoff


def _capabilities(scenario: Scenario) -> Iterator[tuple[str, Sourced]]:
    """Every sourced value held by an actor (its capability, and any further measures it carries)."""
    from pactlab.scenario._base import Sourced

    for i, actor in enumerate(scenario.actors):
        for name in type(actor).model_fields:
            value = getattr(actor, name)
            items: list[tuple[str, Any]]
            if isinstance(value, dict):
                items = [(f".{key}", item) for key, item in value.items()]
            elif isinstance(value, tuple):
                items = [(f"[{k}]", item) for k, item in enumerate(value)]
            else:
                items = [("", value)]
            for suffix, item in items:
                if isinstance(item, Sourced):
                    yield f"actors[{i}].{name}{suffix}", item


def timeline_problems(scenario: Scenario) -> list[tuple[str, str]]:
    """Every breach of the cut-off, as (field path, message) pairs (none without ``metadata.as_of``)."""
    cutoff = scenario.metadata.as_of
    if cutoff is None or scenario.metadata.retrospective:
        return []
    check = _Check(scenario, cutoff)
    for path, item in _capabilities(scenario):
        check.sourced(path, item, measurement=True)
    for i, issue in enumerate(scenario.issues):
        where = f"issues[{i}]"
        check.text(f"{where}.title", "the title", issue.title)
        for key, label in issue.scale.anchors.items():
            check.text(f"{where}.scale.anchors.{key}", "the anchor", label)
        for key, cited in issue.scale.anchor_sources.items():
            check.sourced(f"{where}.scale.anchor_sources.{key}", cited)
        for k, position in enumerate(issue.positions):
            check.sourced(f"{where}.positions[{k}]", position)
    return check.result()


@dataclass(frozen=True, slots=True)
class LaterVintage:
    """A capability measured before the cut-off but read from a data set published after it."""

    path: str
    source: str
    date: str
    covers: str


def later_vintages(scenario: Scenario) -> list[LaterVintage]:
    """Capabilities that rest on a later vintage of pre-cut-off figures (for the brief's disclosure)."""
    cutoff = scenario.metadata.as_of
    if cutoff is None:
        return []
    sources = {s.id: s for s in scenario.metadata.sources}
    out = []
    for path, item in _capabilities(scenario):
        source = sources.get(item.source or "")
        if source is None or source.date is None or source.covers is None:
            continue
        if parse_source_date(source.date).possibly_after(cutoff):
            out.append(LaterVintage(path, source.id, source.date, source.covers))
    return out
