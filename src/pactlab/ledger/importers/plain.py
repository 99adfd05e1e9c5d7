"""pactlab's own plain CSV format for hand-kept ledgers (``--format csv``).

UTF-8, comma-separated, one header line, one record per line; the file must hold the columns below
(in any order; unknown columns are an error, so a typo is never silently ignored). Empty cells mean
unknown.

=============  =====================================================================================
column         meaning
=============  =====================================================================================
record         ``pledge``, ``delivery`` or ``benchmark``
guarantor      actor id (``usa``, ``deu``: ISO 3166 alpha-3, lower case), a country name, or an
               organisation (``eu``, ``nato``); anything else is refused with suggestions
instrument     an instrument kind id (``arms_deliveries``, ``air_defence``, ...: the taxonomy)
stage          pledges: ``announced``, ``committed`` or ``allocated``
date           YYYY-MM-DD: pledged, delivered or checked on; not in the future; empty = unknown
due            pledges: the promised delivery date (YYYY-MM-DD; may be in the future)
value          money value in ``currency`` (negative = a correction of an earlier record), written
               plainly (``1234.5``, ``-2e6``); see "Numbers" below
currency       ISO 4217 code; other currencies are converted to EUR at the ECB reference rate of
               the record's date (:mod:`pactlab.ledger.currency`), so such a value needs a date
quantity       number of items; ``unit`` says of what
unit           e.g. ``units``, ``rounds``
item           what is promised or delivered
ref            an id of your own for a pledge, so that deliveries can point to it (case-insensitive)
pledge_ref     deliveries: the ``ref`` of the pledge they fulfil (in the same file)
criterion      benchmarks: the verifiable criterion
evidence       benchmarks: the evidence seen
status         benchmarks: ``met``, ``not_met`` or ``unknown``
source         who reports it
source_url     where
=============  =====================================================================================

Numbers are written plainly: ``1,5`` and ``1.234,56`` are refused with the line and column (a
comma is never silently dropped); a file written with decimal commas is read with
``decimal_comma=True`` (``--decimal-comma``), where ``1.234,56`` is 1234.56. Values are bounded (at
most 1e18 in any currency, 1e15 EUR after conversion; quantities 1e12) so that every sum stays finite.

Text cells (item, unit, source, source_url, criterion, evidence) are kept as written, leading tabs
and carriage returns included. A cell that :func:`neutralise` protected against spreadsheet formula
injection (a ``'`` before ``=``, ``+``, ``-``, ``@``, tab, CR or another ``'``) is restored on import,
so that an export imports back to the same records.

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

from pactlab.ledger.actors import known_actor, mixed_script
from pactlab.ledger.currency import check_currency, eur_rate
from pactlab.ledger.importers.base import (
    MAX_EUR,
    MAX_QUANTITY,
    ParsedFile,
    Problems,
    csv_rows,
    parse_number,
    read_text,
)
from pactlab.ledger.tables import BENCHMARK_STATUSES, STAGES
from pactlab.scenario.taxonomy import InstrumentKind

__all__ = ["COLUMNS", "TEXT_COLUMNS", "neutralise", "parse_plain", "parse_text", "restore"]

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
TEXT_COLUMNS = frozenset({"unit", "item", "criterion", "evidence", "source", "source_url"})
_KINDS = sorted(k.value for k in InstrumentKind)
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise(cell: str) -> str:
    """A cell safe to open in a spreadsheet (OWASP CSV injection): ``'`` before a formula start.

    Cells starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return (and, so that
    :func:`restore` can invert it, ``'``) get a leading ``'``; plain numbers (``-2000000.0``) are
    left as they are, a spreadsheet reads them as numbers. Source: OWASP, "CSV Injection".

    >>> neutralise("=HYPERLINK(1)"), neutralise("-5.0"), restore(neutralise("'=x"))
    ("'=HYPERLINK(1)", '-5.0', "'=x")
    """
    if not cell or cell[0] not in _TRIGGERS:
        return cell
    try:
        parse_number(cell)
    except ValueError:
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The inverse of :func:`neutralise`: one leading ``'`` before a formula start is dropped."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in _TRIGGERS:
        return cell[1:]
    return cell


def _actor(cell: dict[str, str], line: int, problems: Problems, parsed: ParsedFile) -> str | None:
    if not cell["guarantor"]:
        if cell["record"] != "benchmark":
            problems.add(line, "guarantor", "empty guarantor")
        return None
    guarantor, message = known_actor(cell["guarantor"])
    if guarantor is None:
        problems.add(line, "guarantor", message or "unknown guarantor")
        return None
    parsed.guarantors.setdefault(guarantor, cell["guarantor"])
    return guarantor


def _common(cell: dict[str, str], line: int, problems: Problems, parsed: ParsedFile) -> dict[str, Any]:
    guarantor = _actor(cell, line, problems, parsed)
    if cell["instrument"] and cell["instrument"] not in _KINDS:
        problems.add(
            line,
            "instrument",
            f"unknown instrument kind {cell['instrument']!r}; one of {', '.join(_KINDS)}",
        )
    return {"row_number": line, "guarantor_id": guarantor, "instrument_id": cell["instrument"] or None}


def _eur(
    value: float | None, currency: str | None, date: dt.date | None, line: int, problems: Problems
) -> dict[str, Any]:
    """``value_eur`` and the rate used (``fx_rate``: units per EUR, ``fx_date``: its date)."""
    if value is None or currency is None:
        return {"value_eur": None, "fx_rate": None, "fx_date": None}
    if currency == "EUR":
        return {"value_eur": problems.bounded(value, line, "value", bound=MAX_EUR)}
    if date is None:
        problems.add(line, "date", f"a value in {currency} needs a date: it is converted at that day's rate")
        return {}
    rate = eur_rate(currency, date)
    if rate is None:  # an ISO code the ECB does not quote: kept, listed as not converted in reports
        return {"value_eur": None, "fx_rate": None, "fx_date": None}
    eur = problems.bounded(value / rate.rate, line, "value", bound=MAX_EUR)
    return {"value_eur": eur, "fx_rate": rate.rate, "fx_date": rate.on}


def _money(cell: dict[str, str], line: int, problems: Problems, date: dt.date | None) -> dict[str, Any]:
    value = problems.number(cell["value"], line, "value", required=False)
    quantity = problems.number(cell["quantity"], line, "quantity", required=False, bound=MAX_QUANTITY)
    currency = cell["currency"].upper() or None
    if currency is not None and (message := check_currency(currency)):
        problems.add(line, "currency", message)
        currency = None
    elif value is not None and currency is None and not cell["currency"]:
        problems.add(line, "currency", "a value needs a currency (an ISO 4217 code such as EUR)")
    return {
        "value": value,
        "currency": currency,
        "value_eur": None,
        "fx_rate": None,
        "fx_date": None,
        **_eur(value, currency, date, line, problems),
        "quantity": quantity,
        "unit": cell["unit"] or None,
        "item": cell["item"] or None,
        "source": cell["source"] or None,
        "source_url": cell["source_url"] or None,
        "is_correction": (value or 0) < 0 or (quantity or 0) < 0,
    }


def _benchmark(cell: dict[str, str], line: int, problems: Problems, record: dict[str, Any]) -> dict[str, Any]:
    if cell["status"] not in BENCHMARK_STATUSES:
        problems.add(line, "status", f"status must be one of {', '.join(BENCHMARK_STATUSES)}")
    if not cell["criterion"].strip():
        problems.add(line, "criterion", "empty criterion")
    return {
        **record,
        "criterion": cell["criterion"],
        "evidence": cell["evidence"] or None,
        "status": cell["status"],
    }


def _ref(text: str, line: int, column: str, problems: Problems) -> str:
    """A reference's comparison key: its UTS #39 skeleton (case and look-alike letters folded, so that
    ``P1``, ``p1`` and a Cyrillic ``р1`` are one ref); a mixed-script one is refused outright."""
    from pactlab.scenario._ids import skeleton

    odd = mixed_script(text)
    if odd:
        problems.add(line, column, odd)
    return skeleton(text)


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
        parsed.benchmarks.append({**_benchmark(cell, line, problems, record), "checked_on": date})
        return
    record.update(
        _money(cell, line, problems, date),
        date_precision="day" if date else "unknown",
        external_ref=cell["ref"] or None,
    )
    if kind == "pledge":
        if cell["stage"] not in STAGES:
            problems.add(line, "stage", f"stage must be one of {', '.join(STAGES)}")
        due = _due(cell, line, problems) if cell["due"] else None
        if cell["ref"]:
            key = _ref(cell["ref"], line, "ref", problems)
            if key in refs:
                problems.add(
                    line, "ref", f"duplicate ref {cell['ref']!r} (refs ignore case and look-alike letters)"
                )
            refs[key] = len(parsed.pledges)
        parsed.pledges.append({**record, "stage": cell["stage"], "pledged_on": date, "due_on": due})
        return
    index = None
    if cell["pledge_ref"]:
        index = refs.get(_ref(cell["pledge_ref"], line, "pledge_ref", problems))
        if index is None:
            problems.add(line, "pledge_ref", f"no pledge with ref {cell['pledge_ref']!r} above this row")
    parsed.deliveries.append({**record, "delivered_on": date, "pledge_index": index})


def _due(cell: dict[str, str], line: int, problems: Problems) -> dt.date | None:
    try:
        return dt.date.fromisoformat(cell["due"])
    except ValueError:
        problems.add(line, "due", f"not a date (YYYY-MM-DD): {cell['due']!r}")
        return None


def parse_plain(path: Path, *, label: str | None = None, decimal_comma: bool = False) -> ParsedFile:
    """Parse a ledger in pactlab's plain CSV format (see the module docstring)."""
    name = label or str(path)
    text, digest = read_text(path, label=name)
    return parse_text(text, label=name, digest=digest, file_name=path.name, decimal_comma=decimal_comma)


def _cells(header: list[str], fields: list[str]) -> dict[str, str]:
    """A row's cells: neutralised cells restored; structured cells stripped, text cells kept."""
    return {
        h: (restore(f) if h in TEXT_COLUMNS else restore(f).strip())
        for h, f in zip(header, fields, strict=True)
    }


def parse_text(
    text: str, *, label: str, digest: str, file_name: str, decimal_comma: bool = False
) -> ParsedFile:
    """Parse plain-format CSV text (``label`` names it in error messages).

    Each file is its own stream (it never replaces another file) unless the caller gives it a
    dataset and release (:func:`pactlab.ledger.api.import_file`).
    """
    problems = Problems(label, decimal_comma=decimal_comma)
    parsed = ParsedFile("csv", f"csv:{digest}", None, file_name, digest)
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
        _row(_cells(header, fields), line, problems, parsed, refs)
    problems.raise_if_any()
    return parsed
