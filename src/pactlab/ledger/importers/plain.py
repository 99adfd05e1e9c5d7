"""pactlab's own plain CSV format for hand-kept ledgers (``--format csv``).

UTF-8, comma-separated, one header line, one record per line; the file must hold the columns below
(in any order; unknown columns are an error, so a typo is never silently ignored). Empty cells mean
unknown.

=============  =====================================================================================
column         meaning
=============  =====================================================================================
record         ``pledge``, ``delivery`` or ``benchmark``
guarantor      actor id (``usa``, ``deu``: ISO 3166 alpha-3, lower case) or a country name
instrument     an instrument kind id (``arms_deliveries``, ``air_defence``, ...: the taxonomy)
stage          pledges: ``announced``, ``committed`` or ``allocated``
date           YYYY-MM-DD: pledged, delivered or checked on; not in the future; empty = unknown
due            pledges: the promised delivery date (YYYY-MM-DD; may be in the future)
value          money value in ``currency`` (negative = a correction of an earlier record)
currency       ISO 4217 code; only ``EUR`` values count in EUR totals (no conversion is made)
quantity       number of items; ``unit`` says of what
unit           e.g. ``units``, ``rounds``
item           what is promised or delivered
ref            an id of your own for a pledge, so that deliveries can point to it
pledge_ref     deliveries: the ``ref`` of the pledge they fulfil (in the same file)
criterion      benchmarks: the verifiable criterion
evidence       benchmarks: the evidence seen
status         benchmarks: ``met``, ``not_met`` or ``unknown``
source         who reports it
source_url     where
=============  =====================================================================================

Example::

    record,guarantor,instrument,stage,date,due,value,currency,quantity,unit,item,ref,pledge_ref,criterion,evidence,status,source,source_url
    pledge,deu,air_defence,committed,2024-06-01,2025-06-01,500000000,EUR,3,units,IRIS-T SLM,p1,,,,,,
    delivery,deu,air_defence,,2024-12-15,,,,1,units,IRIS-T SLM,,p1,,,,,
    benchmark,deu,air_defence,,2025-01-10,,,,,,,,,Second battery operational,MoD statement,met,,
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pactlab.ledger.actors import actor_id
from pactlab.ledger.importers.base import ParsedFile, Problems, csv_rows, read_text
from pactlab.ledger.tables import BENCHMARK_STATUSES, STAGES
from pactlab.scenario.taxonomy import InstrumentKind

__all__ = ["COLUMNS", "parse_plain", "parse_text"]

COLUMNS = [
    "record",
    "guarantor",
    "instrument",
    "stage",
    "date",
    "due",
    "value",
    "currency",
    "quantity",
    "unit",
    "item",
    "ref",
    "pledge_ref",
    "criterion",
    "evidence",
    "status",
    "source",
    "source_url",
]
_KINDS = {k.value for k in InstrumentKind}


def _common(cell: dict[str, str], line: int, problems: Problems, parsed: ParsedFile) -> dict[str, Any]:
    guarantor = actor_id(cell["guarantor"]) if cell["guarantor"] else None
    if guarantor is None and cell["record"] != "benchmark":
        problems.add(line, "guarantor", "empty guarantor")
    if guarantor:
        parsed.guarantors.setdefault(guarantor, cell["guarantor"])
    if cell["instrument"] and cell["instrument"] not in _KINDS:
        problems.add(line, "instrument", f"unknown instrument kind {cell['instrument']!r}")
    return {
        "row_number": line,
        "guarantor_id": guarantor,
        "instrument_id": cell["instrument"] or None,
    }


def _money(cell: dict[str, str], line: int, problems: Problems) -> dict[str, Any]:
    value = problems.number(cell["value"], line, "value", required=False)
    quantity = problems.number(cell["quantity"], line, "quantity", required=False)
    currency = cell["currency"].upper() or None
    if value is not None and currency is None:
        problems.add(line, "currency", "a value needs a currency")
    return {
        "value": value,
        "currency": currency,
        "value_eur": value if currency == "EUR" else None,
        "quantity": quantity,
        "unit": cell["unit"] or None,
        "item": cell["item"] or None,
        "source": cell["source"] or None,
        "source_url": cell["source_url"] or None,
        "is_correction": (value or 0) < 0 or (quantity or 0) < 0,
    }


def _row(
    cell: dict[str, str], line: int, problems: Problems, parsed: ParsedFile, refs: dict[str, int]
) -> None:
    kind = cell["record"]
    if kind not in ("pledge", "delivery", "benchmark"):
        problems.add(line, "record", f"unknown record {kind!r} (pledge, delivery, benchmark)")
        return
    record = _common(cell, line, problems, parsed)
    date = problems.date(cell["date"], line, "date", required=False)
    if kind == "benchmark":
        if cell["status"] not in BENCHMARK_STATUSES:
            problems.add(line, "status", f"status must be one of {', '.join(BENCHMARK_STATUSES)}")
        if not cell["criterion"]:
            problems.add(line, "criterion", "empty criterion")
        record.pop("row_number")
        parsed.benchmarks.append(
            {
                **record,
                "criterion": cell["criterion"],
                "evidence": cell["evidence"] or None,
                "status": cell["status"],
                "checked_on": date,
            }
        )
        return
    record.update(
        _money(cell, line, problems),
        date_precision="day" if date else "unknown",
        external_ref=cell["ref"] or None,
    )
    if kind == "pledge":
        if cell["stage"] not in STAGES:
            problems.add(line, "stage", f"stage must be one of {', '.join(STAGES)}")
        due = _due(cell, line, problems) if cell["due"] else None
        if cell["ref"]:
            if cell["ref"] in refs:
                problems.add(line, "ref", f"duplicate ref {cell['ref']!r}")
            refs[cell["ref"]] = len(parsed.pledges)
        parsed.pledges.append({**record, "stage": cell["stage"], "pledged_on": date, "due_on": due})
        return
    index = refs.get(cell["pledge_ref"]) if cell["pledge_ref"] else None
    if cell["pledge_ref"] and index is None:
        problems.add(line, "pledge_ref", f"no pledge with ref {cell['pledge_ref']!r} above this row")
    parsed.deliveries.append({**record, "delivered_on": date, "pledge_index": index})


def _due(cell: dict[str, str], line: int, problems: Problems) -> dt.date | None:
    try:
        return dt.date.fromisoformat(cell["due"])
    except ValueError:
        problems.add(line, "due", f"not a date (YYYY-MM-DD): {cell['due']!r}")
        return None


def parse_plain(path: Path, *, label: str | None = None) -> ParsedFile:
    """Parse a ledger in pactlab's plain CSV format (see the module docstring)."""
    name = label or str(path)
    text, digest = read_text(path, label=name)
    return parse_text(text, label=name, digest=digest, file_name=path.name)


def parse_text(text: str, *, label: str, digest: str, file_name: str) -> ParsedFile:
    """Parse plain-format CSV text (``label`` names it in error messages)."""
    problems = Problems(label)
    parsed = ParsedFile("csv", f"csv:{file_name}", None, file_name, digest)
    rows = csv_rows(text, problems)
    header_line, header = next(rows, (1, []))
    header = [h.strip() for h in header]
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing:
        problems.add(header_line, "header", f"missing columns: {', '.join(missing)}")
    if unknown:
        problems.add(header_line, "header", f"unknown columns: {', '.join(unknown)}")
    problems.raise_if_any()
    refs: dict[str, int] = {}
    for line, fields in rows:
        parsed.row_count += 1
        if len(fields) != len(header):
            problems.add(line, "", f"expected {len(header)} fields, found {len(fields)}")
            continue
        _row(
            {h: f.strip() for h, f in zip(header, fields, strict=True)},
            line,
            problems,
            parsed,
            refs,
        )
    problems.raise_if_any()
    return parsed
