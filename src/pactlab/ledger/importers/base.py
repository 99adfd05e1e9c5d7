"""What every importer shares: reading files safely, located problems, strict numbers and dates.

An importer is a pure function ``parse(path) -> ParsedFile``: it reads the whole file, checks every
row and either returns all records or raises one :class:`~pactlab.errors.PactlabError` listing every
rejected row (``file:line:column: reason``). Nothing touches the database until a file has parsed
cleanly; the repository then writes it in one transaction.

Input limits (issue 18): only regular files are read (a FIFO, a device such as ``/dev/zero`` or a
folder is refused before anything is read, and the opened descriptor is checked again), their size
is checked before reading (:data:`MAX_BYTES`), and standard input (``-``) is read up to the same
limit. Numbers are parsed strictly (:func:`parse_number`): ``1,5`` is never read as 15 nor
``1.234,56`` as 1.23456; a decimal comma is accepted only when asked for (``decimal_comma=True``).
Amounts are bounded (:data:`MAX_VALUE`, :data:`MAX_QUANTITY`) so that sums of any file stay finite.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pactlab.errors import Location, PactlabError, Problem

__all__ = [
    "MAX_BYTES",
    "MAX_PROBLEMS",
    "MAX_QUANTITY",
    "MAX_VALUE",
    "STDIN",
    "ParsedFile",
    "Problems",
    "check_file",
    "parse_number",
    "read_bytes",
    "read_text",
    "today",
]

MAX_PROBLEMS = 200
MAX_BYTES = 64 * 1024 * 1024
"""Largest file an importer reads (64 MiB; the SIPRI register, the largest source, is about 5 MiB)."""
MAX_VALUE = 1e18
"""Largest money value in any currency (about the world's yearly output in the weakest currency)."""
MAX_EUR = 1e15
"""Largest value in EUR (ten times the world's yearly output): beyond it a value is a typo."""
MAX_QUANTITY = 1e12
STDIN = "-"

_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")
_COMMA = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")


def today() -> dt.date:
    """Today's date (UTC); records dated after it are rejected."""
    return dt.datetime.now(dt.UTC).date()


def parse_number(text: str, *, decimal_comma: bool = False) -> float:
    """A number written plainly (``1234.5``, ``-2e6``), or with a decimal comma when asked.

    Raises :class:`ValueError` with a reader's explanation: thousands separators, a decimal comma in
    a plain file, ``nan``, ``inf``, underscores and other spellings that :func:`float` would accept are
    refused, so that no cell is silently read as another number.

    >>> parse_number("1.5"), parse_number("1.234,56", decimal_comma=True)
    (1.5, 1234.56)
    """
    cleaned = text.strip()
    if decimal_comma:
        if not _COMMA.fullmatch(cleaned):
            raise ValueError(f"not a number with a decimal comma (1.234,56 or 1234,56): {cleaned!r}")
        return float(cleaned.replace(".", "").replace(",", "."))
    if _PLAIN.fullmatch(cleaned):
        return float(cleaned)
    if "," in cleaned and _COMMA.fullmatch(cleaned):
        raise ValueError(
            f"{cleaned!r} has a comma: write a plain number such as 1234.5 (no thousands separators), "
            "or import with decimal_comma (--decimal-comma) if the file uses a decimal comma"
        )
    raise ValueError(f"not a number: {cleaned!r} (write a plain number such as 1234.5 or -2e6)")


@dataclass
class ParsedFile:
    """All records of one source file, ready to write in one transaction.

    ``stream`` names what a newer release replaces (see :mod:`pactlab.ledger.repository`);
    ``published_on`` is the release's publication date where the source states one.
    """

    source: str
    stream: str
    release: str | None
    file_name: str
    digest: str
    row_count: int = 0
    published_on: dt.date | None = None
    guarantors: dict[str, str] = field(default_factory=dict)
    pledges: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    benchmarks: list[dict[str, Any]] = field(default_factory=list)


class Problems:
    """Collects located problems for one file; :meth:`raise_if_any` turns them into one error."""

    def __init__(self, file: str, *, decimal_comma: bool = False) -> None:
        self.file = file
        self.decimal_comma = decimal_comma
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

    def number(
        self,
        text: str,
        line: int | None,
        column: str,
        *,
        required: bool = True,
        bound: float = MAX_VALUE,
    ) -> float | None:
        """A strictly written number within ``bound`` (``None`` for an empty optional cell)."""
        if not text.strip():
            if required:
                self.add(line, column, "empty value where a number is required")
            return None
        try:
            value = parse_number(text, decimal_comma=self.decimal_comma)
        except ValueError as error:
            self.add(line, column, str(error))
            return None
        return self.bounded(value, line, column, bound=bound)

    def bounded(self, value: float, line: int | None, column: str, *, bound: float) -> float | None:
        """``value`` if finite and ``|value| <= bound``; otherwise a located problem."""
        if not math.isfinite(value) or abs(value) > bound:
            self.add(line, column, f"{value:g} is out of range (at most {bound:g} in absolute value)")
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


def _refuse(name: str, message: str) -> PactlabError:
    return PactlabError.at(name, "", message)


def check_file(path: Path, *, label: str | None = None, limit: int = MAX_BYTES) -> None:
    """Refuse, from its metadata alone (nothing is opened or read), a path that :func:`read_bytes`
    would refuse, so that a caller can refuse early, before loading anything heavy. The messages are
    those of :mod:`pactlab._files`, which :func:`read_bytes` uses."""
    from pactlab._files import _human, describe_kind

    name = label or str(path)
    if str(path) == STDIN:
        return
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise _refuse(name, "no such file") from None
    except OSError as error:
        raise _refuse(name, f"cannot read file: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        return  # a folder is the pun importer's to resolve (commits.json inside it)
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(name, f"is {describe_kind(info.st_mode)}, not a regular file")
    if info.st_size > limit:
        raise _refuse(name, f"file is {_human(info.st_size)}; files are limited to {_human(limit)}")


def read_bytes(path: Path, *, label: str | None = None, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file (or of standard input for ``-``), at most ``limit`` of them.

    Through :func:`pactlab._files.read_user_bytes`, the project's one bounded reader: a FIFO, device
    or folder is refused on its opened descriptor (opened without blocking), a file over ``limit`` from
    its size, never read; standard input is read up to ``limit`` bytes.
    """
    from pactlab._files import read_stream_bytes, read_user_bytes

    name = label or str(path)
    if str(path) == STDIN:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise _refuse(name, "standard input is not readable as bytes")
        return read_stream_bytes(stream, limit=limit, name=name, what="standard input")
    return read_user_bytes(path, limit=limit, display=name)


def read_text(
    path: Path, *, encoding: str = "utf-8", label: str | None = None, limit: int = MAX_BYTES
) -> tuple[str, str]:
    """The decoded text and sha256 digest of ``path`` (see :func:`read_bytes`); located errors."""
    name = label or str(path)
    data = read_bytes(path, label=name, limit=limit)
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
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise PactlabError.at(name, "", "holds a NUL character (a binary file?)", line=line)
    return text, digest


def csv_rows(
    text: str, problems: Problems, *, first_line: int = 1, **fmt: Any
) -> Iterator[tuple[int, list[str]]]:
    """``(line number, fields)`` for each CSV record; an unterminated quote is a located problem.

    The line is where the record starts (a quoted cell may span lines).
    """
    reader = csv.reader(io.StringIO(text), strict=True, **fmt)
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.add(first_line + reader.line_num - 1, "", f"malformed CSV: {error}")
            return
        if fields:
            yield first_line + start - 1, fields


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
