"""The run log of a case: when a model first ran on it, and what the outcomes and inputs were then.

An outcome coded after the forecasts were seen is not a test of the forecasts. So the first time the
harness runs a case it writes a run log beside the case file (``<case>.runlog.yaml``, to be committed with
the case), before any model runs, and every later run checks against it:

- the case is refused when its outcomes were coded (``coding.at``) at or after the first run;
- the case is refused when its coding, sources or outcomes changed since the first run (their digest
  differs): re-coding after seeing the forecasts is exactly what the log exists to catch;
- a scenario whose forecast inputs (scales, status quo, positions, saliences, capabilities, decision
  rules) changed since the first run is not refused, but every result flags it, so that a reader knows
  the forecast was revised after the model first ran on the case.

The log records only the first run, so repeated runs (a test suite, a fresh clone) write nothing and
reproduce the same numbers. In the repository, git history shows the order too: the commit that adds a
case file precedes the commit that adds its run log (``tests/backtest/test_corpus.py`` checks it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import AwareDatetime, Field, ValidationError

from pactlab._version import __version__
from pactlab.backtest._yaml import read_yaml
from pactlab.errors import Location, PactlabError, Problem
from pactlab.scenario._base import Id, Model

if TYPE_CHECKING:
    from pactlab.backtest.cases import Case
    from pactlab.scenario import Scenario

__all__ = ["FirstRun", "check_case", "inputs_digest", "read_runlog", "record_first_run"]


class FirstRun(Model):
    """The content of a run log."""

    case: Id
    first_run: AwareDatetime
    outcomes_digest: str = Field(pattern=r"^[0-9a-f]{64}$")
    inputs_digest: str = Field(pattern=r"^[0-9a-f]{64}$")
    version: str = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class RunCheck:
    """What the run log says about a case that may run."""

    first_run: dt.datetime
    inputs_revised: bool
    recorded_now: bool


def inputs_digest(scenario: Scenario, issues: list[str]) -> str:
    """SHA-256 of what the models read for ``issues``: scales, status quo, rule, positions, capabilities.

    Built from those values only (not the whole scenario), so that new optional fields of the format or
    edits elsewhere in the file (instruments, deterrence, roadmap) do not count as a revised forecast.
    """
    capability = {a.id: None if a.capability is None else a.capability.value for a in scenario.actors}
    groups = {a.id: sorted(a.groups) for a in scenario.actors}
    rows: list[Any] = []
    for issue_id in sorted(issues):
        issue = scenario.issue(issue_id)
        cells = sorted(
            (p.actor, p.position, p.salience, p.capability, capability[p.actor], groups[p.actor])
            for p in issue.positions
        )
        scale = issue.scale
        rows.append(
            [
                issue.id,
                [scale.lower, scale.upper, sorted((float(k), v) for k, v in scale.anchors.items())],
                issue.status_quo,
                [str(issue.decision.rule), issue.decision.group, issue.decision.quota],
                cells,
            ]
        )
    text = json.dumps(rows, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def read_runlog(case: Case) -> FirstRun | None:
    """The case's run log, or None when the case has never run."""
    path = case.runlog_path
    if not path.is_file():
        return None
    name = f"{case.name.removesuffix('.yaml')}{path.name[len(case.path.stem) :]}"
    data, lines = read_yaml(path, name)
    try:
        return FirstRun.model_validate(data)
    except ValidationError as error:
        item = error.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in item["loc"])
        raise PactlabError(Problem(Location(name, loc, lines.get(tuple(item["loc"]))), item["msg"])) from None


def record_first_run(case: Case, when: dt.datetime, issues: list[str]) -> FirstRun:
    """Write the case's run log (atomically: a complete file or none). Refuses to overwrite one."""
    path = case.runlog_path
    if path.exists():
        raise PactlabError.at(str(path), "", "the case already has a run log; the first run is recorded once")
    entry = FirstRun(
        case=case.id,
        first_run=when,
        outcomes_digest=case.outcomes_digest,
        inputs_digest=inputs_digest(case.scenario, issues),
        version=__version__,
    )
    header = (
        f"# Run log of case {case.id}: written by pactlab backtest on the first run, before any model ran.\n"
        "# Commit it with the case. It is never rewritten; see pactlab.backtest.runlog.\n"
    )
    body = yaml.safe_dump(entry.model_dump(mode="json"), sort_keys=False)
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=".runlog-", suffix=".tmp", delete=False
        ) as handle:
            handle.write(header + body)
            temp = Path(handle.name)
        try:
            os.link(temp, path)  # fails if another process wrote the log meanwhile: never overwrite
        finally:
            temp.unlink()
    except FileExistsError:
        raise PactlabError.at(str(path), "", "another run recorded the first run meanwhile") from None
    except OSError as error:
        raise PactlabError.at(
            str(path), "", f"cannot record the first run: {error.strerror or error}"
        ) from None
    return entry


def check_case(case: Case, issues: list[str], *, record: bool, now: dt.datetime) -> RunCheck:
    """Refuse a case coded after its first run or re-coded since; record the first run if asked to."""
    coded = case.file.coding.at
    entry = read_runlog(case)
    if entry is None:
        if not record:
            raise PactlabError(
                Problem(
                    case.locate("case.id"),
                    "the case has no run log: run it with recording on to "
                    "record its first run (outcomes must be coded before models run)",
                )
            )
        if not coded < now:
            raise PactlabError(
                Problem(case.locate("coding.at"), f"outcomes coded at {coded}, not before now")
            )
        entry = record_first_run(case, now, issues)
        return RunCheck(entry.first_run, False, True)
    if not coded < entry.first_run:
        raise PactlabError(
            Problem(
                case.locate("coding.at"),
                f"outcomes coded at {coded.isoformat()}, not before the first "
                f"recorded run at {entry.first_run.isoformat()}: a case must be coded before any model "
                "runs on it",
            )
        )
    if entry.outcomes_digest != case.outcomes_digest:
        raise PactlabError(
            Problem(
                case.locate("outcomes"),
                f"the coding changed after the first run at "
                f"{entry.first_run.isoformat()} (digest {entry.outcomes_digest[:12]} then, "
                f"{case.outcomes_digest[:12]} now): outcomes may not be re-coded once models have run; "
                "restore them, or code a new case",
            )
        )
    revised = entry.inputs_digest != inputs_digest(case.scenario, issues)
    return RunCheck(entry.first_run, revised, False)
