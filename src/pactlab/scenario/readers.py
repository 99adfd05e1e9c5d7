"""Readers for the negotiation formats the field already uses.

- The decide format (``#A/#P/#M/#D`` rows; Stokman's decision-making tools, the decide-exchange-model
  package): ``#A;id;name``, ``#P;id;name;description``, ``#M;issue;value[;label]`` (the scale's end points
  and labelled anchors), ``#D;actor;issue;position;salience;power`` (power is issue-specific capability).
  Other ``#`` rows (``#O`` title, ``#/`` comments) are kept as description or ignored. The delimiter is
  sniffed (``;``, tab or comma) and values may be quoted with ``'`` or ``"``. An actor-issue pair with no
  ``#D`` row is a masked cell. An issue with no ``#M`` rows gets decide's default scale 0-100 (left unset
  in the scenario, so ``"scale" not in issue.model_fields_set`` tells that no scale was stated); its
  positions are then read, and outcomes reported, in the file's own numbers. An issue
  declared by ``#P`` without any ``#D`` row carries no data; it is left out and named in the scenario's
  description.
- The Bueno de Mesquita actor CSV: ``Actor,Capability,Position,Salience`` (one issue; salience 0-1);
  the issue's scale is the range of the positions.

Both build plain scenario data and validate it with the same schema as hand-written YAML, so every problem
is reported with its row.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from typing import Any

from pactlab.errors import Location, Problem, ScenarioError
from pactlab.scenario.schema import Scenario
from pactlab.scenario.validation import scenario_from_data

__all__ = ["looks_like_bdm", "looks_like_decide", "read_bdm_text", "read_decide_text"]

_DECIDE_TAGS = ("#A", "#P", "#M", "#D")


def _strip(cell: str) -> str:
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == cell[-1] and cell[0] in "'\"":
        cell = cell[1:-1]
    return cell.strip()


def _sniff_delimiter(text: str) -> str:
    counts: Counter[str] = Counter()
    for line in text.splitlines()[:200]:
        if line.lstrip("'\"").startswith(_DECIDE_TAGS):
            for delimiter in (";", "\t", ","):
                if delimiter in line:
                    counts[delimiter] += 1
                    break
    return counts.most_common(1)[0][0] if counts else ";"


def looks_like_decide(text: str) -> bool:
    """True when the text has decide ``#A`` and ``#D`` rows."""
    heads = {line.lstrip("'\"")[:2] for line in text.splitlines()[:5000]}
    return "#A" in heads and "#D" in heads


def looks_like_bdm(text: str) -> bool:
    """True when the first line is a Bueno de Mesquita header (Actor, Capability, Position, Salience)."""
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    cells = {c.strip().lower() for c in first.split(",")}
    return {"actor", "capability", "position", "salience"} <= cells


def _rows(text: str) -> list[tuple[int, list[str]]]:
    delimiter = _sniff_delimiter(text)
    quote = "'" if "'#" in text[:2000] else '"'
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar=quote)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise ScenarioError(Problem(Location("", "", reader.line_num), _TOO_MANY_ROWS))
            rows.append((reader.line_num, [_strip(c) for c in row]))
    except csv.Error as error:
        raise ScenarioError(Problem(Location("", "", reader.line_num), f"CSV syntax: {error}")) from None
    return rows


# A number as the field's files write it: optional sign, digits with a dot as the decimal mark, optional
# exponent. No thousands separators, no decimal comma, no locale guessing ("1,5" and "1.234,56" are
# refused, never read as 15 or 1.234), no "nan"/"inf", no Python-only forms ("1_000", "0x10").
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
MAX_NUMBER_CHARS = 100
"""Longest number accepted in a CSV cell, in characters."""
MAX_ROWS = 25_000
"""Most rows in a decide or Bueno de Mesquita CSV (cop21.csv has 252; 25,000 is 150 actors x 150 issues)."""
_TOO_MANY_ROWS = f"more than {MAX_ROWS:,} rows; the CSV readers are limited to {MAX_ROWS:,}"


def _number(cell: str) -> float | None:
    """The cell's value when it is a plain finite number, else None (see :func:`_number_problem`)."""
    if len(cell) > MAX_NUMBER_CHARS or not _NUMBER.fullmatch(cell):
        return None
    value = float(cell)
    return value if math.isfinite(value) else None


def _number_problem(cell: str) -> str:
    """Why a cell is not a number, in words (for the located error)."""
    if len(cell) > MAX_NUMBER_CHARS:
        return f"a number of {len(cell):,} characters is too long (at most {MAX_NUMBER_CHARS})"
    shown = repr(cell)
    if not cell:
        return "the cell is empty; a number is needed"
    if re.fullmatch(r"[+-]?[0-9.,' ]*[0-9][0-9.,' ]*", cell) and ("," in cell or "'" in cell or " " in cell):
        return (
            f"{shown} is not a number: write decimals with a dot and no thousands separators "
            "(1.5, 1234.56); comma decimals and digit groups are not guessed"
        )
    if cell.strip().lower().lstrip("+-") in ("nan", "inf", "infinity"):
        return f"{shown} is not a finite number"
    if _NUMBER.fullmatch(cell):
        return f"{shown} is too large a number"
    return f"{shown} is not a number"


class _Decide:
    """Accumulates the rows of a decide file, collecting problems instead of stopping at the first."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.title = ""
        self.actors: dict[str, dict[str, Any]] = {}
        self.issues: dict[str, dict[str, Any]] = {}
        self.scale_points: dict[str, list[tuple[float, str]]] = {}
        self.cells: dict[tuple[str, str], tuple[int, float, float, float]] = {}

    def problem(self, row: int, field: str, message: str) -> None:
        self.problems.append(Problem(Location(self.name, field, row), message))

    def add(self, row: int, cells: list[str]) -> None:
        tag, rest = cells[0], cells[1:]
        while rest and rest[-1] == "":
            rest.pop()
        if tag == "#O" and rest:
            self.title = rest[0]
        elif tag == "#A":
            self._actor(row, rest)
        elif tag == "#P":
            self._issue(row, rest)
        elif tag == "#M":
            self._scale(row, rest)
        elif tag == "#D":
            self._cell(row, rest)

    def _actor(self, row: int, rest: list[str]) -> None:
        if not rest or not rest[0]:
            self.problem(row, "#A", "actor row without an id")
        elif rest[0] in self.actors:
            self.problem(row, "#A", f"duplicate actor {rest[0]!r}")
        else:
            self.actors[rest[0]] = {"id": rest[0], "name": (rest[1:2] or [rest[0]])[0] or rest[0]}

    def _issue(self, row: int, rest: list[str]) -> None:
        if not rest or not rest[0]:
            self.problem(row, "#P", "issue row without an id")
        elif rest[0] in self.issues:
            self.problem(row, "#P", f"duplicate issue {rest[0]!r}")
        else:
            title = next((c for c in rest[1:] if c), rest[0])
            self.issues[rest[0]] = {"id": rest[0], "title": title, "row": row}

    def _scale(self, row: int, rest: list[str]) -> None:
        value = _number(rest[1]) if len(rest) > 1 else None
        if len(rest) < 2 or value is None:
            self.problem(row, "#M", "scale row needs an issue id and a number")
            return
        label = rest[2] if len(rest) > 2 else ""
        self.scale_points.setdefault(rest[0], []).append((value, label))

    def _cell(self, row: int, rest: list[str]) -> None:
        if len(rest) < 5:
            self.problem(row, "#D", "data row needs actor, issue, position, salience and power")
            return
        actor, issue = rest[0], rest[1]
        numbers = [_number(c) for c in rest[2:5]]
        for field, cell, value in zip(("position", "salience", "power"), rest[2:5], numbers, strict=True):
            if value is None:
                self.problem(row, f"#D.{field}", _number_problem(cell))
        if actor not in self.actors:
            self.problem(row, "#D.actor", f"unknown actor {actor!r} (no #A row)")
        if issue not in self.issues:
            self.problem(row, "#D.issue", f"unknown issue {issue!r} (no #P row)")
        if (actor, issue) in self.cells:
            self.problem(row, "#D", f"duplicate data row for {actor!r} on {issue!r}")
        if all(v is not None for v in numbers):
            position, salience, power = (float(v) for v in numbers if v is not None)
            self.cells[(actor, issue)] = (row, position, salience, power)

    def empty_issues(self) -> list[str]:
        """Issues declared by a #P row without any #D row (decide files keep such drafts)."""
        used = {issue for _, issue in self.cells}
        return [issue for issue in self.issues if issue not in used]

    def data(self) -> dict[str, Any]:
        issues = []
        empty = set(self.empty_issues())
        for issue_id, issue in self.issues.items():
            if issue_id in empty:
                continue
            points = self.scale_points.get(issue_id, [])
            positions = [
                {"actor": a, "position": p, "salience": s, "capability": c, "source": "input"}
                for (a, i), (_, p, s, c) in self.cells.items()
                if i == issue_id
            ]
            entry = {"id": issue_id, "title": issue["title"], "positions": positions}
            if points:  # without #M rows the issue keeps the schema's default scale 0-100, as in decide
                values = [v for v, _ in points]
                anchors = {f"{v:g}": label for v, label in points if label}
                entry["scale"] = {"lower": min(values), "upper": max(values), "anchors": anchors}
            issues.append(entry)
        return {"actors": list(self.actors.values()), "issues": issues}


def _metadata(name: str, title: str, citation: str) -> dict[str, Any]:
    stem = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "input"
    return {
        "id": stem,
        "title": title or stem,
        # the field's formats carry no date; leaving it unknown keeps the digest a function of the file
        "sources": [{"id": "input", "citation": citation}],
    }


def read_decide_text(text: str, name: str) -> Scenario:
    """Read a decide ``#A/#P/#M/#D`` file into a Scenario (every problem located by row)."""
    try:
        rows = _rows(text)
    except ScenarioError as error:
        where = error.problems[0]
        raise ScenarioError(Problem(Location(name, "", where.location.line), where.message)) from None
    builder = _Decide(name)
    for row, cells in rows:
        if cells and cells[0] in (*_DECIDE_TAGS, "#O"):
            builder.add(row, cells)
    data = builder.data()
    problems = list(builder.problems)
    problems += _cell_range_problems(builder)
    if problems:
        raise ScenarioError(problems)
    data["metadata"] = _metadata(name, builder.title, f"decide-format input file {name}")
    empty = builder.empty_issues()
    if empty:
        data["metadata"]["description"] = (
            "Issues declared by #P rows without any #D data row were left out: " + ", ".join(empty)
        )
    return scenario_from_data(data, name, {})


def _cell_range_problems(builder: _Decide) -> list[Problem]:
    """Range checks with the file's row numbers (the schema would only know list indices)."""
    problems = []
    for (actor, issue), (row, position, salience, power) in builder.cells.items():
        values = [v for v, _ in builder.scale_points.get(issue, [])] or [0.0, 100.0]
        lo, hi = min(values), max(values)
        if not lo <= position <= hi:
            problems.append(
                Problem(
                    Location(builder.name, "#D.position", row),
                    f"{actor!r} on {issue!r}: position {position:g} lies outside [{lo:g}, {hi:g}]",
                )
            )
        if not 0.0 <= salience <= 1.0:
            problems.append(
                Problem(
                    Location(builder.name, "#D.salience", row),
                    f"{actor!r} on {issue!r}: salience {salience:g} lies outside [0, 1]",
                )
            )
        if power < 0.0:
            problems.append(
                Problem(
                    Location(builder.name, "#D.power", row),
                    f"{actor!r} on {issue!r}: power {power:g} is negative",
                )
            )
    return problems


def read_bdm_text(text: str, name: str) -> Scenario:
    """Read a Bueno de Mesquita ``Actor,Capability,Position,Salience`` CSV into a one-issue Scenario."""
    reader = csv.DictReader(io.StringIO(text))
    records: list[dict[str | Any, str | Any]] = []
    try:
        for record in reader:
            if len(records) >= MAX_ROWS:
                raise ScenarioError(Problem(Location(name, "", reader.line_num), _TOO_MANY_ROWS))
            records.append(record)
    except csv.Error as error:
        raise ScenarioError(Problem(Location(name, "", reader.line_num), f"CSV syntax: {error}")) from None
    problems: list[Problem] = []
    actors, positions = [], []
    for row, record in enumerate(records, start=2):
        record = {str(k).strip().lower(): (v or "").strip() for k, v in record.items() if k}
        values = {f: _number(record.get(f, "")) for f in ("capability", "position", "salience")}
        for field, value in values.items():
            if value is None:
                problems.append(Problem(Location(name, field, row), _number_problem(record.get(field, ""))))
        actor = record.get("actor", "")
        if not actor:
            problems.append(Problem(Location(name, "actor", row), "missing actor name"))
            continue
        if None in values.values():
            continue
        actors.append(
            {
                "id": actor,
                "name": actor,
                "capability": {"value": values["capability"], "source": "input"},
            }
        )
        positions.append(
            {
                "actor": actor,
                "position": values["position"],
                "salience": values["salience"],
                "source": "input",
            }
        )
    if problems:
        raise ScenarioError(problems)
    if not positions:
        raise ScenarioError.at(name, "", "no actor rows")
    points = [float(str(p["position"])) for p in positions]
    lo, hi = min(points), max(points)
    if hi <= lo:
        hi = lo + 1.0
    data = {
        "metadata": _metadata(name, "", f"Bueno de Mesquita actor CSV {name}"),
        "actors": actors,
        "issues": [
            {
                "id": "issue",
                "title": "issue",
                "scale": {"lower": lo, "upper": hi},
                "positions": positions,
            }
        ],
    }
    return scenario_from_data(data, name, {})
