"""What every importer shares: reading and digesting files, located problems, numbers and dates.

An importer is a pure function ``parse(path) -> ParsedFile``: it reads the whole file, checks every
row and either returns all records or raises one :class:`~pactlab.errors.PactlabError` listing every
rejected row (``file:row N:column: reason``). Nothing touches the database until a file has parsed
cleanly; the repository then writes it in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pactlab.errors import Location, PactlabError, Problem

__all__ = ["MAX_PROBLEMS", "ParsedFile", "Problems", "read_text", "today"]

MAX_PROBLEMS = 200


def today() -> dt.date:
    """Today's date (UTC); records dated after it are rejected."""
    return dt.datetime.now(dt.UTC).date()


@dataclass
class ParsedFile:
    """All records of one source file, ready to write in one transaction."""

    source: str
    stream: str
    release: str | None
    file_name: str
    digest: str
    row_count: int = 0
    guarantors: dict[str, str] = field(default_factory=dict)
    pledges: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    benchmarks: list[dict[str, Any]] = field(default_factory=list)


class Problems:
    """Collects located problems for one file; :meth:`raise_if_any` turns them into one error."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []
        self.dropped = 0

    def add(self, line: int | None, path: str, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(Location(self.file, path, line), message))
        else:
            self.dropped += 1

    def raise_if_any(self) -> None:
        if not self.items:
            return
        items = list(self.items)
        if self.dropped:
            items.append(Problem(Location(self.file), f"... and {self.dropped} more problems"))
        raise PactlabError(items)

    def number(self, text: str, line: int | None, column: str, *, required: bool = True) -> float | None:
        """A finite number (``None`` for an empty optional cell); problems are recorded."""
        cleaned = text.strip().replace(",", "")
        if not cleaned:
            if required:
                self.add(line, column, "empty value where a number is required")
            return None
        try:
            value = float(cleaned)
        except ValueError:
            self.add(line, column, f"not a number: {text.strip()!r}")
            return None
        if not math.isfinite(value):
            self.add(line, column, f"not a finite number: {text.strip()!r}")
            return None
        return value

    def date(self, text: str, line: int | None, column: str, *, required: bool = True) -> dt.date | None:
        """An ISO date (YYYY-MM-DD) not after today."""
        cleaned = text.strip()
        if not cleaned:
            if required:
                self.add(line, column, "empty date")
            return None
        try:
            value = dt.date.fromisoformat(cleaned)
        except ValueError:
            self.add(line, column, f"not a date (YYYY-MM-DD): {cleaned!r}")
            return None
        return self.not_future(value, line, column)

    def not_future(self, value: dt.date, line: int | None, column: str) -> dt.date | None:
        if value > today():
            self.add(line, column, f"date {value.isoformat()} is in the future")
            return None
        return value


def read_text(path: Path, *, encoding: str = "utf-8", label: str | None = None) -> tuple[str, str]:
    """The decoded text and sha256 digest of ``path``; located errors if unreadable."""
    name = label or str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PactlabError.at(name, "", f"cannot read: {error.strerror or error}") from None
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise PactlabError.at(name, "", "the file is empty")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PactlabError.at(
            name, "encoding", f"not valid {encoding} (byte {error.start})", line=line
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, digest


def csv_rows(
    text: str, problems: Problems, *, first_line: int = 1, **fmt: Any
) -> Iterator[tuple[int, list[str]]]:
    """``(line number, fields)`` for each CSV record; an unterminated quote is a located problem."""
    reader = csv.reader(io.StringIO(text), strict=True, **fmt)
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.add(first_line + reader.line_num - 1, "", f"malformed CSV: {error}")
            return
        if fields:
            yield first_line + reader.line_num - 1, fields


def check_header(header: list[str], required: list[str], problems: Problems, line: int) -> dict[str, int]:
    """Column index by name; missing required columns are problems."""
    index = {name.strip(): i for i, name in enumerate(header)}
    missing = [c for c in required if c not in index]
    if missing:
        problems.add(line, "header", f"missing columns: {', '.join(missing)}")
    return index


def ends_cleanly(text: str, problems: Problems) -> None:
    """A file cut off mid-record (no final newline) is reported as truncated."""
    if not text.endswith("\n"):
        problems.add(text.count("\n") + 1, "", "the file ends mid-record (truncated?)")
