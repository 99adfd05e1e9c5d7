"""Importers of the Kiel Institute's Ukraine Support Tracker.

``kiel``: the website table ``data_explorer.csv`` (Release 29 onwards), one row per donor and month,
EUR bn: ``total`` (allocations) = ``financial`` + ``humanitarian`` + ``military``, and
``commitments`` = ``total`` + ``to_be_allocated``. Each row becomes *allocated* records by aid type
and *committed* records: the allocated parts again (Kiel's commitments include allocations) plus the
to-be-allocated balance, whose aid type Kiel does not split (instrument unknown). A negative balance
is a correction and is kept. Both identities are checked on every row (to 2e-6 EUR bn, the file's
rounding).

``kiel-activities``: per-activity rows of Release 28 with Norwegian column names (see the data's
PROVENANCE.md): ``giver`` donor, ``dato`` date, ``kategori`` aid type, ``maal`` measure
(Allocation/Commitment), ``verdi_eur`` the allocated value in EUR, ``verdi_eur_activity`` the
committed value of the activity, ``maaned_nr`` the month counted from January 2022 = 1. An activity
becomes a *committed* record of ``verdi_eur_activity`` and an *allocated* record of ``verdi_eur``;
the tracker's country summary sums exactly these two columns. A row without ``dato`` is dated by
``maaned_nr`` (month precision) when ``maaned_finnes`` is true, else left undated.

Both formats are releases of one tracker, so they share one stream: the newest release (by number:
``release_info.csv`` beside R29's file, the Excel file name in R28's ``metadata.json``) is current and
older ones stay as history, whatever the order of import; the two are never added together.

Publication dates, for reports cut at a date: R29's ``release_info.csv`` states it (``date``:
2026-08-04). R28's ``metadata.json`` does not; the date that prefixes the downloaded Excel file's
name (``2026-04-22_...Release_28.xlsx``) is used as an upper bound (the release was public by then),
which can only make a cut report more cautious, never let it read a release that was not yet out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pactlab.ledger.actors import AID_TYPES, actor_id
from pactlab.ledger.importers.base import (
    MAX_EUR,
    ParsedFile,
    Problems,
    check_header,
    csv_rows,
    ends_cleanly,
    parse_number,
    read_text,
)

__all__ = ["parse_kiel", "parse_kiel_activities"]

_R29_COLUMNS = [
    "country",
    "iso",
    "year",
    "month",
    "total",
    "financial",
    "humanitarian",
    "military",
    "commitments",
    "to_be_allocated",
]
_PARTS = ("military", "financial", "humanitarian")
_BN = Decimal(10) ** 9
_TOLERANCE = Decimal("0.000002")


_SIDECAR_BYTES = 1 << 20


def _sidecar(path: Path, name: str) -> str | None:
    """The text of a small file beside ``path`` (release information), if there is one."""
    if str(path) == "-":
        return None
    info = path.with_name(name)
    if not info.is_file():
        return None
    return read_text(info, limit=_SIDECAR_BYTES)[0]


def _release_r29(path: Path) -> tuple[str | None, dt.date | None]:
    """Release number and publication date from ``release_info.csv`` (``release``, ``date``)."""
    text = _sidecar(path, "release_info.csv")
    if text is None:
        return None, None
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        return None, None
    release = (rows[0].get("release") or "").strip() or None
    try:
        published = dt.date.fromisoformat((rows[0].get("date") or "").strip())
    except ValueError:
        published = None
    return release, published


def _decimal(text: str, line: int, column: str, problems: Problems) -> Decimal | None:
    try:
        parse_number(text)  # strict spelling first: Decimal would take "1_000", "NaN", "Infinity"
        value = Decimal(text.strip())
    except (ValueError, InvalidOperation) as error:
        problems.add(line, column, str(error))
        return None
    if abs(value) * _BN > Decimal(MAX_EUR):
        problems.add(line, column, f"{value} EUR bn is out of range (at most {MAX_EUR:g} EUR)")
        return None
    return value


def _record(base: dict[str, Any], stage: str, aid: str | None, eur: Decimal) -> dict[str, Any]:
    value = float(eur)
    return {
        **base,
        "stage": stage,
        "aid_type": aid,
        "instrument_id": AID_TYPES[aid].value if aid else None,
        "value": value,
        "currency": "EUR",
        "value_eur": value,
        "is_correction": value < 0,
    }


def _month(year: float | None, month: float | None, line: int, problems: Problems) -> dt.date | None:
    if year is None or month is None:
        return None
    if year != int(year) or not 1 <= month <= 12 or month != int(month):
        problems.add(line, "month", f"not a year and month: {year:g}-{month:g}")
        return None
    return problems.not_future(dt.date(int(year), int(month), 1), line, "year")


def _kiel_row(
    fields: list[str], col: dict[str, int], line: int, problems: Problems, parsed: ParsedFile
) -> None:
    values = {
        c: _decimal(fields[col[c]], line, c, problems)
        for c in (*_PARTS, "total", "commitments", "to_be_allocated")
    }
    date = _month(
        problems.number(fields[col["year"]], line, "year"),
        problems.number(fields[col["month"]], line, "month"),
        line,
        problems,
    )
    name, iso = fields[col["country"]].strip(), fields[col["iso"]].strip()
    if not name and not iso:
        problems.add(line, "country", "empty donor")
    if date is None or any(v is None for v in values.values()) or not (name or iso):
        return
    v: dict[str, Decimal] = {k: x for k, x in values.items() if x is not None}
    if abs(v["total"] - sum(v[p] for p in _PARTS)) > _TOLERANCE:
        problems.add(line, "total", "total is not financial + humanitarian + military")
    if abs(v["commitments"] - v["total"] - v["to_be_allocated"]) > _TOLERANCE:
        problems.add(line, "commitments", "commitments is not total + to_be_allocated")
    guarantor = actor_id(iso or name)
    parsed.guarantors.setdefault(guarantor, name or iso)
    base = {
        "row_number": line,
        "guarantor_id": guarantor,
        "pledged_on": date,
        "date_precision": "month",
        "source": "Kiel Institute, Ukraine Support Tracker",
    }
    for part in _PARTS:
        if v[part] != 0:
            parsed.pledges.append(_record(base, "allocated", part, v[part] * _BN))
            parsed.pledges.append(_record(base, "committed", part, v[part] * _BN))
    if v["to_be_allocated"] != 0:
        parsed.pledges.append(_record(base, "committed", None, v["to_be_allocated"] * _BN))


def parse_kiel(path: Path, *, label: str | None = None) -> ParsedFile:
    """Parse a Kiel tracker ``data_explorer.csv`` (EUR bn by donor and month)."""
    name = label or str(path)
    text, digest = read_text(path, label=name)
    problems = Problems(name)
    ends_cleanly(text, problems)
    release, published = _release_r29(path)
    parsed = ParsedFile("kiel", "kiel", release, path.name, digest, published_on=published)
    rows = csv_rows(text, problems)
    header_line, header = next(rows, (1, []))
    col = check_header(header, _R29_COLUMNS, problems, header_line)
    if problems.items:
        problems.raise_if_any()
    for line, fields in rows:
        parsed.row_count += 1
        if len(fields) != len(header):
            problems.add(line, "", f"expected {len(header)} fields, found {len(fields)}")
            continue
        _kiel_row(fields, col, line, problems, parsed)
    problems.raise_if_any()
    return parsed


_ACT_COLUMNS = ["giver", "dato", "kategori", "maal", "verdi_eur", "verdi_eur_activity"]
_MEASURES = {"allocation", "commitment"}


def _release_r28(path: Path) -> tuple[str | None, dt.date | None]:
    """Release number and an upper bound of its publication date from ``metadata.json``."""
    text = _sidecar(path, "metadata.json")
    if text is None:
        return None, None
    try:
        source = str(json.loads(text).get("kildefil", ""))
    except (ValueError, AttributeError):
        return None, None
    found = re.search(r"Release_(\d+)", source)
    dated = re.match(r"(\d{4}-\d{2}-\d{2})_", source)
    try:
        published = dt.date.fromisoformat(dated.group(1)) if dated else None
    except ValueError:
        published = None
    return (found.group(1) if found else None), published


def _activity_date(
    fields: list[str], col: dict[str, int], line: int, problems: Problems
) -> tuple[dt.date | None, str]:
    date = problems.date(fields[col["dato"]], line, "dato", required=False)
    if date is not None or fields[col["dato"]].strip():
        return date, "day"
    if "maaned_nr" in col and fields[col.get("maaned_finnes", col["maaned_nr"])].strip() != "False":
        number = problems.number(fields[col["maaned_nr"]], line, "maaned_nr", required=False)
        if number is not None and number >= 1:
            month = int(number) - 1
            return problems.not_future(
                dt.date(2022 + month // 12, month % 12 + 1, 1), line, "maaned_nr"
            ), "month"
    return None, "unknown"


def _activity_row(
    fields: list[str], col: dict[str, int], line: int, problems: Problems, parsed: ParsedFile
) -> None:
    donor, aid = fields[col["giver"]].strip(), fields[col["kategori"]].strip().lower()
    if not donor:
        problems.add(line, "giver", "empty donor")
    if aid not in AID_TYPES:
        problems.add(line, "kategori", f"unknown aid type {aid!r} (Military, Financial, Humanitarian)")
    if fields[col["maal"]].strip().lower() not in _MEASURES:
        problems.add(line, "maal", f"unknown measure {fields[col['maal']]!r} (Allocation, Commitment)")
    allocated = problems.number(fields[col["verdi_eur"]], line, "verdi_eur")
    committed = problems.number(fields[col["verdi_eur_activity"]], line, "verdi_eur_activity")
    date, precision = _activity_date(fields, col, line, problems)
    if not donor or aid not in AID_TYPES or allocated is None or committed is None:
        return
    guarantor = actor_id(donor)
    parsed.guarantors.setdefault(guarantor, donor)
    base = {
        "row_number": line,
        "guarantor_id": guarantor,
        "pledged_on": date,
        "date_precision": precision,
        "source": "Kiel Institute, Ukraine Support Tracker",
    }
    for stage, value in (("committed", committed), ("allocated", allocated)):
        if value != 0:
            parsed.pledges.append(_record(base, stage, aid, Decimal(repr(value))))


def parse_kiel_activities(path: Path, *, label: str | None = None) -> ParsedFile:
    """Parse the tracker's per-activity rows (Norwegian column names, EUR)."""
    name = label or str(path)
    text, digest = read_text(path, label=name)
    problems = Problems(name)
    ends_cleanly(text, problems)
    release, published = _release_r28(path)
    parsed = ParsedFile("kiel-activities", "kiel", release, path.name, digest, published_on=published)
    rows = csv_rows(text, problems)
    header_line, header = next(rows, (1, []))
    col = check_header(header, _ACT_COLUMNS, problems, header_line)
    problems.raise_if_any()
    for line, fields in rows:
        parsed.row_count += 1
        if len(fields) != len(header):
            problems.add(line, "", f"expected {len(header)} fields, found {len(fields)}")
            continue
        _activity_row(fields, col, line, problems, parsed)
    problems.raise_if_any()
    return parsed
