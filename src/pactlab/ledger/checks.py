"""Checks every parsed file passes before it is written, the same on SQLite and PostgreSQL.

SQLite stores a 400-character string in a ``VARCHAR(300)`` column; PostgreSQL refuses it. So that the
two back ends never disagree, every string is checked against its column's length here, from the table
models themselves, and refused with its line and column on both. Values in EUR are bounded so that
sums stay finite, and guarantor names that mix scripts (homoglyphs) are refused for every importer.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import String

from pactlab.ledger.actors import mixed_script
from pactlab.ledger.importers.base import MAX_EUR, ParsedFile, Problems
from pactlab.ledger.tables import Base, Guarantor, ImportBatch

__all__ = ["check_parsed", "column_limits"]

# the plain CSV format's name of a database column, for messages
_CSV_NAME = {"external_ref": "ref", "guarantor_id": "guarantor", "instrument_id": "instrument"}


def column_limits(table: str) -> dict[str, int]:
    """Length limit of each bounded string column of ``table``."""
    return {
        c.name: int(c.type.length)
        for c in Base.metadata.tables[table].columns
        if isinstance(c.type, String) and c.type.length
    }


def _records(problems: Problems, table: str, records: list[dict[str, Any]]) -> None:
    limits = column_limits(table)
    for record in records:
        line = record.get("row_number")
        for column, limit in limits.items():
            value = record.get(column)
            if isinstance(value, str) and len(value) > limit:
                problems.add(
                    line,
                    _CSV_NAME.get(column, column),
                    f"{len(value)} characters, longer than the {limit} the ledger stores",
                )
        eur = record.get("value_eur")
        if eur is not None and (not math.isfinite(eur) or abs(eur) > MAX_EUR):
            problems.add(line, "value", f"{eur:g} EUR is out of range (at most {MAX_EUR:g})")


def _batch(problems: Problems, parsed: ParsedFile) -> None:
    limits = column_limits(ImportBatch.__tablename__)
    for column, value in (("release", parsed.release), ("stream", parsed.stream)):
        if value is not None and len(value) > limits[column]:
            problems.add(None, column, f"{len(value)} characters, longer than {limits[column]}")
    names = column_limits(Guarantor.__tablename__)
    for gid, name in parsed.guarantors.items():
        odd = mixed_script(name)
        if odd:
            problems.add(None, "guarantor", odd)
        elif len(gid) > names["id"] or len(name) > names["name"]:
            problems.add(None, "guarantor", f"name of {len(name)} characters, longer than {names['name']}")


def check_parsed(parsed: ParsedFile, label: str) -> None:
    """Raise one located :class:`~pactlab.errors.PactlabError` for every value the schema can't hold."""
    problems = Problems(label)
    _batch(problems, parsed)
    _records(problems, "pledges", parsed.pledges)
    _records(problems, "deliveries", parsed.deliveries)
    _records(problems, "benchmarks", parsed.benchmarks)
    problems.raise_if_any()
