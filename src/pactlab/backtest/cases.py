"""The case format: what a past decision's outcome was, coded on a scenario's scales, kept apart from it.

A case file names a scenario (a catalog id, or a path relative to the case file) and, for each issue it
scores, the outcome on that issue's own scale, the outcome's date and source, and who coded the outcomes
and when. The scenario holds what was known before the decision (its ``metadata.as_of``); the case holds
what happened. Outcomes are coded before any model is run on the case: :mod:`pactlab.backtest.runlog`
records the first run beside the case file and refuses a case coded after it.

Example (``src/pactlab/backtest/cases/`` holds the built-in corpus)::

    case:
      id: madrid-2022
      scenario: madrid-2022
      decision: NATO invites Finland and Sweden to join (Madrid summit)
      date: 2022-06-29
    coding:
      by: pactlab backtest helper
      at: 2025-01-01T10:00:00Z
    sources:
      - {id: madrid-declaration, citation: "...", date: 2022-06-29}
    outcomes:
      - {issue: invitation, outcome: 100, date: 2022-06-29, source: madrid-declaration, rationale: "..."}
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import AwareDatetime, Field, ValidationError

from pactlab.backtest._yaml import Lines, read_yaml
from pactlab.errors import Location, PactlabError, Problem, ScenarioError
from pactlab.scenario import Scenario, load_scenario
from pactlab.scenario._base import Finite, Id, Model, format_path, line_of, parse_path
from pactlab.scenario.timeline import SourceDate, parse_source_date

__all__ = [
    "RUNLOG_SUFFIX",
    "Case",
    "CaseFile",
    "Coding",
    "Outcome",
    "case_path",
    "corpus_ids",
    "load_case",
]

RUNLOG_SUFFIX = ".runlog.yaml"
"""A case's run log sits beside it: ``madrid-2022.yaml`` -> ``madrid-2022.runlog.yaml``."""


class CaseSource(Model):
    """A public text the outcomes are coded from, with its date."""

    id: Id
    citation: str = Field(min_length=1)
    url: str | None = None
    date: SourceDate


class CaseMeta(Model):
    """Which decision, when, and which scenario forecasts it."""

    id: Id
    scenario: str = Field(min_length=1, description="Catalog id, or a path relative to the case file.")
    decision: str = Field(min_length=1, description="The decision in one line.")
    date: dt.date = Field(description="The day the decision was taken (after the scenario's as_of).")
    description: str = ""


class Coding(Model):
    """Who coded the outcomes, and when (a time with its zone: outcomes precede every model run)."""

    by: str = Field(min_length=1)
    at: AwareDatetime = Field(description="When the outcomes were coded, with the time zone (ISO 8601).")


class Outcome(Model):
    """One issue's outcome on the scenario's scale for that issue (its own units)."""

    issue: Id
    outcome: Finite
    date: dt.date
    source: str = Field(min_length=1, description="A source id of this case file, or a citation.")
    rationale: str = Field(default="", description="Why this point of the scale: the text and the anchors.")


class CaseFile(Model):
    """A whole case file."""

    case: CaseMeta
    coding: Coding
    sources: tuple[CaseSource, ...] = ()
    outcomes: tuple[Outcome, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Case:
    """A case read from its file, with the scenario it names (both checked against each other)."""

    file: CaseFile
    scenario: Scenario
    path: Path
    name: str
    lines: Lines

    @property
    def id(self) -> str:
        return self.file.case.id

    @property
    def runlog_path(self) -> Path:
        return self.path.with_name(self.path.name.removesuffix(".yaml") + RUNLOG_SUFFIX)

    @property
    def outcomes_digest(self) -> str:
        """SHA-256 of what was coded (coding, sources, outcomes): any later change of them shows."""
        data = self.file.model_dump(mode="json", include={"coding", "sources", "outcomes"})
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(text.encode()).hexdigest()

    def locate(self, path: str) -> Location:
        """``file:line:path`` of a field of the case file."""
        return Location(self.name, path, line_of(self.lines, parse_path(path)))


def _cases_dir() -> Path:
    return Path(str(resources.files("pactlab.backtest") / "cases"))


def corpus_ids() -> list[str]:
    """The ids of the built-in cases (the corpus of past decisions), sorted."""
    folder = _cases_dir()
    if not folder.is_dir():
        return []
    return sorted(
        p.name.removesuffix(".yaml")
        for p in folder.iterdir()
        if p.name.endswith(".yaml") and not p.name.endswith(RUNLOG_SUFFIX)
    )


def case_path(case_id: str) -> Path:
    """The file of a built-in case."""
    if case_id not in corpus_ids():
        raise PactlabError.at(
            case_id, "", f"not a built-in case ({', '.join(corpus_ids())}) and no such file"
        )
    return _cases_dir() / f"{case_id}.yaml"


def load_case(ref: str | Path) -> Case:
    """Read a case (a built-in case id or a file path) and the scenario it names; check them together.

    Raises :class:`~pactlab.errors.PactlabError` with every located problem (``file:line:field``).
    """
    path = Path(ref)
    if isinstance(ref, str) and not path.is_file() and ref in corpus_ids():
        path, name = case_path(ref), f"case:{ref}"
    elif path.is_file():
        name = str(ref)
    else:
        raise PactlabError.at(
            str(ref), "", f"not a built-in case ({', '.join(corpus_ids())}) and no such file"
        )
    data, lines = read_yaml(path, name)
    if not isinstance(data, dict):
        raise PactlabError.at(name, "", "a case file is a mapping with case, coding, sources and outcomes", 1)
    try:
        file = CaseFile.model_validate(data)
    except ValidationError as error:
        raise PactlabError(list(_field_problems(error, name, lines))) from None
    scenario = _scenario(file, path, name, lines)
    case = Case(file, scenario, path, name, lines)
    problems = cross_problems(case)
    if problems:
        raise PactlabError([Problem(case.locate(p), m) for p, m in problems])
    return case


def _field_problems(error: ValidationError, name: str, lines: Lines) -> list[Problem]:
    out = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field"
        elif item["type"] == "missing":
            message = "required field is missing"
        out.append(Problem(Location(name, format_path(loc), line_of(lines, loc)), message))
    return out


def _scenario(file: CaseFile, path: Path, name: str, lines: Lines) -> Scenario:
    ref = file.case.scenario
    local = path.parent / ref
    try:
        return load_scenario(local if local.is_file() else ref)
    except ScenarioError as error:
        where = Location(name, "case.scenario", line_of(lines, ("case", "scenario")))
        first = error.problems[0]
        more = f" (and {len(error.problems) - 1} more problems)" if len(error.problems) > 1 else ""
        raise PactlabError(
            [Problem(where, f"scenario {ref!r} does not load: {first}{more}"), *error.problems[1:]]
        ) from None


def cross_problems(case: Case) -> list[tuple[str, str]]:
    """The case against its scenario: dates in order, issues scorable, outcomes on their scales."""
    file, scenario = case.file, case.scenario
    meta = scenario.metadata
    problems: list[tuple[str, str]] = []
    if meta.retrospective:
        problems.append(
            (
                "case.scenario",
                f"scenario {meta.id!r} is retrospective ({meta.retrospective}): "
                "its inputs post-date the decision, so it cannot be backtested",
            )
        )
    if meta.as_of is None:
        problems.append(("case.scenario", f"scenario {meta.id!r} has no cut-off (metadata.as_of)"))
    elif not file.case.date > meta.as_of:
        problems.append(
            (
                "case.date",
                f"the decision ({file.case.date}) must come after the scenario's cut-off ({meta.as_of})",
            )
        )
    if file.coding.at.date() < file.case.date:
        problems.append(
            (
                "coding.at",
                f"outcomes coded on {file.coding.at.date()}, before the decision of "
                f"{file.case.date}: an outcome is coded after it happened",
            )
        )
    if file.coding.at > dt.datetime.now(dt.UTC):
        problems.append(("coding.at", f"{file.coding.at.isoformat()} lies in the future"))
    known = {s.id for s in file.sources}
    for k, source in enumerate(file.sources):
        latest = parse_source_date(source.date).latest
        if latest is not None and latest > file.coding.at.date():
            problems.append(
                (f"sources[{k}].date", f"dated {source.date}, after the coding ({file.coding.at})")
            )
    seen: set[str] = set()
    for k, outcome in enumerate(file.outcomes):
        problems += _outcome_problems(f"outcomes[{k}]", outcome, case, known, seen)
        seen.add(outcome.issue)
    return problems


def _outcome_problems(
    where: str, outcome: Outcome, case: Case, known: set[str], seen: set[str]
) -> list[tuple[str, str]]:
    scenario, meta = case.scenario, case.file.case
    if outcome.issue in seen:
        return [(f"{where}.issue", f"issue {outcome.issue!r} is coded twice")]
    try:
        issue = scenario.issue(outcome.issue)
    except KeyError:
        ids = ", ".join(i.id for i in scenario.issues)
        return [(f"{where}.issue", f"scenario {scenario.id!r} has no issue {outcome.issue!r} ({ids})")]
    problems = []
    lo, hi = issue.scale.lower, issue.scale.upper
    if not lo <= outcome.outcome <= hi:
        problems.append((f"{where}.outcome", f"{outcome.outcome} lies outside the scale [{lo}, {hi}]"))
    if issue.status_quo is None:
        problems.append(
            (f"{where}.issue", f"issue {issue.id!r} has no status quo: direction cannot be scored")
        )
    members = set(scenario.group_members(issue.decision.group))
    if not any(p.actor in members for p in issue.positions):
        group = issue.decision.group or "all actors"
        problems.append((f"{where}.issue", f"no member of the deciding group ({group}) has a position"))
    as_of = scenario.metadata.as_of
    if as_of is not None and not outcome.date > as_of:
        problems.append((f"{where}.date", f"{outcome.date} is not after the cut-off {as_of}"))
    if outcome.date < meta.date:
        problems.append((f"{where}.date", f"{outcome.date} precedes the decision ({meta.date})"))
    if outcome.source not in known and len(outcome.source.split()) < 3:
        problems.append(
            (f"{where}.source", f"unknown source {outcome.source!r} (an id of sources, or a citation)")
        )
    return problems
